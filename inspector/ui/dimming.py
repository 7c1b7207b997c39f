"""Dim a widget (a customer that is about to be replaced) without disabling it."""

from __future__ import annotations

from PySide6.QtWidgets import QGraphicsOpacityEffect, QWidget

DIMMED_OPACITY = 0.45


def set_dimmed(widget: QWidget, dimmed: bool) -> None:
    if dimmed:
        effect = QGraphicsOpacityEffect(widget)
        effect.setOpacity(DIMMED_OPACITY)
        widget.setGraphicsEffect(effect)
    else:
        widget.setGraphicsEffect(None)  # type: ignore[arg-type]  # Qt takes None: remove the effect

