"""The key list of --print-many: streamed, bounded lines, cleaned as the look-up bar cleans keys, each once."""

from __future__ import annotations

import io
import tracemalloc

import pytest

from inspector.many.keylist import MAX_LINE_BYTES, Entry, NotKeyList, Repeats, check_text, entries


def read(data: bytes, repeats: Repeats | None = None) -> list[Entry]:
    return list(entries(io.BufferedReader(io.BytesIO(data)), repeats))


def test_blank_lines_and_comments_are_skipped_and_keys_cleaned() -> None:
    data = "\ufeff# from the CRM\r\ncust-a\r\n\r\n   \n  # indented\n \"cust-b\" \n\u201ccust-c\u201d\n".encode()
    assert read(data) == [Entry(2, "cust-a"), Entry(6, "cust-b"), Entry(7, "cust-c")]


def test_a_line_that_is_no_key_is_an_entry_with_its_reason() -> None:
    found = read(b"cust-a\n\"\"\nbad\x1bkey\n\xff\xfe\xfdx\n")
    assert found[1] == Entry(2, '""', "Line 2: Type or paste a customer key first.")
    assert found[2].problem == "Line 3: A customer key cannot contain line breaks or control characters."
    assert found[3].problem == "Line 4 is not UTF-8 text; save the list as UTF-8."


def test_a_key_given_again_is_read_once_and_counted() -> None:
    repeats = Repeats()
    found = read(b"cust-a\ncust-b\n'cust-a'\ncust-a\n", repeats)
    assert [e.key for e in found] == ["cust-a", "cust-b"]
    assert repeats.count == 2
    assert repeats.sentence() == (
        "2 lines repeat a key given before; each key was looked up once, its row where it first appears: "
        "cust-a (line 1, again on line 3); cust-a (line 1, again on line 4)."
    )
    assert Repeats().sentence() is None


def test_a_huge_line_is_never_held_whole() -> None:
    """50 MB without a line break, then a key: one failed entry, the key after it, memory bounded."""
    stream = io.BufferedReader(io.BytesIO(b"x" * 50_000_000 + b"\ncust-after\n"))
    tracemalloc.start()
    try:
        found = list(entries(stream, None))
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert found[0].problem == "Line 1 is too long to be a customer key."
    assert len(found[0].key) <= 80
    assert found[1] == Entry(2, "cust-after")
    assert peak < 2 * MAX_LINE_BYTES + 200_000


@pytest.mark.parametrize(
    ("head", "words"),
    [
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary data"),
        ("\ufeffcust-a\n".encode("utf-16-le"), "UTF-16"),
        ("\ufeffcust-a\n".encode("utf-16-be"), "UTF-16"),
    ],
)
def test_a_binary_or_utf16_file_is_refused_before_anything_is_read(head: bytes, words: str) -> None:
    stream = io.BufferedReader(io.BytesIO(head + b"cust-a\n"))
    with pytest.raises(NotKeyList, match=words):
        check_text(stream)
    assert stream.read(4) == head[:4]  # peeked, not consumed


def test_a_text_file_passes_the_check() -> None:
    check_text(io.BufferedReader(io.BytesIO(b"cust-a\ncust-b\n")))
