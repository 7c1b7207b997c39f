"""Which words for which moment: the banners and status lines around a look-up, as pure functions.

The window shows what these return and decides nothing itself: which sentence for which failure,
what a cancel or a load in progress says while another customer is on screen, the "changed since"
line, and where the API key came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from inspector.api import errors
from inspector.present.dates import format_absolute

SHOWN_CHANGES = 3


@dataclass(frozen=True)
class Banner:
    """One sentence for a banner, its tone and the buttons beside it."""

    sentence: str
    tone: str = "info"  # info | warning | error
    retry: bool = False
    set_key: bool = False
    search: bool = False


def loading(key: str, other_on_screen: str | None) -> Banner | None:
    """While ``key`` loads: say whose customer is still (dimmed) on screen, if another's is."""
    if other_on_screen is None:
        return None
    return Banner(f"Loading {key}… (still showing {other_on_screen})")


def failure(
    error: errors.MetrifoxError, *, key: str, other_on_screen: str | None, demo: bool, force_demo: bool
) -> Banner:
    """A look-up of ``key`` failed: the sentence, and whether Retry, Set key or Find help."""
    not_found = isinstance(error, errors.NotFound)
    if not_found and demo:
        # Someone tried a real key in the demo: say why, and what to do.
        advice = "" if force_demo else " Add your API key to look up real customers."
        banner = Banner(f"The built-in demo has no customer with this key.{advice}", "warning", set_key=not force_demo)
    else:
        # Retry helps when the trouble may pass (or the key may have been fixed); never for "not found".
        retry = not not_found and (error.retryable or error.key_problem)
        banner = Banner(error.message, "error", retry=retry, set_key=error.key_problem, search=not_found)
    if other_on_screen is None:
        return banner
    # Usable again, but never mistaken for the customer that failed.
    sentence = f"Showing {other_on_screen} — {key} failed: {banner.sentence}"
    return Banner(sentence, banner.tone, banner.retry, banner.set_key, banner.search)


def failure_status(error: errors.MetrifoxError, key: str) -> str:
    """The status bar's line after a failed look-up (the banner's sentence, short)."""
    return f"{key}: {error.message}"


def cancelled(key: str, other_on_screen: str | None) -> Banner | None:
    """Esc stopped the look-up of ``key``; a banner only when another customer is on screen."""
    if other_on_screen is None:
        return None
    return Banner(f"Showing {other_on_screen} — the look-up of {key} was cancelled.", "warning", retry=True)


def changed_since(since: datetime, changes: Sequence[str]) -> str | None:
    """The same customer again: what changed since the answer of ``since`` (None: nothing)."""
    if not changes:
        return None
    when = format_absolute(since).split(", ")[-1]
    listed = "; ".join(changes[:SHOWN_CHANGES])
    more = len(changes) - SHOWN_CHANGES
    return f"Changed since {when}: {listed}" + (f"; and {more} more" if more > 0 else "")


KEY_SOURCE_WORDS = {
    "environment": "Key: from METRIFOX_API_KEY",
    "keyring": "Key: saved in keyring",
    "session": "Key: this session only",
    "none": "No API key (demo)",
}
ENVIRONMENT_KEY_NOTE = "METRIFOX_API_KEY is set in the environment, so that key is used instead of a saved one."


def key_source(source: str, profile: str, *, unreadable: bool, force_demo: bool) -> str:
    """The status bar's permanent note: where the key in use comes from, and the profile."""
    words = KEY_SOURCE_WORDS.get(source, "")
    if force_demo:
        words = "Demo mode"
    elif unreadable:
        words = "Key could not be read (demo)"
    return f"{words} · {profile}"


def demo_banner(note: str, *, demo: bool, unreadable: bool, force_demo: bool) -> Banner | None:
    """What the demo banner says (None: real data, no banner)."""
    if not demo:
        return None
    if unreadable and not force_demo:
        return Banner(f"{note} Showing demo data until it can be read.", "warning", set_key=True)
    if force_demo:
        return Banner("Demo mode: these are built-in example customers, not live data.")
    return Banner("You are looking at demo data. Add your Metrifox API key to look up real customers.", set_key=True)


def key_dialog_note(source: str) -> str:
    """What the key dialog says about a key from the environment (empty: nothing to say)."""
    return ENVIRONMENT_KEY_NOTE if source == "environment" else ""


def window_title(app_name: str, customer_title: str, *, demo: bool, saved: bool) -> str:
    marks = " (demo)" if demo else " (saved answer)" if saved else ""
    return f"{customer_title} — {app_name}{marks}"
