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


def cancelled(key: str, other_on_screen: str | None) -> Banner | None:
    """Esc stopped the look-up of ``key``; a banner only when another customer is on screen."""
    if other_on_screen is None:
        return None
    return Banner(f"Showing {other_on_screen} — the look-up of {key} was cancelled.", "warning", retry=True)


def changed_since(older: str, newer: str, changes: Sequence[str]) -> str | None:
    """The same customer again: what changed from the older answer to the newer (None: nothing). Always
    older → newer, each named with its time ("saved answer of Nov 3, 14:02 → live answer of Nov 30, 09:10")."""
    if not changes:
        return None
    listed = "; ".join(changes[:SHOWN_CHANGES])
    more = len(changes) - SHOWN_CHANGES
    return f"Changed from {older} to {newer}: {listed}" + (f"; and {more} more" if more > 0 else "")


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


def saved_label(file_name: str, fetched_at: datetime | None, host: str) -> str:
    """Where "Fetched …" would be, for a saved answer: its file, and when and where it was fetched."""
    if fetched_at is None:
        return f"from file {file_name}, fetched: unknown"
    where = f" from {host}" if host else ""
    return f"from file {file_name}, fetched {format_absolute(fetched_at)}{where}"


def saved_file_name(customer_key: str, fetched_at: datetime | None) -> str:
    """The default name of a saved answer: the customer key and when it was fetched (in local time)."""
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in customer_key)[:80] or "customer"
    if fetched_at is None:
        return f"{safe}.json"
    return f"{safe}_{fetched_at.astimezone().strftime('%Y-%m-%d_%H%M')}.json"


def answer_words(fetched_at: datetime | None, *, saved: bool) -> str:
    """One answer, in a comparison: "saved answer of Nov 3, 14:02", "live answer of 09:10"."""
    kind = "saved answer" if saved else "live answer"
    return f"{kind} of {format_absolute(fetched_at)}" if fetched_at is not None else f"{kind} (fetched: unknown)"


def window_title(app_name: str, customer_title: str, *, demo: bool, saved: bool) -> str:
    marks = " (demo)" if demo else " (saved answer)" if saved else ""
    return f"{customer_title} — {app_name}{marks}"
