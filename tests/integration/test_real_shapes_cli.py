"""--print and --json over real HTTP with answers shaped as Metrifox's SDKs declare them (the fake server
serves them: tests/support/fake_metrifox.py add_shapes)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from inspector.app import main
from inspector.present.dates import zone
from tests.support.fake_metrifox import TEST_API_KEY, FakeMetrifox
from tests.support.leaves import coverage, shape

JS, SDK = "cust-shapes-js", "cust-shapes-sdk"
# Each answer of --with all, by the fixture it is served from.
SERVED = {
    JS: ("details_js", "invoices_js", "usage_js", "summary_js", "wallets_js", "allocations_js", "events_ms"),
    SDK: ("details_sdk", "invoices_sdk", "usage_sdk", "summary_sdk", "wallets_sdk", "allocations_sdk", "events_s"),
}


@pytest.fixture(autouse=True)
def keyed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("METRIFOX_API_KEY", TEST_API_KEY)


@pytest.mark.parametrize("key", [JS, SDK])
def test_print_says_every_leaf_of_every_answer(
    fake: FakeMetrifox, capsys: pytest.CaptureFixture[str], key: str
) -> None:
    assert main(["--print", key, "--with", "all", *fake.cli_args()]) == 0
    out = capsys.readouterr().out
    zones = [zone("Europe/Berlin")] if key == SDK else []  # the customer's zone: its dates are read in it
    for fixture in SERVED[key]:
        share, missing = coverage(shape(fixture), out, zones)
        assert share >= 0.95, (fixture, missing)


def test_plain_subscriptions_get_their_sections(fake: FakeMetrifox, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--print", JS, "--with", "invoices,usage", *fake.cli_args()]) == 0
    out = capsys.readouterr().out
    assert "  Forms [active] — Growth" in out.splitlines()
    assert "No current subscription" not in out
    assert "Invoices — Forms: Growth" in out
    assert "  inv_001 [paid] — $9,900.00" in out.splitlines()  # the JS SDK's "amount"
    assert "  api_calls — 3,500 of 10,000 used (35 %)" in out.splitlines()  # not "No usage reported"
    assert any("sub-js-0001/billing-history" in r.raw_path for r in fake.requests)


def test_wallets_with_allocations_and_transactions(fake: FakeMetrifox, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--print", SDK, "--with", "wallets,events", *fake.cli_args()]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "      Credit allocations (1)" in lines
    assert "                · ID: txn-sdk-2" in lines
    assert "                · Usage event ID: evt-sdk-1" in lines
    assert "      · ID: evt-s-1" in lines


def test_json_keeps_every_value_as_sent(fake: FakeMetrifox, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--print", SDK, "--json", "--with", "events,wallets", *fake.cli_args()]) == 0
    printed = capsys.readouterr().out
    document = json.loads(printed, parse_float=Decimal)
    sent = json.loads(shape("details_sdk"), parse_float=Decimal)
    assert {k: document[k] for k in sent} == sent  # the answer as sent: types, digits and dates
    subscription = document["data"]["subscriptions"][0]["subscription"]
    assert subscription["plan_version"] == 2
    assert subscription["starts_at"] == "2026-03-01T00:00:00.434Z"
    assert '"next_billing_amount": 198.5,' in printed
    sections = {section["name"]: section for section in document["sections"]}
    events, wallets = sections["events"], sections["wallets"]
    assert events["data"]["data"][0]["timestamp"] == 1764000000  # an epoch stays a number
    assert wallets["allocations"]["wal-sdk-1"]["data"][0]["consumed"] == Decimal("159.75")
