"""The desktop integration files validate with the freedesktop tools, and name what the app uses."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from inspector.ui.icons import ICON_SIZES

LINUX = Path(__file__).resolve().parents[2] / "packaging" / "linux"
APP_ID = "com.metrifox.AccountInspector"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("METRIFOX_REQUIRE_SECRET_SERVICE") == "1":  # the README's test command installs them
            pytest.fail(f"{name} should be installed for this suite")
        pytest.skip(f"{name} is not installed")
    return path


def test_desktop_file_validates() -> None:
    done = subprocess.run(
        [_tool("desktop-file-validate"), str(LINUX / f"{APP_ID}.desktop")], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert not done.stdout.strip(), done.stdout + done.stderr


def test_appstream_metainfo_validates() -> None:
    done = subprocess.run(
        [_tool("appstreamcli"), "validate", "--no-net", str(LINUX / f"{APP_ID}.metainfo.xml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_icons_exist_at_the_standard_sizes() -> None:
    from PySide6.QtGui import QImage

    icons = LINUX.parents[1] / "resources" / "icons"
    for size in ICON_SIZES:
        image = QImage(str(icons / f"metrifox-inspector-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
    assert (LINUX.parent / "windows" / "metrifox-inspector.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (LINUX.parent / "macos" / "metrifox-inspector.icns").read_bytes()[:4] == b"icns"
