"""A helpdesk link arriving while a dialog is open (review of issue 22 item 4): what the dialog does belongs to
the profile it was opened for, whichever profile is in use when it is answered; a link that would switch the
profile under an open dialog is refused with its sentence. And what was typed stays in the field's undo."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest
from PySide6 import QtWidgets
from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QFileOpenEvent

from inspector import handoff
from inspector.handoff import OpenRequest
from inspector.settings import Settings
from inspector.ui import instance_server
from inspector.ui.link_flow import LinkFlow
from inspector.ui.main_window import MainWindow
from tests.support.fake_metrifox import TEST_API_KEY, FakeMetrifox
from tests.support.windows import WAIT, OpenWindow

OTHER_KEY = "cust-nordlicht-7f3k"
TYPED_KEY = "mfx_typed_for_sandbox_0000000000"
SANDBOX_LINK = f"metrifox-inspector://customer/{OTHER_KEY}?profile=Sandbox"


def _with_sandbox(fake: FakeMetrifox, tmp_path: Path, *others: str, ask_meter: bool = False) -> Settings:
    """Profiles on the loopback server; their missing meter address asked for only with ``ask_meter`` (the
    question is a dialog: while it is open, a link naming another profile is refused)."""
    settings = Settings(tmp_path / "settings.ini")
    for name in ("Sandbox", *others):
        settings.save_profile(name, fake.base_url)
        if not ask_meter:
            settings.set_asked(f"meter address of {name}")
    return settings


def _switch(qtbot: Any, window: MainWindow, name: str) -> None:
    with qtbot.waitSignal(window.session.keyChanged, timeout=WAIT):
        window.profiles.switch(name)


def test_a_link_naming_another_profile_while_the_key_dialog_is_open_is_refused(
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox, tmp_path: Path
) -> None:
    window = open_window(settings=_with_sandbox(fake, tmp_path))
    flow = LinkFlow(window)
    window.keys.open()
    assert QtWidgets.QApplication.activeModalWidget() is window.keys.dialog
    with qtbot.assertNotEmitted(window.session.profileChanged, wait=100):
        flow.open(handoff.parse_link(SANDBOX_LINK))
    assert window.session.profile.name == "Production"
    assert window.error_banner.text == handoff.dialog_open_sentence("Sandbox")
    assert window.error_banner.text == (
        "This link asks for the profile “Sandbox”, but a dialog is open in the window: close it and open the link "
        "again (nothing was opened)."
    )
    dialog = window.keys.dialog
    assert dialog is not None
    dialog.reject()
    with qtbot.waitSignal(window.session.waitingForKey, timeout=WAIT):  # once it is closed, the link works
        flow.open(handoff.parse_link(SANDBOX_LINK))
    assert window.session.profile.name == "Sandbox"


def test_the_key_dialog_saves_and_tests_for_the_profile_it_was_opened_for(
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox, tmp_path: Path
) -> None:
    window = open_window(settings=_with_sandbox(fake, tmp_path))
    _switch(qtbot, window, "Sandbox")  # Sandbox's address is the loopback server
    window.keys.open()
    dialog = window.keys.dialog
    assert dialog is not None
    _switch(qtbot, window, "Production")  # however it happens, the dialog stays Sandbox's
    before = len(fake.requests)
    with qtbot.waitSignal(window.session.keyTested, timeout=WAIT) as tested:
        dialog.testRequested.emit(TYPED_KEY)
    assert tested.args  # Sandbox's address answered (Production's real one is never asked)
    assert [r.headers["x-api-key"] for r in fake.requests[before:]] == [TYPED_KEY]
    with qtbot.waitSignal(window.session.keySaved, timeout=WAIT):
        dialog.saveRequested.emit(TYPED_KEY)
    credentials = window.session.credentials
    assert credentials.get("Sandbox").key == TYPED_KEY
    assert credentials.get("Production").key == TEST_API_KEY
    assert window.session.profile.name == "Production"


def test_removing_a_profile_removes_the_one_asked_about_even_if_a_link_switched_meanwhile(
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(settings=_with_sandbox(fake, tmp_path, "Staging"))
    flow = LinkFlow(window)
    _switch(qtbot, window, "Staging")
    asked: list[str] = []

    def question(*args: Any, **_kwargs: Any) -> QtWidgets.QMessageBox.StandardButton:
        asked.append(str(args[2]))
        flow.open(handoff.parse_link(SANDBOX_LINK))  # arrives during the question's own event loop
        return QtWidgets.QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QtWidgets.QMessageBox, "question", question)
    window.profiles.remove_current()
    assert asked == ["Remove the profile “Staging”, its saved API key and its recent customers?"]
    assert [p.name for p in window.session.profiles()] == ["Production", "Sandbox"]
    assert window.session.profile.name == "Sandbox"  # the one the link asked for stays in use
    box = window.lookup_bar.profile_box
    assert [box.itemText(i) for i in range(box.count())] == ["Production", "Sandbox"]


def test_the_meter_address_asked_for_is_saved_to_the_profile_it_was_asked_for(
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox, tmp_path: Path
) -> None:
    window = open_window(settings=_with_sandbox(fake, tmp_path, ask_meter=True))
    _switch(qtbot, window, "Sandbox")  # no meter address: asked once
    qtbot.waitUntil(lambda: window.profiles.complete_dialog is not None, timeout=WAIT)
    dialog = window.profiles.complete_dialog
    assert dialog is not None
    _switch(qtbot, window, "Production")
    dialog.setTextValue("https://meter.example.com/")
    dialog.accept()
    settings = window.session.settings
    sandbox, production = settings.find_profile("Sandbox"), settings.find_profile("Production")
    assert sandbox is not None
    assert production is not None
    assert sandbox.meter_url.startswith("https://meter.example.com")
    assert "meter.example.com" not in production.meter_url
    assert window.statusBar().currentMessage() == "The profile “Sandbox” now has a meter service address."


def test_a_hand_off_keeps_what_was_typed_in_the_fields_undo(
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox, tmp_path: Path
) -> None:
    window = open_window(settings=_with_sandbox(fake, tmp_path))
    flow = LinkFlow(window)
    search = window.lookup_bar.search
    search.setFocus()
    qtbot.keyClicks(search, "half-typed-key")
    with qtbot.waitSignal(window.session.lookupStarted, timeout=WAIT):
        flow.open(OpenRequest(OTHER_KEY))
    assert search.text() == OTHER_KEY
    # Until the answer comes (the recent keys' list is refilled then: inspector/ui/frame.py set_recent),
    # Ctrl+Z brings back what was being typed.
    search.undo()
    assert search.text() == "half-typed-key"


def test_a_window_apart_says_it_does_not_open_links_macos_hands_it(
    qtbot: Any, qapp: Any, open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window()
    monkeypatch.setattr(instance_server, "_filter", None)
    link_filter = instance_server.install_link_filter(qapp)
    try:
        assert instance_server.serve(window, argparse.Namespace(demo=True)) is None  # claim() never ran
        with qtbot.assertNotEmitted(window.session.lookupStarted, wait=100):
            QCoreApplication.sendEvent(qapp, QFileOpenEvent(QUrl(f"metrifox-inspector://customer/{OTHER_KEY}")))
        assert link_filter.pending == []  # not kept for ever
        assert window.error_banner.text == handoff.NOT_SERVING_SENTENCE
    finally:
        qapp.removeEventFilter(link_filter)
