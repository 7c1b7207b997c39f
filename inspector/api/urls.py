"""API base addresses: which are allowed (https; plain http only on loopback, for tests) and their one
spelling (a trailing slash, no query or fragment)."""

from __future__ import annotations

import ipaddress
import re

import httpx

from inspector.api import errors

_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


def normalise_base_url(base_url: str) -> str:
    """Return the base URL with a trailing slash; https only, except plain http on loopback (tests)."""
    try:
        url = httpx.URL(base_url.strip())
    except (httpx.InvalidURL, TypeError, ValueError, UnicodeError) as exc:
        raise errors.InvalidBaseUrl() from exc
    if not _valid_host(url.host) or url.scheme not in {"https", "http"} or url.userinfo:
        raise errors.InvalidBaseUrl()
    if url.scheme == "http" and not is_loopback(url.host):
        raise errors.InvalidBaseUrl()
    text = str(url.copy_with(query=None, fragment=None))
    return text if text.endswith("/") else text + "/"


_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def _valid_host(host: str) -> bool:
    """A DNS name of proper labels (IDNs arrive here as punycode) or an IP address."""
    if not host:
        return False
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        labels = host.lower().removesuffix(".").split(".")
        return len(host) <= 253 and all(_HOST_LABEL.match(label) for label in labels)
    return True


def is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


