"""--summary and the customer record after review, over real HTTP: a record that could not be fetched is one line
of the summary and, since --summary fetches it by itself, does not make the run fail (exit 0) unless asked for
with --with record (exit 4); a 403 on the record says the record, not the customer details."""

from __future__ import annotations

import pytest

from inspector.app import main
from tests.integration.test_record_cli import KEY, keyed  # noqa: F401 (keyed: an autouse fixture)
from tests.support.fake_metrifox import RECORD, FakeMetrifox

FORBIDDEN = "This API key is not allowed to read the customer record (contacts, account manager)."


def test_summary_says_a_forbidden_record_on_its_own_line_and_exits_0(
    fake: FakeMetrifox, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.fail("status", status=403, where=RECORD)
    assert main(["--print", KEY, "--summary", *fake.cli_args()]) == 0  # the summary is whole without the record
    out, err = capsys.readouterr()
    lines = out.splitlines()
    said = [line for line in lines if line.startswith("Customer record:")]
    assert said == [f"Customer record: could not be fetched — {FORBIDDEN} Ask an admin for a key with access."]
    assert not any(line.startswith("Account manager:") for line in lines)
    assert "customer details" not in out + err  # the details were read: that is not what was refused
    assert err.splitlines() == [f"Customer record: {FORBIDDEN} Ask an admin for a key with access."]


def test_summary_with_record_asked_for_exits_4_when_it_fails(
    fake: FakeMetrifox, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.fail("status", status=404, where=RECORD)
    assert main(["--print", KEY, "--summary", "--with", "record", *fake.cli_args()]) == 4
    out = capsys.readouterr().out
    assert "Customer record: could not be fetched — Metrifox has no customer record for this key." in out


def test_summary_invoices_that_fail_still_exit_4(fake: FakeMetrifox, capsys: pytest.CaptureFixture[str]) -> None:
    fake.fail("status", status=500, times=9, where="billing-history")
    assert main(["--print", KEY, "--summary", *fake.cli_args()]) == 4  # as before the record came


def test_summary_with_the_record_has_no_missing_line(fake: FakeMetrifox, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--print", KEY, "--summary", *fake.cli_args()]) == 0
    out = capsys.readouterr().out
    assert "Account manager: Priya Raman" in out.splitlines()
    assert "Customer record:" not in out


def test_print_with_a_forbidden_record_says_the_record(fake: FakeMetrifox, capsys: pytest.CaptureFixture[str]) -> None:
    fake.fail("status", status=403, where=RECORD)
    assert main(["--print", KEY, "--with", "record", *fake.cli_args()]) == 4
    assert FORBIDDEN in capsys.readouterr().err
