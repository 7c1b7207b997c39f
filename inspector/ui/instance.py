"""One window per person, the second start's side: before its window is shown, a plain window start asks the
window already running (if any) to take its key or link, and ends when it does.

The running window's side is inspector/ui/instance_server.py (loaded after the window is shown). This module
is imported on the way to the first window: it defines no Qt classes (each costs milliseconds to create), and
QtNetwork is loaded only when a socket file is there to connect to (see inspector.handoff.server_exists).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

from inspector import handoff, handoff_guard
from inspector.handoff import OpenRequest

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalSocket

log = logging.getLogger(__name__)

CONNECT_MS = 500  # a running window accepts at once; a missing one fails at once (no socket file, or refused)
# The running window answers from its event loop (a dialog's loop answers too). Connected means it is alive:
# a window still busy starting up on a loaded machine may take seconds, and giving up early would open a
# second window and look the key up in both.
ANSWER_MS = 10_000


def settings_identity() -> str:
    """The person's settings file (as inspector.settings.Settings() uses): the server's name derives from it."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Metrifox", "AccountInspector").fileName()


def guard_file(name: str, suffix: str) -> Path:
    """The token's or the start lock's file of the server ``name`` (inspector.handoff_guard.guard_path)."""
    identity = settings_identity() if sys.platform == "win32" else ""
    return handoff_guard.guard_path(name, suffix, identity=identity)


# ---- the second start ------------------------------------------------------------------------------------
HANDED, NOBODY, STRANGER = "handed", "nobody", "stranger"  # what became of a hand-off
WAIT_FOR_WINDOW_MS = 6000  # a start that finds the start lock held: the window is coming, its socket soon
RETRY_MS = 50


def hand_off(
    name: str,
    request: OpenRequest,
    *,
    connect_ms: int = CONNECT_MS,
    answer_ms: int = ANSWER_MS,
    wait_ms: int = 0,
    token_file: Path | None = None,
) -> str:
    """Send ``request`` to the window listening on ``name``, once it has greeted this start with the token only
    this user can read: HANDED when it answered that it took it; STRANGER when whatever answered does not know
    the token (it was sent nothing); NOBODY when no window answers. ``wait_ms``: keep trying to connect that
    long (a window is starting: its socket appears once it is shown)."""
    from hmac import compare_digest  # here, not at the top: 3 ms the first window does not pay
    from time import monotonic, sleep

    give_up = monotonic() + wait_ms / 1000
    while not handoff.server_exists(name):
        if monotonic() >= give_up:
            return NOBODY
        sleep(RETRY_MS / 1000)
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(name)
    while not socket.waitForConnected(connect_ms):
        if monotonic() >= give_up:
            log.info("no window answers on the local socket (%s): this start opens the window", socket.errorString())
            return NOBODY
        sleep(RETRY_MS / 1000)
        socket.abort()
        socket.connectToServer(name)
    try:
        greeting = _read_line(socket, handoff_guard.MAX_GREETING_BYTES, answer_ms)
        expected = handoff_guard.read_token(token_file or guard_file(name, handoff_guard.TOKEN_SUFFIX))
        if expected is None or not compare_digest(greeting, expected + b"\n"):
            log.warning("whatever answers on the local socket does not know this user's token: it was sent nothing")
            return STRANGER
        socket.write(handoff.encode_message(request))
        socket.flush()
        answer = _read_line(socket, len(handoff.ACK), answer_ms)
    finally:
        socket.abort()
    return HANDED if answer == handoff.ACK else NOBODY


def _read_line(socket: QLocalSocket, limit: int, wait_ms: int) -> bytes:
    """Up to ``limit`` bytes, until a line break (a line longer than that is no answer of ours)."""
    line = bytearray()
    while b"\n" not in line and len(line) < limit and (socket.bytesAvailable() or socket.waitForReadyRead(wait_ms)):
        line += socket.read(limit - len(line)).data()
    return bytes(line)


def claim(args: argparse.Namespace) -> bool:
    """For a plain window start (``KEY``, a link, or nothing; inspector.app decides): True when a running
    window took the request — this start then ends. Otherwise this start becomes the window: it listens once
    shown (``args.serve_name``, when it holds the start lock), says why in the window when it could not hand
    its request over (``args.handoff_note``), and a link is opened once the window is up (``args.open_request``)."""
    name = handoff.server_name(settings_identity(), create=True)
    args.serve_name, args.handoff_note = None, None
    if name is None:
        args.handoff_note = handoff.NO_FOLDER_SENTENCE
    else:
        lock = guard_file(name, handoff_guard.LOCK_SUFFIX)
        first = handoff_guard.take_start_lock(lock)
        # Not the first (the lock is held): a window is there or coming; wait for its socket to appear.
        # The first: a socket there is a window of an older version, or one that crashed (no answer at once).
        if first is False or handoff.server_exists(name):  # else not even the key is read here: nobody to ask
            request = handoff.start_request(args.customer_key, args.profile)
            wait_ms = 0 if first is not False else WAIT_FOR_WINDOW_MS
            outcome = hand_off(name, request, answer_ms=ANSWER_MS, wait_ms=wait_ms)
            if outcome == HANDED:
                return True
            if outcome == STRANGER:
                args.handoff_note = handoff.STRANGER_SENTENCE
            elif first is False and not (first := handoff_guard.take_start_lock(lock)):
                args.handoff_note = handoff.NO_ANSWER_SENTENCE  # (free now: that window was closing)
        if first is not False:  # only the start holding the lock may take the name over (and remove a socket)
            args.serve_name = name
    if args.customer_key is not None and handoff.is_link(args.customer_key):
        # The window opens it as it would a handed-off one (the link's profile, or its one sentence).
        args.customer_key, args.open_request = None, handoff.start_request(args.customer_key, args.profile)
    return False
