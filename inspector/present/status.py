"""Statuses as badges: a colour and the word (colour never carries the meaning alone)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Badge:
    text: str
    background: str  # hex colour
    foreground: str


_GREEN = ("#dcf5e3", "#14612d")
_BLUE = ("#dde9fb", "#1d4f91")
_AMBER = ("#fdf0d5", "#8a5300")
_RED = ("#fbe0e0", "#9b1c1c")
_GREY = ("#ececec", "#4a4a4a")
_PURPLE = ("#ece4f7", "#5b3a8c")  # statuses we have not seen before

_TONES: dict[str, tuple[str, str]] = {
    "active": _GREEN,
    "paid": _GREEN,
    "succeeded": _GREEN,
    "complete": _GREEN,
    "completed": _GREEN,
    "trialing": _BLUE,
    "trial": _BLUE,
    "in_trial": _BLUE,
    "open": _BLUE,
    "scheduled": _BLUE,
    "pending": _BLUE,
    "past_due": _AMBER,
    "unpaid": _AMBER,
    "incomplete": _AMBER,
    "overdue": _AMBER,
    "low": _AMBER,  # a wallet below its low-balance threshold
    "paused": _AMBER,
    "cancelled": _RED,
    "canceled": _RED,
    "failed": _RED,
    "void": _RED,
    "expired": _GREY,
    "deactivated": _GREY,
    "draft": _GREY,
    "inactive": _GREY,
    "ended": _GREY,
    "archived": _GREY,
}


def badge(status: str | None) -> Badge | None:
    """Known statuses read as words ("Past due"); an unknown one is shown exactly as it came."""
    if status is None or not str(status).strip():
        return None
    raw = str(status).strip()
    tone = _TONES.get(raw.lower())
    if tone is None:
        return Badge(raw, *_PURPLE)
    return Badge(raw.replace("_", " ").capitalize(), *tone)


def is_known(status: str | None) -> bool:
    """Whether this app knows the status word (an unknown one is shown as it came, and worth a look)."""
    return (status or "").strip().lower() in _TONES


def is_live(status: str | None) -> bool:
    """Statuses under which a subscription's quantities may still be changed."""
    return (status or "").strip().lower() in {"active", "trialing", "trial", "in_trial", "past_due"}
