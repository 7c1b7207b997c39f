"""The hand-off's guards with real sockets and real processes: a server that does not know this user's token
is sent nothing (on Windows anyone could create the pipe's name first); two starts close together make one
window; a start that is not the first never takes over (removes) a socket; refusals nobody would see are said
where the person looks."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6 import QtWidgets

from inspector import handoff, handoff_guard
from inspector.handoff import OpenRequest
from inspector.ui import instance
from inspector.ui.instance import STRANGER, claim, hand_off
from inspector.ui.instance_server import InstanceServer, serve
from tests.support.process import ROOT, app_env, listening
from tests.support.windows import WAIT, OpenWindow

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a plain Unix socket plays the impostor")

OTHER_KEY = "cust-nordlicht-7f3k"


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A private folder with a short path (a socket's path holds at most 104 bytes)."""
    folder = Path(tempfile.mkdtemp(prefix="mi-", dir="/tmp"))
    folder.chmod(0o700)
    yield folder
    handoff_guard.release_start_lock()  # claim() in this process took it
    shutil.rmtree(folder, ignore_errors=True)


class Impostor:
    """A server on the window's name that does not know the token: it greets with its own (or says nothing)
    and keeps whatever a client sends it."""

    def __init__(self, name: str, greeting: bytes) -> None:
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(name)
        self.listener.listen(5)
        self.greeting, self.received, self.connections = greeting, bytearray(), 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        try:
            client, _address = self.listener.accept()
        except OSError:
            return
        self.connections += 1
        with client:
            client.settimeout(1.0)
            try:
                client.sendall(self.greeting)
                while chunk := client.recv(4096):
                    self.received += chunk
            except OSError:
                pass

    def close(self) -> None:
        self.listener.close()
        self.thread.join(timeout=5)


@pytest.mark.parametrize("greeting", [b"f" * 64 + b"\n", b"", b"ok\n"])
def test_a_server_that_does_not_know_the_token_is_sent_nothing(short_tmp: Path, greeting: bytes) -> None:
    name = str(short_tmp / "s")
    token_file = short_tmp / "s.token"
    assert handoff_guard.ensure_token(token_file) is not None  # this user's real window made one
    impostor = Impostor(name, greeting)
    try:
        outcome = hand_off(name, OpenRequest(OTHER_KEY), answer_ms=300, token_file=token_file)
    finally:
        impostor.close()
    assert outcome == STRANGER
    assert impostor.connections == 1
    assert bytes(impostor.received) == b""  # not the key, not anything


def _server_name(runtime_dir: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The hand-off socket's name for this user, with the runtime directory at ``runtime_dir``."""
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime_dir))
    name = handoff.server_name(instance.settings_identity())
    assert name is not None
    return name


def test_with_no_token_file_nothing_is_sent_either(short_tmp: Path) -> None:
    name = str(short_tmp / "s")
    impostor = Impostor(name, b"f" * 64 + b"\n")
    try:
        outcome = hand_off(name, OpenRequest(OTHER_KEY), answer_ms=300, token_file=short_tmp / "none.token")
    finally:
        impostor.close()
    assert outcome == STRANGER
    assert bytes(impostor.received) == b""


def test_a_start_meeting_an_impostor_opens_its_own_window_and_says_why(
    qtbot: Any, open_window: OpenWindow, short_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(instance, "ANSWER_MS", 300)
    name = _server_name(short_tmp, monkeypatch)
    assert handoff_guard.ensure_token(Path(name + handoff_guard.TOKEN_SUFFIX)) is not None
    impostor = Impostor(name, b"")
    try:
        from inspector.app import parser

        args = parser().parse_args([OTHER_KEY])
        assert not claim(args)  # this start becomes a window
        assert args.handoff_note == handoff.STRANGER_SENTENCE
        window = open_window()
        server = serve(window, args)
        assert server is not None
        assert server.server is None  # the name answers (the impostor): it is not taken from it here
    finally:
        impostor.close()
    assert bytes(impostor.received) == b""
    assert window.error_banner.text == handoff.STRANGER_SENTENCE
    assert handoff.STRANGER_SENTENCE == (
        "Something other than your Metrifox Account Inspector window answered on its private channel, so nothing "
        "was handed to it and this window opened on its own."
    )


def test_the_window_greets_with_the_token_before_it_reads_anything(
    qtbot: Any, open_window: OpenWindow, short_tmp: Path
) -> None:
    server = InstanceServer(str(short_tmp / "s"), open_window(), read_ms=2000)  # the window owns it, as in the app
    assert server.listen()
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.connect(server.name)
    client.setblocking(False)
    greeting = bytearray()

    def greeted() -> bool:
        with contextlib.suppress(BlockingIOError):
            greeting.extend(client.recv(100))
        return greeting.endswith(b"\n")

    qtbot.waitUntil(greeted, timeout=WAIT)
    from PySide6.QtNetwork import QLocalSocket

    assert server.server is not None
    accepted = server.server.findChildren(QLocalSocket)
    # A client flooding the socket fills the system's buffer, not the window's memory.
    assert [each.readBufferSize() for each in accepted] == [handoff.MAX_MESSAGE_BYTES + 1]
    client.close()
    server.close()
    token = handoff_guard.read_token(short_tmp / "s.token")
    assert token is not None
    assert bytes(greeting) == token + b"\n"
    assert (short_tmp / "s.token").stat().st_mode & 0o777 == 0o600


def test_two_starts_close_together_make_one_window(qtbot: Any, short_tmp: Path) -> None:
    env = app_env(short_tmp / "home", XDG_RUNTIME_DIR=str(short_tmp))
    starts = [
        subprocess.Popen(
            [sys.executable, "-m", "inspector", key],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for key in ("cust-first", "cust-second")
    ]
    try:
        qtbot.waitUntil(lambda: any(start.poll() is not None for start in starts), timeout=30_000)
        ended = [start for start in starts if start.poll() is not None]
        assert len(ended) == 1, "both stayed: two windows"
        assert ended[0].returncode == 0  # it handed its key to the other's window, which stays
        window = next(start for start in starts if start is not ended[0])
        assert window.poll() is None
        sockets = [path for path in short_tmp.glob("metrifox-inspector-*") if "." not in path.name]
        assert len(sockets) == 1
        assert listening(str(sockets[0]))  # the one window listens for later starts
    finally:
        for start in starts:
            if start.poll() is None:
                start.terminate()
            _out, err = start.communicate(timeout=30)
            assert "Traceback" not in err


def test_a_start_that_is_not_the_first_never_removes_a_socket(
    qtbot: Any, open_window: OpenWindow, short_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(instance, "WAIT_FOR_WINDOW_MS", 300)
    name = _server_name(short_tmp, monkeypatch)
    silent = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    silent.bind(name)  # a live window's socket that does not answer in time (busy, or its queue full)
    holder = subprocess.Popen(  # the live window holds the start lock
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from inspector.handoff_guard import take_start_lock; "
            "print(take_start_lock(Path(sys.argv[1])), flush=True); sys.stdin.read()",
            name + handoff_guard.LOCK_SUFFIX,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "True"
        from inspector.app import parser

        args = parser().parse_args([OTHER_KEY])
        assert not claim(args)
        assert args.serve_name is None  # not the first: this window does not serve
        assert args.handoff_note == handoff.NO_ANSWER_SENTENCE
        window = open_window()
        assert serve(window, args) is None
        assert os.path.exists(name)  # the live window's socket is still there
        assert window.error_banner.text == handoff.NO_ANSWER_SENTENCE
    finally:
        holder.communicate(input="", timeout=30)
        silent.close()


def test_without_a_private_folder_the_window_says_later_starts_open_their_own(
    open_window: OpenWindow, short_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setenv("TMPDIR", str(short_tmp))
    (short_tmp / f"metrifox-inspector-{os.getuid()}").mkdir(mode=0o755)  # others could enter: not used
    (short_tmp / f"metrifox-inspector-{os.getuid()}").chmod(0o755)
    from inspector.app import parser

    args = parser().parse_args([])
    assert not claim(args)
    assert args.serve_name is None
    window = open_window()
    assert serve(window, args) is None
    assert window.error_banner.text == handoff.NO_FOLDER_SENTENCE


def test_a_link_with_options_in_a_windowed_exe_is_said_in_a_message_box(monkeypatch: pytest.MonkeyPatch) -> None:
    from inspector import app

    shown: list[str] = []

    def warning(_parent: object, title: str, text: str, *_args: object) -> QtWidgets.QMessageBox.StandardButton:
        shown.append(f"{title}: {text}")
        return QtWidgets.QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", warning)
    monkeypatch.setattr(app, "ensure_streams", lambda: frozenset({"stdout", "stderr"}))  # no console
    code = app.main([f"metrifox-inspector://customer/{OTHER_KEY}", "--base-url", "https://evil.example/api/v1/"])
    assert code == 2
    assert shown == [
        "Metrifox Account Inspector: A metrifox-inspector:// link opens only on its own, without other options; "
        "nothing was opened."
    ]


def test_with_a_console_the_refusal_is_written_there_and_no_box_shown(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from inspector import app

    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", lambda *_args: pytest.fail("a box with a console"))
    assert app.main([f"metrifox-inspector://customer/{OTHER_KEY}", "--demo"]) == 2
    assert "opens only on its own" in capsys.readouterr().err


def test_a_start_behind_a_window_that_was_closing_becomes_the_window(
    short_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(instance, "WAIT_FOR_WINDOW_MS", 600)
    name = _server_name(short_tmp, monkeypatch)
    closing = subprocess.Popen(  # holds the start lock a moment longer, its socket already gone
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from inspector.handoff_guard import take_start_lock; "
            "print(take_start_lock(Path(sys.argv[1])), flush=True); time.sleep(0.2)",
            name + handoff_guard.LOCK_SUFFIX,
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert closing.stdout is not None
    assert closing.stdout.readline().strip() == "True"
    from inspector.app import parser

    args = parser().parse_args([OTHER_KEY])
    assert not claim(args)
    closing.communicate(timeout=30)
    assert args.serve_name == name  # the lock was free again: this start is the window now
    assert args.handoff_note is None
