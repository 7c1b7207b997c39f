"""Build the QApplication and the window: the frame first, shown, then the rest (cold start matters).

Only PySide6 and the window's shell (inspector.ui.main_window, which loads only inspector.ui.frame) are imported
here at first: the session, the keyring, the API layer and the widget modules load after the window is painted
(``run``); tests/integration/test_startup.py checks it.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from inspector import APP_NAME, __version__
from inspector.ui.frame import saved_geometry
from inspector.ui.main_window import MainWindow

if TYPE_CHECKING:
    from inspector.credentials import CredentialStore
    from inspector.settings import Settings

SCREENSHOT_SETTLE_MS = 0  # grab() renders the window itself; only let queued events run first
SCREENSHOT_GIVE_UP_MS = 60_000
TRACE = "INSPECTOR_STARTUP_TRACE"  # benchmarks/cold_start.py and the start-up tests read these lines


def application() -> QApplication:
    # Parsing runs on worker threads in Python; the window's thread needs the GIL for every Python
    # callback (data(), paint, slots). A 1 ms switch interval (default 5 ms) hands it back sooner.
    sys.setswitchinterval(0.001)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("Metrifox")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("com.metrifox.AccountInspector")
    return app  # the icon comes with the widgets (MainWindow.build_ui)


def fill(
    window: MainWindow,
    args: argparse.Namespace,
    *,
    settings: Settings | None = None,
    credentials: CredentialStore | None = None,
    client_options: dict[str, Any] | None = None,
) -> MainWindow:
    """The window shown as a frame, filled up to "ready" (Enter starts a look-up); views and key come with
    ``window.start()``."""
    from inspector.allocator import limit_arenas

    limit_arenas()  # before the first worker thread (made below) allocates: answers parsed there are let go
    from inspector.credentials import CredentialStore
    from inspector.fetcher import Fetcher
    from inspector.settings import Settings

    window.fill(
        settings or Settings(),
        credentials or CredentialStore(),
        Fetcher(),
        initial_key=args.customer_key,
        force_demo=args.demo,
        base_url=args.base_url,
        meter_url=args.meter_url,
        profile=args.profile,
        client_options=client_options,
    )
    return window


def build_window(
    args: argparse.Namespace,
    *,
    settings: Settings | None = None,
    credentials: CredentialStore | None = None,
    client_options: dict[str, Any] | None = None,
    start: bool = True,
) -> MainWindow:
    """The window, built the way ``run`` builds it but not shown; it starts (key, then look-up or demo)
    once the event loop runs."""
    application()
    geometry = settings.window_state("geometry") if settings is not None else saved_geometry()
    window = fill(
        MainWindow(geometry), args, settings=settings, credentials=credentials, client_options=client_options
    )
    window.build_ui()
    if start:
        QTimer.singleShot(0, window.start)
    return window


def run(args: argparse.Namespace) -> int:
    if _handed_off(args):  # a key, a link or nothing, and a window already running took it
        return 0
    app = application()
    frame = MainWindow(saved_geometry())  # the frame: nothing else of the project is loaded yet
    if args.screenshot:
        frame.resize(1280, 800)  # the same picture on every machine, whatever its screen
    frame.show()
    tracing = bool(os.environ.get(TRACE))
    if tracing:
        QTimer.singleShot(0, lambda: _trace("shown"))  # the first event-loop turn after show(): painted

    def fill_it() -> None:  # the next turn: Enter works ("ready"), the API layer starts loading on a worker
        window = fill(frame, args)
        if tracing:
            _trace("ready")
            window.settled.connect(lambda: _trace("settled"))
            window.warmedUp.connect(lambda: _trace("warmed"))  # the first look-up is as smooth as later ones
        app.aboutToQuit.connect(window.close)  # stops the worker threads however the loop ends
        # The warm-up makes the first look-up as smooth as later ones: a screenshot run has no later one.
        warm_up = not args.screenshot
        if warm_up:
            window.warm_up()
        if args.screenshot:
            _save_screenshot_when_settled(app, window, Path(args.screenshot))
        QTimer.singleShot(0, lambda: window.start(warm_up=warm_up))  # the views, then the key (then a look-up)
        QTimer.singleShot(0, _start_logging)
        QTimer.singleShot(0, lambda: _serve(window, args))  # one window per person: listen for later starts

    QTimer.singleShot(0, fill_it)
    _take_links(app)
    _quit_on_interrupt(app)
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


def _trace(event: str) -> None:
    """One line per moment of start-up: what, when (epoch seconds), and which project modules (and which of
    the heavy libraries) were loaded by then."""
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in {"inspector", "httpx", "pydantic", "keyring"})
    heavy = sorted({m.split(".")[0] for m in loaded} - {"inspector"})
    modules = ",".join(m for m in loaded if m.startswith("inspector")) + (";" + ",".join(heavy) if heavy else "")
    sys.stderr.write(f"startup-trace\t{event}\t{time.time():.6f}\t{modules}\n")
    sys.stderr.flush()


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


def _handed_off(args: argparse.Namespace) -> bool:
    """One window per person (inspector/ui/instance.py): True when the window already running took this
    start's key or link; only a plain window start asks (inspector.app sets ``one_window``)."""
    if not getattr(args, "one_window", False):
        return False
    from inspector.ui.instance import claim

    return claim(args)


def _take_links(app: QApplication) -> None:
    if sys.platform == "darwin":  # macOS hands links to the app as events, from the first turn of the loop on
        from inspector.ui.instance_server import install_link_filter

        install_link_filter(app)


def _serve(window: MainWindow, args: argparse.Namespace) -> None:
    # serve_name is set by claim(): this start is the person's one window; on macOS a window apart is told
    # links too (it says it does not open them)
    if hasattr(args, "serve_name") or sys.platform == "darwin":
        from inspector.ui.instance_server import serve

        serve(window, args)


def _start_logging() -> None:
    from inspector.logs import setup_file_logging

    setup_file_logging()


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
