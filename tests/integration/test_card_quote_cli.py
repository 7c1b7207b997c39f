"""--card-link and --quote over real HTTP: the link alone on stdout, the quote in words, one sentence on
stderr for each failure, exit codes as the other commands."""

from __future__ import annotations

import pytest

from inspector.api import errors
from inspector.api.pricing import NO_PRICE
from inspector.app import main
from tests.support.fake_metrifox import EXAMPLE_SUBSCRIPTION, TEST_API_KEY, FakeMetrifox
from tests.support.offers import CARD_LINK_BASE

KEY = "cust-mljp3ra6ffjm"
BUSINESS = "cust-nordlicht-7f3k"


@pytest.fixture(autouse=True)
def keyed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("METRIFOX_API_KEY", TEST_API_KEY)


def _run(fake: FakeMetrifox, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--base-url", fake.base_url])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_card_link_for_the_one_live_subscription(fake: FakeMetrifox, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(fake, capsys, "--card-link", KEY) == (0, CARD_LINK_BASE + EXAMPLE_SUBSCRIPTION + "\n", "")
    assert "subscription_id=" + EXAMPLE_SUBSCRIPTION in fake.requests[-1].raw_path


def test_card_link_with_several_subscriptions_names_them(
    fake: FakeMetrifox, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(fake, capsys, "--card-link", BUSINESS)
    assert (code, out) == (2, "")
    assert err == (
        f"{BUSINESS} has 3 live subscriptions: sub-fleet-3: Fleet Tracker (Fleet Pro); sub-route-1: Route Planner "
        "(Route Planner Plus) (needs a card); sub-tokyo-1: 東京デポ (Tokyo Depot) (Depot Basic). "
        f"Name one: --card-link {BUSINESS} SUBSCRIPTION_ID.\n"
    )
    assert not any("card-collection" in r.raw_path for r in fake.requests)  # nothing asked for anyone else's
    assert _run(fake, capsys, "--card-link", BUSINESS, "sub-route-1") == (0, CARD_LINK_BASE + "sub-route-1\n", "")
    code, out, err = _run(fake, capsys, "--card-link", BUSINESS, "sub-legacy-1")  # cancelled: no bill to pay
    assert (code, out) == (2, "")
    assert err.startswith("sub-legacy-1 is not a live subscription of cust-nordlicht-7f3k; its live ones: ")


def test_card_link_failures(fake: FakeMetrifox, capsys: pytest.CaptureFixture[str]) -> None:
    fake.account["card_links"][EXAMPLE_SUBSCRIPTION] = "http://checkout.metrifox.com/c/1"
    code, out, err = _run(fake, capsys, "--card-link", KEY)
    assert (code, out) == (1, "")  # a link that fails the rules is never printed
    assert err == "The link Metrifox sent is not a secure metrifox.com address, so it is not offered.\n"
    fake.fail("status", status=500, times=5, where="card-collection")
    assert _run(fake, capsys, "--card-link", KEY)[0] == 1
    assert _run(fake, capsys, "--card-link", "cust-nobody")[0] == 1
    assert _run(fake, capsys, "--card-link", KEY, "a", "b")[0] == 2


def test_quote_in_words(fake: FakeMetrifox, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(fake, capsys, "--quote", BUSINESS, "api_calls", "150000") == (
        0,
        "150,000 API calls would cost €255.00 on the customer's plan.\n"
        "First 10,000 free, then 90,000 at €0.002 each, then 50,000 at €0.0015 each.\n",
        "",
    )


@pytest.mark.parametrize("status", [403, 404])
def test_quote_without_the_finance_api(fake: FakeMetrifox, capsys: pytest.CaptureFixture[str], status: int) -> None:
    fake.account["finance_api"] = status
    assert _run(fake, capsys, "--quote", KEY, "api_calls", "5") == (
        1,
        "",
        (errors.FinanceApiUnavailable.default_message if status == 403 else NO_PRICE) + "\n",
    )


def test_quote_usage_errors(
    fake: FakeMetrifox, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _out, err = _run(fake, capsys, "--quote", KEY, "api_calls", "1,000")
    assert code == 2
    assert err.startswith("--quote: Give the quantity as a whole number")
    assert not fake.requests
    monkeypatch.delenv("METRIFOX_API_KEY")
    assert _run(fake, capsys, "--quote", KEY, "api_calls", "5")[0] == 3  # no key
    assert main(["--demo", "--quote", KEY, "api_calls", "5000"]) == 0
    assert capsys.readouterr().out.startswith("5,000 api_calls would cost $12.50")
