"""A windowed exe has no standard streams (sys.stdin/stdout/stderr are None): it still opens and closes,
and the command line neither crashes nor pretends to have printed (issue 21, item 1).

The app runs as a real process whose file descriptors 0, 1 and 2 are closed, so Python itself sets the
three streams to None, as it does in a windowed Windows exe.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from inspector import app, streams
from tests.support.process import ROOT, app_env

DEMO_ANSWER = ROOT / "resources" / "demo" / "cust-nordlicht-7f3k.json"
CRASHED = 1  # an uncaught exception's exit code
REFUSED = 2  # EXIT_USAGE
# Closing fds 0-2 and exec'ing is how POSIX makes Python start with None streams; on Windows the desktop
# workflow runs the real windowed exe instead (it has none), so these process tests are POSIX-only.
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX exec with closed fds")


def _run_without_streams(*args: str, env: dict[str, str], closed: tuple[int, ...] = (0, 1, 2)) -> int:
    """Exit code of ``python -m inspector ARGS`` started with the file descriptors ``closed``."""
    launcher = (
        "import os, sys\n"
        f"for fd in {closed!r}: os.close(fd)\n"
        f"os.execv(sys.executable, [sys.executable, '-c', {_CHECK_AND_RUN!r}, *{list(args)!r}])\n"
    )
    return subprocess.run([sys.executable, "-c", launcher], env=env, cwd=ROOT, check=False).returncode


# Refuses to run (exit 99) unless the streams really are None, so the tests cannot pass vacuously.
_CHECK_AND_RUN = (
    "import sys, os\n"
    "closed = [n for n, fd in (('stdin', 0), ('stdout', 1), ('stderr', 2)) if getattr(sys, n) is None]\n"
    "if not closed: os._exit(99)\n"
    "from inspector.app import main\n"
    "raise SystemExit(main(sys.argv[1:]))\n"
)


@posix_only
def test_the_window_opens_and_closes_with_no_streams(tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    code = _run_without_streams("--demo", "--screenshot", str(shot), env=app_env(tmp_path))
    assert code == 0  # before the fix: sys.stdout.flush() on None after the loop, exit 1 (a dialog on Windows)
    assert shot.stat().st_size > 0


@posix_only
def test_print_file_without_a_console_is_refused_not_a_crash(tmp_path: Path) -> None:
    code = _run_without_streams("--print-file", str(DEMO_ANSWER), env=app_env(tmp_path))
    assert code == REFUSED


@posix_only
def test_store_key_without_standard_input_is_refused(tmp_path: Path) -> None:
    code = _run_without_streams("--store-key", env=app_env(tmp_path), closed=(0,))
    assert code == REFUSED


@posix_only
def test_print_file_with_stdout_but_no_stderr_prints(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    launcher = (
        "import os, sys\n"
        f"fd = os.open({str(out)!r}, os.O_WRONLY | os.O_CREAT)\n"
        "os.dup2(fd, 1); os.close(fd); os.close(0); os.close(2)\n"
        f"os.execv(sys.executable, [sys.executable, '-c', {_CHECK_AND_RUN!r}, '--print-file', {str(DEMO_ANSWER)!r}])\n"
    )
    done = subprocess.run([sys.executable, "-c", launcher], env=app_env(tmp_path), cwd=ROOT, check=False)
    assert done.returncode == 0
    assert "Nordlicht" in out.read_text(encoding="utf-8")


def test_headless_command_in_process_with_both_streams_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    assert app.main(["--print-file", str(DEMO_ANSWER)]) == REFUSED
    assert app.main(["--forget-key"]) == 0  # needs no stream: done, not a crash
    assert isinstance(sys.stdout, io.TextIOWrapper)
    assert sys.stdout.name == os.devnull


def test_nothing_is_refused_when_the_streams_exist() -> None:
    args = app.parser().parse_args(["--print-file", "x.json"])
    assert streams.refusal(args, frozenset()) is None
    assert streams.refusal(args, frozenset({"stdin"})) is None
    assert streams.refusal(args, frozenset({"stdout"})) is not None
    assert streams.refusal(app.parser().parse_args(["--demo"]), frozenset({"stdout", "stderr"})) is None


def test_print_file_into_a_non_utf8_stream_writes_every_character(monkeypatch: pytest.MonkeyPatch) -> None:
    # Windows: output redirected to a file is cp1252, which has no Japanese; the demo answer has some.
    raw = io.BytesIO()
    redirected = io.TextIOWrapper(raw, encoding="cp1252")
    monkeypatch.setattr(sys, "stdout", redirected)
    assert app.main(["--print-file", str(DEMO_ANSWER)]) == 0
    redirected.flush()
    assert "東京" in raw.getvalue().decode("utf-8")


@pytest.mark.parametrize(
    "argv",
    [
        ["--print", "cust-1"],
        ["--check-access", "cust-1", "api_calls"],
        ["--card-link", "cust-1"],
        ["--quote", "cust-1", "api_calls", "5"],
        ["--print-many", "keys.txt", "--csv"],
    ],
)
def test_every_command_that_writes_its_answer_needs_standard_output(argv: list[str]) -> None:
    args = app.parser().parse_args(argv)
    assert streams.refusal(args, frozenset({"stdout"})) is not None
    assert streams.refusal(args, frozenset()) is None
