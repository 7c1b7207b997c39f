"""The raw JSON of the whole answer, read-only, with find (Ctrl+F): nothing the API sends is hidden."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from inspector.ui.text import plain_label


class RawJsonView(QWidget):
    saveRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("rawJson")
        self.editor.setReadOnly(True)
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.editor.setFont(mono)
        self.editor.setPlaceholderText("The raw answer from Metrifox appears here.")

        self.find_bar = QWidget()
        bar = QHBoxLayout(self.find_bar)
        bar.setContentsMargins(4, 0, 4, 0)
        self.find_field = QLineEdit()
        self.find_field.setObjectName("rawFind")
        self.find_field.setPlaceholderText("Find in JSON")
        self.find_field.setClearButtonEnabled(True)
        self.find_status = plain_label()
        previous = QToolButton()
        previous.setText("▲")
        previous.setToolTip("Previous match (Shift+Enter)")
        following = QToolButton()
        following.setText("▼")
        following.setToolTip("Next match (Enter)")
        close = QToolButton()
        close.setText("✕")
        close.setToolTip("Close (Esc)")
        bar.addWidget(self.find_field, 1)
        bar.addWidget(self.find_status)
        bar.addWidget(previous)
        bar.addWidget(following)
        bar.addWidget(close)
        self.find_bar.hide()
        self.cut_note = QWidget()
        note_row = QHBoxLayout(self.cut_note)
        note_row.setContentsMargins(4, 0, 4, 0)
        self.cut_label = plain_label()
        self.cut_label.setObjectName("rawCutNote")
        self.cut_label.setWordWrap(True)
        self.save_button = QPushButton("Save the whole answer…")
        self.save_button.setObjectName("saveRawJson")
        self.save_button.clicked.connect(self.saveRequested)
        note_row.addWidget(self.cut_label, 1)
        note_row.addWidget(self.save_button)
        self.cut_note.hide()
        layout.addWidget(self.find_bar)
        layout.addWidget(self.cut_note)
        layout.addWidget(self.editor, 1)

        self.find_field.returnPressed.connect(self.find_next)
        self.find_field.textChanged.connect(lambda _: self.find_next(from_start=True))
        following.clicked.connect(self.find_next)
        previous.clicked.connect(self.find_previous)
        close.clicked.connect(self.close_find)
        # Widget-scoped, so they do not clash with the window's Esc (cancel look-up).
        for sequence, slot in (
            (QKeySequence("Shift+Return"), self.find_previous),
            (QKeySequence(Qt.Key.Key_Escape), self.close_find),
        ):
            shortcut = QShortcut(sequence, self.find_field, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)

    def set_text(self, text: str, *, shown_of_total: tuple[int, int] | None = None) -> None:
        """Show ``text``; ``shown_of_total`` (characters shown, bytes in all) says it was cut."""
        self.editor.setPlainText(text)
        self.cut_note.setVisible(shown_of_total is not None)
        if shown_of_total is not None:
            shown, total = shown_of_total
            self.cut_label.setText(
                f"This answer is {total / 1e6:.1f} MB; the first {shown / 1e6:.1f} MB are shown here."
            )

    def text(self) -> str:
        return self.editor.toPlainText()

    def open_find(self) -> None:
        self.find_bar.show()
        self.find_field.setFocus()
        self.find_field.selectAll()

    def close_find(self) -> None:
        self.find_bar.hide()
        self.editor.setFocus()

    def find_next(self, *, from_start: bool = False) -> bool:
        return self._find(QTextDocument.FindFlag(0), from_start=from_start)

    def find_previous(self) -> bool:
        return self._find(QTextDocument.FindFlag.FindBackward)

    def _find(self, flags: QTextDocument.FindFlag, *, from_start: bool = False) -> bool:
        needle = self.find_field.text()
        if not needle:
            self.find_status.setText("")
            return False
        if from_start:
            cursor = self.editor.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start)
            self.editor.setTextCursor(cursor)
        found = self.editor.find(needle, flags)
        if not found:  # wrap around
            cursor = self.editor.textCursor()
            backward = bool(flags & QTextDocument.FindFlag.FindBackward)
            cursor.movePosition(cursor.MoveOperation.End if backward else cursor.MoveOperation.Start)
            self.editor.setTextCursor(cursor)
            found = self.editor.find(needle, flags)
        self.find_status.setText("" if found else "Not found")
        return found
