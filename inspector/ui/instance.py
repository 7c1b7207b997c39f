"""One window per person, the second start's side: before its window is shown, a plain window start asks the
window already running (if any) to take its key or link, and ends when it does.

The running window's side is inspector/ui/instance_server.py (loaded after the window is shown). This module
is imported on the way to the first window: it defines no Qt classes (each costs milliseconds to create), and
QtNetwork is loaded only when a socket file is there to connect to (see inspector.handoff.server_exists).
"""

from __future__ import annotations

import argparse
import logging

from PySide6.QtCore import QSettings

from inspector import handoff
from inspector.handoff import OpenRequest

log = logging.getLogger(__name__)

CONNECT_MS = 500  # a running window accepts at once; a missing one fails at once (no socket file, or refused)
# The running window answers from its event loop (a dialog's loop answers too). Connected means it is alive:
# a window still busy starting up on a loaded machine may take seconds, and giving up early would open a
# second window and look the key up in both.
ANSWER_MS = 10_000


def settings_identity() -> str:
    """The person's settings file (as inspector.settings.Settings() uses): the server's name derives from it."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Metrifox", "AccountInspector").fileName()


# ---- the second start ------------------------------------------------------------------------------------
def hand_off(name: str, request: OpenRequest, *, connect_ms: int = CONNECT_MS, answer_ms: int = ANSWER_MS) -> bool:
    """Send ``request`` to the window listening on ``name``; True when it answered that it took it."""
    if not handoff.server_exists(name):
        return False
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(connect_ms):
        log.info("no window answers on the local socket (%s): this start opens the window", socket.errorString())
        return False
    socket.write(handoff.encode_message(request))
    socket.flush()
    answer = bytearray()
    while b"\n" not in answer and len(answer) < len(handoff.ACK) and socket.waitForReadyRead(answer_ms):
        answer += socket.read(len(handoff.ACK) - len(answer)).data()
    socket.abort()
    return bytes(answer) == handoff.ACK


def claim(args: argparse.Namespace) -> bool:
    """For a plain window start (``KEY``, a link, or nothing; inspector.app decides): True when a running
    window took the request — this start then ends. Otherwise this start becomes the window: it listens once
    shown (``args.serve_name``), and a link is opened once the window is up (``args.open_request``)."""
    name = handoff.server_name(settings_identity())
    asked = name is not None and handoff.server_exists(name)  # else not even the key is read here: nobody to ask
    if asked and name is not None and hand_off(name, handoff.start_request(args.customer_key, args.profile)):
        return True
    args.serve_name = name
    if args.customer_key is not None and handoff.is_link(args.customer_key):
        # The window opens it as it would a handed-off one (the link's profile, or its one sentence).
        args.customer_key, args.open_request = None, handoff.start_request(args.customer_key, args.profile)
    return False
