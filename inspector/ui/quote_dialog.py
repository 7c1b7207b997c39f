"""What would N cost? A quantity of one feature, priced by Metrifox on the customer's plan. The dialog only
asks; the window asks Metrifox and hands back the answer in words."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from inspector.present.quotes import QuoteWords
from inspector.ui.colors import secondary_text, tone_text
from inspector.ui.dialog_parts import action_and_close, quantity_box
from inspector.ui.keys import enter_runs
from inspector.ui.text import plain_label, wrap_api_text


class QuoteDialog(QDialog):
    quoteRequested = Signal(int)  # the quantity

    def __init__(self, customer: str, feature: str, quantity: int = 1000, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quoteDialog")
        self.setWindowTitle("What would it cost?")
        self.setMinimumWidth(500)
        layout = QVBoxLayout(self)
        intro = plain_label(
            f"What would a quantity of {feature} cost {customer} on their plan? Metrifox works it out from the "
            "plan's prices, tier by tier."
        )
        wrap_api_text(intro)
        layout.addWidget(intro)
        form = QFormLayout()
        self.quantity = quantity_box("quoteQuantity", quantity, grouped=True)
        form.addRow("Quantity", self.quantity)
        layout.addLayout(form)
        self.answer_label: QLabel = plain_label(selectable=True)
        self.answer_label.setObjectName("quoteAnswer")
        wrap_api_text(self.answer_label)
        self.tiers_label: QLabel = plain_label(selectable=True)
        self.tiers_label.setObjectName("quoteTiers")
        wrap_api_text(self.tiers_label)
        self.tiers_label.setStyleSheet(f"color: {secondary_text(self.palette())};")
        self.tiers_label.hide()
        layout.addWidget(self.answer_label)
        layout.addWidget(self.tiers_label)
        buttons, self.ask_button = action_and_close(self, "Ask Metrifox", "askQuoteButton", self._ask)
        layout.addWidget(buttons)
        enter_runs(self._ask, self.quantity)  # Enter in the quantity box asks

    def _ask(self) -> None:
        self.quantity.interpretText()  # what is typed counts, even before the box has taken it
        self.ask_button.setEnabled(False)
        self._say("Asking Metrifox…", None)
        self.tiers_label.hide()
        self.quoteRequested.emit(self.quantity.value())

    def show_quote(self, words: QuoteWords) -> None:
        self.ask_button.setEnabled(True)
        self._say(words.sentence, "strong")
        self.tiers_label.setText(words.tiers)
        self.tiers_label.setVisible(bool(words.tiers))

    def show_problem(self, sentence: str, *, final: bool = False) -> None:
        """One sentence; ``final``: nothing more can be asked here (the plan has no finance API)."""
        self.ask_button.setEnabled(not final)
        self.quantity.setEnabled(not final)
        self.tiers_label.hide()
        self._say(sentence, "error")

    def _say(self, sentence: str, tone: str | None) -> None:
        if tone == "error":
            colour = tone_text(self.palette(), "error")
        elif tone is None:
            colour = secondary_text(self.palette())
        else:
            colour = self.palette().windowText().color().name()
        font = QFont(self.answer_label.font())
        font.setBold(tone is not None)
        self.answer_label.setFont(font)
        self.answer_label.setStyleSheet(f"color: {colour};")
        self.answer_label.setText(sentence)
