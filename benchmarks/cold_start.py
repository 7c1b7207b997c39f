"""Benchmark 2: cold start against a bare PySide6 window, measured side by side, interleaved.

- window shown: from process spawn to the first event-loop turn after show() (target <= 1.3x bare); ours
  is the frame (inspector/ui/frame.py): the real main window in its final layout, nothing else loaded
- ready: the key field has focus and Enter starts a look-up (target <= 2.0x bare shown)
- demo painted: whole `metrifox-inspector --demo --screenshot` process vs a bare script that shows a
  window, grabs it and quits (target <= 2.0x bare)
Run in the app's own environment (README: benchmarks):
  .venv-bench/bin/python benchmarks/cold_start.py [--repeats N]   (offscreen; no key, no keyring needed)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, as_installed, machine, ratio_spread, spread, verdict

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
    return as_installed(env)


def _run(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """ms from spawn to each traced moment ("shown", "ready", "settled"), and to the end ("total")."""
    started = time.time()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=True, cwd=ROOT)
    moments = {"total": (time.time() - started) * 1000}
    for line in done.stderr.splitlines():
        if line.startswith("startup-trace\t"):
            fields = line.split("\t")
            moments[fields[1]] = (float(fields[2]) - started) * 1000
    return moments


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=11)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    print("both run from bytecode, as an installed app does (build/pycache; the first, warm-up runs write it)")
    with tempfile.TemporaryDirectory() as home:
        env = _env(home)
        bare_script = Path(home) / "bare.py"
        bare_script.write_text(BARE)
        shot = str(Path(home) / "shot.png")
        ours = [sys.executable, "-m", "inspector", "--demo", "--screenshot", shot]
        bare, bare_grab = [sys.executable, str(bare_script)], [sys.executable, str(bare_script), "grab"]
        names = ("bare_shown", "ours_shown", "ours_ready", "bare_grab", "ours_grab")
        samples: dict[str, list[float]] = {name: [] for name in names}
        _run(bare, env)  # warm the disk cache for both
        _run(ours, env)
        for _ in range(args.repeats):  # interleaved: the machine's noise hits both alike
            samples["bare_shown"].append(_run(bare, env)["shown"])
            run = _run(ours, env)
            samples["ours_shown"].append(run["shown"])
            samples["ours_ready"].append(run["ready"])
            samples["bare_grab"].append(_run(bare_grab, env)["total"])
            samples["ours_grab"].append(_run(ours, env)["total"])
    rows = [
        ("window shown", "ours_shown", "bare_shown", 1.3),
        ("ready (key field focused, Enter looks up)", "ours_ready", "bare_shown", 2.0),
        ("demo painted, grabbed, quit", "ours_grab", "bare_grab", 2.0),
    ]
    for title, ours_key, bare_key, target in rows:
        ratio, words = ratio_spread(samples[ours_key], samples[bare_key])
        print(
            f"{title}: ours {spread(samples[ours_key])}, bare {spread(samples[bare_key])}; "
            f"ratio {words} (target <= {target}x: {verdict(ratio, target)})"
        )


if __name__ == "__main__":
    main()
