"""The customer header: who this is, and the facts people copy most, each a click away from the clipboard."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QVBoxLayout, QWidget

from inspector.present.text import LABEL_CHARS, TOOLTIP_CHARS, cut_long, elide, reveal_bidi
from inspector.ui.colors import secondary_text, tone_text
from inspector.ui.text import ElidedLabel, plain_label, plain_tooltip

CHIP_CHARS = 40
CHIP_MIN_WIDTH = 48  # squeezed to this at most; the full value is in the tooltip and copied on click


class CopyChip(QToolButton):
    """A value shown as a flat button: click to copy it."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.value = ""
        self.setAutoRaise(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setMinimumWidth(CHIP_MIN_WIDTH)  # an explicit minimum: the text (from the API) never sets it

    def set_value(self, value: str | None) -> None:
        self.value = value or ""
        self.setVisible(bool(value))
        shown = elide(reveal_bidi(self.value), CHIP_CHARS)
        # QToolButton text is plain, but '&' would become a mnemonic: double it.
        self.setText(f"{self.label}: {shown}".replace("&", "&&"))
        full = f"\n{cut_long(reveal_bidi(self.value), TOOLTIP_CHARS)}" if shown != self.value else ""
        self.setToolTip(plain_tooltip(f"Click to copy the {self.label.lower()}{full}"))


class CustomerHeader(QWidget):
    copyRequested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customerHeader")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(2)
        top = QHBoxLayout()
        self.name_label = ElidedLabel()
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.name_label.setObjectName("customerName")
        font = QFont(self.name_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.name_label.setFont(font)
        self.fetched_label = plain_label()
        self.fetched_label.setObjectName("fetchedAt")
        self.fetched_label.setStyleSheet(f"color: {secondary_text(self.palette())};")
        self.things_label = plain_label()
        self.things_label.setObjectName("thingsToCheckCount")
        self.things_label.setStyleSheet(f"color: {tone_text(self.palette(), 'warning')}; font-weight: 600;")
        self.things_label.hide()
        top.addWidget(self.name_label, 1)
        top.addWidget(self.things_label, 0, Qt.AlignmentFlag.AlignBottom)
        top.addWidget(self.fetched_label, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(top)
        chips = QHBoxLayout()
        chips.setSpacing(0)
        self.chips = {
            name: CopyChip(label)
            for name, label in (
                ("key", "Key"),
                ("type", "Type"),
                ("email", "Email"),
                ("manager", "Account manager"),  # these two come with the customer record, after the details
                ("phone", "Phone"),
                ("currency", "Currency"),
                ("timezone", "Time zone"),
                ("products", "Products"),
            )
        }
        for chip in self.chips.values():
            chip.clicked.connect(lambda _=False, c=chip: self.copyRequested.emit(c.value, c.label.lower()))
            chips.addWidget(chip)
        chips.addStretch(1)
        layout.addLayout(chips)

    def show_customer(self, customer: object, fetched_at: datetime | None, *, stale: bool = False) -> None:
        name = reveal_bidi(getattr(customer, "title", ""))
        self.name_label.set_full_text(elide(name))
        self.name_label.setToolTip(plain_tooltip(cut_long(name, TOOLTIP_CHARS)) if len(name) > LABEL_CHARS else "")
        kind = (getattr(customer, "customer_type", None) or "").replace("_", " ").capitalize()
        products = len(getattr(customer, "subscriptions", []))
        self.chips["key"].set_value(getattr(customer, "customer_key", None))
        self.chips["type"].set_value(kind)
        self.chips["email"].set_value(getattr(customer, "primary_email", None))
        self.chips["currency"].set_value(getattr(customer, "currency", None))
        self.chips["timezone"].set_value(getattr(customer, "timezone", None))
        self.chips["products"].set_value(str(products))
        self.show_record(None)  # the record is asked for with each look-up: its facts come when it does
        self.set_fetched(fetched_at, stale=stale)

    def show_record(self, facts: object) -> None:
        """The account manager and phone of the customer record (present/record.py's RecordFacts; None: none
        yet, or none could be fetched — then they are not shown)."""
        self.chips["manager"].set_value(getattr(facts, "account_manager", None))
        self.chips["phone"].set_value(getattr(facts, "phone", None))

    def set_things_to_check(self, count: int) -> None:
        self.things_label.setVisible(count > 0)
        self.things_label.setText(f"⚠ {count} thing{'s' if count != 1 else ''} to check   ")

    def set_fetched(self, fetched_at: datetime | None, *, stale: bool = False) -> None:
        if fetched_at is None:
            self.fetched_label.setText("")
            return
        local = fetched_at.astimezone()
        when = f"{local:%H:%M:%S}" if local.date() == datetime.now().astimezone().date() else f"{local:%b %d, %H:%M}"
        text = f"As of {when} — could not refresh" if stale else f"Fetched {when}"
        self.fetched_label.setText(text)
        color = tone_text(self.palette(), "warning") if stale else secondary_text(self.palette())
        self.fetched_label.setStyleSheet(f"color: {color};")
