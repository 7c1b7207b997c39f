"""The lock files, read offline: one lock for Linux, Windows and macOS, every pin hashed, the three locks in
agreement, and every installer of them checking the hashes (issue 21, item 2). Whether each platform finds
a hashed wheel needs PyPI: requirements/check.sh, run by .ci/run and the desktop workflow."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.support.process import script_module

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = ROOT / "requirements"


def _checker() -> ModuleType:
    return script_module(REQUIREMENTS / "check_platforms.py", "lock_check")


CHECK = _checker()


def _pins(lock: str) -> dict[str, tuple[Requirement, tuple[str, ...]]]:
    return {pin.requirement.name: (pin.requirement, pin.hashes) for pin in CHECK.read_lock(REQUIREMENTS / lock)}


@pytest.mark.parametrize("lock", ["app.lock", "dev.lock", "bench.lock"])
def test_every_pin_is_exact_and_hashed(lock: str) -> None:
    pins = _pins(lock)
    assert len(pins) > 20
    for name, (requirement, hashes) in pins.items():
        assert str(requirement.specifier).startswith("=="), name
        assert hashes, f"{lock}: {name} has no hash"


@pytest.mark.parametrize("lock", ["app.lock", "bench.lock"])
def test_the_locks_agree_with_dev_lock(lock: str) -> None:
    dev = _pins("dev.lock")
    for name, (requirement, hashes) in _pins(lock).items():
        if name in dev:
            assert (str(requirement.specifier), hashes) == (str(dev[name][0].specifier), dev[name][1]), name


def _marker(lock: str, name: str) -> str:
    requirement, _ = _pins(lock)[name]
    return str(requirement.marker) if requirement.marker else ""


def test_one_lock_holds_each_platforms_own_packages() -> None:
    assert _marker("app.lock", "pywin32-ctypes") == 'sys_platform == "win32"'  # keyring's Windows backend
    assert _marker("app.lock", "secretstorage") == 'sys_platform == "linux"'
    assert _marker("dev.lock", "macholib") == 'sys_platform == "darwin"'  # PyInstaller on macOS
    assert _marker("dev.lock", "pefile") == 'sys_platform == "win32"'
    assert _marker("app.lock", "tzdata") == ""  # zone data everywhere: Windows has none of its own
    for build_backend in ("hatchling", "editables"):
        assert build_backend in _pins("app.lock")
        assert build_backend in _pins("dev.lock")


def _pyproject() -> dict[str, list[str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    groups: dict[str, list[str]] = {"app": project["dependencies"], **project["optional-dependencies"]}
    return groups


@pytest.mark.parametrize(
    ("lock", "groups"),
    [("app.lock", ["app"]), ("dev.lock", ["app", "test", "package", "lock"]), ("bench.lock", ["app", "bench"])],
)
def test_each_lock_satisfies_pyproject(lock: str, groups: list[str]) -> None:
    pins = _pins(lock)
    for group in groups:
        for text in _pyproject()[group]:
            wanted = Requirement(text)
            name = canonicalize_name(wanted.name)
            assert name in pins, f"{lock} lacks {name} ({group})"
            version = next(iter(pins[name][0].specifier)).version
            assert wanted.specifier.contains(version, prereleases=True), f"{lock}: {name}=={version} vs {wanted}"


def test_the_lock_tool_is_pinned() -> None:
    (uv,) = _pyproject()["lock"]
    assert re.fullmatch(r"uv==[0-9.]+", uv)
    assert str(_pins("dev.lock")["uv"][0].specifier) == uv.removeprefix("uv")


def test_the_benchmarks_baseline_is_pinned_as_locked() -> None:
    bench = _pyproject()["bench"]
    assert {canonicalize_name(Requirement(text).name) for text in bench} == {"metrifox-sdk", "psutil"}
    pins = _pins("bench.lock")
    for text in bench:
        wanted = Requirement(text)
        assert re.fullmatch(r"==[0-9.]+", str(wanted.specifier)), text
        assert str(pins[canonicalize_name(wanted.name)][0].specifier) == str(wanted.specifier), text


def test_every_install_from_a_lock_checks_hashes() -> None:
    scripts = [ROOT / "packaging" / "bootstrap.sh", ROOT / "packaging" / "build-linux.sh"]
    scripts += sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    installs = 0
    for script in scripts:
        for line in script.read_text(encoding="utf-8").splitlines():
            if "pip install" in line and re.search(r"-r\s+\S*requirements/\w+\.lock", line):
                installs += 1
                assert "--require-hashes" in line, f"{script.name}: {line.strip()}"
    assert installs >= 4
