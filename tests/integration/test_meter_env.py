"""METRIFOX_METER_SERVICE_BASE_URL, as the SDKs read it, is where the window's session sends meter calls too
(the command line's use is in test_cli_round3.py) — under the same https-or-loopback rule."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from inspector.credentials import SERVICE, CredentialStore
from inspector.fetcher import Fetcher
from inspector.session import Session
from inspector.settings import METER_ENV_VAR, Settings
from tests.support.fake_metrifox import TEST_API_KEY, FakeMetrifox
from tests.support.memory_keyring import GatedKeyring

PROFILE_METER = "https://meter.sandbox.example.com/"


@pytest.fixture
def session(qapp: Any, tmp_path: Path, fake: FakeMetrifox) -> Iterator[Session]:
    settings = Settings(tmp_path / "settings.ini")
    settings.save_profile("Local", fake.base_url, PROFILE_METER)
    settings.set_current_profile("Local")
    keyring = GatedKeyring()
    keyring.set_password(SERVICE, "Local", TEST_API_KEY)
    keyring.open("Local")
    made = Session(settings, CredentialStore(keyring, environ={}), Fetcher())
    yield made
    made.shutdown()


def test_the_session_sends_meter_calls_to_the_environment_address(
    qtbot: Any, session: Session, fake: FakeMetrifox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(METER_ENV_VAR, fake.meter_url)
    with qtbot.waitSignal(session.idle, timeout=10_000):
        session.start(None)
    assert session.meter_address.source == METER_ENV_VAR
    assert session.config.meter_url == fake.meter_url  # not the profile's


def test_a_plain_http_meter_address_elsewhere_is_refused_in_the_session(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(METER_ENV_VAR, "http://meter.example.com/")
    assert session.meter_url == ""
    problem = session.meter_address.problem
    assert problem is not None
    assert problem.startswith(f"{METER_ENV_VAR}: The API address must start with https://")
