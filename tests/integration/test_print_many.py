"""--print-many (issue 22.5) over real HTTP to the loopback fake: rows in input order whatever order the
customers finish in, really parallel, one shared Retry-After, a refused key stops the run, failed rows with their
reason (exit 4), spreadsheet-safe CSV without the API key, standard input, and the counts --summary gives."""

from __future__ import annotations

import csv
import io
import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from inspector import cli
from inspector.api.retry import RetryPolicy
from inspector.app import main, parser
from inspector.many.run import API_KEY_IN_LIST, DEFAULT_CONCURRENCY, EXIT_INTERRUPTED, print_many
from tests.support.fake_metrifox import TEST_API_KEY, FakeMetrifox
from tests.support.many import clone_customers, many_keys
from tests.support.process import ROOT, app_env

FAST = {"retry": RetryPolicy(max_retries=2, backoff_base=0.001, backoff_cap=0.01, retry_after_cap=2.0)}


@pytest.fixture(autouse=True)
def keyed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("METRIFOX_API_KEY", TEST_API_KEY)


class TimedOut(io.StringIO):
    """Standard output that notes when each row arrived (rows are written as soon as they can be)."""

    def __init__(self) -> None:
        super().__init__()
        self.times: list[float] = []

    def write(self, text: str) -> int:
        self.times += [time.monotonic()] * text.count("\n")
        return super().write(text)


def run_many(
    fake: FakeMetrifox,
    keys: list[str] | bytes,
    *options: str,
    out: io.StringIO | None = None,
    client_options: dict[str, Any] | None = None,
) -> tuple[int, str, str]:
    """print_many over ``keys`` on standard input; (exit code, stdout, stderr)."""
    data = keys if isinstance(keys, bytes) else "".join(k + "\n" for k in keys).encode()
    args = parser().parse_args(["--print-many", "-", "--base-url", fake.base_url, *options])
    out = out or io.StringIO()
    err = io.StringIO()
    code = print_many(
        args, out, err, io.BufferedReader(io.BytesIO(data)), client_options=client_options or FAST, terminal=False
    )
    return code, out.getvalue(), err.getvalue()


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def many() -> Iterator[FakeMetrifox]:
    with FakeMetrifox(clone_customers(60, "cust-t-")) as server:
        yield server


def test_rows_keep_the_input_order_and_each_is_written_once_those_before_it_are(many: FakeMetrifox) -> None:
    keys = many_keys(6, "cust-t-")
    many.fail("delay", seconds=0.6, where=f"{keys[2]}/details")  # the third finishes last
    out = TimedOut()
    started = time.monotonic()
    code, text, _err = run_many(many, keys, "--csv", "--concurrency", "4", out=out)
    assert code == cli.EXIT_OK
    assert [row["customer_key"] for row in csv_rows(text)] == keys
    # header, then the two rows before the slow one went out before it came back; the rest after it
    assert out.times[2] - started < 0.45
    assert out.times[3] - started >= 0.55


def test_the_requests_run_in_parallel_up_to_the_concurrency_asked(many: FakeMetrifox) -> None:
    many.latency = 0.05
    code, text, _err = run_many(many, many_keys(12, "cust-t-"), "--json", "--concurrency", "4")
    assert code == cli.EXIT_OK
    assert len(text.splitlines()) == 12
    assert many.max_in_flight == 4
    many.max_in_flight = 0
    code, _text, _err = run_many(many, many_keys(3, "cust-t-"), "--json", "--concurrency", "1")
    assert many.max_in_flight == 1


def test_a_retry_after_holds_every_worker_not_only_the_one_told(many: FakeMetrifox) -> None:
    many.latency = 0.01
    keys = many_keys(60, "cust-t-")
    many.fail("status", status=429, headers={"Retry-After": "0.5"}, where=f"{keys[8]}/details")
    code, text, err = run_many(many, keys, "--csv", "--concurrency", "4")
    assert code == cli.EXIT_OK, err
    assert [row["customer_key"] for row in csv_rows(text)] == keys
    told = next(r.at for r in many.requests if f"{keys[8]}/details" in r.raw_path)
    # requests already on their way when the 429 came are answered; after that, nobody sends until 0.5 s
    during = [r for r in many.requests if told + 0.1 < r.at < told + 0.45]
    assert during == []
    assert any(r.at >= told + 0.45 for r in many.requests)
    assert "Metrifox asked to slow down 1 time; every worker waited as asked." in err


def test_a_refused_api_key_stops_the_whole_run_with_one_sentence(many: FakeMetrifox) -> None:
    keys = many_keys(60, "cust-t-")
    many.fail("status", status=401, where=f"{keys[10]}/details")
    code, text, err = run_many(many, keys, "--csv", "--concurrency", "2")
    assert code == cli.EXIT_API
    written = [row["customer_key"] for row in csv_rows(text)]
    assert written == keys[: len(written)]
    assert len(written) <= 10
    assert len([r for r in many.requests if "/details" in r.raw_path]) < 16  # not the other 49 keys
    assert err.count("Metrifox did not accept the API key") == 1
    assert "every other customer would fail the same way" in err


def test_no_key_at_all_is_exit_3(many: FakeMetrifox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("METRIFOX_API_KEY")
    code, text, err = run_many(many, ["cust-t-000"], "--csv")
    assert code == cli.EXIT_NO_KEY
    assert text == ""
    assert "No API key is set" in err
    assert many.requests == []


def test_a_failed_customer_is_one_row_with_its_reason_and_exit_4(many: FakeMetrifox) -> None:
    keys = ["cust-t-000", "cust-nobody", "  'cust-t-001'  ", "bad\x07key"]
    code, text, err = run_many(many, keys, "--csv", "--concurrency", "2")
    assert code == cli.EXIT_PARTIAL
    rows = csv_rows(text)
    assert [r["customer_key"] for r in rows] == ["cust-t-000", "cust-nobody", "cust-t-001", "bad\\x07key"]
    assert rows[1]["error"] == "No customer with this key was found. Check the key for typos."
    assert rows[1]["name"] == ""
    assert rows[1]["things_to_check"] == ""
    assert rows[3]["error"] == "Line 4: A customer key cannot contain line breaks or control characters."
    assert rows[2]["name"] == "Customer 1"
    assert rows[2]["error"] == ""
    assert "4 customers in" in err
    assert "2 failed" in err


def test_invoices_that_could_not_be_fetched_fail_the_row_but_keep_what_came(many: FakeMetrifox) -> None:
    many.fail("status", status=500, times=9, where="billing-history")
    code, text, _err = run_many(many, ["cust-t-000"], "--json")
    assert code == cli.EXIT_PARTIAL
    row = json.loads(text)
    assert row["name"] == "Customer 0"
    assert row["overdue"] == []
    assert row["error"] == (
        "Invoices of Deliveroo not checked: Metrifox is having trouble right now. Try again in a few minutes."
    )


def test_csv_is_safe_in_a_spreadsheet_and_never_holds_the_api_key() -> None:
    names = {0: '=HYPERLINK("https://evil.example","click")', 1: "+1+2", 2: "-3", 3: "@SUM(A1)", 4: "Acme\nLtd"}
    with FakeMetrifox(clone_customers(5, "cust-x-", names)) as fake:
        code, text, err = run_many(fake, many_keys(5, "cust-x-"), "--csv")
    assert code == cli.EXIT_OK
    assert [r["name"] for r in csv_rows(text)] == [
        '\'=HYPERLINK("https://evil.example","click")',
        "'+1+2",
        "'-3",
        "'@SUM(A1)",
        "Acme\\nLtd",  # on its line
    ]
    assert TEST_API_KEY not in text
    assert TEST_API_KEY not in err


def test_json_lines_one_object_a_customer(many: FakeMetrifox) -> None:
    code, text, _err = run_many(many, ["cust-t-003", "cust-t-001"], "--json")
    assert code == cli.EXIT_OK
    first, second = (json.loads(line) for line in text.splitlines())
    assert first == {
        "customer_key": "cust-t-003",
        "name": "Customer 3",
        "products": [{"product": "Deliveroo", "status": "active"}],
        "next_bill": "2026-03-12",
        "overdue": [{"amount": "21.00", "currency": "USD"}],
        "things_to_check": first["things_to_check"],
        "error": None,
    }
    assert second["customer_key"] == "cust-t-001"


@pytest.mark.parametrize("key", ["cust-mljp3ra6ffjm", "cust-nordlicht-7f3k", "cust-sparse-01", "cust-drifted-42"])
def test_the_count_of_things_to_check_is_the_summarys(
    key: str, fake: FakeMetrifox, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["--print", key, "--summary", "--base-url", fake.base_url])
    summary = capsys.readouterr().out
    listed = summary.split("Things to check:\n")[1].splitlines() if "Things to check:" in summary else []
    _code, text, _err = run_many(fake, [key], "--json")
    assert json.loads(text)["things_to_check"] == len([line for line in listed if line.startswith("- ")])
    if key == "cust-mljp3ra6ffjm":
        assert len(listed) >= 2  # the overdue invoice among them: the invoices were fetched as --summary does


def test_repeated_keys_are_looked_up_once_and_said(many: FakeMetrifox) -> None:
    code, text, err = run_many(many, ["cust-t-001", "# a comment", "", "cust-t-002", '"cust-t-001"'], "--csv")
    assert code == cli.EXIT_OK
    assert [r["customer_key"] for r in csv_rows(text)] == ["cust-t-001", "cust-t-002"]
    assert len([r for r in many.requests if "cust-t-001/details" in r.raw_path]) == 1
    assert "1 line repeats a key given before" in err
    assert "cust-t-001 (line 1, again on line 5)" in err


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["--csv", "--json"], "not both"),
        ([], "needs --csv or --json"),
        (["--csv", "--concurrency", "0"], "from 1 to 32"),
        (["--csv", "--concurrency", "33"], "from 1 to 32"),
        (["--csv", "--concurrency", "eight"], "from 1 to 32"),
        (["--csv", "--summary"], "does not go with"),
    ],
)
def test_usage_errors_are_exit_2(
    options: list[str], words: str, many: FakeMetrifox, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--print-many", "-", "--base-url", many.base_url, *options]) == cli.EXIT_USAGE
    assert words in capsys.readouterr().err
    assert many.requests == []


def test_csv_without_print_many_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--csv"]) == cli.EXIT_USAGE
    assert "--csv and --concurrency go with --print-many FILE." in capsys.readouterr().err


def test_a_binary_file_or_a_missing_one_is_refused_at_once(
    tmp_path: Path, many: FakeMetrifox, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--print-many", "/dev/zero", "--csv", "--base-url", many.base_url]) == cli.EXIT_USAGE
    assert "'/dev/zero' is not a text file of customer keys (it holds binary data)." in capsys.readouterr().err
    assert main(["--print-many", str(tmp_path / "none.txt"), "--csv", "--base-url", many.base_url]) == 2
    assert "cannot be read: No such file or directory" in capsys.readouterr().err
    assert main(["--print-many", str(tmp_path), "--csv", "--base-url", many.base_url]) == cli.EXIT_USAGE
    assert many.requests == []


def test_the_help_states_the_default_concurrency() -> None:
    assert f"(default {DEFAULT_CONCURRENCY})" in " ".join(parser().format_help().split())


def test_a_real_process_from_a_file_and_from_standard_input(tmp_path: Path, many: FakeMetrifox) -> None:
    keys = tmp_path / "keys.txt"
    keys.write_text("cust-t-005\ncust-t-004\n")
    env = app_env(tmp_path, METRIFOX_API_KEY=TEST_API_KEY)
    for source, stdin in ((str(keys), b""), ("-", keys.read_bytes())):
        done = subprocess.run(
            [sys.executable, "-m", "inspector", "--print-many", source, "--csv", "--base-url", many.base_url],
            input=stdin,
            capture_output=True,
            env=env,
            cwd=ROOT,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert [r["customer_key"] for r in csv_rows(done.stdout.decode())] == ["cust-t-005", "cust-t-004"]
        assert done.stderr.decode().startswith("2 customers in ")  # not a terminal: only the last line


def _sixty_customers_two_at_a_time(tmp_path: Path, many: FakeMetrifox, output: str) -> subprocess.Popen[bytes]:
    """``--print-many`` of 60 keys, two at a time, as a child process with its output and errors piped."""
    keys = tmp_path / "keys.txt"
    keys.write_text("".join(k + "\n" for k in many_keys(60, "cust-t-")))
    env = app_env(tmp_path, METRIFOX_API_KEY=TEST_API_KEY)
    command = [sys.executable, "-m", "inspector", "--print-many", str(keys), output, "--concurrency", "2"]
    return subprocess.Popen(
        [*command, "--base-url", many.base_url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT
    )


def test_ctrl_c_stops_cleanly_with_the_rows_so_far(tmp_path: Path, many: FakeMetrifox) -> None:
    many.latency = 0.2
    child = _sixty_customers_two_at_a_time(tmp_path, many, "--json")
    assert child.stdout is not None
    assert child.stderr is not None
    first = child.stdout.readline()  # a row is out: the run is under way
    child.send_signal(signal.SIGINT)
    started = time.monotonic()
    rest = child.stdout.read()  # through the same buffer readline filled (communicate() would skip it)
    err = child.stderr.read()
    child.wait(30)
    assert time.monotonic() - started < 5
    assert child.returncode == EXIT_INTERRUPTED
    rows = [json.loads(line) for line in (first + rest).decode().splitlines()]  # every line whole
    assert [r["customer_key"] for r in rows] == many_keys(60, "cust-t-")[: len(rows)]
    assert len(rows) < 60
    assert f"Stopped (Ctrl+C) after {len(rows)} customer" in err.decode()
    assert "Traceback" not in err.decode()


def test_progress_on_a_terminal_counts_up_to_the_total_then_gives_way_to_the_last_line(
    tmp_path: Path, many: FakeMetrifox
) -> None:
    keys = tmp_path / "keys.txt"
    keys.write_text("cust-t-000\n# not a key\ncust-t-001\ncust-t-002\ncust-t-001\n")
    args = parser().parse_args(["--print-many", str(keys), "--csv", "--base-url", many.base_url])
    err = io.StringIO()
    assert print_many(args, io.StringIO(), err, client_options=FAST, terminal=True) == cli.EXIT_OK
    assert err.getvalue().startswith("\r\x1b[2K1/3 customers")  # three keys: the comment and the repeat are not
    last = err.getvalue().rsplit("\r\x1b[2K", 1)[1]
    assert last.splitlines()[-1].startswith("3 customers in ")


def test_output_closed_early_stops_the_run_quietly(tmp_path: Path, many: FakeMetrifox) -> None:
    """As ``--print-many keys --csv | head -3``: no traceback, one sentence, the rest not looked up."""
    many.latency = 0.05
    child = _sixty_customers_two_at_a_time(tmp_path, many, "--csv")
    assert child.stdout is not None
    assert child.stderr is not None
    child.stdout.readline()
    child.stdout.close()
    err = child.stderr.read().decode()
    assert child.wait(30) == cli.EXIT_API
    assert "Traceback" not in err
    assert "the output was closed." in err
    assert len([r for r in many.requests if "/details" in r.raw_path]) < 60


def test_a_429_without_retry_after_also_holds_every_worker(many: FakeMetrifox) -> None:
    many.latency = 0.01
    keys = many_keys(40, "cust-t-")
    many.fail("status", status=429, where=f"{keys[6]}/details")
    slow_backoff = {"retry": RetryPolicy(max_retries=2, backoff_base=0.5, backoff_cap=0.5, jitter=0.0)}
    code, _text, err = run_many(many, keys, "--csv", "--concurrency", "3", client_options=slow_backoff)
    assert code == cli.EXIT_OK
    assert "Metrifox asked to slow down 1 time" in err
    told = next(r.at for r in many.requests if f"{keys[6]}/details" in r.raw_path)
    # our own backoff (0.5 s) is the wait: nobody sends during it, not only the worker that was told
    assert [r for r in many.requests if told + 0.1 < r.at < told + 0.45] == []


def test_a_403_on_one_customers_invoices_is_that_customers_row_not_the_end_of_the_run(many: FakeMetrifox) -> None:
    keys = many_keys(8, "cust-t-")
    many.fail("status", status=403, where="billing-history")  # Metrifox's own JSON 403, not a proxy's page
    code, text, err = run_many(many, keys, "--csv", "--concurrency", "2")
    assert code == cli.EXIT_PARTIAL, err
    rows = csv_rows(text)
    assert [row["customer_key"] for row in rows] == keys
    failed = [row for row in rows if row["error"]]
    assert len(failed) == 1
    assert "every other customer would fail" not in err


def test_a_retry_after_past_the_cap_stops_the_run_saying_when(many: FakeMetrifox) -> None:
    """Every other customer would be told the same: asking on would only hammer a server that said wait."""
    keys = many_keys(30, "cust-t-")
    many.fail("status", status=429, headers={"Retry-After": "600"}, where=f"{keys[1]}/details")
    code, text, err = run_many(many, keys, "--csv", "--concurrency", "1")
    assert code == cli.EXIT_API
    assert [row["customer_key"] for row in csv_rows(text)] == keys[:1]
    assert "Metrifox is receiving too many requests. Try again in 10 minutes." in err
    assert "Stopped after 1 customer" in err
    assert len([r for r in many.requests if "/details" in r.raw_path]) == 2


def test_the_api_key_pasted_into_the_list_is_never_sent_nor_written(many: FakeMetrifox) -> None:
    keys = many_keys(3, "cust-t-")
    code, text, err = run_many(many, [keys[0], TEST_API_KEY, keys[1], TEST_API_KEY.upper(), keys[2]], "--csv")
    assert code == cli.EXIT_PARTIAL
    rows = csv_rows(text)
    assert [row["customer_key"] for row in rows] == [keys[0], "«redacted»", keys[1], "«redacted»", keys[2]]
    assert rows[1]["error"] == rows[3]["error"] == API_KEY_IN_LIST
    assert TEST_API_KEY.lower() not in (text + err).lower()
    assert not any(TEST_API_KEY.lower() in r.raw_path.lower() for r in many.requests)
