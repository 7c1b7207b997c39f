"""Benchmark 2: cold start against a bare PySide6 window, measured side by side, interleaved.

- window shown: from process spawn to the first event-loop turn after show() (target <= 1.3x bare)
- demo painted: whole `metrifox-inspector --demo --screenshot` process vs a bare script that shows a
  window, grabs it and quits (target <= 2.0x bare)
Run: .venv/bin/python benchmarks/cold_start.py [--repeats N]   (offscreen; no key, no keyring needed)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, machine, verdict

BARE = r"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 800)
window.show()
def shown():
    sys.stderr.write(f"startup-trace\tshown\t{time.time():.6f}\n")
    if sys.argv[1:] == ["grab"]:
        window.grab().save(sys.argv[0] + ".png")
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""


def _env(home: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "METRIFOX_API_KEY"}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=home,
        XDG_CONFIG_HOME=f"{home}/.config",
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        INSPECTOR_STARTUP_TRACE="1",
    )
    return env


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(ms from spawn to 'shown', ms for the whole process)."""
    started = time.time()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=True, cwd=ROOT)
    total = (time.time() - started) * 1000
    shown = next(float(line.split("\t")[2]) for line in done.stderr.splitlines() if "\tshown\t" in line)
    return (shown - started) * 1000, total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as home:
        env = _env(home)
        bare_script = Path(home) / "bare.py"
        bare_script.write_text(BARE)
        shot = str(Path(home) / "shot.png")
        ours_cmd = [sys.executable, "-m", "inspector", "--demo"]
        samples: dict[str, list[float]] = {k: [] for k in ("bare_shown", "ours_shown", "bare_grab", "ours_grab")}
        _run([sys.executable, str(bare_script)], env)  # warm the disk cache for both
        _run([*ours_cmd, "--screenshot", shot], env)
        for _ in range(args.repeats):
            samples["bare_shown"].append(_run([sys.executable, str(bare_script)], env)[0])
            samples["ours_shown"].append(_run([*ours_cmd, "--screenshot", shot], env)[0])
            samples["bare_grab"].append(_run([sys.executable, str(bare_script), "grab"], env)[1])
            samples["ours_grab"].append(_run([*ours_cmd, "--screenshot", shot], env)[1])
    median = {k: statistics.median(v) for k, v in samples.items()}
    shown_ratio = median["ours_shown"] / median["bare_shown"]
    grab_ratio = median["ours_grab"] / median["bare_grab"]
    print(
        f"window shown: ours {median['ours_shown']:.0f} ms, bare {median['bare_shown']:.0f} ms, "
        f"ratio {shown_ratio:.2f}x (target <= 1.3x: {verdict(shown_ratio, 1.3)})"
    )
    print(
        f"demo painted, grabbed, quit: ours {median['ours_grab']:.0f} ms, bare {median['bare_grab']:.0f} ms, "
        f"ratio {grab_ratio:.2f}x (target <= 2.0x: {verdict(grab_ratio, 2.0)})"
    )


if __name__ == "__main__":
    main()
