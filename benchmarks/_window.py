"""A real window (offscreen) over the loopback fake API, for the window benchmarks."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _common import ROOT  # noqa: F401  (puts the checkout on sys.path)
from PySide6.QtCore import QEventLoop, QTimer

from inspector.app import parser
from inspector.credentials import SERVICE, CredentialStore
from inspector.settings import Settings
from inspector.ui.main_window import MainWindow
from inspector.ui.startup import application, build_window
from tests.support.fake_metrifox import TEST_API_KEY, FakeMetrifox
from tests.support.memory_keyring import MemoryKeyring


def wait_for(signal: object, timeout_ms: int = 60_000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    # A timer of our own, stopped after: a pending singleShot would outlive the wait by a minute each time
    # (and show up in the memory benchmark as the benchmark's own growth).
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(timeout_ms)
    loop.exec()
    timer.stop()
    signal.disconnect(loop.quit)  # type: ignore[attr-defined]


def open_window(fake: FakeMetrifox) -> MainWindow:
    application()
    backend = MemoryKeyring()
    backend.set_password(SERVICE, "Production", TEST_API_KEY)
    settings = Settings(Path(tempfile.mkdtemp()) / "settings.ini")
    window = build_window(
        parser().parse_args(["--base-url", fake.base_url]),
        settings=settings,
        credentials=CredentialStore(backend, environ={}),
    )
    window.show()
    wait_for(window.warmedUp)  # as a person would: the window is up and has finished starting
    return window
