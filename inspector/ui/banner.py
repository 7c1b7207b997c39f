"""An inline banner above the tree: one sentence and the actions that help (never a modal dialog)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QToolButton, QWidget

from inspector.present import messages
from inspector.ui.text import plain_label, wrap_api_text

_TONES = {
    "error": ("#fdecea", "#e8b4ae", "#7a1d14"),
    "warning": ("#fff6e0", "#ecd08f", "#6b4a00"),
    "info": ("#e8f1fd", "#b6cdf0", "#1d3f73"),
}


class Banner(QFrame):
    retryRequested = Signal()
    setKeyRequested = Signal()
    searchRequested = Signal()

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 8, 8)
        layout.setSpacing(8)
        self.icon = plain_label()
        self.message = plain_label()
        self.message.setObjectName(f"{object_name}Message")
        wrap_api_text(self.message)
        self.retry_button = QPushButton("Retry")
        self.retry_button.setObjectName(f"{object_name}Retry")
        self.key_button = QPushButton("Set API key…")
        self.key_button.setObjectName(f"{object_name}SetKey")
        self.search_button = QPushButton("Search by name or email…")
        self.search_button.setObjectName(f"{object_name}Search")
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setToolTip("Dismiss")
        self.close_button.setAutoRaise(True)
        layout.addWidget(self.icon)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.search_button)
        layout.addWidget(self.retry_button)
        layout.addWidget(self.key_button)
        layout.addWidget(self.close_button)
        self.retry_button.clicked.connect(self.retryRequested)
        self.key_button.clicked.connect(self.setKeyRequested)
        self.search_button.clicked.connect(self.searchRequested)
        self.close_button.clicked.connect(self.hide)
        self.hide()

    def show_message(
        self, text: str, *, tone: str = "error", retry: bool = False, set_key: bool = False, search: bool = False
    ) -> None:
        background, border, foreground = _TONES[tone]
        self.setStyleSheet(
            f"#{self.objectName()} {{ background: {background}; border: 1px solid {border}; border-radius: 6px; }}"
            f"#{self.objectName()} QLabel {{ color: {foreground}; }}"
        )
        self.icon.setText({"error": "⚠", "warning": "⚠", "info": "ℹ"}[tone])
        self.message.setText(text)
        self.retry_button.setVisible(retry)
        self.key_button.setVisible(set_key)
        self.search_button.setVisible(search)
        self.show()

    def show_banner(self, banner: messages.Banner | None) -> None:
        """Show what present/messages.py decided (None: hide)."""
        if banner is None:
            self.hide()
        else:
            self.show_message(
                banner.sentence, tone=banner.tone, retry=banner.retry, set_key=banner.set_key, search=banner.search
            )

    @property
    def text(self) -> str:
        return self.message.text() if self.isVisible() else ""
