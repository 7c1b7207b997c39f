"""Build the QApplication and the window, show it first, and load the rest after (cold start matters)."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from inspector import APP_NAME, __version__
from inspector.credentials import CredentialStore
from inspector.fetcher import Fetcher
from inspector.settings import Settings
from inspector.ui.icons import app_icon
from inspector.ui.main_window import MainWindow

SCREENSHOT_SETTLE_MS = 0  # grab() renders the window itself; only let queued events run first
SCREENSHOT_GIVE_UP_MS = 60_000


def application() -> QApplication:
    # Parsing runs on worker threads in Python; the window's thread needs the GIL for every Python
    # callback (data(), paint, slots). A 1 ms switch interval (default 5 ms) hands it back sooner.
    sys.setswitchinterval(0.001)
    from inspector.allocator import limit_arenas

    limit_arenas()  # before any worker thread allocates: answers parsed on them are let go for real
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("Metrifox")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("com.metrifox.AccountInspector")
    app.setWindowIcon(app_icon())
    return app


def build_window(
    args: argparse.Namespace,
    *,
    settings: Settings | None = None,
    credentials: CredentialStore | None = None,
    client_options: dict[str, Any] | None = None,
    defer_build: bool = False,
    start: bool = True,
) -> MainWindow:
    """The window, built but not shown; it starts (key, then look-up or demo) once the event loop runs."""
    application()
    window = MainWindow(
        settings or Settings(),
        credentials or CredentialStore(),
        Fetcher(),
        initial_key=args.customer_key,
        force_demo=args.demo,
        base_url=args.base_url,
        meter_url=args.meter_url,
        profile=args.profile,
        client_options=client_options,
        defer_build=defer_build,
    )
    if start:
        QTimer.singleShot(0, window.start)
    return window


def run(args: argparse.Namespace) -> int:
    app = application()
    # Show the frame first; widgets, logging and the API layer load on the next turns of the loop.
    window = build_window(args, defer_build=True, start=False)
    app.aboutToQuit.connect(window.close)  # stops the worker threads however the loop ends
    _quit_on_interrupt(app)
    window.show()
    if os.environ.get("INSPECTOR_STARTUP_TRACE"):  # benchmarks/cold_start.py reads these lines
        _trace_startup(window)
    QTimer.singleShot(0, window.start)
    QTimer.singleShot(0, _start_logging)
    if args.screenshot:
        window.resize(1280, 800)  # the same picture on every machine, whatever its screen
        _save_screenshot_when_settled(app, window, Path(args.screenshot))
    code = app.exec()
    # Everything is saved and stopped by now (window closed: layout synced, worker threads joined).
    # Skip the interpreter's teardown of Qt and a hundred modules: it takes longer than the app's own
    # shutdown and is where Qt bindings tend to crash on exit.
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):  # None in a windowed exe (inspector/streams.py)
        if stream is not None:
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
    os._exit(code)


def _quit_on_interrupt(app: QApplication) -> QTimer:
    """Ctrl+C in the terminal closes the window properly (layout saved, threads stopped).

    Python runs signal handlers only between bytecodes, and Qt's event loop runs in C: a short timer
    hands control back to Python a few times a second so the handler gets its turn.
    """

    def interrupted(_signum: int, _frame: object) -> None:
        app.closeAllWindows()
        app.quit()

    signal.signal(signal.SIGINT, interrupted)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, interrupted)
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(200)
    return timer


def _start_logging() -> None:
    from inspector.logs import setup_file_logging

    setup_file_logging()


def _trace_startup(window: MainWindow) -> None:
    def say(event: str) -> None:
        sys.stderr.write(f"startup-trace\t{event}\t{time.time():.6f}\n")
        sys.stderr.flush()

    QTimer.singleShot(0, lambda: say("shown"))  # the first event-loop turn after show(): the window is up
    window.settled.connect(lambda: say("settled"))


def _save_screenshot_when_settled(app: QApplication, window: MainWindow, path: Path) -> None:
    done = False

    def save(exit_code: int) -> None:
        nonlocal done
        if done:
            return
        done = True
        ok = window.grab().save(str(path), "PNG")
        if not ok:
            sys.stderr.write(f"Could not write the screenshot to {path}.\n")
        window.close()
        app.exit(exit_code if ok else 1)

    window.settled.connect(lambda: QTimer.singleShot(SCREENSHOT_SETTLE_MS, lambda: save(0)))
    QTimer.singleShot(SCREENSHOT_GIVE_UP_MS, lambda: save(1))
