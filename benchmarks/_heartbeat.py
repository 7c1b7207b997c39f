"""The app as a person starts it (``metrifox-inspector --base-url …``) with a 5 ms heartbeat on the window's
thread: for benchmarks/first_lookup.py. Nothing in the app changes; this only wraps its start-up.

Writes to stderr: ``heartbeat-stall\\t<ms>`` 300 ms after the first customer is shown: the longest gap between
beats from the moment the look-up started (the window's own signal) to then.
"""

from __future__ import annotations

import itertools
import os
import sys
import time
from pathlib import Path
from typing import Any

from _common import ROOT  # noqa: F401  (puts the checkout on sys.path)
from PySide6.QtCore import QTimer

from inspector import app
from inspector.ui import startup

beats: list[float] = []
started: list[float] = []
fill = startup.fill


def report() -> None:
    since = started[0]
    until = time.perf_counter()
    marks = [since, *(beat for beat in beats if since <= beat <= until), until]
    longest = max(b - a for a, b in itertools.pairwise(marks)) * 1000
    sys.stderr.write(f"heartbeat-stall\t{longest:.1f}\n")
    sys.stderr.flush()
    if os.environ.get("HEARTBEAT_DONE_FILE"):
        Path(os.environ["HEARTBEAT_DONE_FILE"]).touch()


def report_when_settled(filled: Any) -> None:
    """300 ms after the look-up's own fetches (the invoices checked at look-up) have all come in."""
    if filled.session.sections.fetching:
        QTimer.singleShot(20, lambda: report_when_settled(filled))
    else:
        QTimer.singleShot(300, report)


def watched_fill(window: Any, args: Any, **options: Any) -> Any:
    filled = fill(window, args, **options)
    timer = QTimer(filled)
    timer.setInterval(5)
    timer.timeout.connect(lambda: beats.append(time.perf_counter()))
    timer.start()
    filled.session.lookupStarted.connect(lambda *_: started.append(time.perf_counter()) if not started else None)
    filled.customerShown.connect(lambda _loaded: report_when_settled(filled))
    return filled


startup.fill = watched_fill
raise SystemExit(app.main(sys.argv[1:]))
