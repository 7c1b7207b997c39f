"""Start-up as a user meets it: a real process, the window painted, the heavy imports kept off the way."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from tests.support.process import app_env, run_app

ROOT = Path(__file__).resolve().parents[1]


def test_demo_screenshot_is_a_real_picture(tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    done = run_app("--demo", "--screenshot", str(shot), env=app_env(tmp_path))
    assert done.returncode == 0, done.stderr
    image = QImage(str(shot))
    assert image.width() >= 800 and image.height() >= 500
    colours = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 29)}
    assert len(colours) > 20  # text, badges and banners were painted, not a blank window
    assert "Traceback" not in done.stderr


def test_no_key_and_no_keyring_still_opens_on_the_demo(tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    done = run_app("--screenshot", str(shot), env=app_env(tmp_path))
    assert done.returncode == 0, done.stderr
    assert shot.exists()


def test_window_modules_do_not_import_the_heavy_libraries() -> None:
    code = (
        "import sys, inspector.ui.startup, inspector.ui.main_window;"
        "print(','.join(m for m in ('httpx', 'pydantic', 'keyring') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == ""  # they load on the worker thread after the window shows


def test_api_layer_imports_no_qt() -> None:
    code = (
        "import sys, inspector.api.client, inspector.api.demo, inspector.api.models;"
        "print(','.join(m for m in sys.modules if m.startswith('PySide6')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == ""
