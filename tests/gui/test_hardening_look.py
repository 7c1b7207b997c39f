"""Layout and contrast: the window fits small screens, columns give way sensibly, text reads in light and
dark palettes (WCAG 4.5:1). Issue: Hardening; each test failed before its fix."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtGui import QColor, QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication, QLabel

from inspector.present.nodes import NodeKind
from inspector.ui.colors import contrast
from inspector.ui.detail_pane import DetailPane
from inspector.ui.key_dialog import KeyDialog
from tests.support.fake_metrifox import EXAMPLE, FakeMetrifox
from tests.support.windows import EXAMPLE_KEY, OpenWindow, look_up


def _dark() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.WindowText, "#eeeeee"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.AlternateBase, "#262626"),
        (QPalette.ColorRole.Text, "#eeeeee"),
        (QPalette.ColorRole.Button, "#333333"),
        (QPalette.ColorRole.ButtonText, "#eeeeee"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


@pytest.fixture(params=["light", "dark"])
def palette(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[QPalette]:
    previous = qapp.palette()
    chosen = _dark() if request.param == "dark" else qapp.style().standardPalette()
    qapp.setPalette(chosen)
    yield chosen
    qapp.setPalette(previous)


def _text_colour(label: QLabel) -> QColor:
    found = re.search(r"color:\s*(#[0-9a-fA-F]{6})", label.styleSheet())
    assert found, f"{label.objectName()} has no explicit colour: {label.styleSheet()!r}"
    return QColor(found.group(1))


def test_secondary_text_reads_in_light_and_dark(qtbot: Any, palette: QPalette) -> None:
    pane = DetailPane()
    qtbot.addWidget(pane)
    window_bg, base = palette.color(QPalette.ColorRole.Window), palette.color(QPalette.ColorRole.Base)
    assert contrast(_text_colour(pane.link_reason), base) >= 4.5  # the "why not" under the link buttons
    assert contrast(_text_colour(pane.hint), window_bg) >= 4.5
    assert contrast(_text_colour(pane.kind_label), window_bg) >= 4.5


def test_key_dialog_results_read_in_light_and_dark(qtbot: Any, palette: QPalette) -> None:
    dialog = KeyDialog("Production", "https://api.metrifox.com/api/v1/", "Saved keys are kept …")
    qtbot.addWidget(dialog)
    window_bg = palette.color(QPalette.ColorRole.Window)
    assert contrast(_text_colour(dialog.storage_label), window_bg) >= 4.5
    dialog.show_test_result(None)
    assert contrast(_text_colour(dialog.result_label), window_bg) >= 4.5
    dialog.show_test_result("Metrifox did not accept the API key.")
    assert contrast(_text_colour(dialog.result_label), window_bg) >= 4.5


def test_history_rows_read_in_light_and_dark(qtbot: Any, palette: QPalette, open_window: OpenWindow) -> None:
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)
    history = next(n for _, n in window.customer_view.model.root.walk() if n.kind is NodeKind.HISTORY)  # type: ignore[union-attr]
    index = window.customer_view.model.createIndex(history.row, 0, history)
    colour = window.customer_view.model.data(index, 9).color()  # ForegroundRole
    for role in (QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase):
        assert contrast(colour, palette.color(role)) >= 4.5


def test_the_window_fits_small_screens(qtbot: Any, open_window: OpenWindow) -> None:
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)
    hint = window.minimumSizeHint()
    # 1366×768, and 1920×1080 at 150 % (1280×720 logical), each less a panel of 40 px
    assert hint.width() <= 1280
    assert hint.height() <= 680
    screen = window.screen().availableGeometry()
    assert window.width() <= max(1280, screen.width())
    assert window.height() <= screen.height()


def test_unknown_statuses_and_money_are_not_cut_first(qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox) -> None:
    doc = json.loads(EXAMPLE.read_bytes())
    doc["data"]["subscriptions"][0]["status"] = "awaiting_manual_review"
    fake.customers[EXAMPLE_KEY] = json.dumps(doc).encode()
    window = open_window()
    window.resize(1000, 700)
    look_up(qtbot, window, EXAMPLE_KEY)
    qtbot.waitUntil(window.customer_view.tree.isVisible, timeout=5000)
    header = window.customer_view.tree.header()
    bold = window.customer_view.tree.font()
    bold.setBold(True)
    assert header.sectionSize(1) >= QFontMetrics(bold).horizontalAdvance("awaiting_manual_review") + 20
    assert header.sectionSize(0) >= 160  # names keep a share
    assert header.sectionSize(2) >= 150  # the summary (money first) is not squeezed to nothing
