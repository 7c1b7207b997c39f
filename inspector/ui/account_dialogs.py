"""The dialogs about the customer on screen: the support summary to copy, and Check access."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from inspector.api import errors
from inspector.session import Session
from inspector.ui.access_dialog import AccessDialog
from inspector.ui.summary_dialog import SummaryDialog


class AccountDialogs(QObject):
    def __init__(
        self,
        session: Session,
        parent: QWidget,
        copy_text: Callable[[str, str], None],
        status_message: Callable[[str, int], None],
    ) -> None:
        super().__init__(parent)
        self.session, self._parent = session, parent
        self._copy_text, self._status_message = copy_text, status_message
        self.summary_dialog: SummaryDialog | None = None
        self.access_dialog: AccessDialog | None = None
        self._asked: int | None = None
        session.sections.accessAnswered.connect(self._access_answered)
        session.sections.featuresChanged.connect(self._features_changed)

    def open_summary(self) -> None:
        """Preview the support summary (plain text or Markdown), then copy it."""
        from inspector.present.summary import support_summary

        loaded = self.session.loaded
        if loaded is None:
            self._status_message("Look a customer up first.", 5000)
            return
        sections = self.session.sections.loaded_sections()
        record = self.session.record.value  # who to talk to, when the record has come
        missing = self.session.record.missing  # else why not: loading, or the sentence why it failed

        def text(markdown: bool, with_ids: bool) -> str:
            return support_summary(
                loaded.details, markdown=markdown, with_ids=with_ids, loaded=sections, record=record,
                record_missing=missing,
            )

        dialog = SummaryDialog(text, parent=self._parent)
        self.summary_dialog = dialog
        dialog.copyRequested.connect(lambda summary: self._copy_text(summary, "support summary"))
        dialog.open()

    def open_check_access(self, feature: str | None = None) -> None:
        """Ask the meter service whether the customer on screen may use a feature now."""
        loaded = self.session.loaded
        if loaded is None:
            self._status_message("Look a customer up first.", 5000)
            return
        sections = self.session.sections
        dialog = AccessDialog(loaded.details.customer.title, sections.features(), feature, parent=self._parent)
        dialog.checkRequested.connect(self._check)
        dialog.rejected.connect(sections.cancel_access)
        self.access_dialog = dialog
        dialog.open()
        sections.load_features()  # the list is complete once the customer's usage has come

    def _check(self, feature_key: str, quantity: int) -> None:
        self._asked = quantity  # the answer repeats what was asked
        self.session.sections.check_access(feature_key, quantity)

    def _features_changed(self, features: list[tuple[str, str]]) -> None:
        if self.access_dialog is not None and self.access_dialog.isVisible():
            self.access_dialog.set_features(features)

    def _access_answered(self, answer: Any) -> None:
        from inspector.present.account import access_sentence

        dialog = self.access_dialog
        if dialog is None or not dialog.isVisible():
            return
        if isinstance(answer, errors.MetrifoxError):
            dialog.show_answer(answer.message, None)
        else:
            dialog.show_answer(access_sentence(answer, asked=self._asked), bool(answer.can_access))
