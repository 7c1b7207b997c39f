"""Presentation: money, dates, labels, statuses, the link rules, the node tree and its text form."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from inspector.api.demo import demo_client
from inspector.present.dates import format_relative, format_when, when_tooltip
from inspector.present.fields import node_fields, render_text
from inspector.present.labels import field_label
from inspector.present.links import is_safe_metrifox_link, update_quantity_offer
from inspector.present.money import format_money, format_number
from inspector.present.nodes import Node, NodeKind
from inspector.present.status import badge
from inspector.present.tree import build_tree, link_offer


@pytest.mark.parametrize(
    ("amount", "code", "options", "expected"),
    [
        (Decimal("21"), "USD", {}, "$21.00"),
        ("21.0", "USD", {}, "$21.00"),
        (Decimal("198.5"), "EUR", {}, "€198.50"),
        (Decimal("1200"), "JPY", {}, "¥1,200"),
        (Decimal("1200.6"), "JPY", {}, "¥1,201"),
        (Decimal("-5"), "USD", {}, "-$5.00"),
        (Decimal("1234567.891"), "USD", {}, "$1,234,567.89"),
        (Decimal("0.125"), "KWD", {}, "KWD\u00a00.125"),
        (Decimal("10"), "XYZ", {}, "XYZ\u00a010.00"),
        (Decimal("10"), None, {}, "10.00"),
        (Decimal("10"), "USD", {"symbol": "US$", "decimals": 0}, "US$10"),
        (None, "USD", {}, "—"),
        ("N/A", "USD", {}, "N/A"),
    ],
)
def test_money(amount: Decimal | str | None, code: str | None, options: dict[str, Any], expected: str) -> None:
    assert format_money(amount, code, **options) == expected


def test_numbers() -> None:
    assert format_number(Decimal("48210")) == "48,210"
    assert format_number(Decimal("2.50")) == "2.5"
    assert format_number("lots") == "lots"


def test_relative_dates() -> None:
    now = datetime(2026, 11, 24, 12, tzinfo=UTC)
    assert format_relative(now + timedelta(days=12), now) == "in 12 days"
    assert format_relative(now - timedelta(days=92), now) == "3 months ago"
    assert format_relative(now - timedelta(seconds=20), now) == "just now"
    assert format_relative(now - timedelta(days=800), now) == "2 years ago"
    assert format_relative(now + timedelta(hours=1), now) == "in 1 hour"


def test_dates_keep_unreadable_text_and_tooltip_has_utc_and_customer_zone() -> None:
    assert format_when("soon") == "soon"
    assert format_when(None) == "—"
    when = datetime(2026, 3, 12, 16, 55, 21, tzinfo=UTC)
    tip = when_tooltip(when, "Europe/Berlin")
    assert "UTC: 2026-03-12 16:55:21" in tip
    assert "Europe/Berlin): 2026-03-12 17:55:21" in tip
    assert when_tooltip(when, "Not/AZone").splitlines()[0] == "UTC: 2026-03-12 16:55:21"
    assert "Customer" not in when_tooltip(when, "Not/AZone")
    assert when_tooltip(when, "Europe/Berlin").splitlines()[-1].startswith("Your time: ")


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("next_billing_amount", "Next billing amount"),
        ("metrifox_id", "Metrifox ID"),
        ("price_option_id", "Price option ID"),
        ("statusCode", "Status code"),
        ("topup_link", "Topup link"),
        ("healthScore", "Health score"),
    ],
)
def test_labels(name: str, label: str) -> None:
    assert field_label(name) == label


def test_badges_carry_the_word_and_unknown_status_is_shown_as_is() -> None:
    assert badge("active").text == "Active"  # type: ignore[union-attr]
    assert badge("past_due").text == "Past due"  # type: ignore[union-attr]
    assert badge("paused_for_review").text == "paused_for_review"  # type: ignore[union-attr]
    assert badge("active").background != badge("cancelled").background  # type: ignore[union-attr]
    assert badge(None) is None


GOOD = "https://checkout.metrifox.com/update-quantity/abc"


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        (GOOD, True),
        ("https://metrifox.com/x", True),
        ("http://checkout.metrifox.com/update-quantity/abc", False),
        ("javascript:alert(1)", False),
        ("https://metrifox.com.evil.io/x", False),
        ("https://evilmetrifox.com/x", False),
        ("https://user@checkout.metrifox.com/x", False),
        ("https://checkout.metrifox.com:8443/x", False),
        ("https://checkout.metrifox.com/a b", False),
        ("", False),
        (None, False),
    ],
)
def test_link_safety(url: str | None, safe: bool) -> None:
    assert is_safe_metrifox_link(url) is safe


@pytest.mark.parametrize(
    ("options", "offered", "reason_part"),
    [
        ({"is_current": True, "status": "active", "can_update": True, "link": GOOD}, True, "Opens"),
        ({"is_current": False, "status": "active", "can_update": True, "link": GOOD}, False, "Past"),
        ({"is_current": True, "status": "cancelled", "can_update": True, "link": GOOD}, False, "cancelled"),
        ({"is_current": True, "status": "active", "can_update": False, "link": GOOD}, False, "cannot be changed"),
        ({"is_current": True, "status": "active", "can_update": True, "link": None}, False, "no update"),
        ({"is_current": True, "status": "active", "can_update": True, "link": "javascript:x"}, False, "secure"),
    ],
)
def test_update_quantity_offer(options: dict[str, Any], offered: bool, reason_part: str) -> None:
    offer = update_quantity_offer(**options)
    assert (offer.url is not None) is offered
    assert reason_part in offer.reason


@pytest.fixture(scope="module")
def business_tree() -> Node:
    with demo_client() as client:
        return build_tree(client.customer_details("cust-nordlicht-7f3k"))


def test_tree_shape(business_tree: Node) -> None:
    root = business_tree
    assert root.kind is NodeKind.CUSTOMER
    assert root.label == "Nordlicht Logistik GmbH"
    products = [n for n in root.children if n.kind is NodeKind.PRODUCT]
    assert len(products) == 5
    fleet = products[0]
    current = fleet.children[0]
    assert current.kind is NodeKind.SUBSCRIPTION
    assert current.is_current
    assert current.expanded
    kinds = [c.kind for c in current.children]
    assert kinds == [
        NodeKind.ITEMS,
        NodeKind.INVOICE,
        NodeKind.SECTION,  # Invoices, loaded when opened
        NodeKind.SECTION,  # Usage, loaded when opened
        NodeKind.ENTITLEMENTS,
        NodeKind.PAYMENT_METHOD,
    ]
    assert [c.label for c in current.children if c.kind is NodeKind.SECTION] == ["Invoices", "Usage"]
    history = fleet.children[-1]
    assert history.kind is NodeKind.HISTORY
    assert not history.expanded
    labels = [e.label for e in history.children]
    assert labels[0].endswith("the current subscription")  # newest first, marked, not a second live one
    assert labels[1:] == ["Fleet Standard (v2)", "Fleet Starter (v1)"]
    assert all(e.greyed for e in history.children)
    # One place for the customer's wallets: the details' ones (per product and beside them) in "Credit wallets".
    assert [c.label for c in root.children[-2:]] == ["Credit wallets", "Usage events"]
    wallets = root.children[-2]
    assert [c.kind for c in wallets.children][:-1] == [NodeKind.WALLET] * (len(wallets.children) - 1)
    assert len({id(c.source) for c in wallets.children[:-1]}) == len(wallets.children) - 1


def test_links_only_for_current_subscriptions(business_tree: Node) -> None:
    fleet = business_tree.children[0]
    assert link_offer(fleet).url is not None  # a product offers its current subscription's link
    assert link_offer(fleet.children[0]).url is not None
    assert link_offer(fleet.children[0].children[0].children[0]).url is not None  # an item under it
    assert "Past subscriptions" in link_offer(fleet.children[-1]).reason  # the History row itself
    for entry in fleet.children[-1].children:
        assert link_offer(entry).url is None  # history never offers it, though its data carries one
    trial = business_tree.children[1]
    assert "cannot be changed" in link_offer(trial).reason
    cancelled = business_tree.children[3]
    assert "cancelled" in link_offer(cancelled).reason
    paused = business_tree.children[4]
    assert link_offer(paused).url is None
    assert link_offer(business_tree).url is None


def test_money_uses_each_currency(business_tree: Node) -> None:
    text = render_text(business_tree, with_fields=False)
    assert "€198.50" in text
    assert "¥1,200" in text
    assert "12 × €5.50 = €66.00" in text
    assert "Visa •••• 4242, expires 08/2028" in text


def test_fields_in_words_with_unknown_fields_marked() -> None:
    from inspector.api.models import CustomerDetails
    from tests.support.fake_metrifox import FIXTURES

    details = CustomerDetails.model_validate_json((FIXTURES / "drifted.json").read_bytes())
    root = build_tree(details)
    rows = {r.name: r for r in node_fields(root)}
    assert rows["health_score"].known is False
    assert rows["health_score"].text == "87"
    assert rows["display_name"].label == "Display name"
    assert rows["health_score"].json_path == "$.data.health_score"
    sub_rows = {r.name: r for r in node_fields(root.children[0].children[0])}
    assert sub_rows["next_billing_amount"].text == "$99.90"
    assert sub_rows["seat_policy"].text == "Min: 1; Max: 50"  # an unknown object in words, every leaf labelled
    text = render_text(root)
    assert "Health score (new field): 87" in text
    assert "Region (new field)" in text


def test_history_is_read_only_when_opened() -> None:
    from inspector.api.models import CustomerDetails
    from inspector.api.parsing import parse_body, parse_step_by_step
    from tests.support.fake_metrifox import large_customer

    for details in (
        parse_body(CustomerDetails, large_customer(products=3, history=5)),
        parse_step_by_step(large_customer(products=3, history=5)),
    ):
        root = build_tree(details)
        history = details.data.subscriptions[0].subscriptions_history
        assert history.validated_count() == 0  # nothing read yet
        group = root.children[0].children[-1]
        assert group.kind is NodeKind.HISTORY
        assert group.has_children
        assert group.summary == "5 subscriptions"
        assert len(group.children) == 5
        assert history.validated_count() == 5
    starts = [n.source.starts_at for n in group.children if n.source is not None]  # the last of the two
    assert starts == sorted(starts, reverse=True)  # newest first


def test_an_unreadable_history_entry_does_not_hide_the_others() -> None:
    import json

    from inspector.api.models import CustomerDetails
    from tests.support.fake_metrifox import EXAMPLE

    doc = json.loads(EXAMPLE.read_bytes())
    doc["data"]["subscriptions"][0]["subscriptions_history"][1]["status"] = {"odd": "shape"}
    root = build_tree(CustomerDetails.model_validate(doc))
    history = root.children[0].children[-1]
    kinds = sorted(child.kind.value for child in history.children)
    assert kinds == ["history_entry", "note"]
    assert "could not be read" in render_text(root)


def test_many_products_start_collapsed() -> None:
    from inspector.api.parsing import parse_step_by_step
    from inspector.present.tree import OPEN_PRODUCTS_UP_TO
    from tests.support.fake_metrifox import large_customer

    few = build_tree(parse_step_by_step(large_customer(products=OPEN_PRODUCTS_UP_TO, history=2)))
    many = build_tree(parse_step_by_step(large_customer(products=OPEN_PRODUCTS_UP_TO + 1, history=2)))
    assert all(p.expanded for p in few.children if p.kind is NodeKind.PRODUCT)
    assert not any(p.expanded for p in many.children if p.kind is NodeKind.PRODUCT)
    assert many.children[0].summary  # the plan still shows on the product's own row


def test_raw_json_is_pretty_and_cut_at_a_line_end() -> None:
    import json

    from inspector.present.raw import format_raw_json

    body = json.dumps({"data": {"name": "Café", "items": list(range(50))}}).encode()
    small = format_raw_json(body)
    assert not small.truncated
    assert '"name": "Café"' in small.text
    assert json.loads(small.text)
    cut = format_raw_json(body, limit=60)
    assert cut.truncated
    assert cut.total_bytes == len(body)
    assert len(cut.text) <= 62
    assert cut.text.endswith("\n…")
    assert format_raw_json(b"<html>oops</html>").text == "<html>oops</html>"


@pytest.mark.parametrize("fixture_key", ["cust-mljp3ra6ffjm", "cust-nordlicht-7f3k", "cust-drifted-42"])
def test_the_tree_model_passes_qts_model_tester(qtmodeltester: Any, fixture_key: str) -> None:
    from inspector.api.parsing import parse_customer_details
    from inspector.ui.customer_model import CustomerTreeModel
    from tests.support.fake_metrifox import load_fixture_bodies

    model = CustomerTreeModel()
    model.set_root(build_tree(parse_customer_details(load_fixture_bodies()[fixture_key])))
    qtmodeltester.check(model, force_py=True)
    model.set_root(None)
    qtmodeltester.check(model, force_py=True)


def _walked_by_recursion(node: Node) -> list[Node]:
    """The order walk_built keeps: a node, then each child's subtree in turn (pending children not built)."""
    below = [] if node._pending is not None else [n for child in node._children for n in _walked_by_recursion(child)]
    return [node, *below]


def test_the_tree_is_walked_in_its_order_and_its_outline_read_in_one_pass() -> None:
    from inspector.api.parsing import parse_customer_details
    from inspector.present.tree import tree_outline
    from tests.support.fake_metrifox import large_customer

    root = build_tree(parse_customer_details(large_customer(products=25, history=3)))
    walked = list(root.walk_built())
    assert walked == _walked_by_recursion(root)
    assert len(walked) > 200  # products, their subscriptions, items, entitlements, sections
    outline = tree_outline(root)
    assert outline.opened == [n for n in walked if n.expanded and n.has_children]
    assert outline.opened[0] is root
    assert all(n.kind is not NodeKind.PRODUCT for n in outline.opened)  # 25 products: shown closed
    assert outline.statuses == {shown.text for n in walked if (shown := badge(n.status))}
    assert "Active" in outline.statuses
