"""``--self-check FILE``: the report the desktop workflow judges, from a real process (issue 21, item 6)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from inspector import __version__
from tests.support.process import ROOT, app_env, run_app

JUDGE = ROOT / "packaging" / "assert_self_check.py"


def _self_check(tmp_path: Path, env: dict[str, str]) -> dict[str, Any]:
    report = tmp_path / "self-check.json"
    done = run_app("--self-check", str(report), env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""  # the file only: a windowed exe has no stdout
    data: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return data


def test_report_without_a_keyring(tmp_path: Path) -> None:
    data = _self_check(tmp_path, app_env(tmp_path))
    assert data["app_version"] == __version__
    assert data["frozen"] is False
    assert data["qt"]["platform"] == "offscreen"
    assert data["keyring"] == {
        "backend": "keyring.backends.fail.Keyring",
        "description": "Keyring",
        "usable": False,
        "round_trip": None,
    }
    assert data["zoneinfo"]["europe_berlin_loads"] is True
    assert data["zoneinfo"]["example"] == "Jan 15, 2026, 10:00 CET"
    assert data["zoneinfo"]["tzdata_package"]  # a dependency now, so the frozen app carries it


def test_zones_load_from_tzdata_alone(tmp_path: Path) -> None:
    # PYTHONTZPATH empty: no system zone data, as on Windows.
    data = _self_check(tmp_path, app_env(tmp_path, PYTHONTZPATH=""))
    assert data["zoneinfo"]["system_data"] is False
    assert data["zoneinfo"]["europe_berlin_loads"] is True
    assert data["zoneinfo"]["example"].endswith("10:00 CET")


def test_report_with_the_real_secret_service(tmp_path: Path) -> None:
    if os.environ.get("METRIFOX_REQUIRE_SECRET_SERVICE") != "1":
        pytest.skip("needs the README's test command (gnome-keyring in a private D-Bus session)")
    data = _self_check(tmp_path, app_env(tmp_path, keyring=None))
    assert data["keyring"]["backend"] == "keyring.backends.SecretService.Keyring"
    assert data["keyring"]["usable"] is True
    assert data["keyring"]["round_trip"] is True  # a throwaway secret stored, read back and removed


def _judge(report: dict[str, Any], tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(JUDGE), str(path), *args], capture_output=True, text=True, check=False
    )


def test_the_workflow_judge_passes_the_platforms_own_parts_only(tmp_path: Path) -> None:
    report = _self_check(tmp_path, app_env(tmp_path))
    report["frozen"] = True  # the judge is for built apps
    ok = _judge(report, tmp_path, "--qt-platform", "offscreen", "--keyring", "keyring.backends.fail.Keyring")
    assert ok.returncode == 0, ok.stderr
    windows = "keyring.backends.Windows.WinVaultKeyring"
    wrong = _judge(report, tmp_path, "--qt-platform", "windows", "--keyring", windows)
    assert wrong.returncode == 1
    assert "qt.platform is 'offscreen', expected 'windows'" in wrong.stderr
    assert "keyring.backend is 'keyring.backends.fail.Keyring'" in wrong.stderr
    report["zoneinfo"]["example"] = "Jan 15, 2026, 09:00 (zone Europe/Berlin unknown here; shown in UTC)"
    no_zone = _judge(report, tmp_path, "--qt-platform", "offscreen", "--keyring", "keyring.backends.fail.Keyring")
    assert no_zone.returncode == 1
    assert "expected a time in CET" in no_zone.stderr


def test_qt_answers_from_icu_are_reported_and_judged(tmp_path: Path) -> None:
    # On Linux these come from the ICU data the package carries (a smaller copy of Qt's: packaging/icu_data.py).
    report = _self_check(tmp_path, app_env(tmp_path))
    assert report["qt_text"]["sorted_de"] == ["apfel", "Äpfel", "Öl", "Zebra", "zürich"]
    assert report["qt_text"]["zone_name_de"] == "Mitteleuropäische Normalzeit"
    report["frozen"] = True
    args = ("--qt-platform", "offscreen", "--keyring", "keyring.backends.fail.Keyring", "--qt-text")
    assert _judge(report, tmp_path, *args).returncode == 0
    report["qt_text"]["sorted_de"] = ["Zebra", "apfel", "zürich", "Äpfel", "Öl"]  # code-point order: no collation
    wrong = _judge(report, tmp_path, *args)
    assert wrong.returncode == 1
    assert "qt_text.sorted_de is ['Zebra'" in wrong.stderr
