"""The customer record in the window, over real HTTP: asked for with the look-up beside the details (which never
wait for it), its row and the header's account manager and phone; one sentence on its row when it fails, fetched
again when the row is opened again; dropped when it comes for a customer no longer asked for; F5 fetches it
again; a saved answer does not fetch it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication

from inspector.present.fields import node_fields
from inspector.present.nodes import Node, NodeKind
from inspector.ui.main_window import MainWindow
from tests.support.fake_metrifox import RECORD, FakeMetrifox
from tests.support.windows import EXAMPLE_KEY, WAIT, OpenWindow, look_up, settle_workers

OTHER_KEY = "cust-nordlicht-7f3k"  # a fixture customer without a record of its own: the fake gives its identity


def _record_row(window: MainWindow) -> Node:
    root = window.customer_view.model.root
    assert root is not None
    return next(n for n in root.children if n.kind is NodeKind.SECTION and n.section == "record")


def _chips(window: MainWindow) -> tuple[str, str]:
    chips = window.customer_view.header.chips
    return (
        chips["manager"].value if chips["manager"].isVisibleTo(window) else "",
        chips["phone"].value if chips["phone"].isVisibleTo(window) else "",
    )


def _came(qtbot: Any, window: MainWindow) -> Node:
    row = _record_row(window)
    qtbot.waitUntil(lambda: row.summary != "Loading…", timeout=WAIT)
    return row


def _open(qtbot: Any, window: MainWindow, row: Node) -> None:
    view = window.customer_view
    view.tree.collapse(view.model.createIndex(row.row, 0, row))
    view.tree.expand(view.model.createIndex(row.row, 0, row))
    qtbot.waitUntil(
        lambda: row.state in {"loaded", "failed"} and [c.label for c in row.children] != ["Loading…"], timeout=WAIT
    )


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window()


def test_the_record_fills_its_row_and_the_header(qtbot: Any, window: MainWindow, fake: FakeMetrifox) -> None:
    look_up(qtbot, window, EXAMPLE_KEY)
    row = _came(qtbot, window)
    assert row.summary == "account manager Priya Raman · 2 contacts · +1 415 555 0142"
    assert _chips(window) == ("Priya Raman", "+1 415 555 0142")
    assert window.customer_view.header.chips["manager"].text() == "Manager: Priya Raman"
    _open(qtbot, window, row)
    labels = [c.label for c in row.children]
    assert labels[:3] == ["Account manager", "Contact: Jana Weber", "Contact: Malte Hansen"]
    assert {"Phone numbers", "Email addresses", "Tax", "Payment terms", "Billing configuration", "Address",
            "Shipping address", "Metadata", "Dates", "Every field of the record"} <= set(labels)
    jana = row.children[1]
    assert jana.summary == "Head of Finance, Finance · jana@example.com"
    assert jana.status == "primary"
    shipping = next(c for c in row.children if c.label == "Shipping address")
    assert node_fields(shipping)[0].text == "Hafenstraße 12\n20457 Hamburg\nDE"  # a postal address, German order
    every = row.children[-1]
    unknown = [f for f in node_fields(every) if not f.known]
    assert [(f.name, f.text) for f in unknown] == [("preferred_contact_hours", "09:00-17:00 PT")]
    # Clicking a header fact copies it, as the others do.
    window.customer_view.header.chips["phone"].click()
    assert QGuiApplication.clipboard().text() == "+1 415 555 0142"


def test_the_details_never_wait_for_the_record(qtbot: Any, window: MainWindow, fake: FakeMetrifox) -> None:
    fake.fail("delay", seconds=0.4, where=RECORD)  # under the tests' 0.5 s read timeout: one request
    look_up(qtbot, window, EXAMPLE_KEY)  # shown while the record is still on its way
    row = _record_row(window)
    assert row.summary == "Loading…"
    assert _chips(window) == ("", "")
    view = window.customer_view
    view.tree.expand(view.model.createIndex(row.row, 0, row))  # opened meanwhile: one request, rows when it comes
    qtbot.waitUntil(lambda: row.state == "loaded", timeout=WAIT)
    assert _chips(window) == ("Priya Raman", "+1 415 555 0142")
    assert len(fake.seen(f"/customers/{EXAMPLE_KEY}")) - len(fake.seen("/details")) == 1


def test_the_record_is_asked_for_beside_the_details_not_after(
    qtbot: Any, window: MainWindow, fake: FakeMetrifox
) -> None:
    fake.fail("delay", seconds=0.4, where=f"{EXAMPLE_KEY}/details")
    window.lookup_bar.search.setText(EXAMPLE_KEY)
    window.lookups.look_up()
    record = f"/api/v1/customers/{EXAMPLE_KEY}"
    qtbot.waitUntil(lambda: any(r.raw_path == record for r in fake.requests), timeout=WAIT)
    assert window.session.busy  # the details are still on their way
    assert window.session.loaded is None
    with qtbot.waitSignal(window.customerShown, timeout=WAIT):
        pass
    assert _came(qtbot, window).summary.startswith("account manager Priya Raman")


FAILURES = [
    ({"kind": "status", "status": 404}, "Metrifox has no customer record for this key."),
    ({"kind": "status", "status": 403}, "not allowed"),
    ({"kind": "invalid_json"}, "cannot read"),
    ({"kind": "hang", "seconds": 3, "times": 2}, "took too long"),
    ({"kind": "close", "times": 2}, ""),
]


@pytest.mark.parametrize(("fault", "words"), FAILURES)
def test_a_record_that_fails_is_one_sentence_on_its_row_and_opening_it_again_retries(
    qtbot: Any, window: MainWindow, fake: FakeMetrifox, fault: dict[str, Any], words: str
) -> None:
    fake.fail(where=RECORD, **fault)
    look_up(qtbot, window, EXAMPLE_KEY)
    row = _came(qtbot, window)
    assert row.state == "failed"
    assert words in row.summary
    assert row.summary.endswith(".")  # one sentence
    assert "\n" not in row.summary
    assert _chips(window) == ("", "")
    assert window.customer_view.header.name_label.text() == "Uppender Lala"  # the customer is shown all the same
    assert not window.error_banner.isVisible()  # the look-up did not fail
    _open(qtbot, window, row)  # opened again: fetched again, and this time it comes
    assert row.state == "loaded"
    assert row.children[0].label == "Account manager"
    assert _chips(window) == ("Priya Raman", "+1 415 555 0142")


def test_a_record_for_a_customer_no_longer_asked_for_is_dropped(
    qtbot: Any, window: MainWindow, fake: FakeMetrifox
) -> None:
    fake.fail("delay", seconds=0.8, where=f"{EXAMPLE_KEY}{RECORD}")
    fake.fail("hang", seconds=3, where=f"{EXAMPLE_KEY}/details")
    window.lookup_bar.search.setText(EXAMPLE_KEY)
    window.lookups.look_up()
    qtbot.waitUntil(lambda: len(fake.seen(f"/customers/{EXAMPLE_KEY}")) == 2, timeout=WAIT)
    look_up(qtbot, window, OTHER_KEY)  # another customer asked for before the first one's record came
    row = _came(qtbot, window)
    assert row.summary == "no account manager"  # its record holds only who it is
    # The first customer's record has come (its job delivered) or never will (cancelled): either way, dropped.
    runner = window.session.fetcher.runner
    qtbot.waitUntil(lambda: not [job for job in runner._live if job.kind == "record"], timeout=WAIT)
    settle_workers(window)
    assert _record_row(window) is row
    assert row.summary == "no account manager"
    assert _chips(window) == ("", "")


def test_f5_fetches_the_record_again(qtbot: Any, window: MainWindow, fake: FakeMetrifox) -> None:
    look_up(qtbot, window, EXAMPLE_KEY)
    row = _came(qtbot, window)
    _open(qtbot, window, row)
    records = len(fake.seen(f"/customers/{EXAMPLE_KEY}")) - len(fake.seen("/details"))
    with qtbot.waitSignal(window.customerShown, timeout=WAIT):
        window.session.retry()  # F5
    again = _record_row(window)
    qtbot.waitUntil(lambda: again.state == "loaded", timeout=WAIT)  # it was open: it opens again, loaded
    assert len(fake.seen(f"/customers/{EXAMPLE_KEY}")) - len(fake.seen("/details")) == records + 1
    assert _chips(window) == ("Priya Raman", "+1 415 555 0142")


def test_a_saved_answer_without_a_record_does_not_fetch_it(
    qtbot: Any, window: MainWindow, fake: FakeMetrifox, tmp_path: Path
) -> None:
    from inspector.api.saved import saved_answer_bytes

    loaded = look_up(qtbot, window, EXAMPLE_KEY)
    _came(qtbot, window)
    path = tmp_path / "acme.json"
    assert loaded.fetched_at is not None
    path.write_bytes(saved_answer_bytes(loaded.details.raw_json, loaded.fetched_at, "api.metrifox.com"))
    asked = len(fake.requests)
    with qtbot.waitSignal(window.customerShown, timeout=WAIT):
        window.session.answers.open_saved(str(path))
    row = _record_row(window)
    assert row.summary == "not saved with this answer (look the customer up live: F5)"
    assert _chips(window) == ("", "")
    view = window.customer_view
    view.tree.expand(view.model.createIndex(row.row, 0, row))
    qtbot.waitUntil(lambda: "saved answer" in row.children[0].label, timeout=WAIT)
    assert row.state == "offline"
    assert len(fake.requests) == asked


def test_the_record_is_saved_with_the_answer_and_shown_from_the_file(
    qtbot: Any, window: MainWindow, fake: FakeMetrifox, tmp_path: Path
) -> None:
    look_up(qtbot, window, EXAMPLE_KEY)
    _came(qtbot, window)
    path = tmp_path / "acme.json"
    window.answers.save_path = lambda *_args: str(path)  # the file dialog's answer
    window.answers.save_raw()
    assert json.loads(path.read_bytes())["record"].encode() == window.session.record.raw_json
    look_up(qtbot, window, OTHER_KEY)  # someone else on screen, then the file opened
    _came(qtbot, window)
    asked = len(fake.requests)
    with qtbot.waitSignal(window.customerShown, timeout=WAIT):
        window.session.answers.open_saved(str(path))
    row = _record_row(window)
    assert row.summary == "account manager Priya Raman · 2 contacts · +1 415 555 0142"
    assert _chips(window) == ("Priya Raman", "+1 415 555 0142")
    _open(qtbot, window, row)
    assert row.children[1].label == "Contact: Jana Weber"
    assert len(fake.requests) == asked  # nothing was fetched for the file


def test_the_record_is_parsed_and_put_in_words_off_the_windows_thread(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import inspector.present.record as words
    import inspector.session.record as owner

    threads: list[str] = []
    parse, rows = owner._with_facts, words.record_rows

    def parsed_where(answer: Any) -> Any:
        threads.append(f"facts {threading.current_thread() is threading.main_thread()}")
        return parse(answer)

    def rows_where(*args: Any) -> Any:
        threads.append(f"rows {threading.current_thread() is threading.main_thread()}")
        return rows(*args)

    monkeypatch.setattr(owner, "_with_facts", parsed_where)
    monkeypatch.setattr(words, "record_rows", rows_where)
    look_up(qtbot, window, EXAMPLE_KEY)
    _open(qtbot, window, _came(qtbot, window))
    assert threads == ["facts False", "rows False"]  # the record came parsed; neither ran on the window's thread


def test_a_look_up_cancelled_or_failed_stops_its_record(qtbot: Any, window: MainWindow, fake: FakeMetrifox) -> None:
    runner = window.session.fetcher.runner

    def record_jobs() -> int:
        return len([job for job in runner._live if job.kind == "record"])

    fake.fail("hang", seconds=3, where=f"{EXAMPLE_KEY}/details")
    fake.fail("hang", seconds=3, where=RECORD)
    window.lookup_bar.search.setText(EXAMPLE_KEY)
    window.lookups.look_up()
    qtbot.waitUntil(lambda: len(fake.seen(f"/customers/{EXAMPLE_KEY}")) == 2, timeout=WAIT)
    assert record_jobs() == 1
    with qtbot.waitSignal(window.session.lookupCancelled, timeout=WAIT):
        window.session.cancel()  # Esc
    assert record_jobs() == 0  # its record is not waited out either
