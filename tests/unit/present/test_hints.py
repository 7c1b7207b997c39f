"""Things to check: each hint from the data, with its numbers, pointing at its row; none when all is well."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from inspector.api.account import EntitlementUsage, Invoice
from inspector.api.models import CustomerDetails, Wallet
from inspector.app import main
from inspector.present.hints import Loaded, hints
from inspector.present.nodes import NodeKind
from inspector.present.tree import build_tree, find_by_path
from tests.support.fake_metrifox import EXAMPLE, TEST_API_KEY, FakeMetrifox, load_fixture_bodies
from tests.support.windows import EXAMPLE_KEY

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def _example(change: Callable[[dict[str, Any]], None] | None = None) -> CustomerDetails:
    """The documented example as of NOW: its next bill (Mar 12, 2026 as documented, long past by NOW) is moved
    to the coming Dec 12, so only what a test changes is a thing to check."""
    doc = json.loads(EXAMPLE.read_bytes())
    _sub(doc["data"])["next_billing_date"] = "Dec 12, 2026"
    if change is not None:
        change(doc["data"])
    return CustomerDetails.model_validate_json(json.dumps(doc))


def _sub(data: dict[str, Any]) -> dict[str, Any]:
    return data["subscriptions"][0]["subscription"]  # type: ignore[no-any-return]


def _sentences(details: CustomerDetails, loaded: Loaded | None = None) -> list[str]:
    return [h.sentence for h in (hints(details, loaded, NOW) if loaded else hints(details, now=NOW))]


def test_nothing_to_check_on_the_documented_example() -> None:
    assert _sentences(_example()) == []


def test_items_that_do_not_add_up() -> None:
    def change(data: dict[str, Any]) -> None:
        _sub(data)["next_billing_amount"] = 21.0 + 3
        _sub(data)["upcoming_invoice"]["amount"] = "27.0"

    assert _sentences(_example(change)) == [
        "Deliveroo (Basic-less Plan): items add up to $21.00, but the next bill says $24.00 "
        "and the upcoming invoice $27.00."
    ]


def test_a_card_that_expires_before_the_next_bill() -> None:
    def change(data: dict[str, Any]) -> None:
        data["subscriptions"][0]["payment_method"] = {
            "brand": "visa",
            "last_four": "4242",
            "exp_month": 2,
            "exp_year": 2026,
        }

    (found,) = hints(_example(change), now=NOW)
    assert found.sentence == "The Visa •••• 4242 expires 02/2026, before the next bill on Mar 12, 2026."
    assert found.json_path == "$.data.subscriptions[0].payment_method"


def test_a_trial_ending_soon_says_what_happens_then() -> None:
    def change(data: dict[str, Any]) -> None:
        _sub(data).update(trial_end_date="2026-11-28T10:00:00Z", post_trial_action="convert_to_paid")

    assert _sentences(_example(change)) == [
        "The Deliveroo (Basic-less Plan) trial ends Nov 28, 2026 (in 3 days); then: convert to paid, at $21.00. "
        "No card is on file."
    ]


def test_a_cancelled_subscription_that_still_bills() -> None:
    def change(data: dict[str, Any]) -> None:
        _sub(data).update(status="cancelled", cancelled_at="2026-11-01T00:00:00Z")

    (sentence,) = _sentences(_example(change))
    assert sentence == "Deliveroo (Basic-less Plan) is cancelled but still shows a next bill of $21.00 on Dec 12, 2026."


def test_currencies_that_disagree_and_unknown_statuses() -> None:
    def change(data: dict[str, Any]) -> None:
        _sub(data)["subscription_items"][1]["currency_code"] = "EUR"
        data["subscriptions"][0]["status"] = "frozen_by_finance"

    assert _sentences(_example(change)) == [
        "Deliveroo has a status this app does not know: “frozen_by_finance”.",
        "Deliveroo (Basic-less Plan) mixes currencies: the subscription in USD, item Seats in EUR.",
    ]


def test_hints_from_the_sections_fetched() -> None:
    details = _example()
    sub_id = details.customer.subscriptions[0].subscription.id or ""  # type: ignore[union-attr]
    overdue = Invoice.model_validate(
        {"invoice_number": "INV-9", "due_date": "2026-11-01T00:00:00Z", "balance_due": "12.5", "currency": "USD"}
    )
    paid = Invoice.model_validate({"invoice_number": "INV-8", "due_date": "2026-10-01T00:00:00Z", "balance_due": 0})
    near = EntitlementUsage.model_validate(
        {"feature_name": "API calls", "included_pool": {"used": "9500", "amount": "10000"}}
    )
    low = Wallet.model_validate({"id": "w", "name": "AI credits", "balance": "5", "low_balance_threshold": "10"})
    assert _sentences(details, Loaded({sub_id: [overdue, paid]}, {sub_id: [near]}, [low])) == [
        "Invoice INV-9 of Deliveroo (Basic-less Plan): $12.50 was due Nov 1, 2026 and is unpaid.",
        "API calls (Deliveroo) is at 95 % of its allowance: 9,500 of 10,000 used (usage).",
        "Wallet AI credits is below its low-balance threshold: 5 credits (threshold 10 credits).",
    ]


@pytest.mark.parametrize("key", sorted(load_fixture_bodies()))
def test_every_hint_points_at_a_row_of_the_tree(key: str) -> None:
    details = CustomerDetails.model_validate_json(load_fixture_bodies()[key])
    root = build_tree(details)
    for hint in hints(details, now=NOW):
        assert find_by_path(root, hint.json_path) is not None, hint


def test_hostile_values_give_sentences_not_errors() -> None:
    def change(data: dict[str, Any]) -> None:
        data["subscriptions"][0]["payment_method"] = {"exp_month": "13", "exp_year": "99999999"}
        _sub(data).update(next_billing_amount="1e99999999", trial_end_date="9999-12-31T23:59:59Z")
        _sub(data)["subscription_items"][0]["total_amount"] = "NaN"

    assert isinstance(hints(_example(change), now=NOW), list)


def test_print_has_a_things_to_check_section(
    fake: FakeMetrifox, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("METRIFOX_API_KEY", TEST_API_KEY)
    assert main(["--print", EXAMPLE_KEY, "--with", "invoices", "--base-url", fake.base_url]) == 0
    out = capsys.readouterr().out
    # As documented, the next bill is dated Mar 12, 2026: by now a day that has passed, so that is one too.
    assert "Things to check (2)\n" in out
    assert "  - Deliveroo (Basic-less Plan): the next bill is dated Mar 12, 2026, a day that has passed" in out
    assert "  - Invoice INV-0003 of Deliveroo (Basic-less Plan): $21.00 was due Nov 15, 2026" in out


def test_the_bill_worked_out_on_a_current_subscription() -> None:
    root = build_tree(_example())
    sub = next(n for _, n in root.walk() if n.kind is NodeKind.SUBSCRIPTION)
    assert sub.facts == [
        ("Bill: Basic-less Plan", "1 × $15.00 = $15.00"),
        ("Bill: Seats", "$3.00 for 3"),
        ("Bill: Skills Audit", "$3.00 for 2"),
        ("Bill: items add up to", "$21.00"),
        ("Bill: next bill", "$21.00"),
        ("Bill: upcoming invoice", "$21.00"),
        ("Bill: in words", "The items and the next bill and the upcoming invoice agree: $21.00."),
    ]
    history = [n for _, n in root.walk() if n.kind is NodeKind.HISTORY_ENTRY]
    assert all(not n.facts for n in history)  # only the current subscription's bill is explained


def test_a_bill_that_does_not_add_up_says_by_how_much() -> None:
    def change(data: dict[str, Any]) -> None:
        _sub(data)["next_billing_amount"] = 24
        _sub(data)["upcoming_invoice"]["amount"] = "20.5"

    sub = next(n for _, n in build_tree(_example(change)).walk() if n.kind is NodeKind.SUBSCRIPTION)
    assert dict(sub.facts)["Bill: in words"] == (
        "The next bill is $3.00 more than the items; the upcoming invoice is $0.50 less than the items. "
        "The data does not say why."
    )


# ---- email the link --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "hostile",
    [
        "a@x.com?cc=evil@x.com",
        "a@x.com&bcc=evil@x.com",
        "a@x.com,evil@x.com",
        "a@x.com\r\nBcc: evil@x.com",
        "a%40x.com@evil.com",
        "<a@x.com>",
        "a@x",
        "",
    ],
)
def test_only_one_plain_address_is_ever_mailed(hostile: str) -> None:
    from inspector.present.mail import customer_address

    assert customer_address(hostile, None) is None
    assert customer_address(hostile, "fallback@example.com") == "fallback@example.com"


def test_every_part_of_the_mailto_url_is_encoded() -> None:
    from urllib.parse import parse_qs, urlsplit

    from inspector.present.mail import mailto

    link = "https://checkout.metrifox.com/update-quantity/1?a=b&c=d"
    url = mailto("billing@acme.example", "Evil & Co?\r\nBcc: x@y.z%0A", link, "change your quantities")
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    assert parts.path == "billing@acme.example"
    query = parse_qs(parts.query)
    assert set(query) == {"subject", "body"}  # nothing added: no cc, no bcc
    assert link in query["body"][0]
    assert "Evil & Co?\\r\\nBcc: x@y.z%0A" in query["body"][0]  # the line break: shown, on the same line
    assert "\n" not in url
    assert " " not in url
    assert "&c=d" not in url


def test_the_support_summary_is_short_plain_and_has_no_internal_ids() -> None:
    from inspector.present.summary import support_summary

    details = _example()
    text = support_summary(details)
    lines = text.splitlines()
    assert lines[:3] == ["Uppender Lala", "Customer key: cust-mljp3ra6ffjm", "Email: uppender@yopmail.com"]
    assert "Plan: Basic-less Plan (v2)" in lines
    assert "Next bill: $21.00 on Dec 12, 2026" in lines
    assert "Quantities: Basic-less Plan × 1, Seats × 3, Skills Audit × 2" in lines
    assert any(line.startswith("Update quantities: https://checkout.metrifox.com/update-quantity/") for line in lines)
    assert len(lines) < 60
    assert "625f5cee" not in text.replace("update-quantity/625f5cee", "")  # no subscription ID but in the link
    assert TEST_API_KEY not in text
    with_ids = support_summary(details, with_ids=True, markdown=True)
    assert with_ids.startswith("## Uppender Lala\n- **Customer key:** cust-mljp3ra6ffjm")
    assert "- **Subscription ID:** 625f5cee-259b-4994-b7eb-416b9e551f2c" in with_ids


def test_the_summary_offers_no_link_a_customer_may_not_use() -> None:
    from inspector.present.summary import support_summary

    def change(data: dict[str, Any]) -> None:
        _sub(data)["update_quantity_link"] = "https://evil.example\\.metrifox.com/x"

    assert "Update quantities" not in support_summary(_example(change))


def test_print_summary(fake: FakeMetrifox, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("METRIFOX_API_KEY", TEST_API_KEY)
    assert main(["--print", EXAMPLE_KEY, "--summary", "--base-url", fake.base_url]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Uppender Lala\nCustomer key: cust-mljp3ra6ffjm\n")
    assert "Metrifox ID" not in out


def test_print_file(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    saved = tmp_path / "acme.json"
    saved.write_bytes(EXAMPLE.read_bytes())
    assert main(["--print-file", str(saved)]) == 0
    assert capsys.readouterr().out.startswith("Uppender Lala — Individual · USD · 1 product\n")
    assert main(["--print-file", str(saved), "--summary"]) == 0
    assert capsys.readouterr().out.startswith("Uppender Lala\nCustomer key: cust-mljp3ra6ffjm\n")
    assert main(["--print-file", str(saved), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["data"]["customer_key"] == "cust-mljp3ra6ffjm"
    (tmp_path / "notes.json").write_text('{"todo": ["call Acme"]}')
    assert main(["--print-file", str(tmp_path / "notes.json")]) == 2
    assert capsys.readouterr().err == "notes.json is not a saved Metrifox answer (customer details).\n"
    assert main(["--print-file", str(tmp_path / "missing.json")]) == 2
    assert "could not be read" in capsys.readouterr().err


def test_diff_of_two_saved_answers(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    old = tmp_path / "old.json"
    old.write_bytes(EXAMPLE.read_bytes())
    doc = json.loads(EXAMPLE.read_bytes())
    _sub(doc["data"])["subscription_items"][1]["quantity"] = 5
    _sub(doc["data"])["plan_name"] = "Pro Plan"
    new = tmp_path / "new.json"
    new.write_text(json.dumps(doc))
    assert main(["--diff", str(old), str(new)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Current subscription: Pro Plan (v2) — Plan name: Basic-less Plan → Pro Plan",
        "Seats — Quantity: 3 → 5",
    ]
    assert main(["--diff", str(old), str(old)]) == 0
    assert capsys.readouterr().out == ""  # equal: nothing
    (tmp_path / "notes.json").write_text("[1, 2]")
    assert main(["--diff", str(old), str(tmp_path / "notes.json")]) == 2
    assert capsys.readouterr().err == "notes.json is not a saved Metrifox answer (customer details).\n"


def test_the_timeline_of_a_product() -> None:
    from inspector.present.timeline import timeline

    details = CustomerDetails.model_validate_json(load_fixture_bodies()["cust-nordlicht-7f3k"])
    fleet = details.customer.subscriptions[0]
    found = timeline(fleet, now=NOW)
    assert found is not None
    assert [(p.label, p.current) for p in found.periods] == [
        ("Fleet Starter (v1)", False),
        ("Fleet Standard (v2)", False),
        ("Fleet Pro (v3)", True),
    ]  # oldest first; the history's copy of the current one is not a second period
    assert found.periods[0].cancelled_at is not None
    assert "Cancelled" in found.periods[0].tooltip
    assert found.renewal is not None
    assert found.last >= found.renewal >= found.now


