"""Send card link: why the customer needs one, then the link Metrifox made with Open, Copy and Email. The dialog
only shows and asks; the window asks Metrifox, opens, copies and mails."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from inspector.present.card_link import CardLinkNeed
from inspector.ui.colors import secondary_text, tone_text
from inspector.ui.keys import enter_runs
from inspector.ui.text import plain_label, plain_tooltip, wrap_api_text

ASKING = "Asking Metrifox for a link…"


class CardLinkDialog(QDialog):
    """Signals: openRequested(url), copyRequested(url, what), emailRequested(mailto URL), askAgain()."""

    openRequested = Signal(str)
    copyRequested = Signal(str, str)
    emailRequested = Signal(str)
    askAgain = Signal()

    def __init__(self, customer: str, need: CardLinkNeed, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cardLinkDialog")
        self.setWindowTitle("Send card link")
        self.setMinimumWidth(520)
        self.need = need
        self.url: str | None = None
        self.mail: str | None = None
        layout = QVBoxLayout(self)
        reason = plain_label(need.reason)
        reason.setObjectName("cardLinkReason")
        bold = QFont(reason.font())
        bold.setBold(True)
        reason.setFont(bold)
        wrap_api_text(reason)
        intro = plain_label(
            f"Metrifox makes a link where {customer} gives a card for {need.plan}. "
            "It is the customer's own page: send it to them, not to anyone else."
        )
        wrap_api_text(intro)
        intro.setStyleSheet(f"color: {secondary_text(self.palette())};")
        self.status_label: QLabel = plain_label(ASKING)
        self.status_label.setObjectName("cardLinkStatus")
        wrap_api_text(self.status_label)
        self.link_label: QLabel = plain_label(selectable=True)
        self.link_label.setObjectName("cardLink")
        self.link_label.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        wrap_api_text(self.link_label)
        self.link_label.hide()
        for widget in (reason, intro, self.status_label, self.link_label):
            layout.addWidget(widget)
        actions = QHBoxLayout()
        self.open_button = QPushButton("Open")
        self.open_button.setObjectName("openCardLink")
        self.copy_button = QPushButton("Copy link")
        self.copy_button.setObjectName("copyCardLink")
        self.email_button = QPushButton("Email to customer…")
        self.email_button.setObjectName("emailCardLink")
        self.again_button = QPushButton("Try again")
        self.again_button.setObjectName("askCardLinkAgain")
        self.again_button.hide()
        self.open_button.clicked.connect(lambda: self.url is not None and self.openRequested.emit(self.url))
        self.copy_button.clicked.connect(self._copy)
        self.email_button.clicked.connect(lambda: self.mail is not None and self.emailRequested.emit(self.mail))
        self.again_button.clicked.connect(self._again)
        for button in (self.open_button, self.copy_button, self.email_button, self.again_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.copy_button.setDefault(True)
        enter_runs(self._copy, self.link_label)  # Enter copies the link (the main action)
        self._show_buttons()

    def _copy(self) -> None:
        if self.url is not None:  # only the link: it is the customer's, and nothing else goes with it
            self.copyRequested.emit(self.url, "card link")

    def _again(self) -> None:
        self.asking()
        self.askAgain.emit()

    def asking(self) -> None:
        self.url = self.mail = None
        self.link_label.hide()
        self.again_button.hide()
        self._say(ASKING, None)
        self._show_buttons()

    def show_link(self, url: str, mail: str | None, mail_tooltip: str) -> None:
        self.url, self.mail = url, mail
        self.link_label.setText(url)
        self.link_label.show()
        self._say("Metrifox made this link for the customer:", "success")
        self.email_button.setToolTip(plain_tooltip(mail_tooltip))
        self._show_buttons()

    def show_problem(self, sentence: str) -> None:
        """One sentence: what went wrong, or why the link Metrifox sent is not offered."""
        self.url = self.mail = None
        self.link_label.hide()
        self.again_button.show()
        self._say(sentence, "error")
        self._show_buttons()

    def _say(self, sentence: str, tone: str | None) -> None:
        colour = tone_text(self.palette(), tone) if tone else secondary_text(self.palette())
        self.status_label.setStyleSheet(f"color: {colour}; font-weight: {'600' if tone == 'error' else '400'};")
        self.status_label.setText(sentence)

    def _show_buttons(self) -> None:
        for button in (self.open_button, self.copy_button):
            button.setEnabled(self.url is not None)
            button.setToolTip(plain_tooltip(self.url or ""))
        self.email_button.setEnabled(self.mail is not None)
