"""The account's sections in the window, over real HTTP: loaded when opened, never before; Loading…, rows,
or one sentence with Retry; cached for the customer; F5 loads the open ones again; Load more."""

from __future__ import annotations

from typing import Any

import pytest

from inspector.present.nodes import Node, NodeKind
from inspector.ui.main_window import MainWindow
from tests.support.fake_metrifox import EXAMPLE_SUBSCRIPTION, FakeMetrifox
from tests.support.windows import EXAMPLE_KEY, WAIT, OpenWindow, listed_things, look_up, settle_workers


@pytest.fixture
def window(qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox) -> MainWindow:
    shown = open_window("--meter-url", fake.meter_url)
    look_up(qtbot, shown, EXAMPLE_KEY)
    return shown


def _section(window: MainWindow, name: str, subject: str | None = None) -> Node:
    root = window.customer_view.model.root
    assert root is not None
    return next(
        n
        for n in root.walk_built()
        if n.kind is NodeKind.SECTION and n.section == name and subject in (None, n.subject)
    )


def _open(qtbot: Any, window: MainWindow, node: Node) -> None:
    window.customer_view.tree.expand(window.customer_view.model.createIndex(node.row, 0, node))
    _shown(qtbot, node)


def _shown(qtbot: Any, node: Node) -> None:
    """The section has come (or failed) and its rows are in the tree (they go in on a later turn)."""
    qtbot.waitUntil(
        lambda: node.state in {"loaded", "failed"} and [c.label for c in node.children] != ["Loading…"], timeout=WAIT
    )


def _requests(fake: FakeMetrifox, part: str) -> int:
    return sum(part in r.raw_path for r in fake.requests)


def test_only_the_invoices_are_fetched_before_a_section_is_opened(
    qtbot: Any, window: MainWindow, fake: FakeMetrifox
) -> None:
    # The billing history of each current subscription comes at look-up (an overdue invoice is a thing to
    # check before anyone opens Invoices), the customer record beside the details; nothing else until a section
    # is opened.
    qtbot.waitUntil(lambda: len(fake.requests) == 3, timeout=WAIT)
    assert sorted(r.raw_path.split("?")[0] for r in fake.requests) == [
        f"/api/v1/customers/{EXAMPLE_KEY}",
        f"/api/v1/customers/{EXAMPLE_KEY}/details",
        f"/api/v1/subscriptions/{EXAMPLE_SUBSCRIPTION}/billing-history",
    ]
    invoices = _section(window, "invoices", EXAMPLE_SUBSCRIPTION)
    assert invoices.summary == "open to load"
    assert invoices.state == ""


def test_a_section_says_loading_then_shows_its_rows(qtbot: Any, window: MainWindow, fake: FakeMetrifox) -> None:
    wallets = _section(window, "wallets")
    fake.fail("delay", seconds=0.3, where="wallets")
    window.customer_view.tree.expand(window.customer_view.model.createIndex(wallets.row, 0, wallets))
    assert wallets.summary == "Loading…"
    qtbot.waitUntil(lambda: [c.label for c in wallets.children] == ["Loading…"], timeout=WAIT)
    _shown(qtbot, wallets)
    assert [c.label for c in wallets.children] == ["AI credits"]


def test_invoices_come_with_the_look_up_and_open_from_the_cache(
    qtbot: Any, window: MainWindow, fake: FakeMetrifox
) -> None:
    invoices = _section(window, "invoices", EXAMPLE_SUBSCRIPTION)
    assert _requests(fake, "billing-history") == 1  # fetched at look-up, for the things to check
    _open(qtbot, window, invoices)
    assert [(c.label, c.status) for c in invoices.children] == [("INV-0003", "open"), ("INV-0002", "paid")]
    assert invoices.children[0].summary.startswith("PAST DUE · $21.00 · paid $0.00 · $21.00 due Nov 15, 2026")
    assert invoices.summary == "2 invoices"
    window.customer_view.select_node(invoices.children[0])
    assert window.customer_view.details.kind_label.text() == "Invoice"
    window.customer_view.tree.collapse(window.customer_view.model.createIndex(invoices.row, 0, invoices))
    window.customer_view.tree.expand(window.customer_view.model.createIndex(invoices.row, 0, invoices))
    assert _requests(fake, "billing-history") == 1  # opened again: no new request


def test_a_failed_section_says_why_and_retries(qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox) -> None:
    fake.fail("status", status=500, times=5, where="billing-history")
    window = open_window("--meter-url", fake.meter_url)
    look_up(qtbot, window, EXAMPLE_KEY)  # the invoices checked at look-up fail: said among the things to check
    things = listed_things(window)
    assert any("not checked: Metrifox is having trouble right now." in thing for thing in things)
    invoices = _section(window, "invoices", EXAMPLE_SUBSCRIPTION)
    _open(qtbot, window, invoices)
    assert invoices.state == "failed"
    assert invoices.children[0].label == "Metrifox is having trouble right now. Try again in a few minutes."
    window.customer_view.select_node(invoices)
    assert window.customer_view.details.retry_button.isVisibleTo(window.customer_view.details)
    assert window.session.loaded is not None
    assert window.customer_view.model.root is not None  # the rest of the customer stays
    fake.clear_faults()
    window.customer_view.details.retry_button.click()
    qtbot.waitUntil(lambda: invoices.state == "loaded", timeout=WAIT)
    qtbot.waitUntil(lambda: len(invoices.children) == 2, timeout=WAIT)
    assert len(invoices.children) == 2
    assert not window.customer_view.details.retry_button.isVisibleTo(window.customer_view.details)


def test_usage_rows_carry_their_pools_and_settings(qtbot: Any, window: MainWindow, fake: FakeMetrifox) -> None:
    usage = _section(window, "usage", EXAMPLE_SUBSCRIPTION)
    _open(qtbot, window, usage)
    api_calls = usage.children[0]
    assert (api_calls.label, api_calls.summary, api_calls.fraction) == (
        "API calls",
        "7,500 of 10,000 used (75 %)",
        0.75,
    )
    assert ("Included", "7,500 of 10,000 used · 2,500 left · resets Dec 12, 2026") in api_calls.facts
    assert ("Limit (setting)", "12,000 per month (hard: usage stops there)") in api_calls.facts
    assert usage.children[1].summary == "Unlimited"
    assert _requests(fake, "entitlements-usage") == 1
    assert _requests(fake, "entitlements-summary") == 1
    window.customer_view.select_node(api_calls)
    item = window.customer_view.details.table.item(0, 0)
    assert item is not None
    assert item.text() == "Included"


def test_wallets_then_allocations_then_transactions(qtbot: Any, window: MainWindow) -> None:
    wallets = _section(window, "wallets")
    _open(qtbot, window, wallets)
    (wallet,) = wallets.children
    assert (wallet.label, wallet.status) == ("AI credits", "low")
    assert wallet.summary.startswith("1,250.5 credits — below the low-balance threshold of 2,000 credits")
    allocations = wallet.children[0]
    _open(qtbot, window, allocations)
    assert [a.label for a in allocations.children] == ["Purchase ORD-0001", "Purchase ORD-0002", "Purchase ORD-0003"]
    assert allocations.children[1].summary.startswith("1,000 credits · 500 used · 500 left · valid until")
    transactions = allocations.children[1].children[0]
    _open(qtbot, window, transactions)
    assert len(transactions.children) == 3
    assert "-25 credits · for 5 · ai.completion" in transactions.children[0].summary


def test_usage_events_a_page_at_a_time(qtbot: Any, window: MainWindow, fake: FakeMetrifox) -> None:
    events = _section(window, "events")
    _open(qtbot, window, events)
    assert len(events.children) == 51
    assert events.children[-1].kind is NodeKind.LOAD_MORE
    assert events.summary == "120 events, newest first"
    window.customer_view.select_node(events.children[-1])  # Load more
    qtbot.waitUntil(lambda: len(events.children) == 101, timeout=WAIT)
    window.customer_view.select_node(events.children[-1])
    qtbot.waitUntil(lambda: len(events.children) == 120, timeout=WAIT)
    assert all(c.kind is NodeKind.ACCOUNT_ROW for c in events.children)  # the last page: no Load more
    assert "page=3" in fake.requests[-1].raw_path
    assert fake.requests[-1].raw_path.startswith("/meter/usage/events")


def test_f5_loads_the_open_sections_again(qtbot: Any, window: MainWindow, fake: FakeMetrifox) -> None:
    _open(qtbot, window, _section(window, "invoices", EXAMPLE_SUBSCRIPTION))
    with qtbot.waitSignal(window.customerShown, timeout=WAIT):
        window.session.retry()  # F5
    again = _section(window, "invoices", EXAMPLE_SUBSCRIPTION)
    _shown(qtbot, again)
    assert _requests(fake, "billing-history") == 2
    assert _section(window, "events").state == ""  # never opened: still not fetched


def test_an_answer_for_the_customer_before_is_dropped(qtbot: Any, window: MainWindow, fake: FakeMetrifox) -> None:
    fake.fail("delay", seconds=0.4, where="wallets")
    invoices = _section(window, "wallets")
    window.customer_view.tree.expand(window.customer_view.model.createIndex(invoices.row, 0, invoices))
    look_up(qtbot, window, "cust-nordlicht-7f3k")
    qtbot.waitUntil(lambda: fake.in_flight == 0, timeout=WAIT)  # the invoices of the customer before were sent
    settle_workers(window)
    assert window.session.loaded is not None
    assert window.session.loaded.customer_key == "cust-nordlicht-7f3k"
    assert invoices.state == "loading"  # the old tree's row was left alone, the new tree never touched


# ---- the other customer-facing links: manage add-ons, top up ---------------------------------------
def test_manage_addons_and_top_up_follow_the_update_quantity_rules(
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox
) -> None:
    import json

    doc = json.loads(fake.customers[EXAMPLE_KEY])
    current = doc["data"]["subscriptions"][0]["subscription"]
    current["manage_addons_link"] = "https://checkout.metrifox.com/manage-addons/1"
    past = doc["data"]["subscriptions"][0]["subscriptions_history"][1]
    past["manage_addons_link"] = "https://checkout.metrifox.com/manage-addons/old"
    fake.customers[EXAMPLE_KEY] = json.dumps(doc).encode()
    window = open_window("--meter-url", fake.meter_url)
    look_up(qtbot, window, EXAMPLE_KEY)
    root = window.customer_view.model.root
    assert root is not None
    window.customer_view.select_node(next(n for n in root.walk_built() if n.kind is NodeKind.SUBSCRIPTION))
    addons = window.customer_view.details.link_rows["Manage add-ons"]
    assert addons.isVisibleTo(window.customer_view.details)
    assert addons.open_button.isEnabled()
    addons.open_button.click()
    assert window.opened == ["https://checkout.metrifox.com/manage-addons/1"]  # type: ignore[attr-defined]
    addons.copy_button.click()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == "https://checkout.metrifox.com/manage-addons/1"
    history_entry = next(n for _, n in root.walk() if n.kind is NodeKind.HISTORY_ENTRY and n.source.id == past["id"])
    window.customer_view.select_node(history_entry)
    assert not addons.open_button.isEnabled()
    assert addons.reason.text() == "Past subscriptions cannot be changed."
    wallets = _section(window, "wallets")
    _open(qtbot, window, wallets)
    window.customer_view.select_node(wallets.children[0])
    top_up = window.customer_view.details.link_rows["Top up credits"]
    assert top_up.open_button.isEnabled()
    assert top_up.url == "https://checkout.metrifox.com/topup/wal-1"


def test_a_hostile_top_up_link_is_not_offered(qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox) -> None:
    fake.account["wallets"][EXAMPLE_KEY][0]["topup_link"] = "https://evil.example\\.metrifox.com/topup"
    window = open_window("--meter-url", fake.meter_url)
    look_up(qtbot, window, EXAMPLE_KEY)
    wallets = _section(window, "wallets")
    _open(qtbot, window, wallets)
    window.customer_view.select_node(wallets.children[0])
    top_up = window.customer_view.details.link_rows["Top up credits"]
    assert not top_up.open_button.isEnabled()
    assert "not a secure metrifox.com address" in top_up.reason.text()


# ---- check access ----------------------------------------------------------------------------------
def test_check_access_from_the_edit_menu(qtbot: Any, window: MainWindow, fake: FakeMetrifox) -> None:
    from PySide6.QtGui import QAction

    action = window.findChild(QAction, "checkAccess")
    assert action is not None
    assert action.text() == "Check &access…"
    _open(qtbot, window, _section(window, "usage", EXAMPLE_SUBSCRIPTION))  # features known from usage
    action.trigger()
    dialog = window.dialogs.access_dialog
    assert dialog is not None
    keys = [dialog.feature.itemData(i) for i in range(dialog.feature.count())]
    assert keys == ["api_calls", "seats"]
    dialog.quantity.setValue(3)
    dialog.check_button.click()
    qtbot.waitUntil(lambda: dialog.answer_label.text().startswith("For 3: yes"), timeout=WAIT)
    assert dialog.answer_label.text() == "For 3: yes — 2,500 left, 7,500 used"
    assert "feature_key=api_calls" in fake.requests[-1].raw_path
    assert "quantity=3" in fake.requests[-1].raw_path
    dialog.feature.setEditText("exports")  # a key typed by hand
    dialog.check_button.click()
    qtbot.waitUntil(lambda: dialog.answer_label.text().startswith("For 3: no"), timeout=WAIT)
    assert dialog.answer_label.text() == "For 3: no — Usage limit reached (0 left, 50 used)"
    fake.fail("status", status=401, where="usage/access")
    dialog.check_button.click()
    qtbot.waitUntil(lambda: "did not accept the API key" in dialog.answer_label.text(), timeout=WAIT)
    dialog.reject()


def test_check_access_from_a_features_context_menu(qtbot: Any, window: MainWindow) -> None:
    usage = _section(window, "usage", EXAMPLE_SUBSCRIPTION)
    _open(qtbot, window, usage)
    actions = dict(window.customer_view.tree_menu_actions(usage.children[1]))  # Seats
    check = actions["Check access…"]
    assert check is not None
    check()
    dialog = window.dialogs.access_dialog
    assert dialog is not None
    assert dialog.feature_key() == "seats"
    dialog.reject()


def test_events_filtered_by_feature_and_loaded_when_scrolled_to_the_end(
    qtbot: Any, window: MainWindow, fake: FakeMetrifox
) -> None:
    events = _section(window, "events")
    _open(qtbot, window, events)
    actions = dict(window.customer_view.tree_menu_actions(events))
    only = actions["Show only ai_credits"]
    assert only is not None
    assert "Show only api_calls" in actions
    only()
    _shown(qtbot, events)
    rows = [c for c in events.children if c.kind is NodeKind.ACCOUNT_ROW]
    assert len(rows) == 40
    assert all(c.source.feature_key == "ai_credits" for c in rows)
    assert events.label == "Usage events — ai_credits"
    assert "feature_key=ai_credits" in fake.requests[-1].raw_path
    dict(window.customer_view.tree_menu_actions(events))["Show all features"]()  # type: ignore[misc]
    qtbot.waitUntil(lambda: events.state == "loaded" and len(events.children) == 51, timeout=WAIT)
    tree, model = window.customer_view.tree, window.customer_view.model
    tree.collapseAll()  # only the events open, so the end of the list is their end
    for node in (model.root, events):
        assert node is not None
        tree.expand(model.createIndex(node.row, 0, node))
    window.customer_view.select_node(events.children[0])
    bar = window.customer_view.tree.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=WAIT)
    bar.setValue(bar.maximum())  # scrolled to the end: the next page comes
    qtbot.waitUntil(lambda: len(events.children) > 51, timeout=WAIT)


def test_every_page_of_allocations_is_shown(qtbot: Any, window: MainWindow, fake: FakeMetrifox) -> None:
    template = fake.account["allocations"]["wal-1"][0]
    fake.account["allocations"]["wal-1"] = [dict(template, id=f"a-{n}", order_number=f"O-{n}") for n in range(45)]
    wallets = _section(window, "wallets")
    _open(qtbot, window, wallets)
    allocations = wallets.children[0].children[0]
    _open(qtbot, window, allocations)
    assert len(allocations.children) == 45
    assert allocations.summary == "45 allocations"
    assert _requests(fake, "credit-allocations") == 3  # 20 + 20 + 5


def test_an_empty_wallet_list_still_shows_the_wallets_the_details_carry(
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox
) -> None:
    """The wallets endpoint answering an empty list once left the section on "Loading…" for ever (the empty
    answer was read as one wallet, and putting it in words failed on the worker with nobody listening)."""
    window = open_window("--meter-url", fake.meter_url)
    look_up(qtbot, window, "cust-nordlicht-7f3k")  # its details carry wallets; the endpoint lists none
    wallets = _section(window, "wallets")
    _open(qtbot, window, wallets)
    assert wallets.state == "loaded"
    assert [c.label for c in wallets.children] != ["Loading…"]
    assert all(c.kind is NodeKind.ACCOUNT_ROW for c in wallets.children)
    assert wallets.children


def test_check_access_lists_every_feature_without_usage_opened_first(qtbot: Any, window: MainWindow) -> None:
    """Issue 18.8: the feature list is complete when the dialog opens — the current subscriptions' usage and
    settings are fetched then if they were not."""
    window.dialogs.open_check_access()
    dialog = window.dialogs.access_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.feature.count() == 2, timeout=WAIT)
    assert [dialog.feature.itemData(i) for i in range(dialog.feature.count())] == ["api_calls", "seats"]
    assert dialog.feature_key() == "api_calls"
    dialog.reject()
