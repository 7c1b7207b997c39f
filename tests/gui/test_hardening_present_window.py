"""Hostile and odd data in what is shown and printed (issue: Hardening). Each test failed before its fix."""

from __future__ import annotations

from typing import Any

from inspector.present.nodes import Node, NodeKind
from tests.support.documents import example_document as _example
from tests.support.documents import first_subscription as _subscription
from tests.support.documents import serve as _serve
from tests.support.fake_metrifox import FakeMetrifox
from tests.support.windows import OpenWindow, look_up

KEY = "cust-mljp3ra6ffjm"


def test_the_window_offers_no_button_for_a_backslash_host(
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox
) -> None:
    link = "https://evil.example\\.metrifox.com/update-quantity/1"
    _serve(fake, _example(lambda d: _subscription(d).update(update_quantity_link=link)))
    window = open_window()
    look_up(qtbot, window, KEY)
    subscription = next(n for _, n in window.customer_view.model.root.walk() if n.kind is NodeKind.SUBSCRIPTION)  # type: ignore[union-attr]
    window.customer_view.select_node(subscription)
    assert not window.customer_view.details.open_button.isEnabled()
    assert not window.customer_view.details.copy_button.isEnabled()
    window.answers.open_link(link)  # even if asked directly
    assert window.opened == []  # type: ignore[attr-defined]


# ---- numbers beyond sane bounds ------------------------------------------------------------------
def test_a_very_long_name_neither_crashes_nor_widens_the_window(
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox
) -> None:
    long_name = "Very Long Company Name " * 100_000  # 2.3 MB
    _serve(fake, _example(lambda d: d.update(display_name=long_name)))
    window = open_window()
    width = window.width()
    look_up(qtbot, window, KEY)
    qtbot.waitUntil(window.customer_view.tree.isVisible, timeout=5000)  # laid out
    assert window.width() == width
    assert window.customer_view.header.sizeHint().width() < 2000
    assert len(window.customer_view.header.name_label.text()) <= 150
    assert len(window.windowTitle()) < 120
    root: Node = window.customer_view.model.root  # type: ignore[assignment]
    assert len(window.customer_view.model.data(window.customer_view.model.index(0, 0))) <= 150
    window.customer_view.select_node(root)
    cells = [
        window.customer_view.details.table.item(r, 1) for r in range(window.customer_view.details.table.rowCount())
    ]
    name_cell = next(c for c in cells if c is not None and c.text().startswith("Very Long"))
    assert len(name_cell.text()) < 20_100
    assert "more characters" in name_cell.text()
    assert name_cell.data(0x0100 + 1) == long_name  # Copy value copies all of it


# ---- raw facts in words --------------------------------------------------------------------------
