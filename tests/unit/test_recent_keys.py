"""Recent customer keys: only keys that pass the key rules (at most 255 characters), and no key lost when
several processes add one at the same moment (a QLockFile around the read-modify-write)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from inspector.settings import MAX_RECENT, MAX_RECENT_KEY_CHARS, Settings
from tests.support.process import ROOT, app_env


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(tmp_path / "settings.ini")


@pytest.mark.parametrize(
    "key", ["c" * (2 * 1024 * 1024), "c" * (MAX_RECENT_KEY_CHARS + 1), "", "   ", "cust\n-1", "cust\x1b[31m"]
)
def test_keys_that_break_the_rules_are_not_remembered(settings: Settings, tmp_path: Path, key: str) -> None:
    settings.add_recent_key("Production", "cust-1")
    assert settings.add_recent_key("Production", key) == ["cust-1"]
    assert Settings(tmp_path / "settings.ini").recent_keys("Production") == ["cust-1"]
    assert (tmp_path / "settings.ini").stat().st_size < 1000


def test_a_key_at_the_limit_is_remembered(settings: Settings) -> None:
    key = "k" * MAX_RECENT_KEY_CHARS
    assert settings.add_recent_key("Production", key) == [key]


def test_oversized_keys_already_in_the_file_are_not_offered(tmp_path: Path) -> None:
    old = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    old.setValue("recent/Production", ["x" * 100_000, "cust-1", "bad\nkey"])  # written by an earlier version
    old.sync()
    settings = Settings(tmp_path / "settings.ini")
    assert settings.recent_keys("Production") == ["cust-1"]
    assert settings.add_recent_key("Production", "cust-2") == ["cust-2", "cust-1"]


_ADDER = """
import sys
from inspector.settings import Settings
settings = Settings(sys.argv[1])
print("ready", flush=True)
sys.stdin.readline()  # every process starts adding at the same moment
for n in range(int(sys.argv[3])):
    settings.add_recent_key("Production", f"cust-{sys.argv[2]}-{n}")
"""


def test_processes_adding_at_the_same_moment_lose_no_key(tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    processes, each = 4, MAX_RECENT // 4
    env = app_env(tmp_path)
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _ADDER, str(path), str(p), str(each)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        for p in range(processes)
    ]
    for child in children:
        assert child.stdout is not None
        assert child.stdout.readline() == "ready\n"
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    for child in children:
        child.communicate()
        assert child.returncode == 0
    kept = Settings(path).recent_keys("Production")
    assert sorted(kept) == sorted(f"cust-{p}-{n}" for p in range(processes) for n in range(each))
