"""``--print-many FILE|- (--csv | --json) [--concurrency N]``: a row per customer, looked up in parallel.

- Each customer is fetched as ``--summary`` fetches it — the details, then the billing history of every current
  subscription — and its row counts the same things to check (cli._answers, present/hints.py).
- ``--concurrency`` workers (default 16, 1–32), each thread with its own client and connection. Metrifox
  publishes no limit: a 429 (or a busy 503) with Retry-After holds every worker, not only the one told
  (api/gate.py), up to the retry policy's cap. A key Metrifox refuses (401, or 403 on the details), a 429 that
  outlasts the retries or the cap, an untrusted certificate or a proxy's refusal stops the whole run at once
  with one sentence: every other customer would fail the same way.
- Rows come out in input order, each as soon as every row before it is done, and are flushed. The input is
  read only as fast as rows are written (a bounded queue), so neither a huge list nor slow customers fill the
  memory. Ctrl+C stops cleanly: the rows written are complete; exit 130.
- Progress goes to stderr: "312/1,000 customers" rewritten in place when stderr is a terminal and the rows go
  to a file or a pipe (the total is counted first for a regular file); otherwise only the last line.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import queue
import signal
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from inspector import cli
from inspector.api import errors
from inspector.many.keylist import Entry, NotKeyList, Repeats, check_text, entries

if TYPE_CHECKING:
    from inspector.api.cancel import CancelToken
    from inspector.api.client import MetrifoxClient
    from inspector.api.gate import RateGate
    from inspector.present.rows import CustomerRow

DEFAULT_CONCURRENCY = 16  # 1,000 customers in about 13 s at 100 ms a request (two requests a customer)
API_KEY_IN_LIST = "This line is your API key, not a customer key: it was not looked up (keep the key out of the list)."
MAX_CONCURRENCY = 32
QUEUED_PER_WORKER = 4  # rows looked up ahead of the one awaited, per worker: memory stays bounded
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a Ctrl+C
PROGRESS_EVERY = 0.1  # seconds between two progress lines on a terminal
_END = object()


def usage_problem(args: argparse.Namespace) -> str | None:
    """One sentence when the --print-many options do not fit together (exit 2)."""
    many = getattr(args, "print_many", None) is not None
    if not many:
        if getattr(args, "csv", False) or getattr(args, "concurrency", None) is not None:
            return "--csv and --concurrency go with --print-many FILE."
        return None
    if args.csv and args.json:
        return "--print-many writes CSV or JSON Lines: give --csv or --json, not both."
    if not args.csv and not args.json:
        return "--print-many needs --csv or --json (one row per customer, as CSV or as JSON Lines)."
    if args.print_key or args.customer_key or args.summary or args.sections or args.print_file or args.diff:
        return "--print-many prints a row per customer: it does not go with another key, --print, --summary or --with."
    if concurrency(args) is None:
        return f"--concurrency: give a whole number from 1 to {MAX_CONCURRENCY} (default {DEFAULT_CONCURRENCY})."
    return None


def concurrency(args: argparse.Namespace) -> int | None:
    given = getattr(args, "concurrency", None)
    if given is None:
        return DEFAULT_CONCURRENCY
    text = str(given).strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_CONCURRENCY:
        return None
    return int(text)


def print_many(
    args: argparse.Namespace,
    out: TextIO | None = None,
    err: TextIO | None = None,
    stdin: BinaryIO | None = None,
    *,
    client_options: dict[str, Any] | None = None,
    terminal: bool | None = None,
) -> int:
    """Look every key up and write its row; ``client_options`` (timeouts, retry) are for tests."""
    out = out or sys.stdout
    err = err or sys.stderr
    if (problem := usage_problem(args)) is not None:
        err.write(problem + "\n")
        return cli.EXIT_USAGE
    from inspector.api.gate import RateGate

    gate = RateGate()
    try:
        if args.print_many == "-" and stdin is None and sys.stdin.isatty():
            err.write("Reading customer keys, one a line; end with Ctrl+D (Ctrl+Z, Enter on Windows).\n")
        stream = _open_input(args.print_many, stdin)
    except NotKeyList as exc:
        err.write(f"{_name(args.print_many)} {exc}.\n")
        return cli.EXIT_USAGE
    try:
        try:
            make_client = cli._client_factory(args, {**(client_options or {}), "gate": gate})
        except errors.MetrifoxError as exc:
            return cli._say_failure(err, exc)
        if terminal is None:  # rows on the same terminal show the progress themselves
            terminal = err.isatty() and not out.isatty()
        total = _count(args.print_many) if terminal else None
        run = _Run(make_client, concurrency(args) or DEFAULT_CONCURRENCY)
        writer = _Writer(out, as_csv=bool(args.csv))
        progress = _Progress(err, terminal, total)
        repeats = Repeats()
        run.go(entries(stream, repeats), writer, progress)
        if run.output_closed and out is sys.stdout:  # so Python's own last flush at exit cannot fail again
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    finally:
        if args.print_many != "-":
            stream.close()
    return _finish(run, writer, progress, repeats, gate=gate, err=err)


def _name(path: str) -> str:
    return "Standard input" if path == "-" else repr(path)


def _open_input(path: str, stdin: BinaryIO | None) -> BinaryIO:
    """The key list, binary (lines are decoded one by one); raises NotKeyList with the reason."""
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
    else:
        try:
            stream = open(path, "rb")  # noqa: SIM115 - print_many closes it when the run ends
        except OSError as exc:
            raise NotKeyList(f"cannot be read: {exc.strerror or exc}") from None
    try:
        check_text(stream)
    except (NotKeyList, OSError) as exc:
        if path != "-":
            stream.close()
        if isinstance(exc, OSError):
            raise NotKeyList(f"cannot be read: {exc.strerror or exc}") from None
        raise
    return stream


def _count(path: str) -> int | None:
    """How many keys a regular file holds (for "312/1,000"); None for standard input, a FIFO, trouble."""
    if path == "-":
        return None
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with open(path, "rb") as stream:
            return sum(1 for _ in entries(stream))
    except OSError:
        return None


@dataclass
class _Run:
    """The workers and what stops them: a key Metrifox refuses (``fatal``), Ctrl+C (``interrupted``)."""

    make_client: Callable[[], MetrifoxClient]
    workers: int
    stop: threading.Event = field(default_factory=threading.Event)
    fatal: errors.MetrifoxError | None = None
    interrupted: bool = False
    output_closed: bool = False
    input_error: str | None = None
    _lock: threading.RLock = field(default_factory=threading.RLock)  # Ctrl+C's handler may run inside halt
    _tokens: set[CancelToken] = field(default_factory=set)
    _local: threading.local = field(default_factory=threading.local)
    _clients: list[MetrifoxClient] = field(default_factory=list)

    def go(self, source: Iterator[Entry], writer: _Writer, progress: _Progress) -> None:
        """Look up every entry on the workers; write each row in input order as soon as it can be."""
        waiting: queue.Queue[object] = queue.Queue(maxsize=self.workers * QUEUED_PER_WORKER)
        pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="print-many")
        feeder = threading.Thread(target=self._feed, args=(source, pool, waiting), name="print-many-input", daemon=True)
        feeder.start()
        restore = _on_ctrl_c(self.interrupt)
        try:
            while (item := self._take(waiting)) is not _END:
                row = _result(item)  # type: ignore[arg-type]
                if row is None:  # stopped: a refused key, or Ctrl+C
                    break
                writer.write(row)
                progress.update(writer)
        except KeyboardInterrupt:  # before the handler was in place (or not on the main thread)
            self.interrupt()
        except BrokenPipeError:  # the reader went away (``| head``): nothing more can be written
            self.output_closed = True
        finally:
            self.halt(None)
            pool.shutdown(wait=True, cancel_futures=True)
            feeder.join(timeout=1.0)  # it may be waiting for a line on standard input: left behind (daemon)
            for client in self._clients:
                client.close()
            restore()

    def interrupt(self) -> None:
        """Ctrl+C: a flag and cancelled calls, never an exception between two statements (a row half counted)."""
        self.interrupted = True
        self.halt(None)

    def _take(self, waiting: queue.Queue[object]) -> object:
        """The next row's future in input order; _END at the end, or once stopped with none ready."""
        while not self.stop.is_set():
            with contextlib.suppress(queue.Empty):
                return waiting.get(timeout=0.05)
        with contextlib.suppress(queue.Empty):
            return waiting.get_nowait()  # rows done before the stop are still written, in order
        return _END

    def halt(self, reason: errors.MetrifoxError | None) -> None:
        with self._lock:
            if reason is not None and self.fatal is None and not self.stop.is_set():
                self.fatal = reason
            self.stop.set()
            tokens = list(self._tokens)
        for token in tokens:
            token.cancel()

    def _feed(self, source: Iterator[Entry], pool: ThreadPoolExecutor, waiting: queue.Queue[object]) -> None:
        """Read the input on its own thread, so a row is written while the next line is awaited (a pipe)."""
        try:
            for entry in source:
                if self.stop.is_set() or not _put(waiting, pool.submit(self.look_up, entry), self.stop):
                    return
        except OSError as exc:
            self.input_error = str(exc.strerror or exc)
        except (RuntimeError, ValueError):  # stopped while a line was read: the pool shut, the file closed
            return
        _put(waiting, _END, self.stop)

    def _client(self) -> MetrifoxClient:
        client: MetrifoxClient | None = getattr(self._local, "client", None)
        if client is None:
            client = self._local.client = self.make_client()
            with self._lock:
                self._clients.append(client)
        return client

    def look_up(self, entry: Entry) -> CustomerRow | None:
        """The customer's row (a failed one with its reason); None when the run was stopped meanwhile."""
        from inspector.api.cancel import CancelToken
        from inspector.logs import redact
        from inspector.present.rows import failed_row

        if entry.problem is not None:
            return failed_row(entry.key, entry.problem)
        if (shown := redact(entry.key)) != entry.key:  # the API key pasted into the list: never sent, never written
            return failed_row(shown, API_KEY_IN_LIST)
        token = CancelToken()
        with self._lock:
            if self.stop.is_set():
                return None
            self._tokens.add(token)
        try:
            return self._fetch(entry.key, token)
        except errors.Cancelled:
            return None
        except errors.MetrifoxError as exc:
            if _stops_the_run(exc):
                self.halt(exc)
                return None
            return failed_row(entry.key, exc.message)
        finally:
            with self._lock:
                self._tokens.discard(token)

    def _fetch(self, key: str, token: CancelToken) -> CustomerRow:
        """What --summary fetches: the details, then each current subscription's invoices (same plan)."""
        from inspector.api.sections import plan_sections
        from inspector.present.rows import customer_row

        client = self._client()
        details = client.customer_details(key, cancel=token)
        sections = []
        for task in plan_sections(details, {"invoices"}):
            section = task.section
            try:
                section.value = client.billing_history(section.subject, cancel=token)
            except errors.MetrifoxError as exc:
                if isinstance(exc, errors.Cancelled) or _stops_the_run(exc, details=False):
                    raise
                section.error = exc
            sections.append(section)
        return customer_row(key, details, cli._answers(sections))


def _stops_the_run(error: errors.MetrifoxError, *, details: bool = True) -> bool:
    """Failures about the key, the connection or the whole account, not the customer: every other key would
    fail alike. A 403 means the key may not read customers only on the details; on one customer's invoices it
    is that customer's. A 429 that outlasted the retries (or promised a wait longer than the policy's cap)
    would meet every other customer too: the run stops rather than keep asking.
    """
    if isinstance(error, errors.Forbidden) and not details:
        return False
    return isinstance(error, errors.RateLimited | errors.Unauthorized | errors.InsecureConnection | errors.ProxyRefused)


def _result(future: Future[CustomerRow | None]) -> CustomerRow | None:
    while True:  # in short waits: a stopped run's futures end at once (their calls are cancelled)
        with contextlib.suppress(TimeoutError):
            return future.result(timeout=0.05)


def _on_ctrl_c(action: Callable[[], None]) -> Callable[[], None]:
    """Run ``action`` on SIGINT instead of raising KeyboardInterrupt; returns what puts the old handler back."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = signal.getsignal(signal.SIGINT)
    signal.signal(signal.SIGINT, lambda _number, _frame: action())

    def restore() -> None:
        signal.signal(signal.SIGINT, previous)

    return restore


def _put(waiting: queue.Queue[object], item: object, stop: threading.Event) -> bool:
    while not stop.is_set():
        with contextlib.suppress(queue.Full):
            waiting.put(item, timeout=0.2)
            return True
    return False


class _Writer:
    """CSV (a header row first) or JSON Lines on ``out``, flushed row by row; counts what it wrote."""

    def __init__(self, out: TextIO, *, as_csv: bool) -> None:
        from inspector.present.rows import COLUMNS

        self._out = out
        self._csv = csv.writer(out, lineterminator="\n") if as_csv else None
        self.written = 0
        self.failed = 0
        if self._csv is not None:
            self._csv.writerow(COLUMNS)
            out.flush()

    def write(self, row: CustomerRow) -> None:
        from inspector.present.rows import csv_cells, json_line

        if self._csv is not None:
            self._csv.writerow(csv_cells(row))
        else:
            self._out.write(json_line(row) + "\n")
        self._out.flush()
        self.written += 1
        self.failed += row.failed


class _Progress:
    """"312/1,000 customers, 2 failed" on a terminal, rewritten in place at most ten times a second."""

    def __init__(self, err: TextIO, terminal: bool, total: int | None) -> None:
        self._err, self._terminal, self._total = err, terminal, total
        self._shown_at = 0.0
        self.started = time.monotonic()

    def update(self, writer: _Writer) -> None:
        now = time.monotonic()
        if not self._terminal or now - self._shown_at < PROGRESS_EVERY:
            return
        self._shown_at = now
        of = f"/{self._total:,}" if self._total is not None else ""
        failed = f", {writer.failed:,} failed" if writer.failed else ""
        self._err.write(f"\r\x1b[2K{writer.written:,}{of} customers{failed}")
        self._err.flush()

    def clear(self) -> None:
        if self._terminal and self._shown_at:
            self._err.write("\r\x1b[2K")


def _finish(run: _Run, writer: _Writer, progress: _Progress, repeats: Repeats, *, gate: RateGate, err: TextIO) -> int:
    """The last lines on stderr, and the exit code."""
    from inspector.logs import redact
    from inspector.present.text import terminal_safe

    progress.clear()
    seconds = time.monotonic() - progress.started
    done = f"{writer.written:,} customer{'s' if writer.written != 1 else ''}"
    lines = []
    if (sentence := repeats.sentence()) is not None:
        lines.append(terminal_safe(redact(sentence)))
    if gate.holds:
        times = f"{gate.holds:,} time{'s' if gate.holds != 1 else ''}"
        lines.append(f"Metrifox asked to slow down {times}; every worker waited as asked.")
    code = cli.EXIT_PARTIAL if writer.failed else cli.EXIT_OK
    if run.fatal is not None:
        lines.append(f"{run.fatal.message} Stopped after {done}: every other customer would fail the same way.")
        code = cli._exit_code(run.fatal)
    elif run.interrupted:
        lines.append(f"Stopped (Ctrl+C) after {done}; the rows written are complete.")
        code = EXIT_INTERRUPTED
    elif run.output_closed:
        lines.append(f"Stopped after {done}: the output was closed.")
        code = cli.EXIT_API
    elif run.input_error is not None:
        lines.append(f"The list of keys could not be read to its end ({run.input_error}); stopped after {done}.")
        code = cli.EXIT_API
    else:
        failed = f"{writer.failed:,} failed (each failed row says why)" if writer.failed else "none failed"
        lines.append(f"{done} in {seconds:.1f} s: {failed}.")
    err.write("".join(line + "\n" for line in lines))
    return code
