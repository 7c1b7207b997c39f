"""The customer record saved beside the answer: in the envelope's head as a JSON string (so the answer is found
where it always was), its bytes back exactly; a record that cannot be read is left out, the answer opens."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from inspector.api.saved import read_saved, saved_answer_bytes
from inspector.app import main
from tests.support.fake_metrifox import EXAMPLE, example_record

WHEN = datetime(2026, 11, 3, 14, 2, tzinfo=UTC)
# A record whose text holds what the envelope looks for, a non-ASCII name and a number's exact text.
RECORD = json.dumps(
    {"data": dict(example_record("cust-mljp3ra6ffjm"), metadata={"note": 'x,"answer":{"a":1}}', "answer": "ä"},
                  payment_terms=[{"type": "net", "value": 30.50}])},
    ensure_ascii=False,
).encode()


def _saved(tmp_path: Path, record: bytes) -> Path:
    path = tmp_path / "acme.json"
    path.write_bytes(saved_answer_bytes(EXAMPLE.read_bytes(), WHEN, "api.metrifox.com", record))
    return path


def test_the_record_comes_back_byte_for_byte_beside_the_answer(tmp_path: Path) -> None:
    saved = read_saved(_saved(tmp_path, RECORD))
    assert saved.details.raw_json == EXAMPLE.read_bytes()
    assert (saved.fetched_at, saved.host) == (WHEN, "api.metrifox.com")
    assert saved.record is not None
    assert saved.record.raw_json == RECORD
    assert saved.record.record.account_manager == "Priya Raman"
    assert saved.record.record.metadata == {"note": 'x,"answer":{"a":1}}', "answer": "ä"}


def test_the_file_is_still_one_json_document_with_the_answer_last(tmp_path: Path) -> None:
    document = json.loads(_saved(tmp_path, RECORD).read_bytes())
    assert list(document) == ["saved_by", "fetched_at", "host", "record", "answer"]
    assert document["record"].encode() == RECORD


def test_without_a_record_the_file_is_as_before(tmp_path: Path) -> None:
    path = _saved(tmp_path, b"")
    assert b'"record"' not in path.read_bytes()[:200]
    assert read_saved(path).record is None


@pytest.mark.parametrize("record", [b"<html>", b"\xff\xfe", b'{"data": [1]}'])
def test_a_record_that_cannot_be_read_is_left_out_and_the_answer_opens(tmp_path: Path, record: bytes) -> None:
    saved = read_saved(_saved(tmp_path, record))
    assert saved.record is None
    assert saved.details.customer.customer_key == "cust-mljp3ra6ffjm"


def test_print_file_prints_the_saved_record(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--print-file", str(_saved(tmp_path, RECORD))]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "Customer record" in lines
    assert "  Account manager — Priya Raman" in lines
    assert main(["--print-file", str(_saved(tmp_path, RECORD)), "--summary"]) == 0
    assert "Account manager: Priya Raman" in capsys.readouterr().out.splitlines()
