"""Hostile and odd data in what is shown and printed (issue: Hardening). Each test failed before its fix."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from inspector.api.models import CustomerDetails
from inspector.app import main
from inspector.present.dates import format_when, short_date, when_tooltip
from inspector.present.fields import node_fields, render_text
from inspector.present.links import is_safe_metrifox_link
from inspector.present.money import format_money, format_number
from inspector.present.nodes import NodeKind
from inspector.present.tree import build_tree, link_offer
from tests.support.fake_metrifox import EXAMPLE, TEST_API_KEY, FakeMetrifox

KEY = "cust-mljp3ra6ffjm"


def _example(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(EXAMPLE.read_bytes())
    change(doc["data"])
    return doc


def _subscription(data: dict[str, Any]) -> dict[str, Any]:
    return data["subscriptions"][0]["subscription"]  # type: ignore[no-any-return]


def _details(doc: dict[str, Any]) -> CustomerDetails:
    return CustomerDetails.model_validate_json(json.dumps(doc))


def _serve(fake: FakeMetrifox, doc: dict[str, Any]) -> None:
    fake.customers[doc["data"]["customer_key"]] = json.dumps(doc).encode()


# ---- links are read as a browser reads them ----------------------------------------------------
HOSTILE_LINKS = [
    "https://evil.example\\.metrifox.com/update-quantity/1",
    "https://evil.example%2F.metrifox.com/update-quantity/1",
    "https://evil.example%5C.metrifox.com/update-quantity/1",
    "https://evil.example＼.metrifox.com/update-quantity/1",
    "https://evil.example;.metrifox.com/update-quantity/1",
    "https://evil.example/.metrifox.com/update-quantity/1",
    "https://checkout.metrifox.com\\@evil.example/",
    "https://checkout.metrifox.com:8443/update-quantity/1",
    "https://checkout.metrifox.com/update\\quantity",
    "https://checkout.metrifox.com/update quantity",
    "https://checkout.metrifox.com/\u202eupdate",
]


@pytest.mark.parametrize("link", HOSTILE_LINKS)
def test_links_that_a_browser_would_send_elsewhere_are_refused(link: str) -> None:
    assert not is_safe_metrifox_link(link)
    details = _details(_example(lambda d: _subscription(d).update(update_quantity_link=link)))
    root = build_tree(details)
    subscription = next(n for _, n in root.walk() if n.kind is NodeKind.SUBSCRIPTION)
    offer = link_offer(subscription)
    assert offer.url is None
    assert "not a secure metrifox.com address" in offer.reason


@pytest.mark.parametrize(
    "link",
    ["https://checkout.metrifox.com/update-quantity/abc", "https://metrifox.com:443/x?y=1#z", "https://METRIFOX.com/a"],
)
def test_plain_metrifox_links_are_accepted(link: str) -> None:
    assert is_safe_metrifox_link(link)


def test_huge_exponents_are_shown_as_sent_and_never_expanded() -> None:
    assert format_number("1e99999999") == "1e99999999 (unreadable number)"
    assert format_number(Decimal("1E+99999999")) == "1E+99999999 (unreadable number)"
    assert format_money(Decimal("1E+26"), "USD") == "1E+26 (unreadable number)"
    assert format_money("1e-400", "USD") == "1e-400 (unreadable number)"
    assert format_money("99999999999999999999.99", "USD") == "$99,999,999,999,999,999,999.99"
    assert format_number("9" * 5000).endswith("… (unreadable number)")


def test_a_customer_with_absurd_numbers_prints_briefly(
    fake: FakeMetrifox, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def change(data: dict[str, Any]) -> None:
        sub = _subscription(data)
        sub["subscription_items"][0]["quantity"] = "1e99999999"
        sub["subscription_items"][0]["total_amount"] = 1e300
        sub["next_billing_amount"] = "123456789012345678901234567890"
        sub["upcoming_invoice"]["amount"] = "1e26"

    _serve(fake, _example(change))
    monkeypatch.setenv("METRIFOX_API_KEY", TEST_API_KEY)
    assert main(["--print", KEY, "--base-url", fake.base_url]) == 0
    out = capsys.readouterr().out
    assert len(out) < 50_000
    assert "1e+99999999 (unreadable number)" in out.lower()
    assert "1e+26 (unreadable number)" in out.lower()


MINOR_UNITS = [
    ("XOF", "XOF 1,235"),
    ("UGX", "UGX 1,235"),
    ("TND", "TND 1,234.568"),
    ("OMR", "OMR 1,234.568"),
    ("JOD", "JOD 1,234.568"),
    ("CLF", "CLF 1,234.5678"),
]


@pytest.mark.parametrize(("code", "text"), MINOR_UNITS)
def test_iso_4217_minor_units(code: str, text: str) -> None:
    assert format_money(Decimal("1234.56781"), code) == text.replace(" ", "\u00a0")


# ---- dates at the edges of the calendar, in every zone -----------------------------------------
EDGES = ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z"]
ZONES = ["Pacific/Kiritimati", "Etc/GMT+12", "Asia/Tokyo", "America/Los_Angeles", "UTC"]


@pytest.mark.parametrize("zone_name", ZONES)
def test_dates_at_the_edges_show_in_every_zone(zone_name: str) -> None:
    far, first = (datetime.fromisoformat(edge) for edge in EDGES)
    tz = ZoneInfo(zone_name)
    assert format_when(far, tz=tz).startswith("Never")
    assert short_date(far, tz) == "never"
    assert format_when(first, tz=tz)  # the date in that zone, or the text: never an error
    assert short_date(first, tz)
    assert when_tooltip(far, zone_name)
    assert when_tooltip(first, zone_name)


@pytest.mark.parametrize("zone_name", ZONES)
def test_a_customer_with_edge_dates_is_shown_whole(zone_name: str) -> None:
    def change(data: dict[str, Any]) -> None:
        data["timezone"] = zone_name
        sub = _subscription(data)
        sub["ends_at"], sub["starts_at"] = EDGES
        sub["status"] = "cancelled"
        sub["upcoming_invoice"]["due_date"] = EDGES[1]

    root = build_tree(_details(_example(change)))
    text = render_text(root)
    assert "Never" in text
    for _, node in root.walk():
        node_fields(node)


def test_billing_dates_read_in_the_customers_zone() -> None:
    # Due at 20:00 UTC on Dec 1: that is Dec 2 in Tokyo, where the customer is.
    def change(data: dict[str, Any]) -> None:
        data["timezone"] = "Asia/Tokyo"
        _subscription(data)["upcoming_invoice"]["due_date"] = "2026-12-01T20:00:00.000Z"

    root = build_tree(_details(_example(change)))
    invoice = next(n for _, n in root.walk() if n.kind is NodeKind.INVOICE)
    assert invoice.summary.endswith("due Dec 2, 2026")
    due = next(row for row in node_fields(invoice) if row.name == "due_date")
    assert due.text.startswith("Dec 2, 2026, 05:00 JST")
    assert "Your time:" in due.tooltip
    assert "UTC: 2026-12-01 20:00:00" in due.tooltip


# ---- terminal output and bidi ------------------------------------------------------------------
def test_print_escapes_control_characters(
    fake: FakeMetrifox, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def change(data: dict[str, Any]) -> None:
        data["display_name"] = "Acme\x1b]52;c;ZXZpbA==\x07\r\n    · Customer key: cust-fake\x1b[2J"
        data["subscriptions"][0]["product_name"] = "Seats\x9b31m"

    _serve(fake, _example(change))
    monkeypatch.setenv("METRIFOX_API_KEY", TEST_API_KEY)
    assert main(["--print", KEY, "--base-url", fake.base_url]) == 0
    out = capsys.readouterr().out
    assert not any((ord(ch) < 32 and ch != "\n") or 0x7F <= ord(ch) <= 0x9F for ch in out)
    assert out.splitlines()[0].startswith("Acme\\x1b]52;c;ZXZpbA==\\x07\\r\\n")
    # the fake "Customer key:" line stays inside the escaped name's line
    assert [line.strip() for line in out.splitlines() if line.strip().startswith("· Customer key:")] == [
        f"· Customer key: {KEY}"
    ]


def test_bidi_overrides_are_visible_in_the_window_and_print() -> None:
    details = _details(_example(lambda d: d.update(display_name="invoice\u202egnp.exe")))
    root = build_tree(details)
    assert root.label == "invoice[U+202E]gnp.exe"
    name = next(row for row in node_fields(root) if row.name == "display_name")
    assert name.text == "invoice[U+202E]gnp.exe"
    assert "\u202e" not in render_text(root)


# ---- very long strings ---------------------------------------------------------------------------
def test_raw_facts_read_as_words() -> None:
    def change(data: dict[str, Any]) -> None:
        address = {"line1": "Hafenstraße 12", "city": "Hamburg", "postal_code": "20457", "country": "DE"}
        data["billing_address"] = address
        sub = _subscription(data)
        sub["scheduled_change"] = {"plan_name": "Pro Plan", "effective_at": "2026-03-12T10:00:00.000Z"}
        sub["trial_end_date"] = "2026-02-01T00:00:00.000Z"
        item = sub["subscription_items"][0]
        item.update(quantity=3, unit_price=None, total_amount=3, source_type="ProductCatalogues::Offerings::Plan")

    root = build_tree(_details(_example(change)))
    address = next(row for row in node_fields(root) if row.name == "billing_address")
    assert address.text == "Hafenstraße 12\n20457 Hamburg\nDE"
    subscription = next(n for _, n in root.walk() if n.kind is NodeKind.SUBSCRIPTION)
    assert subscription.summary.startswith("Changes to Pro Plan on Mar 12, 2026 · next bill $21.00 on ")
    assert "· trial ended Feb 1, 2026 · since " in subscription.summary
    first = node_fields(subscription)[0]
    assert (first.label, first.text) == ("Scheduled change", "Changes to Pro Plan on Mar 12, 2026")
    item = next(n for _, n in root.walk() if n.kind is NodeKind.ITEM)
    assert item.summary == "$3.00 for 3"
    source = next(row for row in node_fields(item) if row.name == "source_type")
    assert source.text == "Plan"
    assert source.tooltip == "ProductCatalogues::Offerings::Plan"
