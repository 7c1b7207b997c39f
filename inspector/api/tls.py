"""TLS for every client: one shared context from the OS certificate store, and telling a certificate failure
apart from other network trouble."""

from __future__ import annotations

import functools
import ssl

import httpx


@functools.cache
def shared_ssl_context() -> ssl.SSLContext:
    """The OS certificate store (corporate proxies install their CA there), else certifi's. Made once and
    shared by every client: loading a certificate store holds the GIL for tens of milliseconds, and the
    account's sections use a client per thread."""
    try:
        import truststore

        return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    except Exception:  # noqa: BLE001 - any failure here just means: use httpx's default
        return httpx.create_ssl_context()


def is_certificate_failure(exc: BaseException) -> bool:
    """A TLS failure anywhere in the exception's chain (a proxy or a server with the wrong certificate)."""
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return False
        if isinstance(seen, ssl.SSLError | ssl.CertificateError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
