"""What the Windows and macOS packages say about themselves, checked here on Linux (issue 21, items 4 and 7):
made from inspector.__version__, the macOS minimum the pinned Qt needs, the URL scheme declared, and the image
plugins kept by their file names on every platform."""

from __future__ import annotations

import plistlib
import re
from pathlib import Path
from typing import Any

import pytest

from inspector import __version__
from tests.support.process import script_module

ROOT = Path(__file__).resolve().parents[2]


INFO = script_module(ROOT / "packaging" / "build_info.py", "build_info")


def _record(kind: str) -> Any:
    def make(*args: Any, **kwargs: Any) -> dict[str, Any]:
        return {"kind": kind, "args": list(args), **kwargs}

    return make


def test_windows_version_resource_carries_the_package_version() -> None:
    # PyInstaller reads the file with eval() and its own classes in scope: do the same with recorders.
    names = ["VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct", "VarFileInfo"]
    names.append("VarStruct")
    text = INFO.windows_version_info(__version__, "metrifox-inspector-cli")
    resource = eval(text, {name: _record(name) for name in names})  # noqa: S307 - our own text, as PyInstaller reads it
    numbers = (*(int(part) for part in __version__.split(".")[:3]), 0)
    assert resource["ffi"]["filevers"] == numbers
    assert resource["ffi"]["prodvers"] == numbers
    strings = {s["args"][0]: s["args"][1] for s in resource["kids"][0]["args"][0][0]["args"][1]}
    assert strings["ProductVersion"] == __version__
    assert strings["FileVersion"] == ".".join(str(n) for n in numbers[:3])
    assert strings["OriginalFilename"] == "metrifox-inspector-cli.exe"


@pytest.mark.parametrize(("version", "numbers"), [("0.1.0", (0, 1, 0)), ("2.3", (2, 3, 0)), ("1.4.2rc1", (1, 4, 2))])
def test_numeric_version(version: str, numbers: tuple[int, int, int]) -> None:
    assert INFO.numeric_version(version) == numbers


def test_no_hand_kept_version_file_is_left() -> None:
    assert not (ROOT / "packaging" / "windows" / "version-info.txt").exists()
    spec = (ROOT / "packaging" / "metrifox-inspector.spec").read_text(encoding="utf-8")
    assert "windows_version_info(__version__" in spec


def test_macos_bundle_info() -> None:
    plist = INFO.macos_info_plist(__version__)
    assert plist["LSMinimumSystemVersion"] == "13.0"  # PySide6 6.11's wheels: macosx_13_0_universal2
    assert re.fullmatch(r"\d+(\.\d+){0,2}", plist["CFBundleVersion"])
    assert plist["CFBundleShortVersionString"] == plist["CFBundleVersion"]
    assert plist["CFBundleExecutable"] == "metrifox-inspector"
    assert plist["LSBackgroundOnly"] is False
    (url_type,) = plist["CFBundleURLTypes"]
    assert url_type["CFBundleURLSchemes"] == ["metrifox-inspector"]
    assert plistlib.loads(plistlib.dumps(plist)) == plist  # every value fits an Info.plist


def test_the_macos_minimum_matches_the_pinned_qt() -> None:
    # The lock check installs PySide6 for exactly this macOS version; the two must not drift apart.
    checker = (ROOT / "requirements" / "check_platforms.py").read_text(encoding="utf-8")
    minimum = INFO.MACOS_MINIMUM.replace(".", "_")
    assert f'"macosx_{minimum}_arm64"' in checker
    assert f'"macosx_{minimum}_x86_64"' in checker


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/plugins/imageformats/libqico.so", True),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.dylib", True),
        ("PySide6\\plugins\\imageformats\\qico.dll", True),  # Windows: no "lib" prefix
        ("PySide6\\plugins\\imageformats\\qgif.dll", True),
        ("PySide6\\plugins\\imageformats\\qsvg.dll", False),
        ("PySide6/Qt/plugins/imageformats/libqwebp.so", False),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/vectorimageformats/libqsvg.so", True),  # dropped by the spec's DROP list
    ],
)
def test_image_plugins_kept_by_their_names_on_every_platform(dest: str, kept: bool) -> None:
    assert INFO.image_plugin_kept(dest) is kept
