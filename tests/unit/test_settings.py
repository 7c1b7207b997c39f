"""What the app remembers, in its INI file: profiles, recent keys per profile, window state — never a key."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray

from inspector.api.errors import InvalidBaseUrl
from inspector.settings import DEFAULT_PROFILE, MAX_RECENT, PRODUCTION_URL, Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(tmp_path / "settings.ini")


def test_production_is_always_there_and_first(settings: Settings) -> None:
    assert [(p.name, p.base_url) for p in settings.profiles()] == [(DEFAULT_PROFILE, PRODUCTION_URL)]
    assert settings.current_profile_name() == DEFAULT_PROFILE
    assert settings.profile("No such profile").name == DEFAULT_PROFILE
    assert settings.find_profile("No such profile") is None


def test_profiles_are_saved_checked_and_removed(settings: Settings, tmp_path: Path) -> None:
    saved = settings.save_profile("  Sandbox ", "https://sandbox.example.com/api/v1")
    assert (saved.name, saved.base_url) == ("Sandbox", "https://sandbox.example.com/api/v1/")
    settings.save_profile("Local", "http://127.0.0.1:8080/")
    settings.save_profile("Sandbox", "https://sandbox2.example.com/")  # same name: replaced
    names = [p.name for p in Settings(tmp_path / "settings.ini").profiles()]
    assert names == [DEFAULT_PROFILE, "Local", "Sandbox"]
    with pytest.raises(InvalidBaseUrl):
        settings.save_profile("Plain", "http://sandbox.example.com/")  # http only on loopback
    with pytest.raises(ValueError, match="needs a name"):
        settings.save_profile("  ", "https://x.example.com/")
    with pytest.raises(ValueError, match="Production"):
        settings.save_profile(DEFAULT_PROFILE, "https://x.example.com/")
    settings.set_current_profile("Sandbox")
    settings.add_recent_key("Sandbox", "cust-1")
    settings.remove_profile("Sandbox")
    assert [p.name for p in settings.profiles()] == [DEFAULT_PROFILE, "Local"]
    assert settings.current_profile_name() == DEFAULT_PROFILE
    assert settings.recent_keys("Sandbox") == []


def test_recent_keys_are_per_profile_newest_first_and_capped(settings: Settings) -> None:
    for number in range(MAX_RECENT + 5):
        settings.add_recent_key("Production", f"cust-{number}")
    settings.add_recent_key("Production", "cust-3")  # again: moves to the top, no duplicate
    keys = settings.recent_keys("Production")
    assert len(keys) == MAX_RECENT
    assert keys[0] == "cust-3"
    assert keys.count("cust-3") == 1
    assert settings.recent_keys("Sandbox") == []


def test_profile_names_cannot_reach_other_groups(settings: Settings, tmp_path: Path) -> None:
    settings.save_profile("a/b\\c", "https://x.example.com/")
    settings.add_recent_key("a/b\\c", "cust-odd")
    assert settings.recent_keys("a/b\\c") == ["cust-odd"]
    assert settings.recent_keys("a") == []
    assert settings.recent_keys("b") == []


def test_window_state_round_trips_and_nothing_else_is_written(settings: Settings, tmp_path: Path) -> None:
    settings.set_window_state("geometry", QByteArray(b"\x01\x02\x03"))
    settings.sync()
    assert Settings(tmp_path / "settings.ini").window_state("geometry") == QByteArray(b"\x01\x02\x03")
    assert settings.window_state("missing") is None
    text = (tmp_path / "settings.ini").read_text()
    assert "key" not in text.lower().replace("recent", "")  # no API key, ever
