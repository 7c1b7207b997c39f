"""Raw facts in words: a postal address, a scheduled change as a sentence, internal class names as words."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, tzinfo
from typing import Any

from inspector.present.dates import short_date


def postal_address(address: Mapping[str, Any]) -> str:
    """``Hafenstraße 12\n20457 Hamburg\nDE``: the lines of a postal address in its country's order
    (present/address.py); fields we do not know go last."""
    from inspector.present.address import address_lines

    return "\n".join(address_lines(address))


_CLASS_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*(?:::[A-Z][A-Za-z0-9]*)+$")


def class_name_words(text: str) -> str | None:
    """``ProductCatalogues::Offerings::Plan`` → ``Plan``; ``…::PaidEntitlement`` → ``Paid entitlement``."""
    if not _CLASS_NAME.match(text):
        return None
    last = text.rsplit("::", 1)[-1]
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", last).split()
    return " ".join([words[0], *(w.lower() for w in words[1:])])


_PLAN_KEYS = ("plan_name", "new_plan_name", "to_plan_name", "target_plan_name", "plan", "to_plan", "new_plan")
_DATE_KEYS = ("effective_at", "effective_date", "change_date", "scheduled_at", "scheduled_for", "starts_at", "date")


def _date(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def scheduled_change_sentence(change: Any, tz: tzinfo | None = None) -> str | None:
    """``Changes to Pro Plan on Mar 12, 2026`` (or the API's own words); None when nothing is scheduled."""
    if change in (None, "", {}, []):
        return None
    if isinstance(change, str):
        return f"Scheduled change: {change.strip()}"
    if not isinstance(change, Mapping):
        return None
    plan: Any = next((change[k] for k in _PLAN_KEYS if change.get(k)), None)
    if isinstance(plan, Mapping):
        plan = plan.get("name") or plan.get("plan_name")
    when = next((d for k in _DATE_KEYS if (d := _date(change.get(k))) is not None), None)
    on = f" on {short_date(when, tz)}" if when else ""
    if plan:
        return f"Changes to {plan}{on}"
    kind = change.get("type") or change.get("change_type")
    return f"Scheduled change{f' ({kind})' if kind else ''}{on}"
