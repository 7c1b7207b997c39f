"""The customer record after review, over real HTTP: its text can neither reverse nor break the row or the header;
the header fits a 1000 px window with the key whole; a record that comes for the look-up in flight never touches
the customer on screen, and the previous customer's account manager never stays on the next one's header; an
archived customer says so in the header, in the things to check and first on the record's row."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint

from inspector.ui.main_window import MainWindow
from tests.gui.test_record_window import OTHER_KEY, _came, _chips, _open, _record_row
from tests.support.fake_metrifox import RECORD, FakeMetrifox, example_record
from tests.support.windows import EXAMPLE_KEY, PATIENT, WAIT, OpenWindow, look_up

REVERSING = "Priya \u202eRaman\nSecond line of manager"


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window()


def test_record_text_cannot_reverse_or_break_the_row_or_the_header(
    qtbot: Any, window: MainWindow, fake: FakeMetrifox
) -> None:
    fake.account["records"][EXAMPLE_KEY] = dict(
        example_record(EXAMPLE_KEY), account_manager=REVERSING, primary_phone="+1 415\u202e 9 txe\n2"
    )
    look_up(qtbot, window, EXAMPLE_KEY)
    row = _came(qtbot, window)
    for text in (row.summary, *(chip.text() for chip in window.customer_view.header.chips.values())):
        assert "\u202e" not in text
        assert "\n" not in text
    assert row.summary.startswith("account manager Priya [U+202E]Raman\\nSecond line")
    assert window.customer_view.header.chips["manager"].text().startswith("Manager: Priya [U+202E]Raman\\nSecond")
    window.customer_view.header.chips["manager"].click()  # the value itself is copied, as Metrifox sent it
    assert window.session.record.value.record.account_manager == REVERSING
    _open(qtbot, window, row)  # its summary set again when its rows are built
    assert row.state == "loaded"
    assert "\u202e" not in row.summary
    assert "\n" not in row.summary
    for child in row.children:
        assert "\u202e" not in child.summary + child.label
        assert "\n" not in child.summary + child.label


@pytest.mark.parametrize("width", [760, 1000, 1366])
def test_the_header_fits_a_small_window_with_the_key_whole(
    qtbot: Any, window: MainWindow, fake: FakeMetrifox, width: int
) -> None:
    window.resize(width, 700)
    window.show()
    qtbot.waitExposed(window)
    look_up(qtbot, window, EXAMPLE_KEY)
    _came(qtbot, window)
    header = window.customer_view.header
    qtbot.waitUntil(header.chips["manager"].isVisible, timeout=WAIT)
    layout = header.layout()
    assert layout is not None
    layout.activate()
    squeezed = [
        chip.text() for chip in header.chips.values() if chip.isVisible() and chip.width() < chip.sizeHint().width()
    ]
    assert squeezed == []  # every fact whole: the record's on their own line when both lines' facts do not fit
    manager, key = (header.chips[name].mapTo(header, QPoint()).y() for name in ("manager", "key"))
    if width == 1366:  # room for both: one line, so the details pane keeps its rows on a small screen
        assert manager == key
    if width == 760:
        assert manager > key


def test_a_record_for_the_look_up_in_flight_never_touches_the_customer_on_screen(
    qtbot: Any, window: MainWindow, fake: FakeMetrifox
) -> None:
    look_up(qtbot, window, EXAMPLE_KEY)
    row = _came(qtbot, window)
    fake.fail("delay", seconds=1.0, where=f"{OTHER_KEY}/details")
    fake.account["records"][OTHER_KEY] = dict(example_record(OTHER_KEY), account_manager="Jonas Becker")
    window.lookup_bar.search.setText(OTHER_KEY)
    window.lookups.look_up()
    record_jobs = window.session.record
    qtbot.waitUntil(lambda: record_jobs._next is not None and record_jobs._next.value is not None, timeout=WAIT)
    assert window.session.busy  # OTHER's record has come; its details not yet
    assert window.session.loaded is not None
    assert window.session.loaded.customer_key == EXAMPLE_KEY
    assert _record_row(window) is row
    assert row.summary.startswith("account manager Priya Raman")
    assert _chips(window) == ("Priya Raman", "+1 415 555 0142")
    with qtbot.waitSignal(window.customerShown, timeout=WAIT):
        pass
    assert _record_row(window).summary.startswith("account manager Jonas Becker")  # kept until its details came
    assert _chips(window)[0] == "Jonas Becker"


def test_the_previous_customers_manager_never_stays_on_the_next_ones_header(
    qtbot: Any, window: MainWindow, fake: FakeMetrifox
) -> None:
    look_up(qtbot, window, EXAMPLE_KEY)
    _came(qtbot, window)
    assert _chips(window) == ("Priya Raman", "+1 415 555 0142")
    fake.account["records"][OTHER_KEY] = dict(example_record(OTHER_KEY), account_manager="Jonas Becker")
    fake.fail("delay", seconds=0.45, where=f"{OTHER_KEY}{RECORD}")
    shown: list[Any] = []
    window.session.record.recordChanged.connect(lambda node, facts: shown.append(facts))
    look_up(qtbot, window, OTHER_KEY)
    assert window.session.loaded is not None
    assert window.session.loaded.customer_key == OTHER_KEY
    assert _record_row(window).summary == "Loading…"
    assert _chips(window) == ("", "")  # not Priya Raman while Jonas Becker's record is on its way
    assert shown == [None]  # the row said "Loading…" at once
    _came(qtbot, window)
    assert _chips(window)[0] == "Jonas Becker"


def _archived_details(fake: FakeMetrifox, key: str) -> None:
    body = json.loads(fake.customers[key])
    body["data"]["archived_at"] = "2026-03-04T12:00:00Z"
    fake.customers[key] = json.dumps(body).encode()


def test_an_archived_customer_says_so_in_the_header_the_hints_and_first_on_the_row(
    qtbot: Any, window: MainWindow, fake: FakeMetrifox
) -> None:
    _archived_details(fake, EXAMPLE_KEY)
    look_up(qtbot, window, EXAMPLE_KEY)
    header = window.customer_view.header
    assert header.archived_label.isVisibleTo(window)
    assert header.archived_label.text().strip() == "Archived since Mar 4, 2026"
    assert window.session.loaded is not None
    from inspector.present.hints import hints

    assert hints(window.session.loaded.details)[0].sentence.startswith("This customer was archived on Mar 4, 2026")
    assert _came(qtbot, window).summary.startswith("account manager Priya Raman")  # the record itself does not say
    assert header.archived_label.isVisibleTo(window)  # kept when the record comes


def test_an_archived_record_says_so_in_the_header_and_first_on_the_row(
    qtbot: Any, window: MainWindow, fake: FakeMetrifox
) -> None:
    fake.account["records"][EXAMPLE_KEY] = dict(example_record(EXAMPLE_KEY), archived_at="2026-05-06T12:00:00Z")
    fake.fail("delay", seconds=0.3, where=RECORD)
    look_up(qtbot, window, EXAMPLE_KEY)
    header = window.customer_view.header
    assert not header.archived_label.isVisibleTo(window)  # the details do not say; the record is on its way
    row = _came(qtbot, window)
    assert row.summary.startswith("ARCHIVED · account manager Priya Raman")
    assert header.archived_label.isVisibleTo(window)
    assert header.archived_label.text().strip() == "Archived since May 6, 2026"
    look_up(qtbot, window, OTHER_KEY)  # the next customer is not said archived
    assert not header.archived_label.isVisibleTo(window)


def _summary(window: MainWindow) -> list[str]:
    window.dialogs.open_summary()
    dialog = window.dialogs.summary_dialog
    assert dialog is not None
    lines = dialog.preview.toPlainText().splitlines()
    dialog.reject()
    return lines


def test_the_summary_says_the_record_is_loading_or_could_not_be_fetched(
    qtbot: Any, window: MainWindow, fake: FakeMetrifox
) -> None:
    fake.fail("delay", seconds=0.4, where=RECORD)
    look_up(qtbot, window, EXAMPLE_KEY)
    lines = _summary(window)  # opened before the record came
    assert "Customer record: still loading (open the summary again in a moment to include it)" in lines
    _came(qtbot, window)
    lines = _summary(window)
    assert "Account manager: Priya Raman" in lines
    assert not [line for line in lines if line.startswith("Customer record:")]
    fake.fail("status", status=403, where=RECORD)
    with qtbot.waitSignal(window.customerShown, timeout=WAIT):
        window.session.retry()  # F5: the record is fetched again, and refused this time
    _came(qtbot, window)
    said = [line for line in _summary(window) if line.startswith("Customer record:")]
    assert said == [
        "Customer record: could not be fetched — This API key is not allowed to read the customer "
        "record (contacts, account manager). Ask an admin for a key with access."
    ]


def test_a_saved_record_that_cannot_be_read_says_so_not_that_none_was_saved(
    qtbot: Any, window: MainWindow, fake: FakeMetrifox, tmp_path: Path
) -> None:
    from inspector.api.saved import SAVED_BY
    from tests.support.fake_metrifox import EXAMPLE

    path = tmp_path / "acme.json"
    head = f'{{"saved_by":"{SAVED_BY}","fetched_at":"2026-11-03T14:02:00+00:00","host":"h","record":"\\ud800"'
    path.write_bytes(head.encode() + b',"answer":' + EXAMPLE.read_bytes() + b"}\n")
    with qtbot.waitSignal(window.customerShown, timeout=WAIT):
        window.session.answers.open_saved(str(path))
    row = _record_row(window)
    assert row.summary == "saved with this answer, but could not be read (look the customer up live: F5)"
    assert "Customer record: saved with this answer, but could not be read" in _summary(window)
    view = window.customer_view
    view.tree.expand(view.model.createIndex(row.row, 0, row))
    qtbot.waitUntil(lambda: row.children[0].label.startswith("The customer record saved"), timeout=WAIT)
    assert row.summary.startswith("saved with this answer, but could not be read")


def test_fifty_thousand_metadata_entries_are_capped_in_both_views(
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox
) -> None:
    window = open_window(client_options=PATIENT)  # a 2 MB record: under load, FAST's 1 s deadline failed it
    metadata = {f"key_{n}": f"value {n}" for n in range(50_000)}
    fake.account["records"][EXAMPLE_KEY] = dict(example_record(EXAMPLE_KEY), metadata=metadata)
    look_up(qtbot, window, EXAMPLE_KEY)
    row = _came(qtbot, window)
    _open(qtbot, window, row)
    meta = next(c for c in row.children if c.label == "Metadata")
    assert meta.summary == "50,000 entries"
    assert len(meta.facts) == 501
    assert meta.facts[-1] == ("More", "49,500 more entries — see Raw JSON")
    window.customer_view.select_node(meta)
    table = window.customer_view.details
    qtbot.waitUntil(lambda: table.node is meta, timeout=WAIT)
    every = row.children[-1]
    from inspector.present.fields import node_fields

    shown = next(f for f in node_fields(every) if f.name == "metadata")
    assert shown.text.startswith("Key 0: value 0; Key 1: value 1")
    assert shown.text.endswith("Key 499: value 499 … 49,500 more — see Raw JSON")


def test_a_retry_asked_with_the_old_key_shows_no_result_for_it(
    qtbot: Any, window: MainWindow, fake: FakeMetrifox
) -> None:
    fake.fail("status", status=500, times=9, where=RECORD)
    look_up(qtbot, window, EXAMPLE_KEY)
    row = _came(qtbot, window)
    assert row.state == "failed"
    fake.clear_faults()
    fake.fail("delay", seconds=0.5, where=RECORD)  # the Retry's request, asked with the old key
    fake.fail("delay", seconds=1.5, where=f"{EXAMPLE_KEY}/details")  # the look-up again with the new key
    said: list[str] = []
    window.session.record.recordChanged.connect(lambda node, _facts: said.append(node.summary))
    window.session.record.open(row, again=True)  # Retry
    qtbot.waitUntil(lambda: len(fake.seen(f"/customers/{EXAMPLE_KEY}")) > 2, timeout=WAIT)
    fake.api_key = "mf_another_key_0000000000"  # the old key is refused from now on
    window.session.save_key("mf_another_key_0000000000")
    with qtbot.waitSignal(window.customerShown, timeout=WAIT):
        pass
    qtbot.waitUntil(lambda: _record_row(window).summary.startswith("account manager Priya"), timeout=WAIT)
    assert not [summary for summary in said if "API key" in summary]  # the old key's 401 was never shown


def test_a_record_too_large_to_open_again_is_left_out_of_the_saved_file_and_said(
    qtbot: Any, window: MainWindow, fake: FakeMetrifox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import functools

    from inspector.api import saved

    look_up(qtbot, window, EXAMPLE_KEY)
    _came(qtbot, window)
    loaded = window.session.loaded
    assert loaded is not None
    limit = len(loaded.details.raw_json) + 200  # the answer fits; with its record it would not
    monkeypatch.setattr(saved, "saved_answer", functools.partial(saved.saved_answer, max_bytes=limit))
    path = tmp_path / "acme.json"
    window.answers.save_path = lambda *_args: str(path)
    window.answers.save_raw()
    assert window.error_banner.isVisible()
    assert "without the customer record" in window.error_banner.message.text()
    opened = saved.read_saved(path, max_bytes=limit)  # the file it wrote opens again
    assert (opened.record, opened.record_unreadable) == (None, False)
