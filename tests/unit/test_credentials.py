"""The API key store: keyring only, environment wins, in-memory fallback said in words, never leaked."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend

from inspector.credentials import ENV_VAR, SERVICE, UNAVAILABLE, CredentialStore, KeySource
from tests.support.memory_keyring import BrokenKeyring, HungKeyring, MemoryKeyring
from tests.support.process import app_env, run_app

KEY = "mfx_live_9d2c71ab44e0f5aa"
ROOT = Path(__file__).resolve().parents[2]


def test_round_trip_in_the_keyring() -> None:
    backend = MemoryKeyring()
    store = CredentialStore(backend, environ={})
    assert store.get("Production").source is KeySource.NONE
    saved = store.set("Production", f"  {KEY}\n")
    assert saved.source is KeySource.KEYRING
    assert backend.store[(SERVICE, "Production")] == KEY
    assert store.get("Production").key == KEY
    assert store.get("Sandbox").key is None  # one entry per profile
    store.set("Production", "replaced")
    assert store.get("Production").key == "replaced"
    assert store.forget("Production").source is KeySource.NONE
    assert store.get("Production").key is None
    store.forget("Production")  # forgetting twice is fine


def test_environment_wins() -> None:
    backend = MemoryKeyring()
    backend.set_password(SERVICE, "Production", "from-keyring")
    status = CredentialStore(backend, environ={ENV_VAR: "from-env"}).get("Production")
    assert status.key == "from-env"
    assert status.source is KeySource.ENVIRONMENT
    assert ENV_VAR in status.note


def test_broken_keyring_keeps_the_key_for_the_session_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    store = CredentialStore(BrokenKeyring(), environ={})
    status = store.set("Production", KEY)
    assert status.source is KeySource.SESSION
    assert status.note == UNAVAILABLE
    assert store.get("Production").key == KEY
    assert KEY not in caplog.text  # the backend's error message quoted the key; we log only its type
    assert KEY not in repr(status)


def test_no_backend_at_all() -> None:
    from keyring.backends import fail

    store = CredentialStore(fail.Keyring(), environ={})
    status = store.get("Production")
    assert status.unreadable
    assert status.note.startswith("No password store")
    assert store.storage_note() == UNAVAILABLE
    assert store.set("Production", KEY).source is KeySource.SESSION


def test_a_hung_keyring_does_not_hang_us() -> None:
    backend = HungKeyring()
    store = CredentialStore(backend, environ={}, timeout=0.2)
    status = store.get("Production")  # the keyring would answer in 30 s: the store gives up first
    backend.release.set()
    assert status.unreadable
    assert status.key is None
    assert status.note == "Your saved API key could not be read: the password store did not answer in time."


def test_abort_stops_waiting_at_once() -> None:
    backend = HungKeyring()
    store = CredentialStore(backend, environ={}, timeout=30)
    said: list[object] = []
    reader = threading.Thread(target=lambda: said.append(store.get("Production")))
    reader.start()
    assert backend.entered.wait(10)  # the read is hanging in the keyring now
    store.abort()
    reader.join(10)  # far less than the 30 s the store would otherwise wait
    backend.release.set()
    assert not reader.is_alive()
    assert said


# ---- the real Secret Service (gnome-keyring in a private D-Bus session; see packaging/bootstrap.sh) ----


def _secret_service() -> KeyringBackend:
    from keyring.backends import SecretService

    backend = SecretService.Keyring()
    try:
        backend.get_password("metrifox-inspector-probe", "probe")
    except Exception as exc:  # noqa: BLE001
        if os.environ.get("METRIFOX_REQUIRE_SECRET_SERVICE") == "1":
            pytest.fail(f"the Secret Service should be running for this suite: {type(exc).__name__}")
        pytest.skip("no Secret Service here; the README's test command starts one")
    return backend


def _secret_tool_search(profile: str) -> str:
    tool = shutil.which("secret-tool")
    if tool is None:
        return ""
    done = subprocess.run(
        [tool, "search", "service", SERVICE, "username", profile],
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    return done.stdout + done.stderr


def test_real_secret_service_stores_reads_replaces_deletes() -> None:
    backend = _secret_service()
    store = CredentialStore(backend, environ={})
    profile = "Integration test"
    assert store.set(profile, KEY).source is KeySource.KEYRING
    assert CredentialStore(backend, environ={}).get(profile).key == KEY
    if shutil.which("secret-tool"):
        assert KEY in _secret_tool_search(profile)  # really in the Secret Service, seen by another client
    store.set(profile, KEY + "-2")
    assert store.get(profile).key == KEY + "-2"
    store.forget(profile)
    assert store.get(profile).key is None
    assert KEY not in _secret_tool_search(profile)
    assert "Secret Service" in store.storage_note()


def test_store_and_forget_key_from_the_command_line(tmp_path: Path) -> None:
    _secret_service()
    env = app_env(keyring=None, XDG_CONFIG_HOME=str(tmp_path))  # the session's real Secret Service
    stored = run_app("--store-key", "--profile", "Production", env=env, stdin=KEY + "\n")
    assert stored.returncode == 0, stored.stderr
    assert KEY not in stored.stderr + stored.stdout
    from keyring.backends import SecretService

    assert SecretService.Keyring().get_password(SERVICE, "Production") == KEY
    forgotten = run_app("--forget-key", env=env)
    assert forgotten.returncode == 0, forgotten.stderr
    assert SecretService.Keyring().get_password(SERVICE, "Production") is None


def test_log_lines_are_redacted(tmp_path: Path) -> None:
    from inspector.logs import redact, register_secret, setup_file_logging

    register_secret(KEY)
    assert redact(f"oops {KEY} leaked") == "oops «redacted» leaked"
    assert redact("headers {'x-api-key': 'abc123secret'}") == "headers {'x-api-key': '«redacted»'}"
    folder = setup_file_logging(directory=tmp_path)
    assert folder == tmp_path
    logger = logging.getLogger("inspector.test")
    logger.warning("key was %s", KEY)
    try:
        raise RuntimeError(f"failure quoting {KEY}")
    except RuntimeError:
        logger.exception("with a traceback")
    for handler in logging.getLogger().handlers[:]:
        if getattr(handler, "baseFilename", "").startswith(str(tmp_path)):
            handler.close()
            logging.getLogger().removeHandler(handler)
    text = (tmp_path / "inspector.log").read_text()
    assert "key was «redacted»" in text
    assert "failure quoting «redacted»" in text
    assert KEY not in text
