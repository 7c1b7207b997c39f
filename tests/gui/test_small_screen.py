"""Small screens and dark palettes (issue 18.16): at 1366×768 the details show at least 12 fields with a
current subscription selected; Things to check folds to a one-line count (by click or keyboard, the choice
remembered); its panel follows the palette."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from inspector.present.nodes import NodeKind
from inspector.settings import Settings
from tests.support.documents import example_document, first_subscription, serve
from tests.support.fake_metrifox import FakeMetrifox
from tests.support.windows import EXAMPLE_KEY, OpenWindow, look_up


def _visible_rows(window: Any) -> int:
    table = window.customer_view.details.table
    shown = 0
    for row in range(table.rowCount()):
        rect = table.visualRect(table.model().index(row, 1))
        if rect.top() >= 0 and rect.bottom() <= table.viewport().height():
            shown += 1
    return shown


def test_at_1366_by_768_the_details_show_twelve_fields_of_a_subscription(qtbot: Any, open_window: OpenWindow) -> None:
    window = open_window()
    window.resize(1366, 768 - 40)  # a taskbar takes some of the screen
    look_up(qtbot, window, EXAMPLE_KEY)
    root = window.customer_view.model.root
    assert root is not None
    subscription = next(n for _, n in root.walk() if n.kind is NodeKind.SUBSCRIPTION)
    window.customer_view.select_node(subscription)
    qtbot.waitUntil(lambda: _visible_rows(window) >= 12, timeout=5000)


def test_usage_rows_have_no_update_quantity_box(qtbot: Any, open_window: OpenWindow) -> None:
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)
    root = window.customer_view.model.root
    assert root is not None
    invoices = next(n for _, n in root.walk() if n.kind is NodeKind.SECTION and n.section == "invoices")
    window.customer_view.select_node(invoices)
    assert not window.customer_view.details.link_box.isVisibleTo(window.customer_view.details)


def test_things_to_check_fold_to_one_line_and_the_choice_is_remembered(
    qtbot: Any, open_window: OpenWindow, tmp_path: Path
) -> None:
    settings = Settings(tmp_path / "fold.ini")
    window = open_window(settings=settings)
    look_up(qtbot, window, EXAMPLE_KEY)
    view = window.customer_view
    qtbot.waitUntil(lambda: view.things.count() > 0, timeout=5000)
    assert view.things.isVisibleTo(window)
    view.things_toggle.setFocus()
    qtbot.keyClick(view.things_toggle, Qt.Key.Key_Space)  # by keyboard
    assert not view.things.isVisibleTo(window)
    assert view.things_toggle.isVisibleTo(window)
    assert view.things_toggle.text().startswith("▸ ")
    assert "things to check" in view.things_toggle.text()
    window.close()
    again = open_window(settings=Settings(tmp_path / "fold.ini"))
    look_up(qtbot, again, EXAMPLE_KEY)
    qtbot.waitUntil(lambda: again.customer_view.things.count() > 0, timeout=5000)
    assert not again.customer_view.things.isVisibleTo(again)  # folded, as left
    again.customer_view.things_toggle.click()  # by click
    assert again.customer_view.things.isVisibleTo(again)


def test_the_things_panel_follows_a_dark_palette(qtbot: Any, open_window: OpenWindow) -> None:
    dark = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.Text, "#e8e8e8"),
        (QPalette.ColorRole.WindowText, "#e8e8e8"),
    ):
        dark.setColor(role, QColor(colour))
    before = QGuiApplication.palette()
    QGuiApplication.setPalette(dark)
    try:
        window = open_window()
        look_up(qtbot, window, EXAMPLE_KEY)
        things = window.customer_view.things
        qtbot.waitUntil(lambda: things.count() > 0, timeout=5000)
        picture = things.grab().toImage()
        points = [(x, y) for x in range(2, picture.width() - 2, 7) for y in range(2, picture.height() - 2, 5)]
        mean = sum(picture.pixelColor(x, y).lightness() for x, y in points) / len(points)
        assert mean < 90  # no bright block (or bright strip) in a dark window; white text is a small share
    finally:
        QGuiApplication.setPalette(before)


def test_a_usage_row_offers_no_manage_add_ons_box(qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox) -> None:
    serve(
        fake,
        example_document(
            lambda d: first_subscription(d).update(manage_addons_link="https://checkout.metrifox.com/manage-addons/1")
        ),
    )
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)
    root = window.customer_view.model.root
    assert root is not None
    details = window.customer_view.details
    window.customer_view.select_node(next(n for _, n in root.walk() if n.kind is NodeKind.SUBSCRIPTION))
    assert details.other_links.isVisibleTo(details)  # the subscription's own row offers it
    usage = next(n for _, n in root.walk() if n.kind is NodeKind.SECTION and n.section == "usage")
    window.customer_view.tree.expand(window.customer_view.model.createIndex(usage.row, 0, usage))
    qtbot.waitUntil(lambda: usage.state == "loaded" and usage.children[0].kind is NodeKind.ACCOUNT_ROW, timeout=5000)
    window.customer_view.select_node(usage.children[0])
    assert not details.other_links.isVisibleTo(details)
    assert not details.link_box.isVisibleTo(details)

