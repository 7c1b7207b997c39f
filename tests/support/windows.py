"""The window as tests open it: over the loopback server, an in-memory keyring, fast timeouts."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication

from inspector.app import parser
from inspector.credentials import SERVICE, CredentialStore
from inspector.settings import Settings
from inspector.ui.main_window import MainWindow
from inspector.ui.startup import build_window
from tests.support.fake_metrifox import TEST_API_KEY, FakeMetrifox
from tests.support.memory_keyring import MemoryKeyring

EXAMPLE_KEY = "cust-mljp3ra6ffjm"
FAST = {"timeout": 0.5, "total_timeout": 1.0, "max_retries": 1, "backoff_base": 0.01}
# For tests about a large answer's content, not about time: a loaded CI machine must not turn them into timeouts.
PATIENT = {"timeout": 10.0, "total_timeout": 20.0, "max_retries": 1, "backoff_base": 0.01}
WAIT = 10_000

OpenWindow = Callable[..., MainWindow]
"""The ``open_window`` fixture: ``open_window(*argv, key=..., base_url=..., settings=..., wait=...,
client_options=...)`` (client_options: the client's timeouts, FAST unless given)."""


def make_window(
    qtbot: Any,
    settings: Settings,
    backend: object,
    *argv: str,
    wait: bool = True,
    environ: dict[str, str] | None = None,
    client_options: dict[str, Any] | None = None,
) -> MainWindow:
    """The window over ``backend`` (a keyring), as the app builds it, with fast timeouts; shown, and
    (``wait``) settled: the key read and the start-up look-up done."""
    window = build_window(
        parser().parse_args(list(argv)),
        settings=settings,
        credentials=CredentialStore(backend, environ=environ or {}),
        client_options=client_options or FAST,
    )
    opened: list[str] = []  # links "opened", instead of a browser
    window.opened = opened  # type: ignore[attr-defined]  # tests read it as window.opened

    def open_url(url: QUrl) -> bool:
        opened.append(url.toString())
        return True

    window.answers.url_opener = open_url
    qtbot.addWidget(window)
    window.show()
    if wait:
        with qtbot.waitSignal(window.settled, timeout=WAIT):
            pass
    return window


@pytest.fixture
def open_window(qtbot: Any, fake: FakeMetrifox, tmp_path: Path) -> Iterator[OpenWindow]:
    windows: list[MainWindow] = []

    def factory(
        *argv: str,
        key: str | None = TEST_API_KEY,
        base_url: str | None = None,
        settings: Settings | None = None,
        wait: bool = True,
        client_options: dict[str, Any] | None = None,
    ) -> MainWindow:
        backend = MemoryKeyring()
        if key:
            backend.set_password(SERVICE, "Production", key)
        settings = settings or Settings(tmp_path / "settings.ini")
        url = base_url or fake.base_url
        options = client_options
        window = make_window(qtbot, settings, backend, *argv, "--base-url", url, wait=wait, client_options=options)
        windows.append(window)
        return window

    yield factory
    for window in windows:
        window.close()


def look_up(qtbot: Any, window: MainWindow, text: str, signal: str = "customerShown") -> Any:
    """Type the key (or paste it, as people do, when it has quotes or line breaks), then press Enter."""
    window.lookup_bar.search.clear()
    if text.isascii() and text.isprintable() and '"' not in text:
        qtbot.keyClicks(window.lookup_bar.search, text)
    else:
        QGuiApplication.clipboard().setText(text)
        qtbot.keyClick(window.lookup_bar.search, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    source = window if hasattr(window, signal) else window.session
    with qtbot.waitSignal(getattr(source, signal), timeout=WAIT) as blocker:
        qtbot.keyClick(window.lookup_bar.search, Qt.Key.Key_Return)
    # The invoices checked at look-up have come too: a fault the test sets next meets the request it means.
    qtbot.waitUntil(lambda: not window.session.sections.fetching, timeout=WAIT)
    return blocker.args[0]


def settle_workers(window: MainWindow) -> None:
    """Stop the window's worker threads and deliver whatever they posted: after this, an answer that was
    going to arrive late has arrived (or never will), so a test can say it was dropped."""
    from PySide6.QtCore import QCoreApplication

    assert window.session.fetcher.shutdown(timeout_ms=WAIT)
    QCoreApplication.processEvents()


def listed_things(window: MainWindow) -> list[str]:
    """The rows of the things-to-check list, as shown ("⚠  ..."), the rows made so far."""
    things = window.customer_view.things
    return [things.item(row).text() for row in range(things.count())]


def calls_on_the_window_thread(
    monkeypatch: pytest.MonkeyPatch, module: ModuleType, name: str, *imported_by: ModuleType
) -> list[bool]:
    """Wrap ``module.name`` (and the same name where ``imported_by`` modules imported it) so that each call
    records whether it ran on the window's thread (True) or a worker (False)."""
    calls: list[bool] = []
    real = getattr(module, name)

    def recorded(*args: Any, **kwargs: Any) -> Any:
        calls.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    for holder in (module, *imported_by):
        monkeypatch.setattr(holder, name, recorded)
    return calls
