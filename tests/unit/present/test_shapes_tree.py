"""The tree of the other details shape, and a scheduled change sent as text."""

from __future__ import annotations

from inspector.api.models import CustomerDetails
from inspector.api.parsing import parse_customer_details
from inspector.present.fields import node_fields, render_text
from inspector.present.nodes import NodeKind
from inspector.present.tree import build_tree, link_offer
from tests.support.leaves import shape


def test_a_plain_subscription_is_the_current_subscription_of_its_product() -> None:
    root = build_tree(parse_customer_details(shape("details_js")))
    product = root.children[0]
    assert (product.label, product.summary) == ("Forms", "Growth")
    subscription = product.children[0]
    assert subscription.kind is NodeKind.SUBSCRIPTION
    assert subscription.json_path == product.json_path == "$.data.subscriptions[0]"  # the entry itself
    assert [c.label for c in root.children[1].children] == ["Forms created", "Seats"]  # top-level entitlements
    assert root.children[1].children[0].summary == "37 used · 100 included · quota 100"
    assert {s.section for s in subscription.children} == {"invoices", "usage"}
    assert link_offer(subscription).url is None  # the JS shape sends no link: none offered


def test_a_scheduled_change_sent_as_text_is_said_once() -> None:
    details = CustomerDetails.model_validate_json(shape("details_sdk"))
    subscription = build_tree(details).children[0].children[0]
    row = node_fields(subscription)[0]
    assert (row.label, row.text) == ("Scheduled change", "Downgrade to Fleet Basic at the end of the period")
    text = render_text(build_tree(details))
    assert "Scheduled change: Scheduled change" not in text
    assert "· Scheduled change: Downgrade to Fleet Basic at the end of the period" in text


def test_the_billing_address_in_print_in_german_order() -> None:
    text = render_text(build_tree(parse_customer_details(shape("details_sdk"))))
    assert "    · Billing address: Hafenstraße 12, 3. OG, 20457 Hamburg, HH, DE" in text.splitlines()
