"""Keyboard, the tree's context menu and the raw JSON view (issue: Hardening). Each failed before its fix."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from inspector.present.nodes import NodeKind
from inspector.present.raw import dumps_exact, format_raw_json, loads_exact
from inspector.settings import Settings
from tests.support.fake_metrifox import EXAMPLE, FakeMetrifox, large_customer
from tests.support.windows import EXAMPLE_KEY, WAIT, OpenWindow, look_up

EXACT = b'{"a": 99.90, "b": 12345678901234567890.12, "c": 100000000000000000000001, "d": 1e400, "e": -0.0}'


# ---- numbers exactly as sent ---------------------------------------------------------------------
def test_raw_text_keeps_every_number_as_sent() -> None:
    text = format_raw_json(EXACT).text
    for token in ("99.90", "12345678901234567890.12", "100000000000000000000001", "1e400", "-0.0"):
        assert f": {token}" in text
    assert json.loads(text)["a"] == 99.9  # still JSON


def test_forged_number_markers_stay_text() -> None:
    value = loads_exact(b'{"s": "\\u0000deadbeefdeadbeef1\\u0000", "n": 1.50}')
    out = dumps_exact(value, indent=None)
    assert json.loads(out)["s"] == "\x00deadbeefdeadbeef1\x00"
    assert '"n": 1.50' in out


def test_copy_as_json_keeps_numbers_as_sent(qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox) -> None:
    doc = EXAMPLE.read_bytes().replace(b'"next_billing_amount": 21', b'"next_billing_amount": 21.10')
    assert doc != EXAMPLE.read_bytes()
    fake.customers[EXAMPLE_KEY] = doc
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)
    subscription = next(n for _, n in window.customer_view.model.root.walk() if n.kind is NodeKind.SUBSCRIPTION)  # type: ignore[union-attr]
    with qtbot.waitSignal(window.copied, timeout=WAIT):
        window.answers.copy_node_json(subscription)
    assert '"next_billing_amount": 21.10' in QGuiApplication.clipboard().text()


# ---- the raw view: find covers everything, and it never stays on "Formatting…" ------------------
def test_find_reaches_past_the_first_two_megabytes(qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox) -> None:
    body = json.loads(large_customer(products=40, history=40))
    body["data"]["subscriptions"][-1]["product_name"] = "Needle-at-the-very-end"
    fake.customers["cust-large-0001"] = json.dumps(body).encode()
    window = open_window()
    look_up(qtbot, window, "cust-large-0001")
    window.answers.find_in_raw()
    qtbot.waitUntil(
        lambda: window.customer_view.raw_view.cut_note.isVisibleTo(window.customer_view.raw_view), timeout=WAIT
    )
    assert "needle-at-the-very-end" not in window.customer_view.raw_view.text().lower()
    window.customer_view.raw_view.find_field.setText("needle-AT-the-very-end")
    assert window.customer_view.raw_view.editor.textCursor().selectedText() == "Needle-at-the-very-end"
    assert window.customer_view.raw_view.find_status.text() == ""


def test_the_raw_view_never_stays_on_formatting(qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox) -> None:
    fake.customers["cust-large-0001"] = large_customer(products=40, history=40)
    window = open_window()
    look_up(qtbot, window, "cust-large-0001")
    window.customer_view.tabs.setCurrentWidget(window.customer_view.raw_view)  # formatting starts (it takes a while)
    assert window.customer_view.raw_view.text() == "Formatting…"
    look_up(qtbot, window, "cust-nobody", signal="lookupFailed")  # another look-up comes and fails
    qtbot.waitUntil(lambda: window.customer_view.raw_view.text() != "Formatting…", timeout=WAIT)
    assert '"customer_key": "cust-large-0001"' in window.customer_view.raw_view.text()


# ---- keyboard ------------------------------------------------------------------------------------
def test_escape_closes_the_find_bar_and_cancels_nothing(qtbot: Any, open_window: OpenWindow) -> None:
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)
    window.answers.find_in_raw()
    qtbot.waitUntil(
        lambda: window.customer_view.raw_view.find_field.hasFocus() or window.customer_view.raw_view.is_finding,
        timeout=WAIT,
    )
    window.customer_view.raw_view.find_field.setFocus()
    cancelled: list[str] = []
    window.session.lookupCancelled.connect(lambda key, _other: cancelled.append(key))
    qtbot.keyClick(window.customer_view.raw_view.find_field, Qt.Key.Key_Escape)  # Esc is handled inside this call
    assert not window.customer_view.raw_view.is_finding
    assert cancelled == []


def test_arrow_keys_in_the_key_field_never_look_up(
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox, tmp_path: Path
) -> None:
    settings = Settings(tmp_path / "recent.ini")
    for key in ("cust-nordlicht-7f3k", EXAMPLE_KEY):
        settings.add_recent_key("Production", key)
    window = open_window(settings=settings)
    before = len(fake.requests)
    window.lookup_bar.search.setFocus()
    started: list[str] = []
    window.session.lookupStarted.connect(lambda key, _other: started.append(key))
    for press in (Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Up):
        qtbot.keyClick(window.lookup_bar.search, press)  # a look-up would start inside these calls, if one did
    assert started == []
    assert len(fake.requests) == before
    assert not window.session.busy
    assert window.lookup_bar.search.text() in {"cust-nordlicht-7f3k", EXAMPLE_KEY}  # browsing fills the field
    with qtbot.waitSignal(window.customerShown, timeout=WAIT):
        qtbot.keyClick(window.lookup_bar.search, Qt.Key.Key_Return)  # Enter is the choice


def test_f5_keeps_the_selected_row(qtbot: Any, open_window: OpenWindow) -> None:
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)
    item = next(n for _, n in window.customer_view.model.root.walk() if n.kind is NodeKind.ITEM)  # type: ignore[union-attr]
    window.customer_view.select_node(item)
    with qtbot.waitSignal(window.customerShown, timeout=WAIT):
        window.session.retry()  # F5
    qtbot.waitUntil(
        lambda: (
            window.customer_view.details.node is not None and window.customer_view.details.node.kind is NodeKind.ITEM
        ),
        timeout=WAIT,
    )
    assert window.customer_view.details.node.json_path == item.json_path  # type: ignore[union-attr]
    assert window.customer_view.details.node is not item  # the new answer's row


def test_tab_leaves_the_field_table(qtbot: Any, open_window: OpenWindow) -> None:
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)
    assert not window.customer_view.details.table.tabKeyNavigation()


def test_the_tree_has_a_context_menu(qtbot: Any, open_window: OpenWindow) -> None:
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)
    assert window.customer_view.tree.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    subscription = next(n for _, n in window.customer_view.model.root.walk() if n.kind is NodeKind.SUBSCRIPTION)  # type: ignore[union-attr]
    actions = dict(window.customer_view.tree_menu_actions(subscription))
    assert {"Copy name", "Copy as JSON", "Open update-quantity page", "Copy update-quantity link"} <= set(actions)
    copy_link = actions["Copy update-quantity link"]
    assert copy_link is not None
    copy_link()
    assert QGuiApplication.clipboard().text().startswith("https://checkout.metrifox.com/")
    history = next(n for _, n in window.customer_view.model.root.walk() if n.kind is NodeKind.HISTORY_ENTRY)  # type: ignore[union-attr]
    assert "Open update-quantity page" not in dict(window.customer_view.tree_menu_actions(history))
