"""--print --with record over real HTTP: the record's rows with every field, in --json as sent, exit 4 when it
cannot be fetched; the demo's customers have records."""

from __future__ import annotations

import json

import pytest

from inspector.app import main
from tests.support.fake_metrifox import RECORD, TEST_API_KEY, FakeMetrifox

KEY = "cust-mljp3ra6ffjm"


@pytest.fixture(autouse=True)
def keyed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("METRIFOX_API_KEY", TEST_API_KEY)


def test_print_with_record(fake: FakeMetrifox, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--print", KEY, "--with", "record", *fake.cli_args()]) == 0
    lines = capsys.readouterr().out.splitlines()
    for line in (
        "Customer record",
        "  Account manager — Priya Raman",
        "  Contact: Jana Weber [primary] — Head of Finance, Finance · jana@example.com",
        "      · Designation: Head of Finance",
        "  Phone numbers — +1 415 555 0142 (mobile, primary) · +1 415 555 0199",
        "  Tax — Tax status: Taxable · Tax ID: GB123456789 · VAT: GB123456789 (GB)",
        "  Payment terms — Net 30 days",
        "      · Payment reminder days: 3 days before the due date",
        "  Shipping address — Hafenstraße 12, 20457 Hamburg, DE",
        "      · crm_id: SF-0042917",
        "      · Preferred contact hours (new field): 09:00-17:00 PT",
    ):
        assert line in lines, line
    assert [r.raw_path for r in fake.seen(f"/customers/{KEY}")] == [
        f"/api/v1/customers/{KEY}/details",
        f"/api/v1/customers/{KEY}",
    ]


def test_all_includes_the_record(fake: FakeMetrifox, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--print", KEY, "--with", "all", *fake.cli_args()]) == 0
    assert "  Account manager — Priya Raman" in capsys.readouterr().out.splitlines()


def test_json_includes_the_record_as_sent(fake: FakeMetrifox, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--print", KEY, "--with", "record", "--json", *fake.cli_args()]) == 0
    document = json.loads(capsys.readouterr().out)
    (section,) = document["sections"]
    assert (section["name"], section["subject"], section["error"]) == ("record", KEY, None)
    record = section["data"]["data"]
    assert record["account_manager"] == "Priya Raman"
    assert record["phone_numbers"][1] == "+1 415 555 0199"  # as sent, not as read
    assert record["billing_configuration"]["payment_reminder_days"] == "3"
    assert record["preferred_contact_hours"] == "09:00-17:00 PT"


@pytest.mark.parametrize(
    ("fault", "sentence"),
    [
        ({"kind": "status", "status": 404}, "Customer record: Metrifox has no customer record for this key."),
        ({"kind": "html"}, "Customer record: "),
    ],
)
def test_a_record_that_cannot_be_fetched_is_said_and_exits_4(
    fake: FakeMetrifox, capsys: pytest.CaptureFixture[str], fault: dict[str, object], sentence: str
) -> None:
    fake.fail(where=RECORD, **fault)  # type: ignore[arg-type]
    assert main(["--print", KEY, "--with", "record", *fake.cli_args()]) == 4
    captured = capsys.readouterr()
    assert any(line.startswith(sentence) for line in captured.out.splitlines())
    assert captured.err.startswith(sentence)
    assert "Uppender Lala" in captured.out  # the customer is printed all the same


def test_the_demo_customers_have_records(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--print", "cust-nordlicht-7f3k", "--demo", "--with", "record"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "  Account manager — Jonas Becker" in lines
    assert "  Contact: Jana Weber [primary] — Head of Finance, Finance · jana.weber@nordlicht-logistik.de · " \
        "+49 40 3070 4412" in lines
