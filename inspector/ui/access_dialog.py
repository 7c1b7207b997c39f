"""Check access: may this customer use this feature now? The dialog only asks; the window checks."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from inspector.ui.colors import secondary_text, tone_text
from inspector.ui.dialog_parts import action_and_close, quantity_box
from inspector.ui.keys import enter_runs
from inspector.ui.text import plain_label, wrap_api_text


class AccessDialog(QDialog):
    checkRequested = Signal(str, int)  # feature key, quantity

    def __init__(
        self, customer: str, features: list[tuple[str, str]], chosen: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("checkAccessDialog")
        self.setWindowTitle("Check access")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        intro = plain_label(f"Can {customer} use a feature now? Metrifox answers from its meter service.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.feature = QComboBox()
        self.feature.setObjectName("accessFeature")
        self.feature.setEditable(True)  # a feature key not in the list can be typed
        self.set_features(features)
        if chosen is not None:
            index = self.feature.findData(chosen)
            if index >= 0:
                self.feature.setCurrentIndex(index)
            else:  # not among those known yet: as if typed
                self.feature.setEditText(chosen)
        self.quantity = quantity_box("accessQuantity")
        form.addRow("Feature", self.feature)
        form.addRow("Quantity", self.quantity)
        layout.addLayout(form)
        self.answer_label: QLabel = plain_label(selectable=True)
        self.answer_label.setObjectName("accessResult")
        wrap_api_text(self.answer_label)
        layout.addWidget(self.answer_label)
        buttons, self.check_button = action_and_close(self, "Check", "checkAccessButton", self._check)
        layout.addWidget(buttons)
        line = self.feature.lineEdit()
        enter_runs(self._check, self.quantity, self.feature, *([line] if line is not None else []))

    def set_features(self, features: list[tuple[str, str]]) -> None:
        """The features to choose from (more come as the customer's usage is fetched); what is chosen or typed
        stays."""
        current = self.feature_key() if self.feature.count() or self.feature.currentText() else ""
        self.feature.blockSignals(True)
        self.feature.clear()
        for key, name in features:
            self.feature.addItem(f"{name} ({key})" if name and name != key else key, key)
        index = self.feature.findData(current) if current else (0 if features else -1)
        self.feature.setCurrentIndex(index)
        # With its signals blocked the field does not follow the index by itself: say the text too.
        self.feature.setEditText(self.feature.itemText(index) if index >= 0 else current)
        self.feature.blockSignals(False)

    def feature_key(self) -> str:
        data = self.feature.currentData()
        typed = self.feature.currentText().strip()
        # A typed key has no data, or its text no longer matches the listed item's text.
        if isinstance(data, str) and self.feature.itemText(self.feature.currentIndex()) == typed:
            return data
        return typed

    def _check(self) -> None:
        key = self.feature_key()
        if not key:
            self.show_answer("Choose or type a feature key first.", None)
            return
        self.check_button.setEnabled(False)
        self.show_answer("Checking…", None)
        self.checkRequested.emit(key, self.quantity.value())

    def show_answer(self, sentence: str, allowed: bool | None) -> None:
        self.check_button.setEnabled(True)
        tone = {True: "success", False: "error"}.get(allowed) if allowed is not None else None
        colour = tone_text(self.palette(), tone) if tone else secondary_text(self.palette())
        self.answer_label.setStyleSheet(f"color: {colour}; font-weight: {'600' if tone else '400'};")
        self.answer_label.setText(sentence)
