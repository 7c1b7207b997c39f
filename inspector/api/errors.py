"""Every failure a user can meet, each carrying the one sentence the window shows.

Modelled on openai-python's ``_exceptions.py``: a base error, one subclass per kind of trouble, the
HTTP status kept apart from the sentence (which never contains jargon or status codes). This module
imports nothing heavy so the window can use the types before httpx and pydantic are loaded.
"""

from __future__ import annotations


class MetrifoxError(Exception):
    """Base of every error the API layer raises; ``str(error)`` is the user-facing sentence."""

    #: The sentence used when the raiser gives none.
    default_message = "Something went wrong while talking to Metrifox."
    #: True when setting (another) API key is the way out, so the window offers "Set API key…".
    key_problem = False
    #: True when trying the same thing again may work.
    retryable = True

    def __init__(self, message: str | None = None, *, status_code: int | None = None) -> None:
        self.message = message or self.default_message
        self.status_code = status_code
        #: The API's own ``message`` from an error body, for the log (never shown as the sentence).
        self.server_message: str | None = None
        super().__init__(self.message)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, status_code={self.status_code!r})"


class MissingKey(MetrifoxError):
    default_message = "No API key is set. Add your Metrifox API key to look up customers."
    key_problem = True
    retryable = False


class InvalidCustomerKey(MetrifoxError):
    default_message = "Type or paste a customer key first."
    retryable = False


class InvalidBaseUrl(MetrifoxError):
    default_message = "The API address must start with https:// (plain http is allowed only on this computer)."
    retryable = False


class NoMeterAddress(MetrifoxError):
    """No meter service address is known, so usage events and access checks cannot be asked for (the key is
    never sent to production's meter host for another API address)."""

    default_message = (
        "No meter service address is set for this profile, so usage events and access checks cannot be "
        "fetched: give one with --meter-url or METRIFOX_METER_SERVICE_BASE_URL, or add it to the profile."
    )
    retryable = False


class Unauthorized(MetrifoxError):
    default_message = "Metrifox did not accept the API key. Check that it is correct and has not been revoked."
    key_problem = True
    retryable = False


class Forbidden(Unauthorized):
    default_message = "This API key is not allowed to read customer details. Ask an admin for a key with access."


class ProxyRefused(MetrifoxError):
    """A 403 that is not Metrifox's (an HTML page, not its JSON): a proxy or firewall on the way said no."""

    default_message = (
        "Something between this computer and Metrifox (a proxy or firewall) refused the request, so it never "
        "reached Metrifox. Ask IT to allow the Metrifox API address."
    )
    retryable = False


class NotFound(MetrifoxError):
    default_message = "No customer with this key was found. Check the key for typos."
    retryable = False


class FinanceApiUnavailable(MetrifoxError):
    """A 403 or 404 from ``usage/quantity-price``: the Metrifox account's plan has no finance API (price quotes)."""

    default_message = (
        "Price quotes need Metrifox's finance API, which this Metrifox account's plan does not include."
    )
    retryable = False


class InvalidRequest(MetrifoxError):
    default_message = "Metrifox could not accept this request. Check the customer key."
    retryable = False


class RateLimited(MetrifoxError):
    """Too many requests; ``retry_after`` is in seconds when the server said."""

    def __init__(
        self,
        message: str | None = None,
        *,
        status_code: int | None = 429,
        retry_after: float | None = None,
    ) -> None:
        self.retry_after = retry_after
        super().__init__(message or self._sentence(retry_after), status_code=status_code)

    @staticmethod
    def _sentence(retry_after: float | None) -> str:
        if retry_after is None:
            return "Metrifox is receiving too many requests. Wait a moment, then try again."
        return f"Metrifox is receiving too many requests. Try again {wait_in_words(retry_after)}."


def wait_in_words(seconds: float) -> str:
    """``in 20 seconds`` / ``in 3 minutes`` / ``in 2 hours`` / ``later`` (a day or more, or no number)."""
    if not seconds < _A_DAY:  # also inf and nan
        return "later"
    whole = max(1, round(seconds))
    for unit, size, up_to in (("second", 1, 90), ("minute", 60, 90 * 60), ("hour", 3600, _A_DAY)):
        if whole < up_to:
            count = max(1, round(whole / size))
            return f"in {count} {unit}{'s' if count != 1 else ''}"
    return "later"  # pragma: no cover - the loop ends below a day


_A_DAY = 86400.0


class ServerError(MetrifoxError):
    default_message = "Metrifox is having trouble right now. Try again in a few minutes."

    @classmethod
    def busy(cls, retry_after: float | None, *, status_code: int | None = None) -> ServerError:
        """A 5xx; with Retry-After it is the server saying it is busy (a 503), not that we asked too often."""
        if retry_after is None:
            return cls(status_code=status_code)
        return cls(f"Metrifox is busy right now. Try again {wait_in_words(retry_after)}.", status_code=status_code)


class Offline(MetrifoxError):
    default_message = "Cannot reach Metrifox. Check your internet connection."


class InsecureConnection(MetrifoxError):
    default_message = (
        "The connection to Metrifox is not secure: its certificate could not be verified. "
        "Check the API address, or ask IT about a proxy."
    )
    retryable = False


class TimedOut(MetrifoxError):
    default_message = "Metrifox took too long to answer. Try again in a moment."


class BadResponse(MetrifoxError):
    default_message = "Metrifox sent an answer this app cannot read. Try again; if it keeps happening, tell support."


class NestedTooDeeply(BadResponse):
    """JSON nested deeper than Python's decoder can go; ``levels`` is how deep (counted without recursion)."""

    retryable = False

    def __init__(self, levels: int, *, status_code: int | None = None) -> None:
        self.levels = levels
        super().__init__(
            f"Metrifox sent an answer this app cannot show: nested too deeply: {levels} levels.",
            status_code=status_code,
        )


class Cancelled(MetrifoxError):
    default_message = "The look-up was cancelled."


class KeyringUnavailable(MetrifoxError):
    """The OS keyring cannot be used; the key is kept in memory for this session only."""

    default_message = (
        "This computer's password store is not available, so the API key is kept only until the app closes."
    )
    retryable = False


__all__ = [
    "BadResponse",
    "Cancelled",
    "FinanceApiUnavailable",
    "Forbidden",
    "InsecureConnection",
    "InvalidBaseUrl",
    "InvalidCustomerKey",
    "InvalidRequest",
    "KeyringUnavailable",
    "MetrifoxError",
    "MissingKey",
    "NestedTooDeeply",
    "NoMeterAddress",
    "NotFound",
    "Offline",
    "ProxyRefused",
    "RateLimited",
    "ServerError",
    "TimedOut",
    "Unauthorized",
]
