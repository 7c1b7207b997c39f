"""The tree model never frees a row Qt may still hold: selecting or scrolling to a row under a section that is
not loaded (or still loading) opens the section, and its rows change on a later turn, never inside Qt's call.
pytest-qt's model tester checks every change meanwhile; pytest-qt fails the test on any exception raised
inside a model method (a Qt virtual)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QAbstractItemView

from inspector.present.nodes import Node, NodeKind
from inspector.ui.main_window import MainWindow
from tests.support.fake_metrifox import FakeMetrifox
from tests.support.windows import EXAMPLE_KEY, WAIT, OpenWindow, look_up


def _sections(window: MainWindow) -> list[Node]:
    root = window.customer_view.model.root
    assert root is not None
    return [n for n in root.walk_built() if n.kind is NodeKind.SECTION]


def _visit_rows(window: MainWindow, section: Node) -> None:
    """Select each row under ``section`` and scroll to it, as a hint click, F5 or an accessibility client
    does. The test keeps no reference to the rows: Qt's index is all that points at them."""
    view = window.customer_view
    parent = view.model.createIndex(section.row, 0, section)
    for row in range(view.model.rowCount(parent)):
        index = view.model.index(row, 0, parent)
        if not index.isValid():
            break  # the rows changed under us (they may, on a later turn)
        view.tree.setCurrentIndex(index)  # expands the parent: the section opens inside this call
        view.tree.scrollTo(view.model.index(row, 0, parent), QAbstractItemView.ScrollHint.PositionAtCenter)


def test_every_row_under_unopened_and_loading_sections_can_be_selected(
    qtbot: Any, qtmodeltester: Any, open_window: OpenWindow, fake: FakeMetrifox
) -> None:
    window = open_window("--meter-url", fake.meter_url)
    look_up(qtbot, window, EXAMPLE_KEY)
    qtmodeltester.check(window.customer_view.model)
    fake.latency = 0.2  # sections stay "Loading…" for a while: their rows are visited in that state too
    # (the customer record came with the look-up: it is never "Loading…" when opened; visited below)
    sections = [s for s in _sections(window) if s.section != "record"]
    assert len(sections) >= 4
    for section in sections:
        _visit_rows(window, section)  # the "not loaded yet" row, made when first asked for
        qtbot.waitUntil(lambda s=section: [c.label for c in s.children] == ["Loading…"], timeout=WAIT)
        _visit_rows(window, section)  # the "Loading…" row, while the answer is on its way
    for section in sections:
        qtbot.waitUntil(lambda s=section: s.state in {"loaded", "failed"}, timeout=WAIT)
    qtbot.waitUntil(lambda: all([c.label for c in s.children] != ["Loading…"] for s in sections), timeout=WAIT)
    for section in _sections(window):  # the sections inside loaded ones (allocations), not opened yet
        _visit_rows(window, section)
    fake.latency = 0.0
