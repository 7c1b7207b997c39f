"""Dates as people read them: absolute in local time, plus relative ("in 12 days", "3 months ago")."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def _as_local(value: datetime, tz: ZoneInfo | None = None) -> datetime:
    return value.astimezone(tz) if tz else value.astimezone()


def format_absolute(value: datetime, tz: ZoneInfo | None = None) -> str:
    local = _as_local(value, tz)
    return f"{local:%b} {local.day}, {local:%Y}, {local:%H:%M}"


def short_date(value: datetime) -> str:
    """``Dec 1, 2026`` in local time."""
    local = _as_local(value)
    return f"{local:%b} {local.day}, {local:%Y}"


def format_relative(value: datetime, now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    seconds = (value - now).total_seconds()
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
            words = f"{count} {unit}{'s' if count != 1 else ''}"
            return f"in {words}" if future else f"{words} ago"
    raise AssertionError("unreachable")  # pragma: no cover


def format_when(value: datetime | str | None, now: datetime | None = None) -> str:
    """``Mar 12, 2026, 17:55 (in 3 months)``; text the API sent that is no date stays as it is."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return f"{format_absolute(value)} ({format_relative(value, now)})"


def zone(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def when_tooltip(value: datetime | str | None, customer_timezone: str | None = None) -> str:
    """UTC and, when known, the customer's own time zone, for the tooltip."""
    if not isinstance(value, datetime):
        return ""
    lines = [f"UTC: {value.astimezone(UTC):%Y-%m-%d %H:%M:%S}"]
    customer_zone = zone(customer_timezone)
    if customer_zone is not None:
        lines.append(f"Customer ({customer_timezone}): {value.astimezone(customer_zone):%Y-%m-%d %H:%M:%S}")
    return "\n".join(lines)
