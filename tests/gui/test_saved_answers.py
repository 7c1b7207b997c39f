"""Saved answers carry their fetch time and host, and every comparison reads older → newer, naming both
(issue 18.3): an older saved answer opened over a newer look-up says "Seats 3 → 5", never "5 → 3"."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAction

from inspector.api.parsing import parse_customer_details
from inspector.api.saved import read_saved, saved_answer_bytes
from inspector.app import main
from tests.support.documents import example_document, first_subscription
from tests.support.fake_metrifox import FakeMetrifox
from tests.support.windows import EXAMPLE_KEY, WAIT, OpenWindow, look_up


def _seats(count: int) -> bytes:
    def change(data: dict[str, Any]) -> None:
        first_subscription(data)["subscription_items"][1]["quantity"] = count
        first_subscription(data)["next_billing_amount"] = 99.90  # numbers' text kept as sent

    return json.dumps(example_document(change)).encode()


def test_a_saved_answer_is_metrifoxs_bytes_with_its_fetch_time_and_host(tmp_path: Path) -> None:
    raw = _seats(3)
    fetched = datetime(2026, 11, 3, 14, 2, tzinfo=UTC)
    path = tmp_path / "acme.json"
    path.write_bytes(saved_answer_bytes(raw, fetched, "api.metrifox.com"))
    saved = read_saved(path)
    assert saved.details.raw_json == raw
    assert b"99.9" in saved.details.raw_json
    assert (saved.fetched_at, saved.host) == (fetched, "api.metrifox.com")
    plain = tmp_path / "plain.json"
    plain.write_bytes(raw)  # a plain Metrifox JSON still opens: time unknown
    assert read_saved(plain).fetched_at is None
    assert read_saved(plain).details.raw_json == raw


def test_an_older_saved_answer_over_a_newer_look_up_reads_forwards(
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox, tmp_path: Path
) -> None:
    fake.customers[EXAMPLE_KEY] = _seats(5)
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)  # live: 5 seats, now
    older = tmp_path / "older.json"
    older.write_bytes(saved_answer_bytes(_seats(3), datetime.now(UTC) - timedelta(days=20), "api.metrifox.com"))
    with qtbot.waitSignal(window.session.changesFound, timeout=WAIT) as found:
        window.answers.open_saved(str(older))
    older_name, newer_name = found.args[0]
    assert older_name.startswith("saved answer of ")
    assert newer_name.startswith("live answer of ")
    assert found.args[1] == ["Seats — Quantity: 3 → 5"]
    assert window.error_banner.text.startswith("Changed from saved answer of ")
    assert window.error_banner.text.endswith(": Seats — Quantity: 3 → 5")


def test_save_is_in_the_file_menu_with_a_name_holding_the_key_and_the_fetch_time(
    qtbot: Any, open_window: OpenWindow, tmp_path: Path
) -> None:
    window = open_window()
    loaded = look_up(qtbot, window, EXAMPLE_KEY)
    action = next(a for a in window.findChildren(QAction) if a.text() == "&Save the whole answer…")
    assert action.shortcut().toString() == "Ctrl+S"
    asked: list[str] = []
    target = tmp_path / "saved.json"

    def save_path(_parent: object, _title: str, name: str) -> str:
        asked.append(name)
        return str(target)

    window.answers.save_path = save_path
    action.trigger()
    assert asked == [f"{EXAMPLE_KEY}_{loaded.fetched_at.astimezone().strftime('%Y-%m-%d_%H%M')}.json"]
    assert read_saved(target).fetched_at == loaded.fetched_at


def test_diff_orders_two_saved_answers_by_their_fetch_times(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    older, newer = tmp_path / "a.json", tmp_path / "b.json"
    older.write_bytes(saved_answer_bytes(_seats(3), datetime(2026, 11, 3, 14, 2, tzinfo=UTC), "api.metrifox.com"))
    newer.write_bytes(saved_answer_bytes(_seats(5), datetime(2026, 11, 30, 9, 10, tzinfo=UTC), "api.metrifox.com"))
    assert main(["--diff", str(newer), str(older)]) == 0  # given newest first
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("From the saved answer of Nov 3, 2026")
    assert lines[1:] == ["Seats — Quantity: 3 → 5"]
    assert parse_customer_details(_seats(3)).customer.customer_key == EXAMPLE_KEY
