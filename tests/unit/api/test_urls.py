"""Base addresses: refused with the true reason, never a traceback."""

from __future__ import annotations

import pytest

from inspector.api import errors
from inspector.api.urls import normalise_base_url

REFUSED = [
    ("https://xn--/", "starts or ends with a hyphen"),
    ("https://xn--a.com/", "starting with xn-- that is not a valid international name"),
    ("https://xn--zz-abc.com/", "starting with xn-- that is not a valid international name"),
    ("https://a..b/", "has an empty part (two dots in a row"),
    ("https://.a.com/", "has an empty part"),
    ("", "The address is empty"),
    ("   ", "The address is empty"),
    ("https:///api/v1/", "has no host name"),
    ("https://a.com:99999/", "port must be a number from 1 to 65535"),
    ("https://ex ample.com/", "may hold only letters, digits, hyphens and dots"),
    ("https://user:pw@a.com/", "must not hold a user name or password"),
    ("http://example.com/", "must start with https://"),
    ("ftp://example.com/", "must start with https://"),
]


@pytest.mark.parametrize(("url", "reason"), REFUSED)
def test_odd_addresses_are_refused_with_the_true_reason(url: str, reason: str) -> None:
    with pytest.raises(errors.InvalidBaseUrl) as caught:
        normalise_base_url(url)
    assert reason in caught.value.message


@pytest.mark.parametrize(
    ("url", "normal"),
    [
        ("https://api.metrifox.com/api/v1", "https://api.metrifox.com/api/v1/"),
        ("https://münchen.de/api/", "https://xn--mnchen-3ya.de/api/"),
        ("https://xn--mnchen-3ya.de/", "https://xn--mnchen-3ya.de/"),
        ("http://127.0.0.1:8080/api/v1/?q=1#f", "http://127.0.0.1:8080/api/v1/"),
        ("https://[::1]:8/", "https://[::1]:8/"),
    ],
)
def test_good_addresses_keep_one_spelling(url: str, normal: str) -> None:
    assert normalise_base_url(url) == normal
