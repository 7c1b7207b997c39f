"""Each flow on its own, without a MainWindow: given a session and the widgets it drives, it does its one job.
Real session, real worker threads, real HTTP to the loopback fake server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from inspector.credentials import SERVICE, CredentialStore
from inspector.fetcher import Fetcher
from inspector.present.nodes import NodeKind
from inspector.session import Session
from inspector.settings import Settings
from inspector.ui.banner import Banner
from inspector.ui.customer_view import CustomerView
from inspector.ui.frame import LookupBar
from inspector.ui.key_flow import KeyFlow
from inspector.ui.lookup_flow import LookupFlow
from inspector.ui.profile_flow import ProfileFlow
from inspector.ui.search_flow import SearchFlow
from tests.support.fake_metrifox import TEST_API_KEY, FakeMetrifox
from tests.support.memory_keyring import MemoryKeyring
from tests.support.windows import EXAMPLE_KEY, FAST, WAIT


class Parts:
    """A bare QMainWindow (for its title and status bar), the widgets, and a session over the fake API."""

    def __init__(self, qtbot: Any, tmp_path: Path, fake: FakeMetrifox) -> None:
        self.keyring = MemoryKeyring()
        self.keyring.set_password(SERVICE, "Production", TEST_API_KEY)
        self.settings = Settings(tmp_path / "settings.ini")
        self.session = Session(
            self.settings,
            CredentialStore(self.keyring, environ={}),
            Fetcher(),
            base_url=fake.base_url,
            client_options=FAST,
        )
        self.frame = QMainWindow()
        qtbot.addWidget(self.frame)
        self.bar, self.view = LookupBar(), CustomerView()
        self.demo_banner, self.error_banner = Banner("demoBanner"), Banner("errorBanner")
        self.key_label = QLabel()
        self.lookups = LookupFlow(
            self.session,
            self.frame,
            bar=self.bar,
            demo_banner=self.demo_banner,
            error_banner=self.error_banner,
            view=self.view,
            key_source_label=self.key_label,
        )

    def profiles(self, status: Callable[[str, int], None]) -> ProfileFlow:
        """The profiles' flow over these parts (its status messages go to ``status``)."""
        return ProfileFlow(
            self.session,
            self.frame,
            bar=self.bar,
            error_banner=self.error_banner,
            clear_screen=self.lookups.clear_screen,
            status=status,
        )

    def start(self, qtbot: Any) -> None:
        with qtbot.waitSignal(self.lookups.settled, timeout=WAIT):
            self.session.start(None)


@pytest.fixture
def parts(qtbot: Any, tmp_path: Path, fake: FakeMetrifox) -> Iterator[Parts]:
    made = Parts(qtbot, tmp_path, fake)
    yield made
    made.session.shutdown()


def test_the_look_up_flow_shows_a_customer_and_a_failure_in_words(qtbot: Any, parts: Parts) -> None:
    parts.start(qtbot)
    assert parts.key_label.text() == "Key: saved in keyring · Production"
    parts.bar.search.setText(f'  "{EXAMPLE_KEY}"\n')  # pasted with quotes and a line break
    with qtbot.waitSignal(parts.lookups.customerShown, timeout=WAIT):
        parts.lookups.look_up()
    assert parts.bar.search.text() == EXAMPLE_KEY
    assert parts.frame.windowTitle().startswith("Uppender Lala — ")
    with qtbot.waitSignal(parts.session.lookupFailed, timeout=WAIT):
        parts.lookups.look_up("cust-nobody")
    assert parts.error_banner.text.startswith(f"Showing {EXAMPLE_KEY} — cust-nobody failed: ")
    assert parts.frame.statusBar().currentMessage() == parts.error_banner.text  # the banner's sentence


def test_switching_profile_clears_the_screen_title_included(qtbot: Any, parts: Parts, fake: FakeMetrifox) -> None:
    parts.settings.save_profile("Sandbox", fake.base_url, fake.meter_url)
    statuses: list[str] = []
    profiles = parts.profiles(lambda text, _ms: statuses.append(text))
    parts.start(qtbot)
    with qtbot.waitSignal(parts.lookups.customerShown, timeout=WAIT):
        parts.lookups.look_up(EXAMPLE_KEY)
    with qtbot.waitSignal(parts.session.keyChanged, timeout=WAIT):
        profiles.switch("Sandbox")
    assert parts.frame.windowTitle() == "Metrifox Account Inspector"
    assert parts.view.model.root is None
    assert parts.bar.search.text() == ""
    assert parts.session.loaded is None


def test_removing_a_profile_clears_the_old_customers_title(
    qtbot: Any, parts: Parts, fake: FakeMetrifox, monkeypatch: pytest.MonkeyPatch
) -> None:
    parts.settings.save_profile("Sandbox", fake.base_url, fake.meter_url)
    parts.settings.set_current_profile("Sandbox")
    parts.keyring.set_password(SERVICE, "Sandbox", TEST_API_KEY)
    parts.session.switch_profile("Sandbox")
    profiles = parts.profiles(lambda _text, _ms: None)
    parts.start(qtbot)
    with qtbot.waitSignal(parts.lookups.customerShown, timeout=WAIT):
        parts.lookups.look_up(EXAMPLE_KEY)
    assert "Uppender Lala" in parts.frame.windowTitle()
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(parts.session.keyChanged, timeout=WAIT):
        profiles.remove_current()
    assert parts.frame.windowTitle() == "Metrifox Account Inspector"
    assert [p.name for p in parts.session.profiles()] == ["Production"]


def test_the_search_flow_shows_matches_and_looks_the_chosen_one_up(qtbot: Any, parts: Parts) -> None:
    parts.start(qtbot)
    chosen: list[str] = []
    search = SearchFlow(parts.session, parts.frame, chosen.append)
    search.open("nordlicht")
    dialog = search.dialog
    assert dialog is not None
    with qtbot.waitSignal(parts.session.searchAnswered, timeout=WAIT):
        dialog.searchRequested.emit("nordlicht")
    assert dialog.results.topLevelItemCount() == 1
    dialog.customerChosen.emit("cust-nordlicht-7f3k")
    assert chosen == ["cust-nordlicht-7f3k"]
    dialog.reject()
    assert search.dialog is None


def test_the_key_flow_tests_a_wrong_key_and_keeps_the_dialog_open(qtbot: Any, parts: Parts) -> None:
    parts.start(qtbot)
    keys = KeyFlow(parts.session, parts.frame, lambda _text, _ms: None)
    keys.open()
    dialog = keys.dialog
    assert dialog is not None
    dialog.key_field.setText("not-the-key")
    with qtbot.waitSignal(parts.session.keyTested, timeout=WAIT):
        dialog.test_button.click()
    assert "did not accept the API key" in dialog.result_label.text()
    assert dialog.isVisible()
    dialog.reject()
    assert keys.dialog is None


def test_the_answer_actions_save_open_and_compare_without_a_main_window(
    qtbot: Any, parts: Parts, tmp_path: Path
) -> None:
    from inspector.api.saved import read_saved
    from inspector.ui.answer_actions import AnswerActions

    actions = AnswerActions(parts.session, parts.frame, parts.view, parts.error_banner)
    parts.start(qtbot)
    with qtbot.waitSignal(parts.lookups.customerShown, timeout=WAIT):
        parts.lookups.look_up(EXAMPLE_KEY)
    target = tmp_path / "saved.json"
    actions.save_path = lambda _parent, _title, _name: str(target)
    actions.save_raw()
    loaded = parts.session.loaded
    assert loaded is not None
    assert read_saved(target).details.raw_json == loaded.details.raw_json
    (tmp_path / "notes.json").write_text("[1]")
    with qtbot.waitSignal(parts.session.answers.fileFailed, timeout=WAIT):
        actions.open_saved(str(tmp_path / "notes.json"))
    assert parts.error_banner.text == "notes.json is not a saved Metrifox answer (customer details)."
    with qtbot.waitSignal(parts.session.customerLoaded, timeout=WAIT) as opened:
        actions.open_saved(str(target))
    assert opened.args[0].source.startswith("from file saved.json, fetched ")
    root = parts.view.model.root
    assert root is not None
    subscription = next(n for _, n in root.walk() if n.kind is NodeKind.SUBSCRIPTION)
    actions.compare_subscriptions(subscription, subscription)
    assert actions.compare_box is not None
    assert "They do not differ in any field." in actions.compare_box.text()
