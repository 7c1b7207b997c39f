"""Overdue invoices are checked at look-up (issue 18.1): the summary (window and --summary) fetches the current
subscriptions' billing history and says an overdue balance, or why the invoices could not be checked; plain
--print says they were not checked unless --with invoices asks."""

from __future__ import annotations

import pytest

from inspector import cli
from inspector.app import main
from tests.support.fake_metrifox import TEST_API_KEY, FakeMetrifox
from tests.support.windows import EXAMPLE_KEY


@pytest.fixture(autouse=True)
def key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("METRIFOX_API_KEY", TEST_API_KEY)


def test_the_summary_says_the_overdue_invoice(fake: FakeMetrifox, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--print", EXAMPLE_KEY, "--summary", "--base-url", fake.base_url]) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert "- Invoice INV-0003 of Deliveroo (Basic-less Plan): $21.00 was due Nov 15, 2026 and is unpaid." in out


def test_the_summary_says_when_the_invoices_could_not_be_checked(
    fake: FakeMetrifox, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.fail("status", status=500, times=9, where="billing-history")
    assert main(["--print", EXAMPLE_KEY, "--summary", "--base-url", fake.base_url]) == cli.EXIT_PARTIAL
    out = capsys.readouterr().out
    assert (
        "- Invoices of Deliveroo (Basic-less Plan) not checked: "
        "Metrifox is having trouble right now. Try again in a few minutes." in out
    )


def test_plain_print_says_the_invoices_were_not_checked(
    fake: FakeMetrifox, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--print", EXAMPLE_KEY, "--base-url", fake.base_url]) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert "  - Invoices not checked: overdue or unpaid invoices are not shown (add --with invoices)." in out
    assert not any("billing-history" in r.raw_path for r in fake.requests)  # only what --with asks
    assert main(["--print", EXAMPLE_KEY, "--with", "invoices", "--base-url", fake.base_url]) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert "Invoices not checked" not in out
    assert "was due Nov 15, 2026 and is unpaid" in out
