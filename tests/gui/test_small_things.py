"""Small things that mislead (issue 18.19): a search match shows what matched; Ctrl+C on a tree row copies
its name, status and summary."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from inspector.present.nodes import NodeKind
from tests.support.windows import EXAMPLE_KEY, WAIT, OpenWindow, look_up


def test_a_search_match_shows_the_address_that_matched(qtbot: Any, open_window: OpenWindow) -> None:
    window = open_window()
    window.searches.open("rechnungen@")
    dialog = window.searches.dialog
    assert dialog is not None
    with qtbot.waitSignal(window.session.searchAnswered, timeout=WAIT):
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.results.topLevelItemCount() == 1, timeout=WAIT)
    item = dialog.results.topLevelItem(0)
    assert item is not None
    assert item.text(2) == "rechnungen@nordlicht-logistik.de"  # the billing address, not the primary one
    dialog.reject()


def test_ctrl_c_on_a_tree_row_copies_its_name_status_and_summary(qtbot: Any, open_window: OpenWindow) -> None:
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)
    root = window.customer_view.model.root
    assert root is not None
    subscription = next(n for _, n in root.walk() if n.kind is NodeKind.SUBSCRIPTION)
    window.customer_view.select_node(subscription)
    QGuiApplication.clipboard().setText("")
    window.customer_view.tree.setFocus()
    qtbot.keyClick(window.customer_view.tree, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith(f"{subscription.label} — active — ")
    assert copied.endswith(subscription.summary)


def test_the_email_offered_is_signed_with_the_company_set_in_the_profile(
    qtbot: Any, open_window: OpenWindow
) -> None:
    from urllib.parse import parse_qs, urlsplit

    window = open_window()
    window.session.set_company("Acme Billing")
    look_up(qtbot, window, EXAMPLE_KEY)
    root = window.customer_view.model.root
    assert root is not None
    window.customer_view.select_node(next(n for _, n in root.walk() if n.kind is NodeKind.SUBSCRIPTION))
    window.customer_view.details.email_button.click()
    (opened,) = window.opened  # type: ignore[attr-defined]
    body = parse_qs(urlsplit(opened).query)["body"][0]
    assert body.endswith("Best regards,\r\nAcme Billing")
