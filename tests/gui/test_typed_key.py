"""The key typed is the key looked up (issue 18.13): a recent key that merely starts with the typed text is
offered as a suggestion, never put in its place on Enter."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.support.windows import EXAMPLE_KEY, WAIT, OpenWindow, look_up


def test_enter_looks_up_the_typed_prefix_not_a_recent_key_it_starts(qtbot: Any, open_window: OpenWindow) -> None:
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)  # now a recent key
    started: list[str] = []
    window.session.lookupStarted.connect(lambda key, _other: started.append(key))
    field = window.lookup_bar.search
    field.clear()
    qtbot.keyClicks(field, "cust-ml")
    assert field.text() == "cust-ml"  # nothing completed into the field
    with qtbot.waitSignal(window.session.lookupFailed, timeout=WAIT):
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert started == ["cust-ml"]
