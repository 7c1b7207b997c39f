"""Find a customer by name or email when the key is not at hand. The dialog only asks; the window searches."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.ui.colors import secondary_text
from inspector.ui.text import plain_label

SEARCH_DELAY_MS = 350  # search after a pause in typing, not on every key


class SearchDialog(QDialog):
    searchRequested = Signal(str)
    customerChosen = Signal(str)

    def __init__(self, term: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchDialog")
        self.setWindowTitle("Find a customer")
        self.resize(720, 420)
        layout = QVBoxLayout(self)
        self.field = QLineEdit(term)
        self.field.setObjectName("searchField")
        self.field.setPlaceholderText("Name, email or part of a customer key")
        self.field.setClearButtonEnabled(True)
        self.status = plain_label()
        self.status.setObjectName("searchStatus")
        self.status.setStyleSheet(f"color: {secondary_text(self.palette())};")
        self.results = QTreeWidget()
        self.results.setObjectName("searchResults")
        self.results.setHeaderLabels(["Name", "Customer key", "Email", "Type"])
        self.results.setRootIsDecorated(False)
        self.results.setAlternatingRowColors(True)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setColumnWidth(0, 220)
        self.results.setColumnWidth(1, 180)
        self.results.setColumnWidth(2, 200)
        self.open_button = QPushButton("Open")
        self.open_button.setObjectName("openSearchResult")
        self.open_button.setDefault(True)
        self.open_button.setEnabled(False)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(close)
        buttons.addWidget(self.open_button)
        layout.addWidget(self.field)
        layout.addWidget(self.results, 1)
        layout.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search)
        self.field.textChanged.connect(lambda _: self._timer.start())
        self.field.returnPressed.connect(self._enter)
        self.results.itemActivated.connect(lambda item, _column: self._choose(item))
        self.results.itemSelectionChanged.connect(
            lambda: self.open_button.setEnabled(bool(self.results.selectedItems()))
        )
        self.open_button.clicked.connect(lambda: self._choose(self.results.currentItem()))
        if term.strip():
            self._timer.start()

    def _enter(self) -> None:
        if self.results.selectedItems():
            self._choose(self.results.currentItem())
        else:
            self._timer.stop()
            self._search()

    def _search(self) -> None:
        term = self.field.text().strip()
        if len(term) < 2:
            self.status.setText("Type at least two characters.")
            self.results.clear()
            return
        self.status.setText("Searching…")
        self.searchRequested.emit(term)

    def show_results(self, customers: list[Any], total: int | None) -> None:
        from inspector.present.views import search_match

        self.results.clear()
        term = self.field.text()
        for customer in customers:
            key = customer.customer_key or ""
            name, email = search_match(customer, term)  # what matched: the billing address, the full name…
            item = QTreeWidgetItem([name, key, email, (customer.customer_type or "").capitalize()])
            item.setData(0, Qt.ItemDataRole.UserRole, key)
            self.results.addTopLevelItem(item)
        shown = len(customers)
        if shown == 0:
            self.status.setText("No customer matches.")
        elif total is not None and total > shown:
            self.status.setText(f"The first {shown} of {total} matches. Type more to narrow them down.")
        else:
            self.status.setText(f"{shown} match{'es' if shown != 1 else ''}.")
        first = self.results.topLevelItem(0)
        if first is not None:
            self.results.setCurrentItem(first)

    def show_error(self, sentence: str) -> None:
        self.results.clear()
        self.status.setText(sentence)

    def _choose(self, item: QTreeWidgetItem | None) -> None:
        key = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else ""
        if key:
            self.customerChosen.emit(key)
            self.accept()
