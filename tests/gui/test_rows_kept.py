"""F5 keeps a row selected inside a section, and a hint selects the exact row it is about, opening its
section first (issue 18.15) — on the model rule that rows change on a later turn, never inside Qt's call."""

from __future__ import annotations

from typing import Any

from inspector.present.nodes import Node, NodeKind
from inspector.ui.main_window import MainWindow
from tests.support.fake_metrifox import EXAMPLE_SUBSCRIPTION
from tests.support.windows import EXAMPLE_KEY, WAIT, OpenWindow, look_up


def _invoices(window: MainWindow) -> Node:
    root = window.customer_view.model.root
    assert root is not None
    return next(
        n
        for n in root.walk_built()
        if n.kind is NodeKind.SECTION and (n.section, n.subject) == ("invoices", EXAMPLE_SUBSCRIPTION)
    )


def _selected(window: MainWindow) -> Node | None:
    return window.customer_view.details.node


def test_f5_keeps_the_invoice_row_selected(qtbot: Any, open_window: OpenWindow) -> None:
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)
    invoices = _invoices(window)
    window.customer_view.tree.expand(window.customer_view.model.createIndex(invoices.row, 0, invoices))
    qtbot.waitUntil(lambda: invoices.state == "loaded" and len(invoices.children) == 2, timeout=WAIT)
    window.customer_view.select_node(invoices.children[1])  # INV-0002
    with qtbot.waitSignal(window.customerShown, timeout=WAIT):
        window.session.retry()  # F5
    qtbot.waitUntil(lambda: (n := _selected(window)) is not None and n.label == "INV-0002", timeout=WAIT)
    selected = _selected(window)
    assert selected is not None
    assert selected is not invoices.children[1]  # the newer answer's row
    assert selected.parent is _invoices(window)


def test_a_hint_about_an_invoice_selects_that_invoice(qtbot: Any, open_window: OpenWindow) -> None:
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)
    things = window.customer_view.things
    overdue = next(things.item(i) for i in range(things.count()) if "was due" in things.item(i).text())
    assert _invoices(window).state == ""  # not opened yet
    things.itemClicked.emit(overdue)
    qtbot.waitUntil(lambda: (n := _selected(window)) is not None and n.label == "INV-0003", timeout=WAIT)
    assert window.customer_view.details.kind_label.text() == "Invoice"


def test_another_customer_never_paints_beside_the_row_of_the_one_before(qtbot: Any, open_window: OpenWindow) -> None:
    """The tree's selection comes on a later turn (after the first paint): until then the details pane is
    empty, not the customer before's row."""
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)
    window.customer_view.select_node(_invoices(window))
    assert _selected(window) is not None
    at_first_paint: list[Node | None] = []
    window.session.customerLoaded.connect(lambda _loaded: at_first_paint.append(_selected(window)))
    look_up(qtbot, window, "cust-nordlicht-7f3k")
    assert at_first_paint == [None]
    selected = _selected(window)
    assert selected is not None
    assert selected.kind is NodeKind.CUSTOMER
