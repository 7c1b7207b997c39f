"""The frame shown first (issue 20): the window in its final layout before the rest is imported, and what is
typed into it before it is "ready" (Enter starts a look-up) kept and acted on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QToolBar

from inspector.app import parser
from inspector.credentials import SERVICE, CredentialStore
from inspector.settings import Settings
from inspector.ui.frame import MENU_TITLES, PLACEHOLDER
from inspector.ui.main_window import MainWindow
from inspector.ui.startup import application, fill
from tests.support.fake_metrifox import TEST_API_KEY, FakeMetrifox
from tests.support.memory_keyring import MemoryKeyring
from tests.support.windows import EXAMPLE_KEY, FAST, WAIT


def _shown_frame(qtbot: Any) -> MainWindow:
    application()
    frame = MainWindow()  # as run() shows it: not filled yet
    qtbot.addWidget(frame)
    frame.show()
    qtbot.waitExposed(frame)
    return frame


def _fill(frame: MainWindow, fake: FakeMetrifox, tmp_path: Path) -> MainWindow:
    backend = MemoryKeyring()
    backend.set_password(SERVICE, "Production", TEST_API_KEY)
    return fill(
        frame,
        parser().parse_args(["--base-url", fake.base_url]),
        settings=Settings(tmp_path / "settings.ini"),
        credentials=CredentialStore(backend, environ={}),
        client_options=FAST,
    )


def test_the_frame_is_the_first_screen_in_its_final_layout(qtbot: Any, fake: FakeMetrifox, tmp_path: Path) -> None:
    frame = _shown_frame(qtbot)
    assert [action.text() for action in frame.menuBar().actions()] == list(MENU_TITLES)
    assert frame.findChild(QToolBar, "lookupBar") is frame.lookup_bar
    assert frame.placeholder.text() == PLACEHOLDER
    # The window's focus (active or not): the editable combo box, which hands every key to its field.
    assert frame.focusWidget() in (frame.lookup_bar.recent_box, frame.lookup_bar.search)
    before = {name: frame.findChild(QLabel, name) for name in ("placeholder", "keySource")}
    toolbar_geometry, placeholder_geometry = frame.lookup_bar.geometry(), frame.placeholder.geometry()
    placeholder_in_window = frame.placeholder.mapTo(frame, QPoint(0, 0))

    window = _fill(frame, fake, tmp_path)
    window.build_ui()
    qtbot.waitUntil(window.customer_view.placeholder.isVisible, timeout=WAIT)
    assert window is frame  # the same window on screen, filled
    assert {name: window.findChild(QLabel, name) for name in before} == before  # the same widgets, taken over
    assert window.lookup_bar.geometry() == toolbar_geometry
    assert window.customer_view.placeholder.geometry().size() == placeholder_geometry.size()
    assert window.placeholder.mapTo(window, QPoint(0, 0)) == placeholder_in_window
    assert [action.text() for action in window.menuBar().actions()] == list(MENU_TITLES)  # filled, not added
    assert window.menu_actions["Find customer by name or email"] in window.menus["&Edit"].actions()
    window.close()


def test_what_is_typed_before_ready_is_kept_and_enter_then_looks_it_up(
    qtbot: Any, fake: FakeMetrifox, tmp_path: Path
) -> None:
    frame = _shown_frame(qtbot)
    qtbot.keyClicks(frame.lookup_bar.search, EXAMPLE_KEY[:5])
    qtbot.keyClicks(frame.lookup_bar.search, EXAMPLE_KEY[5:])
    qtbot.keyClick(frame.lookup_bar.search, Qt.Key.Key_Return)  # before anything can look it up
    assert frame.lookup_bar.search.text() == EXAMPLE_KEY
    assert not frame.is_ready

    with qtbot.waitSignal(frame.ready, timeout=WAIT):
        window = _fill(frame, fake, tmp_path)
    assert window.lookup_bar.search.text() == EXAMPLE_KEY
    with qtbot.waitSignal(window.customerShown, timeout=WAIT) as shown:
        window.start()
    assert shown.args is not None
    assert shown.args[0].customer_key == EXAMPLE_KEY  # the early Enter looked the typed key up
    assert window.lookup_bar.search.text() == EXAMPLE_KEY
    assert [r for r in fake.requests if f"customers/{EXAMPLE_KEY}/details" in str(r)] != []
    window.close()


def test_typing_between_ready_and_the_views_is_kept_and_not_selected(
    qtbot: Any, fake: FakeMetrifox, tmp_path: Path
) -> None:
    frame = _shown_frame(qtbot)
    qtbot.keyClicks(frame.lookup_bar.search, "cust-")
    window = _fill(frame, fake, tmp_path)
    qtbot.keyClicks(window.lookup_bar.search, "mljp")
    window.start()  # the views are built and the key read: nothing typed is replaced or selected
    qtbot.keyClicks(window.lookup_bar.search, "3ra6ffjm")
    assert window.lookup_bar.search.text() == EXAMPLE_KEY
    assert not window.lookup_bar.search.hasSelectedText()
    with qtbot.waitSignal(window.settled, timeout=WAIT):
        pass
    with qtbot.waitSignal(window.customerShown, timeout=WAIT) as shown:
        qtbot.keyClick(window.lookup_bar.search, Qt.Key.Key_Return)
    assert shown.args is not None
    assert shown.args[0].customer_key == EXAMPLE_KEY
    window.close()
