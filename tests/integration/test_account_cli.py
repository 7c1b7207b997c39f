"""--print --with and --check-access over real HTTP: sections fetched at once, exit code 4 when one fails."""

from __future__ import annotations

import json

import pytest

from inspector.app import main
from tests.support.fake_metrifox import TEST_API_KEY, FakeMetrifox

KEY = "cust-mljp3ra6ffjm"


@pytest.fixture(autouse=True)
def keyed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("METRIFOX_API_KEY", TEST_API_KEY)


def test_print_with_all_sections(fake: FakeMetrifox, capsys: pytest.CaptureFixture[str]) -> None:
    fake.fail("delay", seconds=0.2, times=6)  # every request takes a while: fetched at once, they overlap
    assert main(["--print", KEY, "--with", "all", *fake.cli_args()]) == 0
    out = capsys.readouterr().out
    for line in (
        "Invoices — Deliveroo: Basic-less Plan",
        "  INV-0003 [open] — PAST DUE · $21.00 · paid $0.00 · $21.00 due Nov 15, 2026 · issued Nov 1, 2026",
        "  INV-0002 [paid] — $21.00 · paid $21.00 · nothing due · issued Oct 1, 2026",
        "  API calls [active] — 7,500 of 10,000 used (75 %)",
        "      · Included: 7,500 of 10,000 used · 2,500 left · resets Dec 12, 2026",
        "      · Limit: 12,000 per month (hard: usage stops there)",
        "  AI credits [low] — 1,250.5 credits — below the low-balance threshold of 2,000 credits",
        "  … and 70 older events",
    ):
        assert line in out.splitlines(), line
    assert fake.max_in_flight >= 2  # the sections were fetched at once, not one after another


def test_only_the_sections_asked_for_are_fetched(fake: FakeMetrifox, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--print", KEY, "--with", "wallets", *fake.cli_args()]) == 0
    paths = [r.raw_path for r in fake.requests]
    assert any("credit_systems/v2/wallets" in p for p in paths)
    assert not any("billing-history" in p or "usage/events" in p or "entitlements" in p for p in paths)
    assert "Invoices —" not in capsys.readouterr().out


def test_a_failed_section_is_said_and_exits_4(fake: FakeMetrifox, capsys: pytest.CaptureFixture[str]) -> None:
    fake.fail("status", status=500, times=5, where="billing-history")
    assert main(["--print", KEY, "--with", "invoices,wallets", *fake.cli_args()]) == 4
    captured = capsys.readouterr()
    sentence = "Invoices — Deliveroo: Basic-less Plan: Metrifox is having trouble right now."
    assert any(line.startswith(sentence) for line in captured.out.splitlines())
    assert captured.err.startswith(sentence)
    assert "AI credits [low]" in captured.out  # the rest is there


def test_json_includes_the_sections(fake: FakeMetrifox, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--print", KEY, "--json", "--with", "usage,events", *fake.cli_args()]) == 0
    document = json.loads(capsys.readouterr().out)
    names = [s["name"] for s in document["sections"]]
    assert names == ["usage", "summary", "events"]
    usage = document["sections"][0]["data"]["data"][0]
    assert usage["included_pool"]["used"] == "7500"  # Decimal as text, digits kept
    assert document["data"]["customer_key"] == KEY


@pytest.mark.parametrize(
    ("feature", "line"),
    [
        ("api_calls", "For 3: yes — 2,500 left, 7,500 used"),
        ("exports", "For 3: no — Usage limit reached (0 left, 50 used)"),
    ],
)
def test_check_access(fake: FakeMetrifox, capsys: pytest.CaptureFixture[str], feature: str, line: str) -> None:
    assert main(["--check-access", KEY, feature, "--quantity", "3", *fake.cli_args()]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == line
    assert f"    · Feature key: {feature}" in out  # then every field Metrifox sent
    assert "quantity=3" in fake.requests[-1].raw_path


def test_check_access_failures(fake: FakeMetrifox, capsys: pytest.CaptureFixture[str]) -> None:
    fake.fail("status", status=401, where="usage/access")
    assert main(["--check-access", KEY, "api_calls", *fake.cli_args()]) == 1
    assert "did not accept the API key" in capsys.readouterr().err
    assert main(["--check-access", KEY, "api_calls", "--quantity", "0", *fake.cli_args()]) == 2
    assert main(["--print", KEY, "--with", "invoices,gossip", *fake.cli_args()]) == 2
    assert "unknown section gossip" in capsys.readouterr().err
    assert main(["--check-access", KEY, "x", "--meter-url", "http://meter.example.com/"]) == 2
