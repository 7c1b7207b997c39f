"""Enter does a dialog's main action from any field in it: some fields (a text preview, a spin box, an
editable combo box) take the key for themselves, so the dialog's default button never hears it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

_ENTER = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter})


class _EnterActs(QObject):
    def __init__(self, action: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._action = action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _ENTER
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self._action()
            return True
        return super().eventFilter(watched, event)


def enter_runs(action: Callable[[], None], *widgets: QWidget) -> None:
    """Enter (without Shift, Ctrl or Alt) in any of ``widgets`` runs ``action`` instead of the widget's own use."""
    for widget in widgets:
        widget.installEventFilter(_EnterActs(action, widget))
