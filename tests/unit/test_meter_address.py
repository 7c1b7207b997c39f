"""Where meter requests go: --meter-url, then METRIFOX_METER_SERVICE_BASE_URL, then the profile; production's
meter only for production's API address. New-profile checks in one sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from inspector.api.errors import InvalidBaseUrl
from inspector.settings import (
    METER_ENV_VAR,
    PRODUCTION_METER_URL,
    PRODUCTION_URL,
    Profile,
    Settings,
    profile_problem,
    resolve_meter_url,
)

SANDBOX_API = "https://sandbox.example.com/api/v1/"
SANDBOX_METER = "https://meter.sandbox.example.com/"


def _old_settings(path: Path, *entries: str) -> Settings:
    """Settings as an earlier version wrote them: profiles with only an API address."""
    old = QSettings(str(path), QSettings.Format.IniFormat)
    old.setValue("profiles/list", list(entries))
    old.sync()
    return Settings(path)


def test_a_profile_from_old_settings_has_no_meter_address(tmp_path: Path) -> None:
    settings = _old_settings(tmp_path / "s.ini", f"Sandbox\t{SANDBOX_API}", f"Prod copy\t{PRODUCTION_URL}")
    sandbox = settings.profile("Sandbox")
    assert sandbox.meter_url == ""
    found = resolve_meter_url(sandbox, environ={})
    assert found.url is None
    assert found.problem == (
        "The profile 'Sandbox' has no meter service address (for usage events and access checks): "
        "give one with --meter-url or METRIFOX_METER_SERVICE_BASE_URL, or add it to the profile."
    )
    assert settings.profile("Prod copy").meter_url == PRODUCTION_METER_URL  # production's API: production's meter


def test_a_new_profile_gets_production_meter_only_for_production_api(tmp_path: Path) -> None:
    settings = Settings(tmp_path / "s.ini")
    assert settings.save_profile("Sandbox", SANDBOX_API).meter_url == ""
    assert settings.save_profile("Proxy", "https://api.metrifox.com/api/v1").meter_url == PRODUCTION_METER_URL
    assert settings.save_profile("Full", SANDBOX_API, SANDBOX_METER).meter_url == SANDBOX_METER
    again = Settings(tmp_path / "s.ini")
    assert [p.meter_url for p in again.profiles()] == [PRODUCTION_METER_URL, "", PRODUCTION_METER_URL, SANDBOX_METER]


def test_the_order_command_line_environment_profile() -> None:
    profile = Profile("Sandbox", SANDBOX_API, SANDBOX_METER)
    env = {METER_ENV_VAR: "https://meter.env.example.com"}
    assert resolve_meter_url(profile, override="https://meter.cli.example.com", environ=env).url == (
        "https://meter.cli.example.com/"
    )
    found = resolve_meter_url(profile, environ=env)
    assert (found.url, found.source) == ("https://meter.env.example.com/", METER_ENV_VAR)
    found = resolve_meter_url(profile, environ={METER_ENV_VAR: "  "})
    assert (found.url, found.source) == (SANDBOX_METER, "profile")


def test_production_meter_never_follows_another_api_address() -> None:
    production = Profile("Production", PRODUCTION_URL, PRODUCTION_METER_URL)
    assert resolve_meter_url(production, environ={}).url == PRODUCTION_METER_URL
    assert resolve_meter_url(production, base_url="http://127.0.0.1:9/api/v1/", environ={}).url is None
    prefilled = Profile("Sandbox", SANDBOX_API, PRODUCTION_METER_URL)  # New profile used to pre-fill it
    assert resolve_meter_url(prefilled, environ={}).url is None
    assert resolve_meter_url(Profile("Sandbox", SANDBOX_API, ""), base_url=PRODUCTION_URL, environ={}).url == (
        PRODUCTION_METER_URL
    )


def test_a_bad_meter_address_in_the_environment_is_said() -> None:
    found = resolve_meter_url(Profile("Sandbox", SANDBOX_API, SANDBOX_METER), environ={METER_ENV_VAR: "http://x.com/"})
    assert found.url is None
    assert found.problem is not None
    assert found.problem.startswith(f"{METER_ENV_VAR}: The API address must start")


@pytest.mark.parametrize(
    ("name", "base", "meter", "sentence"),
    [
        ("  ", SANDBOX_API, "", "A profile needs a name."),
        ("a\tb", SANDBOX_API, "", "A profile name cannot hold tabs, line breaks or other control characters."),
        ("x" * 101, SANDBOX_API, "", "A profile name can be at most 100 characters long."),
        ("Production", SANDBOX_API, "", "The Production profile always uses Metrifox's own address."),
        ("Sandbox", "https://a..b/", "", "API base URL: The address's host name has an empty part"),
        ("Sandbox", "", "", "API base URL: The address is empty"),
        ("Sandbox", SANDBOX_API, "https://xn--/", "Meter service URL: A part of the address's host name starts"),
        ("Sandbox", SANDBOX_API, "", None),
        ("Sandbox", SANDBOX_API, SANDBOX_METER, None),
    ],
)
def test_new_profile_problems_in_one_sentence(name: str, base: str, meter: str, sentence: str | None) -> None:
    problem = profile_problem(name, base, meter)
    if sentence is None:
        assert problem is None
    else:
        assert problem is not None
        assert problem.startswith(sentence)


def test_production_meter_saved_for_another_api_is_not_used(tmp_path: Path) -> None:
    """Earlier versions pre-filled production's meter address in New profile."""
    settings = _old_settings(tmp_path / "s.ini", f"Sandbox\t{SANDBOX_API}\t{PRODUCTION_METER_URL}")
    assert settings.profile("Sandbox").meter_url == ""
    with pytest.raises(InvalidBaseUrl, match=r"^Meter service URL: Metrifox's own meter address goes only with"):
        settings.save_profile("Other", SANDBOX_API, PRODUCTION_METER_URL)
    with pytest.raises(InvalidBaseUrl, match=r"^API base URL: The address's host name has an empty part"):
        settings.save_profile("Other", "https://a..b/")
