"""Guards against Qt-binding bugs this app would meet: PySide6 6.12.0 dropped a reference to None on every
Python data() override returning None, which crashed the window after a few thousand paints."""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import Qt

from inspector.api.demo import demo_client
from inspector.present.tree import build_tree
from inspector.ui.customer_model import CustomerTreeModel


def test_data_returning_none_keeps_reference_counts(qtbot: Any) -> None:
    with demo_client() as client:
        tree = build_tree(client.customer_details("cust-nordlicht-7f3k"))
    model = CustomerTreeModel()
    model.set_root(tree)
    index = model.index(0, 0)
    before = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(2000):
        assert index.data(Qt.ItemDataRole.DecorationRole) is None  # through C++, as a view asks
        index.data(Qt.ItemDataRole.DisplayRole)
        model.hasChildren(index)
    after = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    assert all(abs(a - b) < 100 for a, b in zip(after, before, strict=True)), (before, after)
