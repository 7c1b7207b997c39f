"""A customer's zone that this computer cannot load (Windows without tzdata) is never swapped silently for
another: dates show in UTC and say so beside them (issue 21, item 3)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfoNotFoundError

import pytest

from inspector.api.saved import read_saved_answer
from inspector.present import dates
from inspector.present.fields import node_fields, render_text
from inspector.present.tree import build_tree

DEMO_ANSWER = Path(__file__).resolve().parents[3] / "resources" / "demo" / "cust-nordlicht-7f3k.json"
NOTE = "(zone Europe/Berlin unknown here; shown in UTC)"
DUE = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # 10:00 CET in Berlin


@pytest.fixture
def far_away_local_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This computer in Kolkata (UTC+5:30), so a date moved to local time would show another hour.
    (Windows has no tzset: there the runner's own zone stays.)"""
    if not hasattr(time, "tzset"):
        yield
        return
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def no_zone_data(monkeypatch: pytest.MonkeyPatch, far_away_local_zone: None) -> None:
    def missing(key: str) -> object:
        raise ZoneInfoNotFoundError(f"No time zone found with key {key}")

    monkeypatch.setattr(dates, "ZoneInfo", missing)


def test_the_zone_loads_with_its_data(far_away_local_zone: None) -> None:
    assert dates.format_when(DUE, DUE, dates.zone("Europe/Berlin")) == "Dec 1, 2026, 10:00 CET (just now)"


@pytest.mark.usefixtures("no_zone_data")
def test_an_unloadable_zone_is_said_beside_the_date() -> None:
    tz = dates.zone("Europe/Berlin")
    assert dates.format_absolute(DUE, tz, with_zone=True) == f"Dec 1, 2026, 09:00 {NOTE}"
    assert dates.format_when(DUE, DUE, tz) == f"Dec 1, 2026, 09:00 {NOTE} (just now)"
    assert dates.short_date(datetime(2026, 12, 1, 20, 0, tzinfo=UTC), tz) == f"Dec 1, 2026 {NOTE}"
    tooltip = dates.when_tooltip(DUE, "Europe/Berlin")  # every line labelled; no customer line to claim
    assert tooltip.splitlines()[0] == "UTC: 2026-12-01 09:00:00"
    assert "Customer" not in tooltip


@pytest.mark.usefixtures("no_zone_data")
def test_no_customer_date_is_shown_in_another_zone_unlabelled() -> None:
    root = build_tree(read_saved_answer(DEMO_ANSWER)[0])
    text = render_text(root)
    assert "CET" not in text  # the zone was not loaded, so it cannot be claimed
    assert "Nov 12, 2026, 09:00 (zone Europe/Berlin unknown here; shown in UTC)" in text
    assert "14:30" not in text  # 09:00 UTC in Kolkata, unlabelled: what the app showed before
    for _, node in root.walk():
        for row in node_fields(node):
            if row.text[:3] in {"Nov", "Dec"} and ":" in row.text:
                assert NOTE in row.text, row.text


def test_no_zone_given_stays_this_computers_time() -> None:
    assert dates.zone(None) is None
    assert dates.zone("") is None
