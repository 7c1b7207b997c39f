"""A saved answer (the raw JSON of ``customers/{key}/details``, e.g. from "Save the whole answer…") read back:
offline, through the same parser and checks as a live answer.

Only a regular file is read: a path to ``/dev/zero``, ``/dev/urandom``, a FIFO, a socket or a folder (also
through a symlink) is refused before a byte is read, checked on the opened descriptor itself (``fstat``),
so nothing can be swapped in between. The read stops after ``max_bytes + 1`` bytes whatever the file's size
says (a file under ``/proc`` says 0), and opening and reading give up after ``deadline`` seconds (a hung
network mount): the caller's thread is never held longer than that.
"""

from __future__ import annotations

import json
import os
import queue
import stat
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from inspector.api import errors
from inspector.api.client import DEFAULT_MAX_BODY_BYTES
from inspector.api.models import CustomerDetails
from inspector.api.parsing import parse_body, parse_customer_details
from inspector.api.record import CustomerRecordAnswer

DEFAULT_DEADLINE = 10.0  # seconds to open and read a saved answer
_CHUNK = 1024 * 1024
# Opening a FIFO must not wait for a writer; a symlink is followed (fstat then sees what it points to).
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


SAVED_BY = "Metrifox Account Inspector"
_HEAD = b'{"saved_by":'
_ANSWER = b',"answer":'


class SavedFileError(errors.BadResponse):
    """A saved answer that cannot be shown; ``message`` is the one sentence."""

    retryable = False


class RecordUnreadable(errors.BadResponse):
    """A customer record saved beside the answer that cannot be read back (the answer still opens)."""

    default_message = "saved with this answer, but could not be read."
    retryable = False


@dataclass(frozen=True)
class SavedAnswer:
    details: CustomerDetails
    fetched_at: datetime | None  # when Metrifox sent it (None: a plain Metrifox JSON, time unknown)
    host: str  # the API host it came from ("" when not recorded)
    record: CustomerRecordAnswer | None = None  # the customer record fetched with it (None: none was saved)
    record_unreadable: bool = False  # a record was saved with it but cannot be read (not "none was saved")


def saved_answer_bytes(raw_json: bytes, fetched_at: datetime, host: str, record: bytes = b"") -> bytes:
    """What "Save the whole answer" writes (:func:`saved_answer`), without saying whether the record fitted."""
    return saved_answer(raw_json, fetched_at, host, record)[0]


def saved_answer(
    raw_json: bytes, fetched_at: datetime, host: str, record: bytes = b"", *, max_bytes: int = DEFAULT_MAX_BODY_BYTES
) -> tuple[bytes, bool]:
    """What "Save the whole answer" writes: Metrifox's JSON byte for byte as received (numbers' text as sent),
    with the time it was fetched and the API host around it — and the customer record's answer, when it had
    come, as it was received too — and whether the record was left out because the file would then be larger
    than the app opens (``max_bytes``): a file the app writes, the app can open again.

    The record goes in the head, before ``"answer"``, as a JSON string: inside a string every quote is escaped,
    so ``,"answer":`` can never occur in it and the answer is still found where it always was (an earlier
    version of the app opens the file and ignores the record). Valid UTF-8 is written as UTF-8 (a CJK record
    as ``\\uXXXX`` would double in size); anything else as ASCII escapes, its bytes back exactly
    (surrogateescape).
    """
    fields: dict[str, str] = {"saved_by": SAVED_BY, "fetched_at": fetched_at.astimezone(UTC).isoformat(), "host": host}
    plain = {**fields}
    as_ascii = False
    if record:
        try:
            fields["record"] = record.decode("utf-8")
        except UnicodeDecodeError:
            fields["record"] = record.decode("utf-8", "surrogateescape")
            as_ascii = True  # the escaped bytes are lone surrogates: only a \\uDCxx escape can hold them
    head = json.dumps(fields, ensure_ascii=as_ascii, separators=(",", ":")).encode("utf-8")
    left_out = bool(record) and len(head) + len(_ANSWER) + len(raw_json) + 2 > max_bytes
    if left_out:
        head = json.dumps(plain, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    return head[:-1] + _ANSWER + raw_json + b"}\n", left_out


@dataclass(frozen=True)
class _Envelope:
    raw: bytes  # Metrifox's JSON
    fetched_at: datetime | None = None
    host: str = ""
    record: bytes = b""
    record_unreadable: bool = False


def _unwrap(body: bytes) -> _Envelope:
    """Metrifox's JSON, and the fetch time, host and record when the app saved it (else unknown, none)."""
    if not body.startswith(_HEAD):
        return _Envelope(body)
    split = body.find(_ANSWER)
    end = body.rstrip().rfind(b"}")
    if split < 0 or end <= split:
        return _Envelope(body)
    raw = body[split + len(_ANSWER) : end]
    try:
        head = json.loads(body[:split] + b"}")
        fetched = datetime.fromisoformat(str(head.get("fetched_at", "")))
    except RecursionError:  # a head nested beyond Python's stack (not the app's): the answer still opens
        return _Envelope(raw, record_unreadable=True)
    except (ValueError, TypeError, AttributeError):
        return _Envelope(body)
    if head.get("saved_by") != SAVED_BY:
        return _Envelope(body)
    fetched = fetched if fetched.tzinfo is not None else fetched.replace(tzinfo=UTC)
    record, unreadable = head.get("record"), False
    try:
        record_bytes = record.encode("utf-8", "surrogateescape") if isinstance(record, str) else b""
    except UnicodeEncodeError:  # a surrogate the app never writes ("\\ud800"): not a record's bytes
        record_bytes, unreadable = b"", True
    unreadable = unreadable or (record is not None and not isinstance(record, str))
    return _Envelope(raw, fetched, str(head.get("host", "")), record_bytes, unreadable)


def _saved_record(body: bytes) -> CustomerRecordAnswer | None:
    """The record saved beside the answer; one that cannot be read is left out (the answer still opens)."""
    if not body:
        return None
    try:
        return parse_body(CustomerRecordAnswer, body)
    except errors.MetrifoxError:
        return None


def read_saved(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_BODY_BYTES, deadline: float = DEFAULT_DEADLINE
) -> SavedAnswer:
    """The answer in the file, with its fetch time and host when the app saved it (a plain Metrifox JSON
    opens too: time unknown); one sentence (:class:`SavedFileError`) for anything else.

    Blocks for at most ``deadline`` seconds (plus parsing): call it on a worker thread, not the window's.
    """
    file = Path(path)
    name = file.name or str(file)
    body, _modified = read_regular_file(file, max_bytes=max_bytes, deadline=deadline)
    found = _unwrap(body)
    record = _saved_record(found.record)
    unreadable = found.record_unreadable or (bool(found.record) and record is None)
    try:
        return SavedAnswer(parse_customer_details(found.raw), found.fetched_at, found.host, record, unreadable)
    except errors.NestedTooDeeply as exc:
        raise SavedFileError(f"{name} cannot be shown: nested too deeply: {exc.levels} levels.") from None
    except errors.BadResponse:
        raise SavedFileError(f"{name} is not a saved Metrifox answer (customer details).") from None


def read_saved_answer(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_BODY_BYTES, deadline: float = DEFAULT_DEADLINE
) -> tuple[CustomerDetails, datetime | None]:
    """The answer and when it was fetched (None: unknown) — :func:`read_saved` as a pair."""
    saved = read_saved(path, max_bytes=max_bytes, deadline=deadline)
    return saved.details, saved.fetched_at


def read_regular_file(path: Path, *, max_bytes: int, deadline: float) -> tuple[bytes, datetime]:
    """The bytes of a regular file (at most ``max_bytes``) and its modification time, within ``deadline``."""
    name = path.name or str(path)
    results: queue.Queue[tuple[bytes, datetime] | SavedFileError] = queue.Queue(maxsize=1)
    give_up_at = time.monotonic() + deadline

    def work() -> None:
        try:
            results.put(_read(path, name, max_bytes, give_up_at))
        except SavedFileError as exc:
            results.put(exc)

    # A daemon thread: a read stuck in the kernel (a hung mount) cannot hold the caller or the app's exit.
    threading.Thread(target=work, name="saved-answer-read", daemon=True).start()
    try:
        result = results.get(timeout=max(0.0, deadline))
    except queue.Empty:
        raise SavedFileError(f"{name} could not be read in time; is it on a drive that is not answering?") from None
    if isinstance(result, SavedFileError):
        raise result
    return result


def _read(path: Path, name: str, max_bytes: int, give_up_at: float) -> tuple[bytes, datetime]:
    not_a_file = SavedFileError(f"{name} is not a file that can hold a saved Metrifox answer.")
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # before opening: a device is never even opened
            raise not_a_file
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise SavedFileError(f"{name} could not be read: {exc.strerror or 'unreadable'}.") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):  # what was opened, whatever the path points to now
            raise not_a_file
        if info.st_size > max_bytes:
            raise SavedFileError(f"{name} is too large to be a saved Metrifox answer.")
        chunks: list[bytes] = []
        total = 0
        while total <= max_bytes:  # never more than max_bytes + 1, whatever the size said
            if time.monotonic() > give_up_at:
                raise SavedFileError(f"{name} could not be read in time; is it on a drive that is not answering?")
            chunk = os.read(descriptor, min(_CHUNK, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise SavedFileError(f"{name} is too large to be a saved Metrifox answer.")
        return b"".join(chunks), datetime.fromtimestamp(info.st_mtime, UTC)
    except OSError as exc:
        raise SavedFileError(f"{name} could not be read: {exc.strerror or 'unreadable'}.") from None
    finally:
        os.close(descriptor)
