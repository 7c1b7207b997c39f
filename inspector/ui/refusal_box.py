"""A refusal said in a message box, for a start that has no console to write it to (a windowed exe, or a link
clicked in a browser): its standard error goes nowhere, and no window opens to say it."""

from __future__ import annotations


def show_refusal(sentence: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    from inspector import APP_NAME
    from inspector.ui.startup import application

    application()
    QMessageBox.warning(None, APP_NAME, sentence)
