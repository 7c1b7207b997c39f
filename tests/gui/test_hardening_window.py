"""Keyring, settings and window states that a support person or an attacker tripped over (issue: Hardening).

Each test failed before its fix.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import subprocess
import sys
from argparse import Namespace
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from keyring.errors import KeyringLocked
from PySide6.QtWidgets import QGraphicsOpacityEffect, QMessageBox, QWidget

from inspector import cli
from inspector.api.models import CustomerPage
from inspector.app import main
from inspector.credentials import SERVICE, CredentialStore, KeyringTrouble
from inspector.settings import Settings
from inspector.ui.main_window import MainWindow
from tests.support.fake_metrifox import TEST_API_KEY, FakeMetrifox
from tests.support.memory_keyring import BrokenKeyring, GatedKeyring, MemoryKeyring
from tests.support.process import ROOT, app_env, run_app
from tests.support.windows import EXAMPLE_KEY, WAIT, OpenWindow, look_up, make_window


def is_dimmed(widget: QWidget) -> bool:
    effect = widget.graphicsEffect()
    return isinstance(effect, QGraphicsOpacityEffect) and effect.opacity() < 1.0


OTHER_KEY = "cust-nordlicht-7f3k"


# ---- settings and the command line --------------------------------------------------------------
def _in_another_process(path: Path, code: str) -> None:
    """Run ``code`` with ``settings = Settings(path)`` in a new process (QSettings caches per process)."""
    script = f"from inspector.settings import Settings\nsettings = Settings({str(path)!r})\n{code}\nsettings.sync()\n"
    subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT, timeout=60)


def test_a_single_custom_profile_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    _in_another_process(path, "settings.save_profile('Sandbox', 'https://sandbox.example.com/api/v1/')")
    again = Settings(path)  # QSettings reads a one-item list back as a plain string
    assert [p.name for p in again.profiles()] == ["Production", "Sandbox"]
    assert again.profile("Sandbox").base_url == "https://sandbox.example.com/api/v1/"


def test_unknown_profile_and_bad_base_url_are_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--print", EXAMPLE_KEY, "--profile", "Sandbox", "--demo"]) == cli.EXIT_USAGE
    assert "There is no profile named 'Sandbox'. Profiles: Production." in capsys.readouterr().err
    assert main(["--print", EXAMPLE_KEY, "--base-url", "https://a..b/"]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert err.startswith("--base-url: The address's host name has an empty part")
    assert "Traceback" not in err


def test_two_instances_do_not_lose_each_others_recent_keys(tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    mine = Settings(path)
    mine.add_recent_key("Production", "cust-a")  # this window has read (and cached) the file
    _in_another_process(path, "settings.add_recent_key('Production', 'cust-b')")  # a second window
    mine.add_recent_key("Production", "cust-c")
    assert Settings(path).recent_keys("Production") == ["cust-c", "cust-b", "cust-a"]


@pytest.mark.parametrize("key", ["mfx_clé_1234", "mfx key with spaces", "mfx\x1b]52;c;AAAA\x07"])
def test_store_key_refuses_keys_that_can_never_be_valid(key: str) -> None:
    err = io.StringIO()
    backend = MemoryKeyring()
    args = Namespace(profile=None, base_url=None)
    import keyring

    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        assert cli.store_key(args, stdin=io.StringIO(key + "\n"), err=err) == cli.EXIT_USAGE
    finally:
        keyring.set_keyring(previous)
    assert "cannot have" in err.getvalue()
    assert backend.store == {}


# ---- forgetting a key tells the truth -----------------------------------------------------------
class UndeletableKeyring(MemoryKeyring):
    """Reads work, deletes fail: a locked or read-only store."""

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringLocked("Collection is locked")


def test_forget_raises_when_the_saved_key_stays() -> None:
    backend = UndeletableKeyring()
    backend.set_password(SERVICE, "Production", TEST_API_KEY)
    with pytest.raises(KeyringTrouble, match="could not be removed: the password store is locked"):
        CredentialStore(backend, environ={}).forget("Production")
    assert backend.get_password(SERVICE, "Production") == TEST_API_KEY


def test_forget_key_on_a_failing_keyring_exits_1(tmp_path: Path) -> None:
    result = run_app("--forget-key", env=app_env(tmp_path, keyring="tests.support.memory_keyring.BrokenKeyring"))
    assert result.returncode == 1
    assert "could not be removed" in result.stderr
    assert "removed." not in result.stderr.replace("could not be removed", "")


def test_the_window_says_when_forget_fails(qtbot: Any, tmp_path: Path, fake: FakeMetrifox) -> None:
    backend = UndeletableKeyring()
    backend.set_password(SERVICE, "Production", TEST_API_KEY)
    window = _window(qtbot, tmp_path, fake, backend)
    window.keys.open()
    dialog = window.keys.dialog
    assert dialog is not None
    dialog.forget_button.click()
    qtbot.waitUntil(lambda: bool(dialog.result_label.text()), timeout=WAIT)
    assert dialog.isVisible()  # not closed as if it had worked
    assert "could not be removed" in dialog.result_label.text()
    assert not window.session.demo


# ---- start-up: an unreadable keyring, and a look-up asked for before the key is read ----------
def _window(
    qtbot: Any, tmp_path: Path, fake: FakeMetrifox, backend: object, *argv: str, wait: bool = True
) -> MainWindow:
    settings = Settings(tmp_path / "settings.ini")
    return make_window(qtbot, settings, backend, *argv, "--base-url", fake.base_url, wait=wait)


def test_an_unreadable_keyring_is_said_at_start(qtbot: Any, tmp_path: Path, fake: FakeMetrifox) -> None:
    window = _window(qtbot, tmp_path, fake, BrokenKeyring())
    text = window.demo_banner.text
    assert text.startswith("Your saved API key could not be read: the password store reported an error")
    assert "Add your Metrifox API key" not in text
    assert window.demo_banner.key_button.isVisible()


def test_a_look_up_asked_for_before_the_key_is_read_waits_for_it(
    qtbot: Any, tmp_path: Path, fake: FakeMetrifox
) -> None:
    backend = GatedKeyring()
    backend.set_password(SERVICE, "Production", TEST_API_KEY)
    window = _window(qtbot, tmp_path, fake, backend, wait=False)
    qtbot.waitUntil(lambda: backend.reading == ["Production"], timeout=WAIT)  # the read has begun, and waits
    window.lookup_bar.search.setText(EXAMPLE_KEY)
    with qtbot.waitSignal(window.customerShown, timeout=WAIT) as shown:
        window.lookups.look_up()  # pasted at once, while the keyring is still being read
        assert "Reading your API key" in window.statusBar().currentMessage()
        assert fake.requests == []
        backend.open("Production")
    assert not shown.args[0].demo
    assert shown.args[0].customer_key == EXAMPLE_KEY
    assert sorted(r.raw_path for r in fake.seen("/customers/")) == [
        f"/api/v1/customers/{EXAMPLE_KEY}",  # its record, asked for beside the details
        f"/api/v1/customers/{EXAMPLE_KEY}/details",
    ]


# ---- another customer on screen is never mistaken for the new one ------------------------------
def test_the_previous_customer_is_dimmed_and_named_while_another_loads(
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox
) -> None:
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)
    fake.fail("delay", seconds=0.5)
    window.lookup_bar.search.setText(OTHER_KEY)
    window.lookups.look_up()
    assert is_dimmed(window.customer_view.splitter)
    assert is_dimmed(window.customer_view.header)
    assert window.error_banner.text == f"Loading {OTHER_KEY}… (still showing {EXAMPLE_KEY})"
    with qtbot.waitSignal(window.customerShown, timeout=WAIT):
        pass
    assert not is_dimmed(window.customer_view.splitter)
    assert not window.error_banner.isVisible()


def test_a_failed_other_key_says_whose_customer_is_shown(
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox
) -> None:
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)
    fake.fail("status", status=500, times=5)
    look_up(qtbot, window, OTHER_KEY, signal="lookupFailed")
    assert window.error_banner.text.startswith(f"Showing {EXAMPLE_KEY} — {OTHER_KEY} failed: Metrifox is having")
    assert not is_dimmed(window.customer_view.splitter)  # usable again, and labelled
    assert window.session.loaded is not None
    assert window.session.loaded.customer_key == EXAMPLE_KEY


def test_a_cancelled_other_key_says_whose_customer_is_shown(
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox
) -> None:
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)
    fake.fail("hang", seconds=5)
    window.lookup_bar.search.setText(OTHER_KEY)
    window.lookups.look_up()
    with qtbot.waitSignal(window.session.lookupCancelled, timeout=WAIT):
        window.session.cancel()
    assert window.error_banner.text == f"Showing {EXAMPLE_KEY} — the look-up of {OTHER_KEY} was cancelled."
    assert not is_dimmed(window.customer_view.splitter)


# ---- searches and key tests never queue behind a hung look-up; Esc stops them -----------------
def test_search_does_not_wait_behind_a_hung_look_up(qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox) -> None:
    window = open_window()
    fake.fail("hang", seconds=5)
    window.lookup_bar.search.setText(EXAMPLE_KEY)
    window.lookups.look_up()
    qtbot.waitUntil(lambda: len(fake.seen("/details")) == 1, timeout=WAIT)
    with qtbot.waitSignal(window.session.searchAnswered, timeout=WAIT) as done:
        window.session.search("uppender")
    assert EXAMPLE_KEY in [c.customer_key for c in done.args[0].data]
    assert window.session.busy  # the look-up is still hanging: the search did not wait for it


def test_escape_cancels_a_search(qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox) -> None:
    window = open_window()
    fake.fail("hang", seconds=5)
    answers: list[object] = []
    window.session.searchAnswered.connect(answers.append)
    window.session.search("uppender")
    qtbot.waitUntil(lambda: len(fake.requests) == 1, timeout=WAIT)
    window.session.cancel()  # Esc: the hanging search's socket is broken, its answer never comes
    with qtbot.waitSignal(window.session.searchAnswered, timeout=WAIT):
        window.session.search("nordlicht")
    (page,) = answers
    assert isinstance(page, CustomerPage)  # not a MetrifoxError
    assert [c.customer_key for c in page.data] == ["cust-nordlicht-7f3k"]


# ---- a key that is only tried is redacted in the log too ---------------------------------------
def test_a_tried_key_echoed_by_the_server_is_redacted(
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox, tmp_path: Path
) -> None:
    from inspector.logs import setup_file_logging

    tried = "mfx_tried_only_9e8d7c6b5a"
    folder = setup_file_logging(directory=tmp_path / "log")
    try:
        window = open_window()
        echo = json.dumps({"statusCode": 401, "message": f"Invalid API key {tried}"}).encode()
        fake.fail("body", status=401, body=echo)
        window.keys.open()
        dialog = window.keys.dialog
        assert dialog is not None
        dialog.key_field.setText(tried)
        with qtbot.waitSignal(window.session.keyTested, timeout=WAIT):
            dialog.test_button.click()
    finally:
        for handler in logging.getLogger().handlers[:]:
            if getattr(handler, "baseFilename", "").startswith(str(folder)):
                handler.close()
                logging.getLogger().removeHandler(handler)
    text = (tmp_path / "log" / "inspector.log").read_text()
    assert "Invalid API key «redacted»" in text
    assert tried not in text


# ---- removing a profile asks first ---------------------------------------------------------------
def test_removing_a_profile_asks_first(
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(tmp_path / "profiles.ini")
    settings.save_profile("Sandbox", fake.base_url)
    settings.set_current_profile("Sandbox")
    window = open_window(settings=settings)
    asked: list[str] = []

    def answer(reply: QMessageBox.StandardButton) -> Callable[..., QMessageBox.StandardButton]:
        def question(_parent: object, _title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
            asked.append(text)
            return reply

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    window.profiles.remove_current()
    assert asked
    assert "Sandbox" in asked[0]
    assert [p.name for p in settings.profiles()] == ["Production", "Sandbox"]
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    window.profiles.remove_current()
    assert [p.name for p in settings.profiles()] == ["Production"]


# ---- Ctrl+C, and a full disk ---------------------------------------------------------------------
def test_ctrl_c_closes_the_window(tmp_path: Path) -> None:
    import signal

    env = app_env(tmp_path, INSPECTOR_STARTUP_TRACE="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "inspector", "--demo"], env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stderr is not None
        for line in process.stderr:  # wait until the window has settled on the demo
            if line.startswith("startup-trace\tsettled"):
                break
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=5)
        rest = process.stderr.read()
    finally:
        process.kill()
    assert code == 0
    assert "Traceback" not in rest
    assert "KeyboardInterrupt" not in rest
    assert (tmp_path / ".config" / "Metrifox" / "AccountInspector.ini").exists()  # layout saved on the way out


def test_a_full_disk_does_not_spill_logging_tracebacks(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    from inspector.logs import QuietRotatingFileHandler, setup_file_logging

    setup_file_logging(directory=tmp_path)
    handler = next(h for h in logging.getLogger().handlers if isinstance(h, QuietRotatingFileHandler))
    assert handler.stream is not None
    try:
        handler.stream.close()
        handler.stream = open("/dev/full", "w", encoding="utf-8")  # noqa: SIM115 - every write fails: ENOSPC
        for number in range(5):
            logging.getLogger("inspector.test").warning("line %d", number)
    finally:
        full, handler.stream = handler.stream, None
        assert full is not None
        with contextlib.suppress(OSError):
            full.close()
        handler.close()
        logging.getLogger().removeHandler(handler)
    err = capfd.readouterr().err
    assert "Logging error" not in err
    assert "Traceback" not in err


def test_a_missing_keyring_is_said_at_start(qtbot: Any, tmp_path: Path, fake: FakeMetrifox) -> None:
    from keyring.backends import fail

    window = _window(qtbot, tmp_path, fake, fail.Keyring())
    assert window.demo_banner.text.startswith("No password store (such as GNOME Keyring or KWallet) is available")
    assert window.key_source_label.text().startswith("Key could not be read")
