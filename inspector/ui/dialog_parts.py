"""Parts the small question dialogs share: a quantity box under the command line's rule, and a row with the
dialog's one action (the default button) beside Close."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QSpinBox

from inspector.present.quantity import MAX_QUANTITY, MIN_QUANTITY


def quantity_box(name: str, value: int = MIN_QUANTITY, *, grouped: bool = False) -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(MIN_QUANTITY, MAX_QUANTITY)  # the command line's rule too (--quantity, --quote)
    box.setGroupSeparatorShown(grouped)
    box.setValue(max(MIN_QUANTITY, min(value, MAX_QUANTITY)))
    return box


def action_and_close(
    dialog: QDialog, text: str, name: str, action: Callable[[], None]
) -> tuple[QDialogButtonBox, QPushButton]:
    """Close, and ``text`` as the default button running ``action``: (the row, that button)."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    button = QPushButton(text)
    button.setObjectName(name)
    button.setDefault(True)
    buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
    buttons.rejected.connect(dialog.reject)
    button.clicked.connect(action)
    return buttons, button
