"""The support summary, previewed before it goes to the clipboard: plain text or Markdown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from inspector.ui.keys import enter_runs


class SummaryDialog(QDialog):
    copyRequested = Signal(str)

    def __init__(self, make_text: Callable[[bool, bool], str], parent: QWidget | None = None) -> None:
        """``make_text(markdown, with_ids)`` gives the summary in the form chosen."""
        super().__init__(parent)
        self.setObjectName("summaryDialog")
        self.setWindowTitle("Support summary")
        self.resize(640, 560)
        self._make_text = make_text
        layout = QVBoxLayout(self)
        choices = QHBoxLayout()
        self.plain = QRadioButton("Plain text")
        self.plain.setChecked(True)
        self.markdown = QRadioButton("Markdown")
        self.with_ids = QCheckBox("Include internal IDs")
        for widget in (self.plain, self.markdown, self.with_ids):
            choices.addWidget(widget)
            widget.toggled.connect(self._refresh)
        choices.addStretch(1)
        layout.addLayout(choices)
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("summaryPreview")
        self.preview.setReadOnly(True)
        self.preview.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        layout.addWidget(self.preview, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton("Copy", QDialogButtonBox.ButtonRole.AcceptRole)
        self.copy_button.setObjectName("copySummaryButton")
        self.copy_button.setDefault(True)
        self.copy_button.clicked.connect(lambda: self.copyRequested.emit(self.preview.toPlainText()))
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        enter_runs(self.copy_button.click, self.preview, self.plain, self.markdown, self.with_ids)  # Enter copies
        self._refresh()

    def _refresh(self) -> None:
        self.preview.setPlainText(self._make_text(self.markdown.isChecked(), self.with_ids.isChecked()))
