"""The customer header: who this is, and the facts people copy most, each a click away from the clipboard."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from inspector.present.record import archived_since
from inspector.present.text import LABEL_CHARS, TOOLTIP_CHARS, cut_long, elide, one_line, reveal_bidi
from inspector.ui.colors import secondary_text, tone_text
from inspector.ui.text import ElidedLabel, plain_label, plain_tooltip

CHIP_CHARS = 40
RECORD_WIDTH = 380  # px the account manager and phone usually take, counted before the record comes
_RECORD = frozenset({"manager", "phone"})
CHIP_MIN_WIDTH = 48  # squeezed to this at most; the full value is in the tooltip and copied on click


class CopyChip(QToolButton):
    """A value shown as a flat button: click to copy it."""

    def __init__(self, label: str, parent: QWidget | None = None, *, what: str = "") -> None:
        super().__init__(parent)
        self.label = label
        self.what = what or label.lower()  # "Copied the account manager", where the label is short
        self.value = ""
        self.setAutoRaise(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setMinimumWidth(CHIP_MIN_WIDTH)  # an explicit minimum: the text (from the API) never sets it

    def set_value(self, value: str | None) -> None:
        self.value = value or ""
        self.setVisible(bool(value))
        shown = elide(one_line(self.value), CHIP_CHARS)  # API text: on its line, no bidi control reverses it
        # QToolButton text is plain, but '&' would become a mnemonic: double it.
        self.setText(f"{self.label}: {shown}".replace("&", "&&"))
        full = f"\n{cut_long(reveal_bidi(self.value), TOOLTIP_CHARS)}" if shown != self.value else ""
        self.setToolTip(plain_tooltip(f"Click to copy the {self.what}{full}"))


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
        self.archived_label = plain_label()
        self.archived_label.setObjectName("archivedSince")
        self.archived_label.setStyleSheet(f"color: {tone_text(self.palette(), 'error')}; font-weight: 600;")
        self.archived_label.hide()
        top.insertWidget(1, self.archived_label, 0, Qt.AlignmentFlag.AlignBottom)
        # The customer record's facts (which come later) go on the details' line when the window is wide enough
        # for both, else on a line of their own, so they never squeeze the key off a 1000 px window. The choice
        # counts the record's facts before they come (RECORD_WIDTH), so the tree does not jump when they do.
        self.chips = {
            name: CopyChip(label, what="account manager" if name == "manager" else "")
            for name, label in (
                ("key", "Key"),
                ("type", "Type"),
                ("email", "Email"),
                ("currency", "Currency"),
                ("timezone", "Time zone"),
                ("products", "Products"),
                ("manager", "Manager"),  # these two come with the customer record, after the details
                ("phone", "Phone"),
            )
        }
        # The key is what people copy most: never squeezed (it is at most CHIP_CHARS characters anyway).
        self.chips["key"].setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.record_line = QWidget()
        self.record_line.setObjectName("recordFacts")
        lines = (QHBoxLayout(), QHBoxLayout(self.record_line))
        lines[1].setContentsMargins(0, 0, 0, 0)
        for name, chip in self.chips.items():
            chip.clicked.connect(lambda _=False, c=chip: self.copyRequested.emit(c.value, c.what))
            lines[name in {"manager", "phone"}].addWidget(chip)
        for line in lines:
            line.setSpacing(0)
            line.addStretch(1)
        layout.addLayout(lines[0])
        layout.addWidget(self.record_line)
        self.record_line.setMinimumHeight(self.chips["manager"].sizeHint().height())
        self._layout, self._facts_line = layout, lines[0]
        self._record_inline = False
        self._archived = ""  # the details' own "Archived since …" (the record's is used when they do not say)

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
        self._archived = archived_since(getattr(customer, "archived_at", None), getattr(customer, "timezone", None))
        self.show_record(None)  # the record is asked for with each look-up: its facts come when it does
        self.set_fetched(fetched_at, stale=stale)
        self._place_record_line()

    def show_record(self, facts: object) -> None:
        """The account manager and phone of the customer record, on their own line, and whether it is archived
        (present/record.py's RecordFacts; None: none yet, or none could be fetched — then they are not shown)."""
        self.chips["manager"].set_value(getattr(facts, "account_manager", None))
        self.chips["phone"].set_value(getattr(facts, "phone", None))
        archived = self._archived or getattr(facts, "archived", "")
        self.archived_label.setText(f"{archived}   ")
        self.archived_label.setToolTip("Metrifox says this customer is archived" if archived else "")
        self.archived_label.setVisible(bool(archived))
        self._place_record_line()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_record_line()

    def _place_record_line(self) -> None:
        """The record's facts on the details' line when both fit the header's width, else on their own line."""
        details = sum(c.sizeHint().width() for n, c in self.chips.items() if n not in _RECORD and c.isVisibleTo(self))
        shown = [c for n, c in self.chips.items() if n in _RECORD and c.isVisibleTo(self)]
        record = sum(c.sizeHint().width() for c in shown) if shown else RECORD_WIDTH
        inline = details + record <= self.contentsRect().width() - 12
        if inline == self._record_inline:
            return
        self._record_inline = inline
        self._facts_line.removeWidget(self.record_line)
        self._layout.removeWidget(self.record_line)
        if inline:
            self._facts_line.insertWidget(self._facts_line.count() - 1, self.record_line)  # before the stretch
        else:
            self._layout.addWidget(self.record_line)

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
