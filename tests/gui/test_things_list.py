"""The things-to-check list's height: its rows' up to a cap, measured only as far as the cap (a large account
has hundreds of wrapped sentences; measuring each froze the turn that shows the customer)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QListView

from inspector.ui.things_list import MOST_HEIGHT, fitted_height, things_list


def test_the_list_is_as_tall_as_its_rows_up_to_the_cap(qtbot: Any) -> None:
    things = things_list()
    qtbot.addWidget(things)
    things.resize(900, MOST_HEIGHT)
    things.show()
    things.addItems(["⚠  One thing to check.", "⚠  Another."])
    rows = things.sizeHintForRow(0) + things.sizeHintForRow(1)
    assert rows > 0
    assert fitted_height(things) == 2 * things.frameWidth() + 6 + rows
    things.addItems([f"⚠  Thing {n}." for n in range(300)])
    assert fitted_height(things) == MOST_HEIGHT
    assert things.layoutMode() is QListView.LayoutMode.Batched  # laid out a batch per turn, not 300 at once
