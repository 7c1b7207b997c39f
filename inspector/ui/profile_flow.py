"""Profiles: switch, add, remove. Every switch goes through one path that clears the screen first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtWidgets
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from inspector.api import errors
from inspector.session import Session
from inspector.settings import DEFAULT_PROFILE, default_meter_url
from inspector.ui.banner import Banner
from inspector.ui.frame import LookupBar


class ProfileFlow(QObject):
    def __init__(
        self,
        session: Session,
        parent: QWidget,
        *,
        bar: LookupBar,
        error_banner: Banner,
        clear_screen: Callable[[], None],
        status: Callable[[str, int], None],
    ) -> None:
        super().__init__(parent)
        self.session, self._parent, self.bar, self.error_banner = session, parent, bar, error_banner
        self._clear_screen = clear_screen
        self._status_message = status
        self.complete_dialog: QtWidgets.QInputDialog | None = None
        bar.profileChosen.connect(self._chosen)
        session.profileChanged.connect(lambda _profile: self.fill())
        session.keyChanged.connect(lambda _status: self._complete_later())
        self.fill()

    def _complete_later(self) -> None:
        # After the key is shown (never inside the session's signal): a dialog runs its own event loop.
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, self.complete_old_settings)

    def fill(self) -> None:
        profiles = [(p.name, p.base_url) for p in self.session.profiles()]
        self.bar.set_profiles(profiles, self.session.profile.name)

    def _chosen(self, name: str) -> None:
        if name != self.session.profile.name:
            self.switch(name)

    def switch(self, name: str) -> None:
        self._clear_screen()
        self.session.switch_profile(name)

    def new_profile(self) -> None:
        ask = QtWidgets.QInputDialog.getText
        name, ok = ask(self._parent, "New profile", "Profile name (for example “Sandbox”):")
        if not ok or not name.strip():
            return
        url, ok = ask(self._parent, "New profile", "API base URL:", text="https://")
        if not ok:
            return
        meter, ok = ask(
            self._parent,
            "New profile",
            "Meter service URL (usage events, access checks; leave empty if you have none):",
            text=default_meter_url(url),  # production's only for production's API address
        )
        if not ok:
            return
        company, ok = ask(self._parent, "New profile", "Company name shown to customers (in emails; optional):")
        if not ok:
            return
        try:
            profile = self.session.new_profile(name, url, meter)
        except (ValueError, errors.MetrifoxError) as exc:
            self.error_banner.show_message(str(exc), tone="warning")
            return
        self.session.settings.set_company(profile.name, company)
        self.fill()
        self.bar.profile_box.setCurrentText(profile.name)

    def complete_old_settings(self) -> None:
        """A profile saved by an earlier version has no meter address: ask once for it (never again)."""
        session = self.session
        profile = session.profile
        question = f"meter address of {profile.name}"
        if profile.name == DEFAULT_PROFILE or session.meter_address.url or session.settings.asked(question):
            return
        session.settings.set_asked(question)
        dialog = QtWidgets.QInputDialog(self._parent)
        dialog.setObjectName("completeProfileDialog")
        dialog.setWindowTitle("Complete the profile")
        dialog.setLabelText(
            f"The profile “{profile.name}” has no meter service address, so usage events and access checks "
            "cannot be fetched.\nMeter service URL (leave empty to skip):"
        )
        dialog.setTextValue("https://")
        name = profile.name  # the address typed is this profile's, whichever is in use when it is given
        dialog.textValueSelected.connect(lambda meter: self._complete(meter, name))
        self.complete_dialog = dialog
        dialog.open()  # not exec(): the window goes on while it is open

    def _complete(self, meter: str, name: str) -> None:
        if meter.strip() in {"", "https://"}:
            return
        try:
            self.session.complete_profile(meter, name)
        except (ValueError, errors.MetrifoxError) as exc:
            self.error_banner.show_message(str(exc), tone="warning")
            return
        self._status_message(f"The profile “{name}” now has a meter service address.", 6000)

    def ask_company(self) -> None:
        """File → Company name shown to customers…: the name the emails to customers are signed with."""
        name, ok = QtWidgets.QInputDialog.getText(
            self._parent,
            "Company name",
            f"Company name shown to customers for the profile “{self.session.profile.name}” (in emails):",
            text=self.session.company,
        )
        if ok:
            self.session.set_company(name)
            self._status_message("The emails to customers are signed with this name now.", 5000)

    def remove_current(self) -> None:
        name = self.session.profile.name
        if name == self.session.profiles()[0].name:
            self._status_message("The Production profile cannot be removed.", 5000)
            return
        buttons = QtWidgets.QMessageBox.StandardButton
        answer = QtWidgets.QMessageBox.question(
            self._parent,
            "Remove profile",
            f"Remove the profile “{name}”, its saved API key and its recent customers?",
            buttons.Yes | buttons.Cancel,
            buttons.Cancel,
        )
        if answer != buttons.Yes:
            return
        # The name asked about, not whichever is in use now: the question runs its own event loop, in which a
        # helpdesk link may switch profiles (inspector/ui/link_flow.py refuses that while a dialog is open).
        if name == self.session.profile.name:
            self._clear_screen()
        self.session.remove_profile(name)
        self.fill()
