"""The menu bar, built from a plain description: menu titles, their items and shortcuts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

Shortcut = QKeySequence.StandardKey | str | None


@dataclass(frozen=True)
class MenuItem:
    text: str
    slot: Callable[[], Any]
    shortcut: Shortcut = None


def build_menus(
    window: QMainWindow, menus: dict[str, list[MenuItem | None]], existing: dict[str, QMenu] | None = None
) -> dict[str, QAction]:
    """Add the menus (None is a separator), filling those of ``existing`` that have the same title (the
    frame's, already on screen); returns each action by its text without "&" and "…"."""
    actions: dict[str, QAction] = {}
    for title, items in menus.items():
        menu = (existing or {}).get(title) or window.menuBar().addMenu(title)
        for item in items:
            if item is None:
                menu.addSeparator()
                continue
            action = QAction(item.text, window)
            if item.shortcut is not None:
                action.setShortcut(QKeySequence(item.shortcut))
            action.triggered.connect(lambda _checked=False, slot=item.slot: slot())
            menu.addAction(action)
            actions[item.text.replace("&", "").rstrip("…")] = action
    return actions
