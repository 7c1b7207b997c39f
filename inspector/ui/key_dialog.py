"""Enter, test, save or forget the API key of a profile. The dialog only asks; the window does the work."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.ui.colors import secondary_text, tone_text
from inspector.ui.text import plain_label, wrap_api_text


class KeyDialog(QDialog):
    testRequested = Signal(str)
    saveRequested = Signal(str)
    forgetRequested = Signal()

    def __init__(
        self,
        profile: str,
        base_url: str,
        storage_note: str,
        *,
        env_note: str = "",
        has_saved_key: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("keyDialog")
        self.setWindowTitle("Metrifox API key")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = plain_label(
            f"API key for the profile “{profile}” ({base_url}).\n"
            "Find it in the Metrifox app under Settings → Developers."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        row = QHBoxLayout()
        self.key_field = QLineEdit()
        self.key_field.setObjectName("apiKeyField")
        self.key_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_field.setPlaceholderText("Paste your API key")
        self.key_field.textChanged.connect(self._update_buttons)
        self.show_box = QCheckBox("Show")
        self.show_box.toggled.connect(
            lambda shown: self.key_field.setEchoMode(
                QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
            )
        )
        row.addWidget(self.key_field, 1)
        row.addWidget(self.show_box)
        layout.addLayout(row)

        self.storage_label = plain_label(storage_note)
        self.storage_label.setObjectName("keyStorageNote")
        self.storage_label.setWordWrap(True)
        self.storage_label.setStyleSheet(f"color: {secondary_text(self.palette())};")
        layout.addWidget(self.storage_label)
        if env_note:
            env_label = plain_label(env_note)
            env_label.setWordWrap(True)
            env_label.setStyleSheet(f"color: {tone_text(self.palette(), 'warning')};")
            layout.addWidget(env_label)

        self.result_label = plain_label()
        self.result_label.setObjectName("keyTestResult")
        wrap_api_text(self.result_label)
        layout.addWidget(self.result_label)

        buttons = QHBoxLayout()
        self.test_button = QPushButton("Test connection")
        self.test_button.setObjectName("testKey")
        self.forget_button = QPushButton("Forget key")
        self.forget_button.setObjectName("forgetKey")
        self.forget_button.setEnabled(has_saved_key)
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("saveKey")
        self.save_button.setDefault(True)
        cancel_button = QPushButton("Cancel")
        cancel_button.clicked.connect(self.reject)
        for button in (self.test_button, self.forget_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(cancel_button)
        buttons.addWidget(self.save_button)
        self.test_button.clicked.connect(self._test)
        self.save_button.clicked.connect(self._save)
        self.forget_button.clicked.connect(self.forgetRequested)
        layout.addLayout(buttons)
        self._update_buttons()

    def _key(self) -> str:
        return self.key_field.text().strip()

    def _update_buttons(self) -> None:
        has_key = bool(self._key())
        self.test_button.setEnabled(has_key)
        self.save_button.setEnabled(has_key)

    def _test(self) -> None:
        self.result_label.setStyleSheet(f"color: {secondary_text(self.palette())};")
        self.result_label.setText("Testing…")
        self.test_button.setEnabled(False)
        self.testRequested.emit(self._key())

    def _save(self) -> None:
        self.saveRequested.emit(self._key())

    def show_test_result(self, error_sentence: str | None) -> None:
        self.test_button.setEnabled(bool(self._key()))
        if error_sentence is None:
            self.result_label.setStyleSheet(f"color: {tone_text(self.palette(), 'success')};")
            self.result_label.setText("✓ Metrifox accepted this key.")
        else:
            self.result_label.setStyleSheet(f"color: {tone_text(self.palette(), 'error')};")
            self.result_label.setText(error_sentence)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter saves (the default button) only when there is a key to save.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self._key():
            return
        super().keyPressEvent(event)
