"""API base addresses: which are allowed (https; plain http only on loopback, for tests) and their one
spelling (a trailing slash, no query or fragment)."""

from __future__ import annotations

import ipaddress
import re

import httpx

from inspector.api import errors

_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


_NOT_HTTPS = errors.InvalidBaseUrl.default_message  # "must start with https:// (plain http …)"


def normalise_base_url(base_url: str) -> str:
    """Return the base URL with a trailing slash; https only, except plain http on loopback (tests).

    Anything else raises :class:`errors.InvalidBaseUrl` whose message is the true reason, in one sentence.
    """
    text = base_url.strip() if isinstance(base_url, str) else ""
    if not text:
        raise errors.InvalidBaseUrl("The address is empty: give one that starts with https://.")
    try:
        url = httpx.URL(text)
        scheme, raw_host, port = url.scheme, url.raw_host, url.port
    except (httpx.InvalidURL, TypeError, ValueError, UnicodeError) as exc:
        raise errors.InvalidBaseUrl("The address could not be read as a web address.") from exc
    if scheme not in {"https", "http"}:
        raise errors.InvalidBaseUrl(_NOT_HTTPS)
    if url.userinfo:
        raise errors.InvalidBaseUrl("The address must not hold a user name or password.")
    host = raw_host.decode("ascii", errors="replace")
    if (reason := host_problem(host)) is not None:
        raise errors.InvalidBaseUrl(reason)
    if port is not None and not 0 < port <= 65535:
        raise errors.InvalidBaseUrl("The address's port must be a number from 1 to 65535.")
    if scheme == "http" and not is_loopback(host):
        raise errors.InvalidBaseUrl(_NOT_HTTPS)
    text = str(url.copy_with(query=None, fragment=None))
    return text if text.endswith("/") else text + "/"


_HOST_LABEL = re.compile(r"^[a-z0-9-]{1,63}$")


def host_problem(host: str) -> str | None:
    """Why ``host`` (ASCII, as sent: IDNs as punycode) is no DNS name of proper labels nor an IP address."""
    if not host:
        return "The address has no host name."
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    else:
        return None
    if len(host) > 253:
        return "The address's host name is longer than 253 characters."
    for label in host.lower().removesuffix(".").split("."):
        if not label:
            return "The address's host name has an empty part (two dots in a row, or a dot at the start)."
        if not _HOST_LABEL.match(label):
            return "The address's host name may hold only letters, digits, hyphens and dots."
        if label.startswith("-") or label.endswith("-"):
            return "A part of the address's host name starts or ends with a hyphen."
        if label.startswith("xn--"):
            try:
                label.encode("ascii").decode("idna")
            except UnicodeError:
                return "The address's host name has a part starting with xn-- that is not a valid international name."
    return None


def is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


