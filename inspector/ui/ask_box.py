"""The detail pane's questions for Metrifox about the selected row: "Send card link…" where the card is missing
or expires before the next bill, "What would N cost?…" on a usage feature. Shows and asks; decides nothing."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QWidget

from inspector.present.card_link import CardLinkNeed
from inspector.present.quotes import QuoteFeature
from inspector.ui.colors import secondary_text
from inspector.ui.text import plain_label, plain_tooltip, wrap_api_text


class AskBox(QFrame):
    """Signals: cardLinkRequested(CardLinkNeed), quoteRequested(QuoteFeature)."""

    cardLinkRequested = Signal(object)
    quoteRequested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("askBox")
        self.setStyleSheet(
            "#askBox { border: 1px solid palette(midlight); border-radius: 6px; background: palette(base); }"
        )
        self.need: CardLinkNeed | None = None
        self.feature: QuoteFeature | None = None
        #: Why quotes cannot be asked (the tenant has no finance API), set by the window; None: they can.
        self.quote_unavailable: str | None = None
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 8, 10, 8)
        self.card_button = QPushButton("Send card link…")
        self.card_button.setObjectName("sendCardLink")
        self.card_button.clicked.connect(lambda: self.need is not None and self.cardLinkRequested.emit(self.need))
        self.card_reason = self._note()
        self.quote_button = QPushButton("What would N cost?…")
        self.quote_button.setObjectName("askQuote")
        self.quote_button.clicked.connect(lambda: self.feature is not None and self.quoteRequested.emit(self.feature))
        self.quote_note = self._note()
        grid.addWidget(self.card_button, 0, 0)
        grid.addWidget(self.card_reason, 0, 1)
        grid.addWidget(self.quote_button, 1, 0)
        grid.addWidget(self.quote_note, 1, 1)
        grid.setColumnStretch(1, 1)
        self.show_asks(None, None)

    def _note(self) -> QLabel:
        label = plain_label()
        wrap_api_text(label)
        label.setStyleSheet(f"color: {secondary_text(self.palette(), self.palette().color(QPalette.ColorRole.Base))};")
        return label

    def show_asks(self, need: CardLinkNeed | None, feature: QuoteFeature | None) -> None:
        self.need, self.feature = need, feature
        self.card_button.setVisible(need is not None)
        self.card_reason.setVisible(need is not None)
        self.card_reason.setText(need.reason if need is not None else "")
        self.quote_button.setVisible(feature is not None)
        blocked = self.quote_unavailable
        self.quote_button.setEnabled(feature is not None and blocked is None)
        self.quote_note.setVisible(feature is not None)
        self.quote_note.setText(
            blocked or (f"Metrifox prices a quantity of {feature.name} on the customer's plan." if feature else "")
        )
        self.quote_button.setToolTip(plain_tooltip(blocked or "Ask Metrifox what a quantity would cost"))
        self.setVisible(need is not None or feature is not None)
