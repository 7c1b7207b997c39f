"""A product's subscription periods in time: what the timeline paints (plain data, no widgets)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from inspector.api.models import ProductSubscription, Subscription
from inspector.present.dates import NEVER_FROM_YEAR, short_date


@dataclass(frozen=True)
class Period:
    label: str  # the plan
    start: datetime
    end: datetime | None  # None: still running
    current: bool
    trial_end: datetime | None
    cancelled_at: datetime | None
    tooltip: str


@dataclass(frozen=True)
class Timeline:
    periods: list[Period]
    first: datetime
    last: datetime
    now: datetime
    renewal: datetime | None


def _when(value: object) -> datetime | None:
    return value if isinstance(value, datetime) and value.year < NEVER_FROM_YEAR else None


def _period(sub: Subscription, *, current: bool, tz: tzinfo | None) -> Period | None:
    start = _when(sub.starts_at) or _when(sub.created_at)
    if start is None:
        return None
    end = _when(sub.ends_at)
    plan = sub.plan_name or sub.default_plan_name or sub.offering_key or "Subscription"
    label = f"{plan} (v{sub.plan_version})" if sub.plan_version else plan
    parts = [label, f"{short_date(start, tz)} – {short_date(end, tz) if end else 'now'}"]
    if sub.status:
        parts.append(f"Status: {sub.status.replace('_', ' ')}")
    trial = _when(sub.trial_end_date)
    if trial is not None:
        parts.append(f"Trial until {short_date(trial, tz)}")
    cancelled = _when(sub.cancelled_at)
    if cancelled is not None:
        parts.append(f"Cancelled {short_date(cancelled, tz)}")
    return Period(label, start, end, current, trial, cancelled, "\n".join(parts))


def timeline(product: ProductSubscription, tz: tzinfo | None = None, now: datetime | None = None) -> Timeline | None:
    """The product's periods, oldest first (the history's copy of the current one left out), or None."""
    now = now or datetime.now(UTC)
    current = product.subscription
    periods: list[Period] = []
    if current is not None and (found := _period(current, current=True, tz=tz)) is not None:
        periods.append(found)
    history = product.subscriptions_history
    for index in range(len(history)):
        try:
            entry = history[index]
        except ValueError:
            continue
        if current is not None and entry.id and entry.id == current.id:
            continue
        if (found := _period(entry, current=False, tz=tz)) is not None:
            periods.append(found)
    if not periods:
        return None
    periods.sort(key=lambda p: p.start)
    renewal = _when(current.renews_at) if current is not None else None
    first = min(p.start for p in periods)
    ends = [p.end or now for p in periods] + [now] + ([renewal] if renewal else [])
    last = max(ends)
    if last - first < timedelta(days=1):
        last = first + timedelta(days=1)
    return Timeline(periods, first, last, now, renewal)
