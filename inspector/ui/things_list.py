"""The things-to-check list: wrapped sentences on the warning colours, laid out a batch at a time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QWidget

from inspector.ui.colors import warning_panel
from inspector.ui.text import plain_tooltip

if TYPE_CHECKING:
    from inspector.present.hints import Hint

MOST_HEIGHT = 110  # px: a few sentences show, then the list scrolls
# Rows made in the turn that shows the things (more than ever fit), then this many a turn: making hundreds of
# rows at once held the window for tens of milliseconds.
THINGS_AT_ONCE = 30
THINGS_PER_TURN = 60


def things_list(parent: QWidget | None = None) -> QListWidget:
    things = QListWidget(parent)
    things.setObjectName("thingsToCheck")
    things.setMaximumHeight(MOST_HEIGHT)
    things.setToolTip("Click one to go to its row")
    # Long sentences wrap: a horizontal scroll bar would hide the last line and paint a bright strip.
    things.setWordWrap(True)
    # A batch of rows laid out per turn of the event loop: hundreds of wrapped rows at once froze the window
    # in the turn that shows a large customer.
    things.setLayoutMode(QListView.LayoutMode.Batched)
    things.setBatchSize(25)
    things.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    back, border, text = warning_panel(things.palette())  # follows the palette: no bright block when dark
    things.setStyleSheet(
        f"#thingsToCheck {{ background: {back}; border: 1px solid {border}; border-radius: 6px; color: {text}; }}"
    )
    return things


def fitted_height(things: QListWidget) -> int:
    """The list's height: its rows', up to MOST_HEIGHT (then it scrolls). Only the rows that fit are measured:
    a wrapped row's height means laying its text out, and a large account has hundreds of things."""
    height = 2 * things.frameWidth() + 6
    for row in range(things.count()):
        height += max(things.sizeHintForRow(row), 0)
        if height >= MOST_HEIGHT:
            return MOST_HEIGHT
    return height


def add_things(things: QListWidget, found: Sequence[Hint], note: Callable[[Hint], str | None]) -> None:
    """A row per thing to check: its sentence, the row it is about (and the section's row, if any) for a click,
    and as tooltip what ``note`` says more about it, else the sentence."""
    for hint in found:
        item = QListWidgetItem(f"⚠  {hint.sentence}")
        item.setData(Qt.ItemDataRole.UserRole, hint.json_path)
        item.setData(Qt.ItemDataRole.UserRole + 1, hint.row)
        item.setToolTip(plain_tooltip(note(hint) or hint.sentence))
        things.addItem(item)
