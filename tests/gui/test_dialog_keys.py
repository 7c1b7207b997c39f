"""Enter does each dialog's main action and Esc closes it (issue 18.14): the summary preview copies, Check
access checks (from the feature field and from the quantity), search opens the selected match."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from tests.support.fake_metrifox import FakeMetrifox
from tests.support.windows import EXAMPLE_KEY, WAIT, OpenWindow, look_up


def test_enter_copies_the_summary_and_esc_closes_it(qtbot: Any, open_window: OpenWindow) -> None:
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)
    window.dialogs.open_summary()
    dialog = window.dialogs.summary_dialog
    assert dialog is not None
    QGuiApplication.clipboard().setText("")
    qtbot.keyClick(dialog.preview, Qt.Key.Key_Return)
    assert QGuiApplication.clipboard().text().startswith("Uppender Lala\n")
    window.dialogs.open_summary()
    again = window.dialogs.summary_dialog
    assert again is not None
    qtbot.keyClick(again, Qt.Key.Key_Escape)
    assert not again.isVisible()


def test_enter_checks_access_from_either_field_and_esc_closes(
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox
) -> None:
    window = open_window("--meter-url", fake.meter_url)
    look_up(qtbot, window, EXAMPLE_KEY)
    window.dialogs.open_check_access("api_calls")
    dialog = window.dialogs.access_dialog
    assert dialog is not None
    for field in (dialog.quantity, dialog.feature):
        dialog.answer_label.setText("")
        with qtbot.waitSignal(window.session.sections.accessAnswered, timeout=WAIT):
            qtbot.keyClick(field, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.answer_label.text().startswith("For 1: yes"), timeout=WAIT)
        assert dialog.isVisible()  # Enter checks; it does not close
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_enter_in_search_opens_the_selected_match(qtbot: Any, open_window: OpenWindow) -> None:
    window = open_window()
    window.searches.open("nordlicht")
    dialog = window.searches.dialog
    assert dialog is not None
    with qtbot.waitSignal(window.session.searchAnswered, timeout=WAIT):
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)  # the first Enter searches
    qtbot.waitUntil(lambda: dialog.results.topLevelItemCount() == 1, timeout=WAIT)
    qtbot.keyClick(dialog.field, Qt.Key.Key_Down)  # into the matches
    with qtbot.waitSignal(window.customerShown, timeout=WAIT) as shown:
        qtbot.keyClick(dialog.results, Qt.Key.Key_Return)
    assert shown.args[0].customer_key == "cust-nordlicht-7f3k"
