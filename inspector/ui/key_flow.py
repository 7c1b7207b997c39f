"""The API key dialog's flow: open it, test a key, save it, forget it; the session does the work.

The dialog is for the profile in use when it opened (its title says which): testing, saving and forgetting go
to that profile, by name, even if another became current meanwhile (a helpdesk link, inspector/ui/link_flow.py)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from inspector.api import errors
from inspector.credentials import KeySource
from inspector.present.messages import key_dialog_note
from inspector.session import Session
from inspector.ui.key_dialog import KeyDialog


class KeyFlow(QObject):
    def __init__(self, session: Session, parent: QWidget, status_message: Callable[[str, int], None]) -> None:
        super().__init__(parent)
        self.session = session
        self._parent = parent
        self._status_message = status_message  # (text, ms) → the window's status bar
        self.dialog: KeyDialog | None = None
        self.profile_name = ""  # the profile the open dialog is for
        session.keyTested.connect(self._tested)
        session.keySaved.connect(self._saved)
        session.keyForgotten.connect(self._forgotten)
        session.storageNote.connect(self._storage_note)

    def open(self) -> None:
        session = self.session
        status = session.key_status
        source = status.source if status is not None else KeySource.NONE
        dialog = KeyDialog(
            session.profile.name,
            session.base_url,
            "Checking where keys are kept…",
            env_note=key_dialog_note(source.value),
            has_saved_key=source in {KeySource.KEYRING, KeySource.SESSION},
            parent=self._parent,
        )
        self.profile_name = profile = session.profile.name
        dialog.testRequested.connect(lambda key: session.test_key(key, profile))
        dialog.saveRequested.connect(self._save)
        dialog.forgetRequested.connect(lambda: session.forget_key(profile))
        dialog.finished.connect(lambda _result: self._closed(dialog))
        self.dialog = dialog
        session.ask_storage_note()
        dialog.open()

    def _closed(self, dialog: KeyDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
            self.session.cancel_key_tests()  # a test still running: nobody waits for it now

    def _save(self, key: str) -> None:
        if self.dialog is not None:
            self.dialog.save_button.setEnabled(False)
        self.session.save_key(key, self.profile_name)

    def _storage_note(self, note: str) -> None:
        if self.dialog is not None:
            self.dialog.storage_label.setText(note)

    def _tested(self, error: errors.MetrifoxError | None) -> None:
        if self.dialog is not None:
            self.dialog.show_test_result(error.message if error else None)

    def _saved(self, _error: errors.MetrifoxError | None) -> None:
        if self.dialog is not None:
            self.dialog.accept()

    def _forgotten(self, error: errors.MetrifoxError | None) -> None:
        if self.dialog is None:
            return
        if error is not None:  # the saved key stays: say so, and keep the dialog open
            self.dialog.show_test_result(error.message)
            return
        self.dialog.accept()
        self._status_message("The API key was removed from this computer.", 6000)
