"""Things to check: each hint from the data, with its numbers, pointing at its row; none when all is well."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from inspector.api.models import CustomerDetails
from inspector.present.nodes import NodeKind
from tests.support.documents import first_subscription as _sub
from tests.support.fake_metrifox import EXAMPLE, FakeMetrifox, load_fixture_bodies
from tests.support.windows import EXAMPLE_KEY, WAIT, OpenWindow, look_up

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def test_the_window_lists_them_and_a_click_selects_the_row(
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox
) -> None:
    doc = json.loads(fake.customers[EXAMPLE_KEY])
    doc["data"]["subscriptions"][0]["status"] = "frozen_by_finance"
    fake.customers[EXAMPLE_KEY] = json.dumps(doc).encode()
    window = open_window("--meter-url", fake.meter_url)
    look_up(qtbot, window, EXAMPLE_KEY)
    things = window.customer_view.things
    assert things.objectName() == "thingsToCheck"
    assert things.isVisibleTo(window)
    # The unknown status and the next bill dated in the past (Mar 12, 2026, as documented) at once; the
    # overdue invoice when the billing history fetched at look-up comes.
    qtbot.waitUntil(lambda: things.count() == 3, timeout=WAIT)
    assert "a day that has passed" in things.item(1).text()
    assert "was due" in things.item(2).text()
    assert window.customer_view.header.things_label.text().startswith("⚠ 3 things to check")
    things.itemClicked.emit(things.item(0))
    assert window.customer_view.details.node is not None
    assert window.customer_view.details.node.kind is NodeKind.PRODUCT
    look_up(qtbot, window, "cust-sparse-01")
    assert not things.isVisibleTo(window)
    assert not window.customer_view.header.things_label.isVisibleTo(window)


# ---- explain the bill ------------------------------------------------------------------------------
def test_email_to_customer_in_the_window(qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox) -> None:
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)
    root = window.customer_view.model.root
    assert root is not None
    window.customer_view.select_node(next(n for _, n in root.walk() if n.kind is NodeKind.SUBSCRIPTION))
    button = window.customer_view.details.email_button
    assert button.objectName() == "emailUpdateQuantity"
    assert button.isVisibleTo(window.customer_view.details)
    assert button.isEnabled()
    button.click()
    (opened,) = window.opened  # type: ignore[attr-defined]
    assert opened.startswith("mailto:uppender@yopmail.com?subject=")
    window.customer_view.select_node(next(n for _, n in root.walk() if n.kind is NodeKind.HISTORY_ENTRY))
    assert not button.isVisibleTo(window.customer_view.details)  # never offered where Open is not
    doc = json.loads(fake.customers[EXAMPLE_KEY])
    doc["data"].update(billing_email="a@x.com?bcc=evil@x.com", primary_email="b@x.com,evil@x.com")
    fake.customers[EXAMPLE_KEY] = json.dumps(doc).encode()
    look_up(qtbot, window, EXAMPLE_KEY)
    root = window.customer_view.model.root
    window.customer_view.select_node(next(n for _, n in root.walk() if n.kind is NodeKind.SUBSCRIPTION))  # type: ignore[union-attr]
    assert not window.customer_view.details.email_button.isEnabled()


# ---- the support summary ---------------------------------------------------------------------------
def test_copy_support_summary_in_the_window(qtbot: Any, open_window: OpenWindow) -> None:
    from PySide6.QtGui import QAction, QGuiApplication

    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)
    action = window.findChild(QAction, "copySummary")
    assert action is not None
    assert action.shortcut().toString() == "Ctrl+Shift+C"
    action.trigger()
    dialog = window.dialogs.summary_dialog
    assert dialog is not None
    assert dialog.preview.toPlainText().startswith("Uppender Lala\n")
    dialog.markdown.setChecked(True)
    assert dialog.preview.toPlainText().startswith("## Uppender Lala\n")
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text().startswith("## Uppender Lala\n")


# ---- saved answers ---------------------------------------------------------------------------------
def test_a_saved_answer_in_the_window(qtbot: Any, open_window: OpenWindow, tmp_path: Any) -> None:
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    window = open_window()
    look_up(qtbot, window, "cust-nordlicht-7f3k")
    bad = tmp_path / "notes.json"
    bad.write_text("not json at all")
    shown: list[object] = []
    window.session.customerLoaded.connect(shown.append)
    with qtbot.waitSignal(window.session.answers.fileFailed, timeout=WAIT):
        window.answers.open_saved(str(bad))
    assert shown == []
    assert window.error_banner.text == "notes.json is not a saved Metrifox answer (customer details)."
    assert window.session.loaded is not None
    assert window.session.loaded.customer_key == "cust-nordlicht-7f3k"  # nothing else changed
    saved = tmp_path / "acme.json"
    saved.write_bytes(EXAMPLE.read_bytes())
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(saved))])
    drop = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    with qtbot.waitSignal(window.customerShown, timeout=WAIT) as dropped:
        window.dropEvent(drop)
    assert dropped.args[0].source == "from file acme.json, fetched: unknown"  # a plain Metrifox JSON
    assert window.customer_view.header.fetched_label.text() == "from file acme.json, fetched: unknown"
    assert window.windowTitle().startswith("Uppender Lala — ")
    assert window.windowTitle().endswith("(saved answer)")
    root = window.customer_view.model.root
    assert root is not None
    window.customer_view.select_node(next(n for _, n in root.walk() if n.kind is NodeKind.SUBSCRIPTION))
    assert window.customer_view.details.open_button.isEnabled()  # every rule of a live answer: the link checks too


# ---- compare -----------------------------------------------------------------------------------------
def test_a_reload_says_what_changed_and_highlights_it(qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox) -> None:
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)
    doc = json.loads(fake.customers[EXAMPLE_KEY])
    _sub(doc["data"])["subscription_items"][1]["quantity"] = 5
    fake.customers[EXAMPLE_KEY] = json.dumps(doc).encode()
    with qtbot.waitSignal(window.customerShown, timeout=WAIT):
        window.session.retry()  # F5
    qtbot.waitUntil(lambda: window.error_banner.text.startswith("Changed from live answer of "), timeout=WAIT)
    assert " to live answer of " in window.error_banner.text
    assert window.error_banner.text.endswith(": Seats — Quantity: 3 → 5")
    root = window.customer_view.model.root
    assert root is not None
    seats = next(n for _, n in root.walk() if n.kind is NodeKind.ITEM and n.label == "Seats")
    assert seats.changed
    assert not root.changed
    index = window.customer_view.model.createIndex(seats.row, 0, seats)
    assert window.customer_view.model.data(index, 8) is not None  # BackgroundRole: highlighted


def test_email_beside_the_manage_add_ons_link(qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox) -> None:
    doc = json.loads(fake.customers[EXAMPLE_KEY])
    _sub(doc["data"])["manage_addons_link"] = "https://checkout.metrifox.com/manage-addons/1"
    fake.customers[EXAMPLE_KEY] = json.dumps(doc).encode()
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)
    root = window.customer_view.model.root
    assert root is not None
    window.customer_view.select_node(next(n for _, n in root.walk() if n.kind is NodeKind.SUBSCRIPTION))
    row = window.customer_view.details.link_rows["Manage add-ons"]
    assert row.email_button.objectName() == "emailManageAddons"
    assert row.email_button.isEnabled()
    row.email_button.click()
    (opened,) = window.opened  # type: ignore[attr-defined]
    assert opened.startswith("mailto:uppender@yopmail.com?subject=")
    assert "manage-addons%2F1" in opened


# ---- the timeline ----------------------------------------------------------------------------------
def test_the_timeline_shows_with_a_product_selected(qtbot: Any, open_window: OpenWindow) -> None:
    window = open_window()
    look_up(qtbot, window, "cust-nordlicht-7f3k")
    root = window.customer_view.model.root
    assert root is not None
    widget = window.customer_view.details.timeline
    assert widget.objectName() == "timeline"
    assert not widget.isVisibleTo(window.customer_view.details)
    window.customer_view.select_node(next(n for n in root.children if n.kind is NodeKind.PRODUCT))
    assert widget.isVisibleTo(window.customer_view.details)
    assert widget.timeline is not None
    image = widget.grab().toImage()  # painted: bars, today, renewal
    assert len({image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 5)}) > 3
    first_bar = widget.bars()[0][0]
    assert widget.tooltip_at(first_bar.center().x(), first_bar.center().y()).startswith("Fleet Starter (v1)\n")
    window.customer_view.select_node(next(n for _, n in root.walk() if n.kind is NodeKind.SUBSCRIPTION))
    assert not widget.isVisibleTo(window.customer_view.details)


def test_compare_a_past_subscription_with_the_current_one(qtbot: Any, open_window: OpenWindow) -> None:
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)
    root = window.customer_view.model.root
    assert root is not None
    past = next(n for _, n in root.walk() if n.kind is NodeKind.HISTORY_ENTRY and n.status == "deactivated")
    actions = dict(window.customer_view.tree_menu_actions(past))
    compare = actions["Compare with Current subscription: Basic-less Plan (v2)"]
    assert compare is not None
    compare()
    box = window.answers.compare_box
    assert box is not None
    text = box.text()
    assert box.objectName() == "compareDialog"
    assert "Plan name: Basic Plan → Basic-less Plan" in text
    assert "Seats: $25.00 for 5 → $3.00 for 3" in text
    assert "Offering key" in text
    assert "Currency code" not in text  # only the fields that differ


def test_the_timeline_paints_in_a_dark_palette_at_twice_the_scale(qtbot: Any) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor, QPalette, QPixmap

    from inspector.present.timeline import timeline
    from inspector.ui.timeline import TimelineWidget

    details = CustomerDetails.model_validate_json(load_fixture_bodies()["cust-nordlicht-7f3k"])
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    dark = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#202020"),
        (QPalette.ColorRole.WindowText, "#f0f0f0"),
        (QPalette.ColorRole.Mid, "#5a5a5a"),
        (QPalette.ColorRole.Highlight, "#3d7fd9"),
        (QPalette.ColorRole.HighlightedText, "#ffffff"),
    ):
        dark.setColor(role, QColor(colour))
    widget.setPalette(dark)
    widget.show_timeline(timeline(details.customer.subscriptions[0], now=NOW))
    widget.resize(480, widget.sizeHint().height())
    pixmap = QPixmap(widget.size() * 2)
    pixmap.setDevicePixelRatio(2.0)  # 200 %: painted in device-independent pixels, twice as sharp
    pixmap.fill(QColor("#202020"))
    widget.render(pixmap, QPoint())
    image = pixmap.toImage()
    light_pixels = sum(
        1
        for x in range(0, image.width(), 3)
        for y in range(0, image.height(), 3)
        if QColor(image.pixel(x, y)).lightness() > 200
    )
    assert image.width() == 960
    assert light_pixels > 20  # the labels and today's line, light on dark


def test_the_windows_summary_says_the_overdue_invoice_checked_at_look_up(
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox
) -> None:
    window = open_window()
    look_up(qtbot, window, EXAMPLE_KEY)  # waits for the invoices fetched at look-up too
    window.dialogs.open_summary()
    dialog = window.dialogs.summary_dialog
    assert dialog is not None
    overdue = "Invoice INV-0003 of Deliveroo (Basic-less Plan): $21.00 was due Nov 15, 2026"
    assert overdue in dialog.preview.toPlainText()
    dialog.reject()
