"""When to try a request again, and how long to wait first: the policy apart from the client
(as Picard keeps its rate control apart from its web service).

Retried: a dropped connection or a timeout, and HTTP 429 / 502 / 503 / 504, at most ``max_retries``
times and never past the call's deadline. ``Retry-After`` (seconds or an HTTP date) and
``retry-after-ms`` are honoured up to ``retry_after_cap``; a longer promise fails at once, so the
sentence can say when to try again. Every number is a parameter, so fault tests run in milliseconds.
"""

from __future__ import annotations

import email.utils
import math
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC

RETRY_STATUSES = frozenset({429, 502, 503, 504})
# A Retry-After beyond a day is no promise at all; it is read as "later" (and never printed as 300 digits).
RETRY_AFTER_MAX = 86400.0


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try."""

    max_retries: int = 2
    backoff_base: float = 0.5  # seconds before the first retry, doubled each time
    backoff_cap: float = 8.0
    jitter: float = 0.25  # up to this fraction is taken off each delay
    retry_after_cap: float = 20.0  # a longer Retry-After fails at once, saying when to retry

    def backoff(self, retry_number: int) -> float:
        delay: float = min(self.backoff_base * 2.0**retry_number, self.backoff_cap)
        return delay * (1 - self.jitter * random.random())  # noqa: S311 - jitter to spread retries, not a secret

    def after_failure(self, retries: int, time_left: float) -> float | None:
        """The wait before trying again after a dropped connection or a timeout; None: give up."""
        delay = self.backoff(retries)
        if retries >= self.max_retries or time_left <= delay:
            return None
        return delay

    def after_status(self, status: int, headers: Mapping[str, str], retries: int, time_left: float) -> float | None:
        """The wait before trying again after an HTTP status; None: that status is the answer."""
        if status not in RETRY_STATUSES or retries >= self.max_retries:
            return None
        retry_after = retry_after_seconds(headers)
        if retry_after is not None and retry_after > self.retry_after_cap:
            return None  # a long promise: fail now and say when
        # Never sooner than our own backoff: "Retry-After: 0" (or a date already past) from a busy server
        # must not turn every worker into a tight loop.
        delay = max(retry_after or 0.0, self.backoff(retries))
        return delay if time_left > delay else None


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """Seconds from ``retry-after-ms`` or ``Retry-After`` (seconds or an HTTP date), if present."""
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return bounded_seconds(float(millis) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return bounded_seconds(float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:  # an HTTP date is in GMT even when it does not say so ("-0000", or no zone at all)
        when = when.replace(tzinfo=UTC)
    return bounded_seconds(when.timestamp() - time.time())


def bounded_seconds(seconds: float) -> float | None:
    """0 … a day; nan is no answer, inf and huge values are 'a day' (the sentence then says 'later')."""
    if math.isnan(seconds):
        return None
    return min(max(0.0, seconds), RETRY_AFTER_MAX)
