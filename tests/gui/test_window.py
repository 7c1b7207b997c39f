"""The window over the loopback server, with the real worker thread: look-up, errors, links, plain text."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QTableWidget

from inspector.api import errors
from inspector.present.nodes import Node, NodeKind
from inspector.settings import Settings
from inspector.ui.main_window import MainWindow
from tests.support.fake_metrifox import EXAMPLE, FakeMetrifox
from tests.support.windows import EXAMPLE_KEY, WAIT, OpenWindow, look_up, settle_workers


def find_node(window: MainWindow, predicate: Callable[[Node], bool]) -> Node:
    root = window.customer_view.model.root
    assert root is not None
    return next(node for _, node in root.walk() if predicate(node))


def test_search_field_has_focus_placeholder_and_object_names(open_window: OpenWindow) -> None:
    window = open_window()
    assert window.findChild(QLineEdit, "customerSearch") is window.lookup_bar.search
    assert window.lookup_bar.search.placeholderText() == "Customer key"
    assert QApplication.focusWidget() is window.lookup_bar.search or window.lookup_bar.search.hasFocus()
    for name in ("customerTree", "detailPane", "openUpdateQuantity", "copyUpdateQuantity", "errorBanner", "rawJson"):
        assert window.findChild(QObject, name) is not None, name


def test_look_up_fills_tree_header_and_recent_keys(qtbot: Any, open_window: OpenWindow, tmp_path: Path) -> None:
    window = open_window()
    assert not window.session.demo
    loaded = look_up(qtbot, window, f'  "{EXAMPLE_KEY}"\n')
    assert loaded.customer_key == EXAMPLE_KEY
    root = window.customer_view.model.root
    assert root is not None
    assert root.label == "Uppender Lala"
    # one product, then the account's sections (customer record, credit wallets, usage events)
    assert window.customer_view.model.rowCount(window.customer_view.model.index(0, 0)) == 4
    assert [c.kind for c in root.children] == [NodeKind.PRODUCT, *[NodeKind.SECTION] * 3]
    assert window.customer_view.header.name_label.text() == "Uppender Lala"
    assert window.lookup_bar.search.text() == EXAMPLE_KEY  # the pasted quotes and newline were cleaned away
    product = window.customer_view.model.index(0, 0, window.customer_view.model.index(0, 0))
    assert window.customer_view.tree.isExpanded(product)
    history = find_node(window, lambda n: n.kind is NodeKind.HISTORY)
    assert not window.customer_view.tree.isExpanded(window.customer_view.model.createIndex(history.row, 0, history))
    assert Settings(tmp_path / "settings.ini").recent_keys("Production") == [EXAMPLE_KEY]
    assert window.lookup_bar.recent_box.itemText(0) == EXAMPLE_KEY
    assert not window.error_banner.isVisible()


def test_no_key_opens_on_demo_data(open_window: OpenWindow) -> None:
    window = open_window(key=None)
    assert window.session.demo
    assert window.demo_banner.isVisible()
    assert "demo" in window.demo_banner.text.lower()
    assert window.demo_banner.key_button.isVisible()
    assert window.customer_view.model.root is not None
    assert window.customer_view.model.root.label == "Nordlicht Logistik GmbH"
    assert "(demo)" in window.windowTitle()


def test_customer_key_on_command_line_is_looked_up_at_start(open_window: OpenWindow) -> None:
    window = open_window("cust-nordlicht-7f3k")
    assert window.session.loaded is not None
    assert window.session.loaded.customer_key == "cust-nordlicht-7f3k"
    assert not window.session.demo


def test_new_look_up_supersedes_the_one_in_flight(qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox) -> None:
    window = open_window()
    fake.fail("delay", seconds=3.0)  # long enough to be superseded on a busy machine
    window.lookup_bar.search.setText(EXAMPLE_KEY)
    window.lookups.look_up()
    assert window.session.busy
    qtbot.waitUntil(
        lambda: window.lookup_bar.busy_bar.isVisible() and window.lookup_bar.cancel_button.isVisible(), timeout=WAIT
    )
    answers: list[str] = []
    window.session.customerLoaded.connect(lambda loaded: answers.append(loaded.customer_key))
    loaded = look_up(qtbot, window, "cust-nordlicht-7f3k")
    assert loaded.customer_key == "cust-nordlicht-7f3k"
    qtbot.waitUntil(lambda: fake.in_flight == 0, timeout=WAIT)  # the first answer has been sent (after 3 s)
    settle_workers(window)
    assert answers == ["cust-nordlicht-7f3k"]  # the first look-up was cancelled: its answer never came
    assert window.session.loaded is not None
    assert window.session.loaded.customer_key == "cust-nordlicht-7f3k"
    assert not window.error_banner.isVisible()


def test_a_late_answer_for_an_old_request_is_dropped(qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox) -> None:
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)
    fake.fail("delay", seconds=0.3)  # the first look-up's answer comes after the second one's
    window.lookup_bar.search.setText("cust-nordlicht-7f3k")
    window.lookups.look_up()
    answers: list[str] = []
    window.session.customerLoaded.connect(lambda loaded: answers.append(loaded.customer_key))
    with qtbot.waitSignal(window.customerShown, timeout=WAIT) as shown:
        window.lookups.look_up("cust-drifted-42")
    assert shown.args[0].customer_key == "cust-drifted-42"
    qtbot.waitUntil(lambda: fake.in_flight == 0, timeout=WAIT)  # the superseded answer has been sent
    settle_workers(window)
    assert answers == ["cust-drifted-42"]  # and dropped
    assert window.session.loaded is not None
    assert window.session.loaded.customer_key == "cust-drifted-42"


def test_escape_cancels_and_keeps_what_was_shown(qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox) -> None:
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)
    fake.fail("hang", seconds=30)
    window.lookup_bar.search.setText("cust-nordlicht-7f3k")
    window.lookups.look_up()
    with qtbot.waitSignal(window.session.lookupCancelled, timeout=WAIT):
        qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.lookup_bar.busy_bar.isVisible(), timeout=2000)
    assert window.session.loaded is not None
    assert window.session.loaded.customer_key == EXAMPLE_KEY
    assert window.customer_view.model.root is not None
    assert window.customer_view.model.root.label == "Uppender Lala"


def test_closing_mid_fetch_exits_within_a_second(qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox) -> None:
    window = open_window()
    fake.fail("hang", seconds=30)
    window.lookup_bar.search.setText(EXAMPLE_KEY)
    window.lookups.look_up()
    qtbot.waitUntil(lambda: len(fake.seen("/details")) == 1, timeout=WAIT)  # the request hangs at the server
    window.close()
    # Every worker thread has stopped (the hung request's socket was broken, not waited out for 30 s).
    assert window.session.fetcher.shutdown(timeout_ms=0)


ERRORS = [
    ("status", {"status": 401}, "did not accept the API key", True),
    ("status", {"status": 403}, "not allowed", True),
    ("status", {"status": 404}, "No customer with this key", False),
    ("status", {"status": 429, "headers": {"Retry-After": "120"}}, "Try again in 2 minutes", False),
    ("status", {"status": 503, "times": 5}, "having trouble", False),
    ("hang", {"seconds": 10, "times": 5}, "took too long", False),
    ("invalid_json", {}, "cannot read", False),
    ("html", {}, "cannot read", False),
    ("truncated", {}, "cut off", False),
]


@pytest.mark.parametrize(("kind", "options", "sentence", "key_problem"), ERRORS)
def test_each_error_is_one_sentence_in_the_banner_and_the_last_customer_stays(
    qtbot: Any,
    open_window: OpenWindow,
    fake: FakeMetrifox,
    kind: str,
    options: dict[str, Any],
    sentence: str,
    key_problem: bool,
) -> None:
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)
    fake.fail(kind, **options)
    error = look_up(qtbot, window, EXAMPLE_KEY, signal="lookupFailed")
    assert sentence in error.message
    banner = window.error_banner
    assert banner.isVisible()
    assert banner.text == error.message
    assert banner.key_button.isVisible() is key_problem
    not_found = isinstance(error, errors.NotFound)
    assert banner.retry_button.isVisible() is not not_found  # retrying "not found" cannot help
    assert window.customer_view.model.root is not None
    assert window.customer_view.model.root.label == "Uppender Lala"
    assert "could not refresh" in window.customer_view.header.fetched_label.text()
    fake.clear_faults()
    with qtbot.waitSignal(window.customerShown, timeout=WAIT):
        window.session.retry() if not_found else banner.retry_button.click()  # F5 still looks it up again
    assert not banner.isVisible()


def test_unknown_customer_does_not_mark_the_shown_one_stale(qtbot: Any, open_window: OpenWindow) -> None:
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)
    look_up(qtbot, window, "cust-nobody", signal="lookupFailed")
    assert "could not refresh" not in window.customer_view.header.fetched_label.text()
    assert window.customer_view.model.root is not None
    assert window.customer_view.model.root.label == "Uppender Lala"


def test_no_network_is_said_plainly(qtbot: Any, open_window: OpenWindow) -> None:
    with FakeMetrifox() as gone:
        url = gone.base_url
    window = open_window(base_url=url)
    error = look_up(qtbot, window, EXAMPLE_KEY, signal="lookupFailed")
    assert window.error_banner.text == error.message == "Cannot reach Metrifox. Check your internet connection."


def test_empty_search_says_what_to_do(qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox) -> None:
    window = open_window()
    window.lookup_bar.search.setText('  ""  ')
    window.lookups.look_up()
    assert window.error_banner.text == "Type or paste a customer key first."
    assert fake.requests == []


def test_update_quantity_link_opens_and_copies_exact_url(qtbot: Any, open_window: OpenWindow) -> None:
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)
    current = find_node(window, lambda n: n.kind is NodeKind.SUBSCRIPTION)
    window.customer_view.select_node(current)
    expected = "https://checkout.metrifox.com/update-quantity/625f5cee-259b-4994-b7eb-416b9e551f2c"
    assert window.customer_view.details.open_button.isEnabled()
    assert window.customer_view.details.copy_button.isEnabled()
    window.customer_view.details.open_button.click()
    assert window.opened == [expected]  # type: ignore[attr-defined]
    window.customer_view.details.copy_button.click()
    assert QGuiApplication.clipboard().text() == expected


def test_history_never_offers_the_link(qtbot: Any, open_window: OpenWindow) -> None:
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)
    for entry in [n for _, n in window.customer_view.model.root.walk() if n.kind is NodeKind.HISTORY_ENTRY]:  # type: ignore[union-attr]
        window.customer_view.select_node(entry)
        assert not window.customer_view.details.open_button.isEnabled()
        assert not window.customer_view.details.copy_button.isEnabled()
        assert "Past subscriptions" in window.customer_view.details.link_reason.text()
    window.customer_view.details.open_button.click()
    assert window.opened == []  # type: ignore[attr-defined]


def _with_link(fake: FakeMetrifox, key: str, **changes: Any) -> None:
    doc = json.loads(EXAMPLE.read_bytes())
    doc["data"]["customer_key"] = key
    doc["data"]["subscriptions"][0]["subscription"].update(changes)
    fake.customers[key] = json.dumps(doc).encode()


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"update_quantity_link": "javascript:alert(1)"}, "not a secure metrifox.com address"),
        ({"update_quantity_link": "http://checkout.metrifox.com/update-quantity/x"}, "not a secure"),
        ({"update_quantity_link": "https://checkout.evil.example/update-quantity/x"}, "not a secure"),
        ({"update_quantity_link": "https://metrifox.com.evil.example/x"}, "not a secure"),
        ({"can_update_quantities": False}, "cannot be changed"),
        ({"status": "cancelled"}, "while the subscription is cancelled"),
        ({"update_quantity_link": None}, "no update-quantity link"),
    ],
)
def test_link_rules(
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox, changes: dict[str, object], reason: str
) -> None:
    _with_link(fake, "cust-link-case", **changes)
    window = open_window()
    look_up(qtbot, window, "cust-link-case")
    window.customer_view.select_node(find_node(window, lambda n: n.kind is NodeKind.SUBSCRIPTION))
    assert not window.customer_view.details.open_button.isEnabled()
    assert reason in window.customer_view.details.link_reason.text()
    link = changes.get("update_quantity_link")
    window.answers.open_link(link if isinstance(link, str) else "javascript:alert(1)")  # the window checks again
    assert window.opened == []  # type: ignore[attr-defined]


def test_html_in_api_text_is_shown_literally(qtbot: Any, open_window: OpenWindow) -> None:
    window = open_window()
    look_up(qtbot, window, "cust-drifted-42")
    name = "Drift & Co <img src=x>"
    assert window.customer_view.header.name_label.text() == name
    assert window.customer_view.header.name_label.textFormat() == Qt.TextFormat.PlainText
    index = window.customer_view.model.index(0, 0)
    assert window.customer_view.model.data(index) == name
    tooltip = window.customer_view.model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in tooltip
    assert "&lt;img src=x&gt;" in tooltip
    for label in window.findChildren(QLabel):
        if "<img" in label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()
    chip = window.customer_view.header.chips["email"]
    chip.set_value("billing&ops@drift.example")  # "&" would be a mnemonic in a button: shown doubled
    assert chip.text() == "Email: billing&&ops@drift.example"
    assert chip.value == "billing&ops@drift.example"


def _cell_text(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None, (row, column)
    return item.text()


def test_detail_pane_shows_fields_in_words_and_copies(qtbot: Any, open_window: OpenWindow) -> None:
    window = open_window()
    look_up(qtbot, window, "cust-drifted-42")
    window.customer_view.select_node(find_node(window, lambda n: n.kind is NodeKind.SUBSCRIPTION))
    table = window.customer_view.details.table
    labels = [_cell_text(table, r, 0) for r in range(table.rowCount())]
    assert "Next billing amount" in labels
    assert "Seat policy (new)" in labels
    row = labels.index("Next billing amount")
    assert _cell_text(table, row, 1) == "$99.90"
    table.selectRow(row)
    window.customer_view.details.copy_value_button.click()
    assert QGuiApplication.clipboard().text() == "$99.90"
    window.customer_view.details.copy_path_button.click()
    assert QGuiApplication.clipboard().text() == "$.data.subscriptions[0].subscription.next_billing_amount"
    with qtbot.waitSignal(window.copied, timeout=WAIT):  # worked out off the window's thread
        window.customer_view.details.copy_json_button.click()
    copied = json.loads(QGuiApplication.clipboard().text())
    assert copied["next_billing_amount"] == "99.90"
    assert copied["seat_policy"] == {"min": 1, "max": "50"}


def test_raw_json_view_and_find(qtbot: Any, open_window: OpenWindow) -> None:
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)
    window.customer_view.tabs.setCurrentWidget(window.customer_view.raw_view)
    qtbot.waitUntil(lambda: '"customer_key": "cust-mljp3ra6ffjm"' in window.customer_view.raw_view.text(), timeout=WAIT)
    assert window.customer_view.raw_view.editor.isReadOnly()
    window.answers.find_in_raw()
    assert window.customer_view.raw_view.find_bar.isVisible()
    window.customer_view.raw_view.find_field.setText("Skills Audit")
    assert window.customer_view.raw_view.editor.textCursor().selectedText() == "Skills Audit"


def test_one_enter_is_one_request_and_focus_changes_send_none(
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox
) -> None:
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)
    def details_asked() -> int:
        return sum(r.raw_path.endswith("/details") for r in fake.requests)

    before = details_asked()
    started: list[str] = []
    window.session.lookupStarted.connect(lambda key, _other: started.append(key))
    look_up(qtbot, window, EXAMPLE_KEY)  # now also in the recent list, which must not add a second request
    assert started == [EXAMPLE_KEY]
    assert details_asked() == before + 1
    window.customer_view.tree.setFocus()  # a look-up would start inside these calls, if one did
    window.lookup_bar.search.setFocus()
    window.answers.find_in_raw()
    assert started == [EXAMPLE_KEY]
    assert details_asked() == before + 1


def test_choosing_a_recent_key_looks_it_up(qtbot: Any, open_window: OpenWindow) -> None:
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)
    look_up(qtbot, window, "cust-nordlicht-7f3k")
    assert [window.lookup_bar.recent_box.itemText(i) for i in range(window.lookup_bar.recent_box.count())] == [
        "cust-nordlicht-7f3k",
        EXAMPLE_KEY,
    ]
    with qtbot.waitSignal(window.customerShown, timeout=WAIT) as blocker:
        window.lookup_bar.recent_box.activated.emit(1)
    assert blocker.args[0].customer_key == EXAMPLE_KEY


def test_ctrl_k_and_ctrl_l_focus_the_search(qtbot: Any, open_window: OpenWindow) -> None:
    window = open_window()
    window.customer_view.tree.setFocus()
    for key in (Qt.Key.Key_K, Qt.Key.Key_L):
        window.customer_view.tree.setFocus()
        qtbot.keyClick(window.customer_view.tree, key, Qt.KeyboardModifier.ControlModifier)
        assert window.lookup_bar.search.hasFocus()


def test_layout_is_remembered(qtbot: Any, open_window: OpenWindow, tmp_path: Path) -> None:
    settings = Settings(tmp_path / "layout.ini")
    window = open_window(settings=settings)
    look_up(qtbot, window, EXAMPLE_KEY)  # the customer page (and its splitter) on screen
    window.resize(790, 700)  # the offscreen screen is 800×800: a restored window is kept on it
    qtbot.waitUntil(lambda: sum(window.customer_view.splitter.sizes()) > 700, timeout=WAIT)  # laid out at that width
    window.customer_view.tree.header().resizeSection(0, 211)
    window.customer_view.splitter.setSizes([400, 340])
    sizes = window.customer_view.splitter.sizes()
    window.close()
    again = open_window(settings=Settings(tmp_path / "layout.ini"))
    look_up(qtbot, again, EXAMPLE_KEY)  # the splitter on screen, laid out
    qtbot.waitUntil(lambda: again.customer_view.splitter.sizes() == sizes, timeout=WAIT)
    assert again.customer_view.tree.header().sectionSize(0) == 211


def test_window_has_an_icon(open_window: OpenWindow) -> None:
    window = open_window()
    assert not QApplication.windowIcon().isNull()
    assert window.windowTitle().startswith("Metrifox Account Inspector")


def test_group_rows_say_where_the_fields_are(qtbot: Any, open_window: OpenWindow) -> None:
    window = open_window()
    look_up(qtbot, window, "cust-nordlicht-7f3k")
    window.customer_view.select_node(find_node(window, lambda n: n.kind is NodeKind.ITEMS))
    assert window.customer_view.details.hint.isVisibleTo(window.customer_view.details)
    assert not window.customer_view.details.table.isVisibleTo(window.customer_view.details)
    assert window.customer_view.details.hint.text() == "3 items. Select one in the tree to see its fields."
    window.customer_view.select_node(find_node(window, lambda n: n.kind is NodeKind.ITEM))
    assert window.customer_view.details.table.isVisibleTo(window.customer_view.details)
    assert window.customer_view.details.table.rowCount() > 5


def test_app_build_returns_the_whole_window_without_an_event_loop(qtbot: Any) -> None:
    from inspector.app import build

    window = build(["--demo"])
    qtbot.addWidget(window)
    assert isinstance(window, MainWindow)
    for name in ("customerSearch", "customerTree", "detailPane", "openUpdateQuantity", "errorBanner", "rawJson"):
        assert window.findChild(QObject, name) is not None, name
    with qtbot.waitSignal(window.settled, timeout=WAIT):  # it starts once the loop runs
        pass
    assert window.customer_view.model.root is not None
    assert window.customer_view.model.root.label == "Nordlicht Logistik GmbH"
    window.close()


def test_a_real_key_typed_in_the_demo_says_to_add_an_api_key(qtbot: Any, open_window: OpenWindow) -> None:
    window = open_window(key=None)
    assert window.session.demo
    error = look_up(qtbot, window, "cust-real-customer-1", signal="lookupFailed")
    assert error.status_code == 404
    assert window.error_banner.text.startswith(  # the demo customer stays, said to be another one
        "Showing cust-nordlicht-7f3k — cust-real-customer-1 failed: The built-in demo has no customer with this key."
    )
    assert window.error_banner.key_button.isVisible()
    assert window.customer_view.model.root is not None
    assert window.customer_view.model.root.label == "Nordlicht Logistik GmbH"  # kept


def _open_search(window: MainWindow, term: str = "") -> Any:
    window.searches.open(term)
    dialog = window.searches.dialog
    assert dialog is not None
    return dialog


def test_find_a_customer_by_email_and_open_it(qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox) -> None:
    window = open_window()
    dialog = _open_search(window)
    dialog.field.setText("NORDLICHT-logistik.de")  # part of an email, any case
    with qtbot.waitSignal(window.session.searchAnswered, timeout=WAIT):
        pass  # typed: it searches after a short pause
    assert "search_term=NORDLICHT-logistik.de" in fake.requests[-1].raw_path
    assert dialog.results.topLevelItemCount() == 1
    assert dialog.results.topLevelItem(0).text(0) == "Nordlicht Logistik GmbH"
    assert dialog.status.text() == "1 match."
    with qtbot.waitSignal(window.customerShown, timeout=WAIT) as blocker:
        dialog.open_button.click()
    assert blocker.args[0].customer_key == "cust-nordlicht-7f3k"
    assert window.searches.dialog is None


def test_search_says_when_nothing_matches_and_when_it_fails(
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox
) -> None:
    window = open_window()
    dialog = _open_search(window, "zzz-nobody")
    with qtbot.waitSignal(window.session.searchAnswered, timeout=WAIT):
        pass
    assert dialog.status.text() == "No customer matches."
    assert not dialog.open_button.isEnabled()
    fake.fail("status", status=401)
    dialog.field.setText("uppender")
    with qtbot.waitSignal(window.session.searchAnswered, timeout=WAIT):
        pass
    assert "did not accept the API key" in dialog.status.text()
    dialog.reject()


def test_unknown_key_offers_a_search(qtbot: Any, open_window: OpenWindow) -> None:
    window = open_window()
    look_up(qtbot, window, "uppender", signal="lookupFailed")
    assert window.error_banner.search_button.isVisible()
    with qtbot.waitSignal(window.session.searchAnswered, timeout=WAIT):
        window.error_banner.search_button.click()  # searches for what was typed
    dialog = window.searches.dialog
    assert dialog is not None
    assert dialog.field.text() == "uppender"
    first = dialog.results.topLevelItem(0)
    assert first is not None
    assert first.text(1) == "cust-mljp3ra6ffjm"
    dialog.reject()


def test_search_works_in_the_demo(qtbot: Any, open_window: OpenWindow) -> None:
    window = open_window(key=None)
    dialog = _open_search(window, "lala")
    with qtbot.waitSignal(window.session.searchAnswered, timeout=WAIT):
        pass
    assert dialog.results.topLevelItem(0).text(0) == "Uppender Lala"
    dialog.reject()


def test_a_huge_answer_is_cut_in_the_raw_view_and_saved_whole(
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    from tests.support.fake_metrifox import large_customer

    fake.customers["cust-large-0001"] = large_customer(products=40, history=40)
    window = open_window()
    look_up(qtbot, window, "cust-large-0001")
    window.customer_view.tabs.setCurrentWidget(window.customer_view.raw_view)
    qtbot.waitUntil(
        lambda: window.customer_view.raw_view.cut_note.isVisibleTo(window.customer_view.raw_view), timeout=WAIT
    )
    assert len(window.customer_view.raw_view.text()) <= 2_000_002
    assert "million are shown here (find searches all of it)" in window.customer_view.raw_view.cut_label.text()
    target = tmp_path / "whole.json"
    window.answers.save_path = lambda _parent, _title, _name: str(target)
    window.customer_view.raw_view.save_button.click()
    from inspector.api.saved import read_saved

    saved = read_saved(target)
    assert saved.details.raw_json == fake.customers["cust-large-0001"]  # Metrifox's bytes, as received
    assert saved.fetched_at is not None
    assert saved.host == "127.0.0.1"
