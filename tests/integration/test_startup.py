"""Start-up as a user meets it: a real process, the window painted, the heavy imports kept off the way."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from tests.support.process import app_env, run_app

ROOT = Path(__file__).resolve().parents[2]


def test_demo_screenshot_is_a_real_picture(tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    done = run_app("--demo", "--screenshot", str(shot), env=app_env(tmp_path))
    assert done.returncode == 0, done.stderr
    image = QImage(str(shot))
    assert image.width() >= 800
    assert image.height() >= 500
    colours = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 29)}
    assert len(colours) > 20  # text, badges and banners were painted, not a blank window
    assert "Traceback" not in done.stderr


def test_no_key_and_no_keyring_still_opens_on_the_demo(tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    done = run_app("--screenshot", str(shot), env=app_env(tmp_path))
    assert done.returncode == 0, done.stderr
    assert shot.exists()


def _modules_loaded_by(imports: str, prefixes: tuple[str, ...]) -> list[str]:
    """The modules starting with one of ``prefixes`` that a fresh interpreter has after ``imports``."""
    code = f"import sys, {imports}; print(' '.join(m for m in sys.modules if m.startswith({prefixes!r})))"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    return done.stdout.split()


def test_window_modules_do_not_import_the_heavy_libraries() -> None:
    # They load on the worker thread after the window shows.
    window_modules = "inspector.ui.startup, inspector.ui.main_window, inspector.ui.customer_view, inspector.session"
    assert _modules_loaded_by(window_modules, ("httpx", "pydantic", "keyring")) == []


def test_api_layer_imports_no_qt() -> None:
    assert _modules_loaded_by("inspector.api.client, inspector.api.demo, inspector.api.models", ("PySide6",)) == []


FRAME_MODULES = {"inspector", "inspector.app", "inspector.streams", "inspector.ui", "inspector.ui.startup"}
FRAME_MODULES |= {"inspector.ui.frame", "inspector.ui.main_window"}  # the frame's widgets; the window's class


def test_the_frame_and_the_window_class_import_no_other_project_module() -> None:
    assert sorted(_modules_loaded_by("inspector.ui.main_window", ("inspector",))) == [
        "inspector",
        "inspector.ui",
        "inspector.ui.frame",
        "inspector.ui.main_window",
    ]


FRAME_WITHOUT_QT_NAMESPACE = """
import enum, gc
from PySide6.QtWidgets import QApplication
from inspector.ui.main_window import MainWindow
app = QApplication([])
frame = MainWindow(None)
frame.show()
built = [o for o in gc.get_objects() if isinstance(o, enum.EnumType) and o.__qualname__.startswith("Qt.")]
completer = frame.lookup_bar.recent_box.completer()
print(len(built), completer.caseSensitivity().name, frame.placeholder.alignment().name)
"""


def test_the_frame_is_built_and_shown_without_pyside_building_the_qt_namespace(tmp_path: Path) -> None:
    """The first use of PySide's ``Qt`` namespace builds its ~90 enums at once (~19 ms, a sixth of a bare
    window's start): the frame sets its two flags (the completer's case, the placeholder's alignment) by value."""
    done = subprocess.run(
        [sys.executable, "-c", FRAME_WITHOUT_QT_NAMESPACE],
        cwd=ROOT, env=app_env(tmp_path), capture_output=True, text=True, timeout=60, check=True,
    )
    assert done.stdout.split() == ["0", "CaseSensitive", "AlignCenter"]


def test_the_window_is_painted_before_the_rest_loads_then_ready_then_settled(tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    done = run_app("--demo", "--screenshot", str(shot), env=app_env(tmp_path, INSPECTOR_STARTUP_TRACE="1"))
    assert done.returncode == 0, done.stderr
    trace = [line.split("\t") for line in done.stderr.splitlines() if line.startswith("startup-trace\t")]
    assert [fields[1] for fields in trace] == ["shown", "ready", "settled"]
    assert [float(fields[2]) for fields in trace] == sorted(float(fields[2]) for fields in trace)
    shown_modules = trace[0][3]
    assert ";" not in shown_modules  # none of httpx, pydantic, keyring
    assert set(shown_modules.split(",")) == FRAME_MODULES
    ready_modules = set(trace[1][3].split(";")[0].split(","))
    assert {"inspector.session", "inspector.ui.lookup_flow", "inspector.ui.main_window"} <= ready_modules
    assert "inspector.ui.customer_view" not in ready_modules  # the views come after "ready"
