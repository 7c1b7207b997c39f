"""One window per person, as people meet it: a real second process (``metrifox-inspector KEY`` or a helpdesk
link) hands the key to a running window over its local socket, and the look-up reaches the loopback server
with that key; a stale socket, a bad message, a refused link and headless commands, each with a real process
or a real socket."""

from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QFileOpenEvent

from inspector import handoff, handoff_guard
from inspector.handoff import OpenRequest
from inspector.session import LoadedCustomer
from inspector.settings import Settings
from inspector.ui.instance import NOBODY, hand_off
from inspector.ui.instance_server import InstanceServer, LinkOpenFilter, serve
from inspector.ui.link_flow import LinkFlow
from inspector.ui.main_window import MainWindow
from tests.support.fake_metrifox import TEST_API_KEY, FakeMetrifox
from tests.support.process import ROOT, app_env, listening
from tests.support.windows import WAIT, OpenWindow

OTHER_KEY = "cust-nordlicht-7f3k"
SECRET_LINK = "metrifox-inspector://customer/cust-nordlicht-7f3k?api_key=mfx_live_do_not_pass"  # noqa: S105


@pytest.fixture
def person(tmp_path: Path) -> dict[str, str]:
    """The environment of the person's later starts: their HOME and their private runtime folder."""
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    return app_env(tmp_path / "home", XDG_RUNTIME_DIR=str(runtime))


def _server_name(env: dict[str, str]) -> str:
    """The name a start with ``env`` asks for (its settings file, as Qt finds it there)."""
    code = "from inspector.ui.instance import settings_identity; print(settings_identity())"
    identity = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
    ).stdout.strip()
    name = handoff.server_name(identity, environ=env)
    assert name is not None
    return name


@pytest.fixture
def served(open_window: OpenWindow, person: dict[str, str]) -> Iterator[tuple[MainWindow, InstanceServer]]:
    """A running window over the loopback server, listening where the person's later starts look."""
    window = open_window()
    args = argparse_namespace(serve_name=_server_name(person))
    server = serve(window, args)
    assert server is not None
    assert server.server is not None
    yield window, server
    server.close()


def argparse_namespace(**values: Any) -> Any:
    import argparse

    return argparse.Namespace(**values)


def _start(qtbot: Any, *args: str, env: dict[str, str]) -> tuple[int, str, str, float]:
    """A real start of the app; the test's event loop runs meanwhile (the window answers from it)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "inspector", *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        qtbot.waitUntil(lambda: process.poll() is not None, timeout=30_000)
    finally:
        if process.poll() is None:
            process.kill()
    out, err = process.communicate()
    return process.returncode, out, err, time.perf_counter() - started


def _details_requests(fake: FakeMetrifox) -> list[str]:
    return [r.raw_path for r in fake.requests if r.raw_path.endswith("/details")]


def test_a_second_start_hands_its_key_to_the_running_window(
    qtbot: Any, served: tuple[MainWindow, InstanceServer], person: dict[str, str], fake: FakeMetrifox
) -> None:
    window, _server = served
    before = len(fake.requests)
    with qtbot.waitSignal(window.customerShown, timeout=WAIT) as shown:
        code, out, err, _seconds = _start(qtbot, OTHER_KEY, env=person)
    assert (code, out) == (0, ""), err
    loaded: LoadedCustomer = shown.args[0]
    assert loaded.customer_key == OTHER_KEY
    asked = [r for r in fake.requests[before:] if r.raw_path.endswith(f"/customers/{OTHER_KEY}/details")]
    assert asked, "the look-up did not reach the server"
    assert all(r.headers["x-api-key"] == TEST_API_KEY for r in asked)
    assert window.lookup_bar.search.text() == OTHER_KEY


def test_a_helpdesk_link_opens_the_customer_in_the_running_window(
    qtbot: Any, served: tuple[MainWindow, InstanceServer], person: dict[str, str]
) -> None:
    window, _server = served
    with qtbot.waitSignal(window.customerShown, timeout=WAIT) as shown:
        code, _out, err, _seconds = _start(qtbot, f"metrifox-inspector://customer/{OTHER_KEY}", env=person)
    assert code == 0, err
    assert shown.args[0].customer_key == OTHER_KEY


def test_a_link_with_an_api_key_is_refused_with_its_sentence_and_nothing_happens(
    qtbot: Any,
    served: tuple[MainWindow, InstanceServer],
    person: dict[str, str],
    fake: FakeMetrifox,
    caplog: pytest.LogCaptureFixture,
) -> None:
    window, _server = served
    shown_before = window.session.loaded
    before = len(fake.requests)
    caplog.set_level(logging.DEBUG)
    with qtbot.assertNotEmitted(window.session.lookupStarted, wait=200):
        code, _out, err, _seconds = _start(qtbot, SECRET_LINK, env=person)
        qtbot.waitUntil(lambda: window.error_banner.text != "", timeout=WAIT)
    assert code == 0, err
    assert window.error_banner.text == handoff.SENTENCES[handoff.SECRET_OR_ADDRESS]
    assert len(fake.requests) == before
    assert window.session.loaded is shown_before
    assert "mfx_live_do_not_pass" not in caplog.text + err


def test_a_headless_command_never_hands_off(
    qtbot: Any, served: tuple[MainWindow, InstanceServer], person: dict[str, str], tmp_path: Path
) -> None:
    window, server = served
    assert server.server is not None
    demo_answer = str(ROOT / "resources" / "demo" / "cust-nordlicht-7f3k.json")
    with qtbot.assertNotEmitted(server.server.newConnection, wait=200):
        printed = _start(qtbot, "--print-file", demo_answer, env=person)
        demo = _start(qtbot, "--demo", "--print", OTHER_KEY, env=person)
        unknown_option = _start(
            qtbot, OTHER_KEY, "--base-url", "https://api.example.com/", "--print", OTHER_KEY, env=person
        )
    assert printed[0] == 0, printed[2]
    assert "Nordlicht" in printed[1]
    assert demo[0] == 0, demo[2]
    assert "Nordlicht" in demo[1]
    assert unknown_option[0] != 0  # refused as before (no API key here), never sent to the window
    assert window.session.last_key == ""  # nothing was looked up in the window


def _raw_exchange(qtbot: Any, name: str, data: bytes) -> bytes:
    """Send ``data`` on a plain socket (no QtNetwork) and read until the window closes it; the answer after the
    window's greeting (its token, checked here)."""
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.connect(name)
    client.sendall(data)
    client.setblocking(False)
    answer = bytearray()
    closed = False

    def done() -> bool:
        nonlocal closed
        try:
            chunk = client.recv(100)
        except BlockingIOError:
            return False
        except ConnectionResetError:
            chunk = b""
        if not chunk:
            closed = True
        answer.extend(chunk)
        return closed

    qtbot.waitUntil(done, timeout=WAIT)
    client.close()
    token = handoff_guard.read_token(Path(name + handoff_guard.TOKEN_SUFFIX))
    assert token is not None
    greeting, _newline, rest = bytes(answer).partition(b"\n")
    assert greeting == token
    return rest


@pytest.mark.skipif(sys.platform == "win32", reason="a plain Unix socket stands in for a stranger's client")
@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"garbage\n", "not JSON"),
        (b'{"v": 2, "key": "cust-1"}\n', "not version 1"),
        (b'{"v": 1, "key": "cust-1", "base_url": "https://evil.example/"}\n', "unknown fields"),
        (b"x" * 5000, "longer than 4096 bytes"),  # never a line: cut off at the limit
    ],
)
def test_a_bad_message_is_ignored_with_a_log_line(
    qtbot: Any,
    served: tuple[MainWindow, InstanceServer],
    caplog: pytest.LogCaptureFixture,
    data: bytes,
    why: str,
) -> None:
    window, server = served
    caplog.set_level(logging.WARNING, logger="inspector.ui.instance_server")
    with qtbot.assertNotEmitted(server.requested, wait=100):
        answer = _raw_exchange(qtbot, server.name, data)
    assert answer == b""  # no "ok": the sender is told nothing
    assert f"a message on the hand-off socket was ignored: {why}" in caplog.text
    assert "evil" not in caplog.text
    # The window goes on: the next good message is taken.
    with qtbot.waitSignal(window.customerShown, timeout=WAIT):
        answer = _raw_exchange(qtbot, server.name, handoff.encode_message(OpenRequest(OTHER_KEY)))
    assert answer == handoff.ACK


@pytest.mark.skipif(sys.platform == "win32", reason="a socket file is a Unix thing")
def test_a_client_that_says_nothing_is_dropped(qtbot: Any, open_window: OpenWindow, tmp_path: Path) -> None:
    window = open_window()
    server = InstanceServer(str(tmp_path / "s"), window, read_ms=50)
    assert server.listen()
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.connect(server.name)
    client.setblocking(False)

    def closed() -> bool:
        try:
            return client.recv(10) == b""
        except BlockingIOError:
            return False

    qtbot.waitUntil(closed, timeout=WAIT)
    client.close()
    server.close()


@pytest.mark.skipif(sys.platform == "win32", reason="a stale socket file is a Unix thing")
def test_a_stale_socket_is_taken_over_and_connecting_to_it_fails_fast(tmp_path: Path) -> None:
    name = str(tmp_path / "stale")
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(name)  # the file a crashed window leaves: nobody listens on it
    dead.close()
    assert Path(name).exists()
    started = time.perf_counter()
    assert hand_off(name, OpenRequest("cust-1")) == NOBODY
    assert time.perf_counter() - started < 0.5
    assert hand_off(str(tmp_path / "missing"), OpenRequest("cust-1")) == NOBODY  # no file: not even QtNetwork
    server = InstanceServer(name)
    assert server.listen()  # the stale name is removed and taken
    assert Path(name).stat().st_mode & 0o077 == 0  # only this user may connect (UserAccessOption)
    other = InstanceServer(name)
    assert not other.listen()  # a live window keeps its name
    server.close()
    assert not Path(name).exists()


@pytest.mark.skipif(sys.platform == "win32", reason="a stale socket file is a Unix thing")
def test_a_start_finding_a_stale_socket_becomes_the_window_and_takes_later_starts(
    qtbot: Any, person: dict[str, str]
) -> None:
    name = _server_name(person)
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(name)
    dead.close()
    first = subprocess.Popen(
        [sys.executable, "-m", "inspector", "cust-first"],
        env={**person, "INSPECTOR_STARTUP_TRACE": "1"},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        qtbot.waitUntil(lambda: listening(name) or first.poll() is not None, timeout=30_000)
        assert first.poll() is None, "the first start did not stay as the window"
        code, _out, err, _seconds = _start(qtbot, "cust-second", env=person)
        assert code == 0, err  # handed to the first, which is still running
        assert first.poll() is None
    finally:
        first.terminate()  # SIGTERM: the window closes as on Ctrl+C
        _out, err = first.communicate(timeout=30)
    assert "startup-trace\tshown" in err
    assert "Traceback" not in err
    assert not Path(name).exists()  # the window removed its socket when it quit


def test_a_link_names_a_profile_that_exists_here_it_is_switched_to_first(
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox, tmp_path: Path
) -> None:
    settings = Settings(tmp_path / "settings.ini")
    settings.save_profile("Sandbox", fake.base_url)
    window = open_window(settings=settings)
    flow = LinkFlow(window)
    with qtbot.waitSignal(window.session.waitingForKey, timeout=WAIT) as waiting:
        flow.open(handoff.parse_link(f"metrifox-inspector://customer/{OTHER_KEY}?profile=Sandbox"))
    assert window.session.profile.name == "Sandbox"
    assert window.lookup_bar.profile_box.currentText() == "Sandbox"
    assert waiting.args == [OTHER_KEY]  # looked up once Sandbox's key is read


def test_a_profile_that_does_not_exist_here_is_said_and_nothing_else_happens(
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox
) -> None:
    window = open_window()
    flow = LinkFlow(window)
    before = len(fake.requests)
    with qtbot.assertNotEmitted(window.session.lookupStarted, wait=100):
        flow.open(handoff.parse_link(f"metrifox-inspector://customer/{OTHER_KEY}?profile=Staging"))
    assert window.session.profile.name == "Production"
    assert window.error_banner.text == (
        "This link asks for the profile “Staging”, which does not exist here, so nothing was opened."
    )
    assert len(fake.requests) == before


def test_the_link_supersedes_a_running_look_up_as_typing_would(
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox
) -> None:
    window = open_window()
    flow = LinkFlow(window)
    search = window.lookup_bar.search
    fake.fail("delay", seconds=0.5, where="cust-drifted-42")
    window.lookups.look_up("cust-drifted-42")  # in flight when the link comes
    with qtbot.waitSignal(window.customerShown, timeout=WAIT) as shown:
        flow.open(OpenRequest(OTHER_KEY))
    assert shown.args[0].customer_key == OTHER_KEY
    qtbot.waitUntil(lambda: not window.session.busy, timeout=WAIT)
    assert window.session.loaded is not None
    assert window.session.loaded.customer_key == OTHER_KEY  # the slower, older look-up never replaces it
    assert search.text() == OTHER_KEY  # the field says whose customer this is


def test_a_refused_link_at_start_is_said_after_the_start_up_look_up(qtbot: Any, open_window: OpenWindow) -> None:
    window = open_window(wait=False)
    flow = LinkFlow(window)
    flow.open(handoff.parse_link(SECRET_LINK))
    with qtbot.waitSignal(window.settled, timeout=WAIT):
        pass
    qtbot.waitUntil(lambda: window.error_banner.text != "", timeout=WAIT)
    assert window.error_banner.text == handoff.SENTENCES[handoff.SECRET_OR_ADDRESS]


def test_macos_link_events_are_taken_and_files_are_not(qapp: Any, tmp_path: Path) -> None:
    taken: list[OpenRequest] = []
    link_filter = LinkOpenFilter()
    qapp.installEventFilter(link_filter)
    try:
        QCoreApplication.sendEvent(qapp, QFileOpenEvent(QUrl(f"metrifox-inspector://customer/{OTHER_KEY}")))
        assert link_filter.pending == [OpenRequest(OTHER_KEY)]  # before a window takes them
        link_filter.deliver_to(taken.append)
        assert taken == [OpenRequest(OTHER_KEY)]
        QCoreApplication.sendEvent(qapp, QFileOpenEvent(QUrl("metrifox-inspector://customer/x?api_key=k")))
        QCoreApplication.sendEvent(qapp, QFileOpenEvent(QUrl.fromLocalFile(str(tmp_path / "answer.json"))))
        assert taken == [OpenRequest(OTHER_KEY), OpenRequest(refused=handoff.SECRET_OR_ADDRESS)]
    finally:
        qapp.removeEventFilter(link_filter)


def test_a_start_with_a_link_and_no_window_running_opens_it_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    from inspector.app import _one_window, parser
    from inspector.ui.instance import claim

    runtime = Path(tempfile.mkdtemp(prefix="mi-", dir="/tmp"))  # short: a socket path has at most 104 bytes
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    args = parser().parse_args([f"metrifox-inspector://customer/{OTHER_KEY}?profile=Sandbox"])
    assert _one_window(args)
    try:
        assert not claim(args)
    finally:
        handoff_guard.release_start_lock()  # claim() took it in this process
        shutil.rmtree(runtime)
    assert args.customer_key is None  # not looked up as a key: the window opens the request
    assert args.open_request == OpenRequest(OTHER_KEY, "Sandbox")
    assert args.serve_name is not None


@pytest.mark.parametrize(
    "argv",
    [
        ["--print", "k"],
        ["--json", "k"],
        ["--store-key"],
        ["--forget-key"],
        ["--print-file", "a.json"],
        ["--diff", "a", "b"],
        ["--check-access", "k", "f"],
        ["--self-check", "out.json"],
        ["--screenshot", "shot.png"],
        ["--demo", "k"],
        ["k", "--base-url", "https://api.example.com/"],
        ["k", "--meter-url", "https://meter.example.com/"],
        ["k", "--summary"],
        ["--with", "all", "k"],
        ["--quantity", "2", "k"],
    ],
)
def test_only_a_plain_window_start_takes_part(argv: list[str]) -> None:
    from inspector.app import _one_window, parser

    assert not _one_window(parser().parse_args(argv))


@pytest.mark.parametrize("argv", [[], ["k"], ["k", "--profile", "Sandbox"], ["metrifox-inspector://customer/k"]])
def test_a_plain_window_start_takes_part(argv: list[str]) -> None:
    from inspector.app import _one_window, parser

    assert _one_window(parser().parse_args(argv))


@pytest.mark.parametrize(
    "options",
    [["--base-url", "https://evil.example/api/v1/"], ["--profile", "Production"], ["--demo"], ["--print", "k"]],
)
def test_a_link_with_options_beside_it_opens_nothing(qtbot: Any, person: dict[str, str], options: list[str]) -> None:
    code, out, err, _seconds = _start(qtbot, f"metrifox-inspector://customer/{OTHER_KEY}", *options, env=person)
    assert code == 2
    assert out == ""
    assert err == "A metrifox-inspector:// link opens only on its own, without other options; nothing was opened.\n"


def test_a_second_start_with_nothing_to_look_up_only_brings_the_window_forward(
    qtbot: Any, served: tuple[MainWindow, InstanceServer], person: dict[str, str]
) -> None:
    window, server = served
    with qtbot.waitSignal(server.requested, timeout=WAIT) as asked:
        code, _out, err, _seconds = _start(qtbot, env=person)
    assert code == 0, err
    assert asked.args == [OpenRequest()]
    assert window.session.last_key == ""  # nothing looked up
    assert window.isVisible()


@pytest.mark.skipif(sys.platform == "win32", reason="a socket folder is a Unix thing")
def test_without_a_runtime_folder_the_first_window_makes_a_private_one(qtbot: Any, tmp_path: Path) -> None:
    temp = Path(tempfile.mkdtemp(prefix="mi-", dir="/tmp"))  # short: a socket path has at most 104 bytes
    env = {k: v for k, v in app_env(tmp_path / "home", TMPDIR=str(temp)).items() if k != "XDG_RUNTIME_DIR"}
    folder = temp / f"metrifox-inspector-{os.getuid()}"
    first = subprocess.Popen(
        [sys.executable, "-m", "inspector"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        qtbot.waitUntil(lambda: any(folder.glob("*")) or first.poll() is not None, timeout=30_000)
        assert first.poll() is None
        assert folder.stat().st_mode & 0o777 == 0o700
        code, _out, err, _seconds = _start(qtbot, "cust-second", env=env)
        assert code == 0, err
    finally:
        first.terminate()
        first.communicate(timeout=30)
        shutil.rmtree(temp)
