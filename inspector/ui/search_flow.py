"""Finding a customer by name or email: the search dialog asks, the session searches, a choice is looked up."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from inspector.api import errors
from inspector.session import Session
from inspector.ui.search_dialog import SearchDialog


class SearchFlow(QObject):
    def __init__(self, session: Session, parent: QWidget, look_up: Callable[[str], None]) -> None:
        super().__init__(parent)
        self.session = session
        self._parent = parent
        self._look_up = look_up
        self.dialog: SearchDialog | None = None
        session.searchAnswered.connect(self._answered)

    def open(self, term: str = "") -> None:
        dialog = SearchDialog(term, parent=self._parent)
        dialog.searchRequested.connect(self.session.search)  # a newer search cancels the one before
        dialog.customerChosen.connect(self._look_up)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        self.dialog = dialog
        dialog.open()

    def _answered(self, result: Any) -> None:
        if self.dialog is None:
            return
        if isinstance(result, errors.MetrifoxError):
            self.dialog.show_error(result.message)
        else:
            self.dialog.show_results(list(result.data), result.meta.total_count)

    def _closed(self, dialog: SearchDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
            self.session.cancel_search()
