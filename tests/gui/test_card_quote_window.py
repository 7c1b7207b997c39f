"""Send card link… and What would N cost?… in the window, over real HTTP and the real worker thread: the
dialogs, the link's rules (only https on metrifox.com; Copy puts only the link on the clipboard), each failure
one sentence, the finance API's absence said once and never asked again, stale answers dropped."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from inspector.api import errors
from inspector.api.checkout import NO_SUBSCRIPTION
from inspector.present.nodes import Node, NodeKind
from inspector.ui.main_window import MainWindow
from inspector.ui.tree_menu import QUOTE_BLOCKED
from tests.support.fake_metrifox import EXAMPLE_SUBSCRIPTION, FIXTURES, FakeMetrifox
from tests.support.offers import CARD_LINK_BASE
from tests.support.windows import EXAMPLE_KEY, WAIT, OpenWindow, look_up, settle_workers

LINK = CARD_LINK_BASE + EXAMPLE_SUBSCRIPTION


@pytest.fixture
def window(qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox) -> MainWindow:
    shown = open_window("--meter-url", fake.meter_url)
    look_up(qtbot, shown, EXAMPLE_KEY)
    return shown


def _node(window: MainWindow, kind: NodeKind) -> Node:
    root = window.customer_view.model.root
    assert root is not None
    return next(n for n in root.walk_built() if n.kind is kind)


def _asked(fake: FakeMetrifox, part: str) -> int:
    return sum(part in r.raw_path for r in fake.requests)


def _open_card_dialog(qtbot: Any, window: MainWindow) -> Any:
    window.customer_view.select_node(_node(window, NodeKind.SUBSCRIPTION))
    asks = window.customer_view.details.asks
    assert asks.card_button.isVisibleTo(window.customer_view.details)
    assert asks.card_reason.text() == "No card is on file for Deliveroo (Basic-less Plan)."
    asks.card_button.click()
    dialog = window.asks.card_dialog
    assert dialog is not None
    assert dialog.status_label.text() == "Asking Metrifox for a link…"
    return dialog


def test_send_card_link_open_copy_and_email(qtbot: Any, window: MainWindow, fake: FakeMetrifox) -> None:
    dialog = _open_card_dialog(qtbot, window)
    qtbot.waitUntil(lambda: dialog.url is not None, timeout=WAIT)
    assert dialog.link_label.text() == LINK
    assert fake.requests[-1].raw_path == (
        f"/api/v1/checkout/generate-card-collection-url?subscription_id={EXAMPLE_SUBSCRIPTION}"
    )
    QGuiApplication.clipboard().setText("before")
    qtbot.keyClick(dialog.link_label, Qt.Key.Key_Return)  # Enter copies: the link and nothing else
    assert QGuiApplication.clipboard().text() == LINK
    dialog.open_button.click()
    dialog.email_button.click()
    opened: list[str] = window.opened  # type: ignore[attr-defined]
    assert opened[0] == LINK
    assert opened[1].startswith("mailto:uppender@yopmail.com?subject=")
    assert LINK in unquote(opened[1])
    assert "add or update your payment card" in unquote(opened[1])


@pytest.mark.parametrize(
    ("link", "sentence"),
    [
        ("http://checkout.metrifox.com/c/1", "The link Metrifox sent is not a secure metrifox.com address"),
        ("https://checkout.metrifox.com.evil.io/c/1", "The link Metrifox sent is not a secure metrifox.com address"),
        (None, NO_SUBSCRIPTION),
    ],
)
def test_a_link_that_fails_the_rules_or_no_link_is_one_sentence(
    qtbot: Any, window: MainWindow, fake: FakeMetrifox, link: str | None, sentence: str
) -> None:
    if link is None:
        del fake.account["card_links"][EXAMPLE_SUBSCRIPTION]
    else:
        fake.account["card_links"][EXAMPLE_SUBSCRIPTION] = link
    dialog = _open_card_dialog(qtbot, window)
    qtbot.waitUntil(lambda: dialog.again_button.isVisibleTo(dialog), timeout=WAIT)
    assert dialog.status_label.text().startswith(sentence)
    assert not dialog.link_label.isVisibleTo(dialog)
    assert not any(b.isEnabled() for b in (dialog.open_button, dialog.copy_button, dialog.email_button))
    dialog.open_button.click()
    assert window.opened == []  # type: ignore[attr-defined]
    fake.account["card_links"][EXAMPLE_SUBSCRIPTION] = LINK
    dialog.again_button.click()  # Try again: asked again, and now it is offered
    qtbot.waitUntil(lambda: dialog.url == LINK, timeout=WAIT)


def test_no_network_is_one_sentence_in_the_dialog(qtbot: Any, window: MainWindow, fake: FakeMetrifox) -> None:
    fake.fail("close", times=5, where="card-collection")
    dialog = _open_card_dialog(qtbot, window)
    qtbot.waitUntil(lambda: dialog.again_button.isVisibleTo(dialog), timeout=WAIT)
    assert dialog.status_label.text() == errors.Offline.default_message
    assert window.session.loaded is not None  # the customer stays


def _quote_dialog(qtbot: Any, window: MainWindow) -> Any:
    """The Usage section opened, its API calls row selected, What would N cost?… clicked."""
    usage = next(
        n for n in window.customer_view.model.root.walk_built()  # type: ignore[union-attr]
        if n.kind is NodeKind.SECTION and n.section == "usage"
    )
    window.customer_view.tree.expand(window.customer_view.model.createIndex(usage.row, 0, usage))
    qtbot.waitUntil(lambda: usage.state == "loaded" and usage.children[0].kind is NodeKind.ACCOUNT_ROW, timeout=WAIT)
    row = usage.children[0]
    window.customer_view.select_node(row)
    asks = window.customer_view.details.asks
    assert asks.quote_button.isVisibleTo(window.customer_view.details)
    assert ("What would N cost?…" in [text for text, _run in window.customer_view.tree_menu_actions(row)]) is (
        asks.quote_unavailable is None
    )
    asks.quote_button.click()
    dialog = window.asks.quote_dialog
    assert dialog is not None
    return dialog, row


def _type_and_enter(qtbot: Any, dialog: Any, text: str) -> None:
    dialog.quantity.lineEdit().selectAll()
    qtbot.keyClicks(dialog.quantity, text)
    qtbot.keyClick(dialog.quantity, Qt.Key.Key_Return)


def test_what_would_n_cost_enter_asks_and_answers_in_words(
    qtbot: Any, window: MainWindow, fake: FakeMetrifox
) -> None:
    dialog, _row = _quote_dialog(qtbot, window)
    _type_and_enter(qtbot, dialog, "5000")
    assert dialog.answer_label.text() == "Asking Metrifox…"
    qtbot.waitUntil(dialog.ask_button.isEnabled, timeout=WAIT)
    assert dialog.answer_label.text() == "5,000 API calls would cost $12.50 on the customer's plan."
    assert dialog.tiers_label.text() == "First 1,000 free, then 4,000 at $0.003 each plus $0.50."
    assert "/api/v1/usage/quantity-price?" in fake.requests[-1].raw_path
    assert "quantity=5000" in fake.requests[-1].raw_path


@pytest.mark.parametrize("status", [403, 404])
def test_no_finance_api_is_said_once_and_never_asked_again(
    qtbot: Any, window: MainWindow, fake: FakeMetrifox, status: int
) -> None:
    fake.account["finance_api"] = status
    dialog, row = _quote_dialog(qtbot, window)
    with qtbot.waitSignal(window.session.requests.quotesUnavailable, timeout=WAIT):
        _type_and_enter(qtbot, dialog, "5")
    qtbot.waitUntil(lambda: dialog.answer_label.text() != "Asking Metrifox…", timeout=WAIT)
    assert dialog.answer_label.text() == errors.FinanceApiUnavailable.default_message
    assert not dialog.ask_button.isEnabled()
    assert _asked(fake, "quantity-price") == 1
    # From now on: the menu item says why, the pane's button is off, and nothing more is asked.
    assert (QUOTE_BLOCKED, None) in window.customer_view.tree_menu_actions(row)
    asks = window.customer_view.details.asks
    assert not asks.quote_button.isEnabled()
    assert asks.quote_note.text() == errors.FinanceApiUnavailable.default_message
    window.asks.open_quote(asks.feature)  # type: ignore[arg-type]
    again = window.asks.quote_dialog
    assert again is not None
    assert again is not dialog
    assert again.answer_label.text() == errors.FinanceApiUnavailable.default_message
    again.quoteRequested.emit(7)
    look_up(qtbot, window, EXAMPLE_KEY)  # F5 of the same customer: still known, still not asked
    assert _asked(fake, "quantity-price") == 1
    assert window.session.requests.quotes_unavailable() == errors.FinanceApiUnavailable.default_message


def test_answers_for_the_customer_before_are_dropped(qtbot: Any, window: MainWindow, fake: FakeMetrifox) -> None:
    dialog, _row = _quote_dialog(qtbot, window)
    fake.fail("delay", seconds=0.4, where="quantity-price")
    fake.fail("delay", seconds=0.4, where="card-collection")
    requests = window.session.requests
    # Asked of the session itself (the dialog, closing, would cancel its own question): the session drops them.
    assert requests.ask_quote("api_calls", "API calls", 5000, "USD") is None
    assert requests.ask_card_link(EXAMPLE_SUBSCRIPTION) is None
    with qtbot.assertNotEmitted(requests.quoteAnswered), qtbot.assertNotEmitted(requests.cardLinkAnswered):
        look_up(qtbot, window, "cust-nordlicht-7f3k")  # another customer while both are on their way
        assert not dialog.isVisible()  # the dialog about the customer before has closed
        qtbot.waitUntil(lambda: not requests.asking, timeout=WAIT)  # both answers came, and were not passed on
    assert _asked(fake, "quantity-price") == 1
    assert _asked(fake, "card-collection") == 1
    settle_workers(window)


def test_a_thing_to_check_offers_the_card_link(qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox) -> None:
    doc = json.loads((FIXTURES / "business.json").read_bytes())
    doc["data"]["subscriptions"][0]["payment_method"].update(exp_month=11, exp_year=2026)
    fake.customers["cust-nordlicht-7f3k"] = json.dumps(doc).encode()
    window = open_window("--meter-url", fake.meter_url)
    look_up(qtbot, window, "cust-nordlicht-7f3k")
    things = window.customer_view.things
    items = [things.item(i) for i in range(things.count())]
    card = next(item for item in items if "expires 11/2026, before the next bill" in item.text())
    other = next(item for item in items if "Carbon Ledger" in item.text())  # no live subscription: no link
    assert window.asks.thing_actions(other) == []
    assert "right-click to send a card link." in card.toolTip()
    assert "card link" not in other.toolTip()
    ((text, run),) = window.asks.thing_actions(card)
    assert text == "Send card link…"
    run()
    dialog = window.asks.card_dialog
    assert dialog is not None
    assert dialog.need.subscription_id == "sub-fleet-3"
    qtbot.waitUntil(lambda: dialog.url == CARD_LINK_BASE + "sub-fleet-3", timeout=WAIT)
    payment = next(
        n for n in window.customer_view.model.root.walk_built()  # type: ignore[union-attr]
        if n.kind is NodeKind.PAYMENT_METHOD
    )
    assert "Send card link…" in [text for text, _run in window.customer_view.tree_menu_actions(payment)]
