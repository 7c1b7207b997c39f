"""A customer opened from outside the window — a helpdesk link, or ``metrifox-inspector KEY`` started again —
as if the key had been typed and Enter pressed: the window comes to the front, the profile named is switched
to (only one that exists here), and the look-up supersedes one in flight, as typing would. What was being
typed is replaced by the key, undoably (Ctrl+Z brings it back). A refused link only says its one sentence.

While a dialog is open (the API key's, a question, …) a link naming another profile is refused with its
sentence rather than kept for later: what the dialog is doing belongs to the profile in use (a key typed there
is that profile's key), and a switch arriving minutes later, when the dialog closes, would surprise more than
the sentence asking to open the link again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication

from inspector.handoff import OpenRequest, dialog_open_sentence, unknown_profile_sentence
from inspector.present.text import elide, reveal_bidi

if TYPE_CHECKING:
    from inspector.ui.main_window import MainWindow

SENTENCE_MS = 10_000


class LinkFlow(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._settled = window.lookups.has_settled
        self._pending: str | None = None  # a sentence waiting for the start-up look-up to end (it would hide it)
        window.settled.connect(self._start_settled)

    def open(self, request: OpenRequest) -> None:
        self._bring_forward()
        if request.sentence is not None:
            self.say(request.sentence)
            return
        session = self.window.session
        profile = request.profile
        if profile is not None and profile != session.profile.name:
            if all(known.name != profile for known in session.profiles()):
                self.say(unknown_profile_sentence(elide(reveal_bidi(profile), 60)))
                return
            if QApplication.activeModalWidget() is not None:
                self.say(dialog_open_sentence(elide(reveal_bidi(profile), 60)))
                return
            self.window.profiles.switch(profile)
        if request.key is not None:
            search = self.window.lookup_bar.search
            search.selectAll()
            search.insert(request.key)  # not setText: what was typed stays in the field's undo history
            self.window.lookups.look_up()  # Enter's own path

    def _bring_forward(self) -> None:
        window = self.window
        if window.isMinimized():
            window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.show()
        window.raise_()
        window.activateWindow()

    def say(self, sentence: str) -> None:
        """The sentence in the window's banner and status bar (after the start-up look-up, which would hide it)."""
        if not self._settled:
            self._pending = sentence
            return
        self.window.error_banner.show_message(sentence, tone="warning")
        self.window.status_message(sentence, SENTENCE_MS)

    def _start_settled(self) -> None:
        self._settled = True
        pending, self._pending = self._pending, None
        if pending is not None:
            self.say(pending)
