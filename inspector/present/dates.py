"""Dates as people read them: absolute plus relative ("in 12 days", "3 months ago").

Billing dates are shown in the customer's own time zone when Metrifox knows it (a bill "due Dec 2" for a
customer in Tokyo must not read "Dec 1" to an agent in New York); the agent's zone and UTC go in the tooltip.
Dates at the edges of the calendar (``9999-12-31``, ``0001-01-01``) cannot be moved to every zone: they
read "Never" / as the text the API sent, never an error.

A zone this computer has no data for (Windows has none of its own: the ``tzdata`` package brings it) is never
replaced silently by another: :func:`zone` gives an :class:`UnknownZone`, which shows UTC and says so beside
every date ("10:00 (zone Europe/Berlin unknown here; shown in UTC)").
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

NEVER_FROM_YEAR = 9999  # "9999-12-31" is how billing systems write "no end"


class UnknownZone(tzinfo):
    """The customer's zone, which cannot be loaded here: dates are moved to UTC and labelled so."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return timedelta(0)

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)

    def tzname(self, dt: datetime | None) -> str:
        return "UTC"

    @property
    def note(self) -> str:
        return f"(zone {self.name} unknown here; shown in UTC)"

    def __repr__(self) -> str:
        return f"UnknownZone({self.name!r})"


def _unknown_note(tz: tzinfo | None) -> str:
    return f" {tz.note}" if isinstance(tz, UnknownZone) else ""


def _in_zone(value: datetime, tz: tzinfo | None = None) -> datetime | None:
    """``value`` in ``tz`` (default: this computer's zone), or None at the edges of the calendar."""
    try:
        return value.astimezone(tz) if tz else value.astimezone()
    except (OverflowError, ValueError, OSError):
        return None


def _as_text(value: datetime) -> str:
    try:
        return value.isoformat()
    except (OverflowError, ValueError):  # pragma: no cover - isoformat works for every datetime
        return str(value)


def format_absolute(value: datetime, tz: tzinfo | None = None, *, with_zone: bool = False) -> str:
    if value.year >= NEVER_FROM_YEAR:
        return "Never"
    local = _in_zone(value, tz)
    if local is None:
        return _as_text(value)
    if isinstance(tz, UnknownZone):
        return f"{local:%b} {local.day}, {local:%Y}, {local:%H:%M}{_unknown_note(tz)}"
    zone_name = f" {local:%Z}" if with_zone and local.tzname() else ""
    return f"{local:%b} {local.day}, {local:%Y}, {local:%H:%M}{zone_name}"


def is_end_of_day(value: datetime) -> bool:
    """An instant from 23:59:59 to 23:59:59.999 UTC: Metrifox's way of writing "by the end of this day"."""
    if value.tzinfo is None:
        return False
    utc = value.astimezone(UTC)
    return (utc.hour, utc.minute, utc.second) == (23, 59, 59)


def short_date(value: datetime, tz: tzinfo | None = None) -> str:
    """``Dec 1, 2026`` in ``tz`` (default: local time). An end-of-day deadline is the day Metrifox means, in
    every zone: "due Dec 1" for a customer in Berlin too, not Dec 2 (the instant stays in the tooltip)."""
    if value.year >= NEVER_FROM_YEAR:
        return "never"
    if is_end_of_day(value):
        day = value.astimezone(UTC)
        return f"{day:%b} {day.day}, {day:%Y}"
    local = _in_zone(value, tz)
    if local is None:
        return _as_text(value)[:10]
    return f"{local:%b} {local.day}, {local:%Y}{_unknown_note(tz)}"


def format_relative(value: datetime, now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    try:
        seconds = (value - now).total_seconds()
    except OverflowError:  # pragma: no cover - aware datetimes always subtract
        return ""
    future = seconds > 0
    span = abs(seconds)
    if span < 60:
        return "just now"
    for limit, unit_seconds, unit in (
        (3600, 60, "minute"),
        (86400, 3600, "hour"),
        (86400 * 45, 86400, "day"),
        (86400 * 545, 86400 * 30.44, "month"),
        (float("inf"), 86400 * 365.25, "year"),
    ):
        if span < limit:
            count = max(1, round(span / unit_seconds))
            words = f"{count:,} {unit}{'s' if count != 1 else ''}"
            return f"in {words}" if future else f"{words} ago"
    raise AssertionError("unreachable")  # pragma: no cover


def format_when(value: datetime | str | None, now: datetime | None = None, tz: tzinfo | None = None) -> str:
    """``Mar 12, 2026, 17:55 (in 3 months)``; in ``tz`` with its abbreviation when given; text the API
    sent that is no date stays as it is."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    absolute = format_absolute(value, tz, with_zone=tz is not None)
    if absolute == "Never":
        return f"Never ({_as_text(value)[:10]})"
    return f"{absolute} ({format_relative(value, now)})"


def zone(name: str | None) -> ZoneInfo | UnknownZone | None:
    """The customer's zone; :class:`UnknownZone` when it cannot be loaded here; None when Metrifox has none."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return UnknownZone(name)


def when_tooltip(value: datetime | str | None, customer_timezone: str | None = None) -> str:
    """UTC, the customer's own time zone when known, and this computer's, for the tooltip."""
    if not isinstance(value, datetime):
        return ""
    lines = [f"UTC: {_stamp(value, UTC, with_zone=False)}"]
    customer_zone = zone(customer_timezone)
    if customer_zone is not None and not isinstance(customer_zone, UnknownZone):  # the date itself says so
        lines.append(f"Customer ({customer_timezone}): {_stamp(value, customer_zone)}")
    lines.append(f"Your time: {_stamp(value, None)}")
    return "\n".join(lines)


def _stamp(value: datetime, tz: tzinfo | None, *, with_zone: bool = True) -> str:
    moved = _in_zone(value, tz)
    if moved is None:
        return _as_text(value)
    return f"{moved:%Y-%m-%d %H:%M:%S}" + (f" {moved:%Z}" if with_zone and moved.tzname() else "")
