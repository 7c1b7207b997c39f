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

from inspector.present.raw import RAW_VIEW_LIMIT, RawText, window_of
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
        # Widget-scoped; Esc is the window's, which closes this bar first when it is open.
        shortcut = QShortcut(QKeySequence("Shift+Return"), self.find_field, self.find_previous)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self._full = ""  # the whole formatted answer when only part of it is shown
        self._full_folded = ""  # its lower-case twin, made on the first find beyond the shown part
        self._offset = 0  # where the shown part starts in the whole
        self._total_bytes = 0

    def set_text(self, text: str) -> None:
        """Show ``text`` (a message, or a small answer) in full."""
        self.set_raw(RawText(text, False, len(text)))

    def set_raw(self, raw: RawText) -> None:
        """Show a formatted answer; a cut one keeps its whole text so find covers all of it."""
        self._full = raw.full if raw.truncated else ""
        self._full_folded = ""
        self._total_bytes = raw.total_bytes
        self._show_from(0, raw.text)

    def _show_from(self, offset: int, text: str | None = None) -> None:
        self._offset = offset
        shown = text if text is not None else window_of(self._full, offset)
        self.editor.setPlainText(shown)
        self.cut_note.setVisible(bool(self._full))
        if self._full:
            start, end = offset / 1e6, (offset + len(shown)) / 1e6
            self.cut_label.setText(
                f"This answer is {self._total_bytes / 1e6:.1f} MB; characters {start:.1f}–{end:.1f} million"
                f" of {len(self._full) / 1e6:.1f} million are shown here (find searches all of it)."
            )

    @property
    def is_finding(self) -> bool:
        return self.find_bar.isVisible()

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
        backward = bool(flags & QTextDocument.FindFlag.FindBackward)
        if not found and self._full:
            found = self._find_beyond(needle, backward=backward)
        if not found:  # wrap around
            cursor = self.editor.textCursor()
            cursor.movePosition(cursor.MoveOperation.End if backward else cursor.MoveOperation.Start)
            self.editor.setTextCursor(cursor)
            found = self.editor.find(needle, flags)
        self.find_status.setText("" if found else "Not found")
        return found

    def _find_beyond(self, needle: str, *, backward: bool) -> bool:
        """Find in the part of the answer not shown; move the shown part to the match."""
        if not self._full_folded:
            self._full_folded = self._full.lower()
        folded = needle.lower()
        here = self._offset + self.editor.textCursor().position()
        if backward:
            hit = self._full_folded.rfind(folded, 0, max(0, here - len(folded)))
            if hit < 0:
                hit = self._full_folded.rfind(folded)
        else:
            hit = self._full_folded.find(folded, here)
            if hit < 0:
                hit = self._full_folded.find(folded)
        if hit < 0:
            return False
        line_start = self._full.rfind("\n", 0, max(0, hit - RAW_VIEW_LIMIT // 2)) + 1
        self._show_from(line_start)
        cursor = self.editor.textCursor()
        cursor.setPosition(hit - line_start)
        cursor.setPosition(hit - line_start + len(needle), cursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        return True
