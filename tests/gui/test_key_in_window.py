"""The key in the window: first run, the key dialog, profiles, a broken keyring, and no leak anywhere."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication

from inspector.credentials import SERVICE, UNAVAILABLE
from inspector.settings import Settings
from inspector.ui.main_window import MainWindow
from tests.support.fake_metrifox import TEST_API_KEY, FakeMetrifox
from tests.support.memory_keyring import BrokenKeyring, MemoryKeyring
from tests.support.windows import make_window

FAST = {"timeout": 0.5, "total_timeout": 1.0, "max_retries": 1, "backoff_base": 0.01}
WAIT = 10_000
EXAMPLE_KEY = "cust-mljp3ra6ffjm"


def _window(qtbot: Any, settings: Settings, backend: object, *argv: str) -> MainWindow:
    return make_window(qtbot, settings, backend, *argv)


def _enter_key(qtbot: Any, window: MainWindow, key: str) -> None:
    window.keys.open()
    dialog = window.keys.dialog
    assert dialog is not None
    dialog.key_field.setText(key)
    with qtbot.waitSignal(window.session.keyTested, timeout=WAIT):
        dialog.test_button.click()
    assert dialog.result_label.text() == "✓ Metrifox accepted this key."
    with qtbot.waitSignal(dialog.finished, timeout=WAIT):
        dialog.save_button.click()


@pytest.fixture
def sandbox(tmp_path: Path, fake: FakeMetrifox) -> Settings:
    settings = Settings(tmp_path / "settings.ini")
    settings.save_profile("Sandbox", fake.base_url)
    settings.set_current_profile("Sandbox")
    return settings


def test_first_run_shows_demo_then_a_saved_key_looks_up_real_customers(
    qtbot: Any, sandbox: Settings, fake: FakeMetrifox
) -> None:
    backend = MemoryKeyring()
    window = _window(qtbot, sandbox, backend)
    assert window.session.demo
    assert window.demo_banner.isVisible()
    _enter_key(qtbot, window, TEST_API_KEY)
    qtbot.waitUntil(lambda: not window.session.demo, timeout=WAIT)
    assert backend.store[(SERVICE, "Sandbox")] == TEST_API_KEY
    assert not window.demo_banner.isVisible()
    assert "saved in keyring" in window.key_source_label.text()
    window.lookup_bar.search.setText(EXAMPLE_KEY)
    with qtbot.waitSignal(window.customerShown, timeout=WAIT):
        window.lookups.look_up()


def test_key_dialog_test_shows_the_error_sentence_for_a_wrong_key(qtbot: Any, sandbox: Settings) -> None:
    window = _window(qtbot, sandbox, MemoryKeyring())
    window.keys.open()
    dialog = window.keys.dialog
    assert dialog is not None
    assert dialog.key_field.echoMode() == dialog.key_field.EchoMode.Password
    dialog.show_box.setChecked(True)
    assert dialog.key_field.echoMode() == dialog.key_field.EchoMode.Normal
    dialog.key_field.setText("wrong-key")
    with qtbot.waitSignal(window.session.keyTested, timeout=WAIT):
        dialog.test_button.click()
    assert "did not accept the API key" in dialog.result_label.text()
    dialog.reject()


def test_forget_key_returns_to_demo(qtbot: Any, sandbox: Settings) -> None:
    backend = MemoryKeyring()
    backend.set_password(SERVICE, "Sandbox", TEST_API_KEY)
    window = _window(qtbot, sandbox, backend)
    assert not window.session.demo
    window.keys.open()
    dialog = window.keys.dialog
    assert dialog is not None
    assert dialog.forget_button.isEnabled()
    with qtbot.waitSignal(dialog.finished, timeout=WAIT):
        dialog.forget_button.click()
    qtbot.waitUntil(lambda: window.session.demo, timeout=WAIT)
    assert (SERVICE, "Sandbox") not in backend.store


def test_broken_keyring_keeps_working_for_the_session(qtbot: Any, sandbox: Settings) -> None:
    window = _window(qtbot, sandbox, BrokenKeyring())
    assert window.session.demo
    window.keys.open()
    dialog = window.keys.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.storage_label.text() != "Checking where keys are kept…", timeout=WAIT)
    dialog.key_field.setText(TEST_API_KEY)
    with qtbot.waitSignal(dialog.finished, timeout=WAIT):
        dialog.save_button.click()
    qtbot.waitUntil(lambda: not window.session.demo, timeout=WAIT)
    assert window.error_banner.text == UNAVAILABLE
    assert "this session only" in window.key_source_label.text()
    window.lookup_bar.search.setText(EXAMPLE_KEY)
    with qtbot.waitSignal(window.customerShown, timeout=WAIT):
        window.lookups.look_up()


def test_profiles_have_their_own_key_url_and_recent_customers(qtbot: Any, tmp_path: Path, fake: FakeMetrifox) -> None:
    settings = Settings(tmp_path / "settings.ini")
    settings.save_profile("Sandbox", fake.base_url)
    with FakeMetrifox(api_key="other-key") as other:
        settings.save_profile("Proxy", other.base_url)
        backend = MemoryKeyring()
        backend.set_password(SERVICE, "Sandbox", TEST_API_KEY)
        backend.set_password(SERVICE, "Proxy", "other-key")
        window = _window(qtbot, settings, backend, "--profile", "Sandbox")
        names = [window.lookup_bar.profile_box.itemText(i) for i in range(window.lookup_bar.profile_box.count())]
        assert names == ["Production", "Sandbox", "Proxy"]
        window.lookup_bar.search.setText(EXAMPLE_KEY)
        with qtbot.waitSignal(window.customerShown, timeout=WAIT):
            window.lookups.look_up()
        window.lookup_bar.profile_box.setCurrentText("Proxy")
        qtbot.waitUntil(lambda: "Proxy" in window.key_source_label.text(), timeout=WAIT)
        assert window.customer_view.model.root is None  # another account: nothing of the old one stays on screen
        window.lookup_bar.search.setText("cust-nordlicht-7f3k")
        with qtbot.waitSignal(window.customerShown, timeout=WAIT):
            window.lookups.look_up()
        assert other.requests[-1].headers["x-api-key"] == "other-key"
        assert settings.recent_keys("Sandbox") == [EXAMPLE_KEY]
        assert settings.recent_keys("Proxy") == ["cust-nordlicht-7f3k"]
        assert settings.current_profile_name() == "Proxy"
        window.close()


def test_profile_base_url_must_be_https() -> None:
    settings = Settings(Path("/nonexistent-dir-for-test") / "x.ini")
    from inspector.api.errors import InvalidBaseUrl

    with pytest.raises(InvalidBaseUrl):
        settings.save_profile("Bad", "http://example.com/api/v1/")
    with pytest.raises(ValueError, match="Production"):
        settings.save_profile("Production", "https://example.com/")


def test_a_whole_session_leaves_the_key_nowhere(
    qtbot: Any, tmp_path: Path, fake: FakeMetrifox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Store the key, look up, meet an error, quit; then grep every file written and every log line."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    log_file = home / "session.log"
    handler = logging.FileHandler(log_file)
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    old_level = root.level
    root.setLevel(logging.DEBUG)
    root.addHandler(handler)
    try:
        settings = Settings(home / ".config" / "Metrifox" / "AccountInspector.ini")
        settings.save_profile("Sandbox", fake.base_url)
        settings.set_current_profile("Sandbox")
        window = _window(qtbot, settings, MemoryKeyring())
        _enter_key(qtbot, window, TEST_API_KEY)
        qtbot.waitUntil(lambda: not window.session.demo, timeout=WAIT)
        window.lookup_bar.search.setText(EXAMPLE_KEY)
        with qtbot.waitSignal(window.customerShown, timeout=WAIT):
            window.lookups.look_up()
        window.customer_view.details.copy_button.click()  # the clipboard gets a link, never the key
        fake.fail("status", status=401, where="/details")  # not the invoices checked at look-up
        with qtbot.waitSignal(window.session.lookupFailed, timeout=WAIT):
            window.lookups.look_up()
        window.close()
        settings.sync()
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        handler.close()
    written = [p for p in home.rglob("*") if p.is_file()]
    assert any(p.suffix == ".ini" for p in written)
    assert log_file.stat().st_size > 0
    for path in written:
        assert TEST_API_KEY.encode() not in path.read_bytes(), path
    assert TEST_API_KEY not in QGuiApplication.clipboard().text()
    assert "HTTP Request: GET" in log_file.read_text()  # the log did record the session
