"""Saved answers and the customer record after review: a record saved but unreadable (a lone surrogate escape,
a head nested past Python's stack, a record that does not parse) never stops the answer opening and is said as
"saved, but could not be read"; a record is written as UTF-8 (a CJK record does not double in size), and one
that would make the file larger than the app opens is left out, so a file the app writes it can open."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inspector.api.saved import SAVED_BY, read_saved, saved_answer
from inspector.app import main
from tests.support.fake_metrifox import EXAMPLE, example_record

WHEN = "2026-11-03T14:02:00+00:00"
KEY = "cust-mljp3ra6ffjm"


def _file(tmp_path: Path, record_json: str) -> Path:
    """A saved answer whose head holds ``record_json`` (JSON text) as the record."""
    head = f'{{"saved_by":"{SAVED_BY}","fetched_at":"{WHEN}","host":"api.metrifox.com","record":{record_json}'
    path = tmp_path / "acme.json"
    path.write_bytes(head.encode() + b',"answer":' + EXAMPLE.read_bytes() + b"}\n")
    return path


UNREADABLE = [
    pytest.param('"\\ud800{}"', id="lone-surrogate"),
    pytest.param("[" * 200_000 + "]" * 200_000, id="nested-200k"),
    pytest.param('"<html>"', id="not-json"),
    pytest.param("42", id="not-a-string"),
]


@pytest.mark.parametrize("record_json", UNREADABLE)
def test_a_saved_record_that_cannot_be_read_is_said_and_the_answer_opens(tmp_path: Path, record_json: str) -> None:
    saved = read_saved(_file(tmp_path, record_json))
    assert saved.details.customer.customer_key == KEY
    assert saved.record is None
    assert saved.record_unreadable


@pytest.mark.parametrize("record_json", UNREADABLE)
def test_print_file_says_the_record_could_not_be_read(
    tmp_path: Path, record_json: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(_file(tmp_path, record_json))
    assert main(["--print-file", path, "--summary"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "Customer record: saved with this answer, but could not be read." in lines
    assert main(["--print-file", path]) == 0
    out = capsys.readouterr().out
    assert "saved with this answer, but could not be read." in out
    assert "not saved" not in out


def test_no_record_saved_is_not_said_unreadable(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    body, left_out = saved_answer(EXAMPLE.read_bytes(), datetime(2026, 11, 3, tzinfo=UTC), "api.metrifox.com")
    path = tmp_path / "plain.json"
    path.write_bytes(body)
    saved = read_saved(path)
    assert (saved.record, saved.record_unreadable, left_out) == (None, False, False)


def _cjk_record(chars: int) -> bytes:
    record = dict(example_record(KEY), metadata={"notes": "顧客メモ" * (chars // 4)})
    return json.dumps({"data": record}, ensure_ascii=False).encode()


def test_a_cjk_record_is_written_as_utf8_and_opens_again(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    record = _cjk_record(100_000)  # 300 KB as UTF-8; 600 KB as \\uXXXX escapes
    limit = len(EXAMPLE.read_bytes()) + len(record) + 1_000
    body, left_out = saved_answer(EXAMPLE.read_bytes(), datetime(2026, 11, 3, tzinfo=UTC), "h", record, max_bytes=limit)
    assert not left_out
    assert len(body) < limit
    path = tmp_path / "cjk.json"
    path.write_bytes(body)
    saved = read_saved(path, max_bytes=limit)
    assert saved.record is not None
    assert saved.record.raw_json == record  # byte for byte


def test_a_record_too_large_to_open_again_is_left_out(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    record = _cjk_record(100_000)
    limit = len(EXAMPLE.read_bytes()) + len(record) // 2
    body, left_out = saved_answer(EXAMPLE.read_bytes(), datetime(2026, 11, 3, tzinfo=UTC), "h", record, max_bytes=limit)
    assert left_out
    path = tmp_path / "big.json"
    path.write_bytes(body)
    saved = read_saved(path, max_bytes=limit)  # the file the app wrote opens
    assert saved.details.customer.customer_key == KEY
    assert (saved.record, saved.record_unreadable) == (None, False)


def test_bytes_that_are_not_utf8_still_come_back_exactly(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    record = _cjk_record(40)[:-2] + b' \xff"}}'  # invalid UTF-8 inside a string: kept as sent
    body, _ = saved_answer(EXAMPLE.read_bytes(), datetime(2026, 11, 3, tzinfo=UTC), "h", record)
    assert body.split(b',"answer":')[0].isascii()
    path = tmp_path / "bytes.json"
    path.write_bytes(body)
    from inspector.api.saved import _unwrap

    assert _unwrap(path.read_bytes()).record == record
