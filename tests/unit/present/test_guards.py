"""Lines that once could be broken with the suite staying green: each test here fails when its line breaks
(rounding, a lower next bill, the trial window, the diff's removed fields and rows, values not text)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from inspector.api.models import CustomerDetails
from inspector.present.diff import changes
from inspector.present.hints import hints
from inspector.present.money import format_money
from tests.support.documents import example_document, first_subscription

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def _details(change: Callable[[dict[str, Any]], None] | None = None) -> CustomerDetails:
    """The documented example with its next bill in the future of NOW (Dec 12), and ``change`` applied."""

    def then(data: dict[str, Any]) -> None:
        first_subscription(data)["next_billing_date"] = "Dec 12, 2026"
        if change is not None:
            change(data)

    return CustomerDetails.model_validate_json(json.dumps(example_document(then)))


def test_money_rounds_half_up_as_invoices_do() -> None:
    assert format_money(Decimal("0.125"), "USD") == "$0.13"  # half-even would say $0.12
    assert format_money(Decimal("2.5"), "JPY") == "¥3"
    assert format_money(Decimal("-0.125"), "USD") == "-$0.13"


def test_a_next_bill_lower_than_the_items_is_flagged() -> None:
    def lower(data: dict[str, Any]) -> None:
        first_subscription(data)["next_billing_amount"] = 12
        first_subscription(data)["upcoming_invoice"]["amount"] = "21.0"

    (found,) = [h.sentence for h in hints(_details(lower), now=NOW)]
    assert found == "Deliveroo (Basic-less Plan): items add up to $21.00, but the next bill says $12.00."


def test_only_a_trial_ending_within_seven_days_is_a_thing_to_check() -> None:
    def ends(when: str) -> Callable[[dict[str, Any]], None]:
        return lambda data: first_subscription(data).update(trial_end_date=when, post_trial_action="cancel")

    assert [h.sentence for h in hints(_details(ends("2026-12-01T10:00:00Z")), now=NOW)] == [
        "The Deliveroo (Basic-less Plan) trial ends Dec 1, 2026 (in 6 days); then: cancel."
    ]
    assert hints(_details(ends("2026-12-05T10:00:00Z")), now=NOW) == []  # in 10 days: not yet


def test_the_diff_reports_a_field_that_went() -> None:
    def with_flag(data: dict[str, Any]) -> None:
        first_subscription(data)["reseller_note"] = "via partner"

    found = [c.words for c in changes(_details(with_flag), _details())]
    assert found == ["Current subscription: Basic-less Plan (v2) — Reseller note: via partner → (gone)"]


def test_the_diff_reports_a_row_that_went() -> None:
    def one_item_fewer(data: dict[str, Any]) -> None:
        del first_subscription(data)["subscription_items"][2]

    found = [c.words for c in changes(_details(), _details(one_item_fewer))]
    assert "Skills Audit: gone" in found


def test_the_diff_compares_values_not_their_text() -> None:
    def amount(value: str) -> Callable[[dict[str, Any]], None]:
        return lambda data: first_subscription(data)["subscription_items"][0].update(total_amount=value)

    # Both read "$15.00" in words, but they are different amounts.
    found = [c.words for c in changes(_details(amount("15.001")), _details(amount("15.004")))]
    assert len(found) == 1
    assert found[0].startswith("Basic-less Plan — ")
    assert changes(_details(amount("15.0")), _details(amount("15"))) == []  # equal values, different text


def test_the_same_bytes_are_the_same_answer_and_a_long_diff_can_be_stopped() -> None:
    import pytest

    from inspector.api.parsing import parse_customer_details
    from inspector.present.diff import Stopped

    body = json.dumps(example_document()).encode()
    first, again = parse_customer_details(body), parse_customer_details(body)
    asked: list[bool] = []

    def never() -> bool:
        asked.append(True)
        return False

    assert changes(first, again, stop=never) == []
    assert asked == []
    changed = _details(lambda data: first_subscription(data).update(plan_name="Pro"))
    with pytest.raises(Stopped):
        changes(first, changed, stop=lambda: True)


def test_a_next_bill_in_the_past_is_a_thing_to_check_and_never_agrees() -> None:
    from inspector.present.bill import explain_bill

    def passed(data: dict[str, Any]) -> None:
        first_subscription(data)["next_billing_date"] = "Mar 12, 2026"  # as documented; NOW is November

    details = _details(passed)
    (found,) = [h.sentence for h in hints(details, now=NOW)]
    assert found == (
        "Deliveroo (Basic-less Plan): the next bill is dated Mar 12, 2026, a day that has passed — the "
        "subscription may not have renewed. Check it in Metrifox."
    )
    sub = details.customer.subscriptions[0].subscription
    assert sub is not None
    words = dict(explain_bill(sub, "USD", NOW.date()))["Bill: in words"]
    assert "agree" not in words
    assert words.startswith("The next bill is dated Mar 12, 2026, a day that has passed")
    coming = dict(explain_bill(sub, "USD", datetime(2026, 3, 1, tzinfo=UTC).date()))["Bill: in words"]
    assert coming == "The items and the next bill and the upcoming invoice agree: $21.00."


def test_an_invoice_keeps_its_own_status_with_past_due_beside_it() -> None:
    from inspector.api.account import Invoice
    from inspector.present.account import invoice_line

    partly = Invoice.model_validate(
        {
            "invoice_number": "INV-9",
            "status": "partially_paid",
            "due_date": "2026-11-15T00:00:00Z",
            "total_amount": "50",
            "amount_paid": "20",
            "balance_due": "30",
            "currency": "EUR",
        }
    )
    line = invoice_line(partly, now=NOW)
    assert line.status == "partially_paid"
    assert line.summary.startswith("PAST DUE · €50.00 · paid €20.00 · €30.00 due Nov 15, 2026")
    assert line.warning


def test_an_end_of_day_deadline_is_the_day_metrifox_means_in_every_zone() -> None:
    from zoneinfo import ZoneInfo

    from inspector.present.dates import short_date

    for instant in ("2026-12-01T23:59:59Z", "2026-12-01T23:59:59.999Z"):
        when = datetime.fromisoformat(instant)
        for zone in ("Europe/Berlin", "Asia/Tokyo", "America/Los_Angeles", "UTC"):
            assert short_date(when, ZoneInfo(zone)) == "Dec 1, 2026"
    assert short_date(datetime.fromisoformat("2026-12-01T23:00:00Z"), ZoneInfo("Europe/Berlin")) == "Dec 2, 2026"


def test_an_access_answer_repeats_what_was_asked_and_never_contradicts_itself() -> None:
    from inspector.api.account import AccessAnswer
    from inspector.present.account import access_sentence

    few = AccessAnswer.model_validate({"can_access": True, "balance": 3, "requested_quantity": 7})
    assert access_sentence(few, asked=7).startswith("For 7: yes — but only 3 left")
    other = AccessAnswer.model_validate({"can_access": True, "balance": 10, "requested_quantity": 1})
    assert access_sentence(other, asked=7).startswith("Metrifox answered for 1, not 7: yes")
    js = AccessAnswer.model_validate({"can_access": False, "required_quantity": 7, "message": "Limit reached"})
    assert access_sentence(js, asked=7) == "For 7: no — Limit reached (7 asked for)"


def test_a_cancelled_subscription_says_when_it_ends_in_the_summary_not_a_zero_bill() -> None:
    from inspector.present.summary import support_summary

    def cancelled(data: dict[str, Any]) -> None:
        first_subscription(data).update(
            status="cancelled", ends_at="2027-01-01T10:00:00Z", next_billing_amount=0, next_billing_date=None
        )

    lines = support_summary(_details(cancelled)).splitlines()
    assert "Ends: Jan 1, 2027" in lines
    assert not any(line.startswith("Next bill") for line in lines)


def test_the_email_is_in_the_customers_language_and_signed_with_the_profiles_company() -> None:
    from urllib.parse import parse_qs, urlsplit

    from inspector.present.mail import mailto

    link = "https://checkout.metrifox.com/update-quantity/1"
    german = parse_qs(
        urlsplit(mailto("a@b.de", "Nordlicht", link, "quantities", language="de", company="Fahrwerk AG")).query
    )
    assert german["subject"] == ["Ihr Fahrwerk AG-Link, um Ihre Mengen zu ändern"]
    assert german["body"][0].startswith("Guten Tag Nordlicht,\r\n\r\nhier ist der Link, um Ihre Mengen zu ändern:")
    assert german["body"][0].endswith("Mit freundlichen Grüßen\r\nFahrwerk AG")
    other = parse_qs(urlsplit(mailto("a@b.fr", "", link, "addons", language="fr-FR")).query)
    assert other["subject"] == ["Your Metrifox link to add or remove add-ons"]  # no French words: English
    assert other["body"][0].startswith("Hello,\r\n")


def test_one_figure_per_feature_both_sources_when_they_disagree() -> None:
    from inspector.api.account import EntitlementUsage
    from inspector.present.hints import loaded_from

    def seats_entitled(data: dict[str, Any]) -> None:
        data["subscriptions"][0]["entitlements"] = [
            {"feature_key": "seats", "feature_name": "Seats", "used": 12, "included_allowance": 12}
        ]

    details = _details(seats_entitled)
    sub_id = details.customer.subscriptions[0].subscription.id  # type: ignore[union-attr]
    usage = EntitlementUsage.model_validate(
        {"feature_key": "seats", "feature_name": "Seats", "used": 11, "purchased": 12}
    )
    sentences = [h.sentence for h in hints(details, loaded_from([("usage", sub_id or "", _page(usage))]), now=NOW)]
    seats = [s for s in sentences if s.startswith("Seats")]
    assert seats == [
        "Seats (Deliveroo) is at 92 % of its allowance: 11 of 12 used (usage); "
        "the subscription's entitlements say 12 of 12 used."
    ]


def _page(*items: Any) -> Any:
    from inspector.api.account import UsagePage

    return UsagePage.model_validate({"data": [item.model_dump(mode="json") for item in items]})


def test_a_bill_that_does_not_add_up_gets_a_cause_where_the_data_shows_one() -> None:
    from inspector.present.bill import explain_bill

    def usage_priced(data: dict[str, Any]) -> None:
        sub = first_subscription(data)
        sub["next_billing_amount"] = 30
        sub["subscription_items"][2]["line_source_type"] = "usage"
        sub["subscription_items"][0]["currency_code"] = "EUR"

    sub = _details(usage_priced).customer.subscriptions[0].subscription
    assert sub is not None
    words = dict(explain_bill(sub, "USD", NOW.date()))["Bill: in words"]
    assert "Possible cause: they are in different currencies (EUR, USD); Skills Audit is priced on usage." in words


def test_one_credit_wallets_row_each_wallet_once_both_figures_when_copies_disagree() -> None:
    from inspector.api.account import WalletPage
    from inspector.present.sections import section_rows
    from inspector.present.tree import build_tree

    def wallets(data: dict[str, Any]) -> None:
        wallet = {"id": "wal-9", "name": "AI credits", "balance": "310.75", "credit_unit_plural": "credits"}
        data["wallets"] = [wallet]
        data["subscriptions"][0]["wallets"] = [dict(wallet)]  # the same wallet twice in the details

    details = _details(wallets)
    root = build_tree(details)
    row = next(n for n in root.children if n.section == "wallets")
    assert [c.label for c in row.children] == [
        "AI credits",
        "Open this row to load every wallet, with its allocations.",
    ]
    fetched = WalletPage.model_validate({"data": [{"id": "wal-9", "name": "AI credits", "balance": "38.5"}]})
    rows, summary = section_rows(row, fetched, known_wallets=[*details.customer.wallets])
    assert summary == "1 wallet"
    assert "(wallets endpoint); the customer's details say 310.75 credits" in rows[0].summary
