"""One window per person: a second start hands its key (or link) to the running window over a local socket and
ends; the running window listens once it is shown. macOS delivers links to a running app as a FileOpen event,
not on the command line: a small event filter takes those.

The socket is per user (see inspector.handoff.server_name; QLocalServer's UserAccessOption keeps other users
out) and carries one bounded, versioned line of JSON, answered with ``ok``. A start that finds no socket file
does not even load QtNetwork; one that finds a stale socket (a window that crashed) becomes the window itself,
and its server takes the name over. Headless commands never come here (inspector.app decides).

Signals of :class:`InstanceServer`:
    requested(OpenRequest): a second start asked for something (already checked by handoff.decode_message).
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, QTimer, Signal

from inspector import handoff
from inspector.handoff import OpenRequest

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

    from inspector.ui.main_window import MainWindow

log = logging.getLogger(__name__)

CONNECT_MS = 500  # a running window accepts at once; a missing one fails at once (no socket file, or refused)
# The running window answers from its event loop (a dialog's loop answers too). Connected means it is alive:
# a window still busy starting up on a loaded machine may take seconds, and giving up early would open a
# second window and look the key up in both.
ANSWER_MS = 10_000
READ_MS = 2000  # a client that does not send its line within this is dropped


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


# ---- the running window ----------------------------------------------------------------------------------
class InstanceServer(QObject):
    requested = Signal(object)

    def __init__(self, name: str, parent: QObject | None = None, *, read_ms: int = READ_MS) -> None:
        super().__init__(parent)
        self.name, self._read_ms = name, read_ms
        self.server: QLocalServer | None = None

    def listen(self) -> bool:
        """Listen on the name, unless another window answers on it; a stale name (no answer) is taken over."""
        from PySide6.QtNetwork import QLocalServer, QLocalSocket

        probe = QLocalSocket()
        probe.connectToServer(self.name)
        if probe.waitForConnected(CONNECT_MS):  # another window started at the same moment: it stays the one
            probe.abort()
            log.info("another window already listens for hand-offs")
            return False
        QLocalServer.removeServer(self.name)  # a window that crashed left its socket file: ours now
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)  # this user only
        if not server.listen(self.name):
            log.warning("cannot listen for hand-offs: %s", server.errorString())
            return False
        server.newConnection.connect(self._accept)
        self.server = server
        return True

    def close(self) -> None:
        if self.server is not None:
            self.server.close()  # removes the socket file
            self.server = None

    def _accept(self) -> None:
        server = self.server
        while server is not None and (socket := server.nextPendingConnection()) is not None:
            buffer = bytearray()
            socket.readyRead.connect(lambda s=socket, b=buffer: self._read(s, b))
            socket.disconnected.connect(socket.deleteLater)
            QTimer.singleShot(self._read_ms, socket, socket.abort)  # silent clients do not stay

    def _read(self, socket: QLocalSocket, buffer: bytearray) -> None:
        buffer += socket.read(handoff.MAX_MESSAGE_BYTES + 1 - len(buffer)).data()
        line, newline, _rest = bytes(buffer).partition(b"\n")
        if not newline and len(buffer) <= handoff.MAX_MESSAGE_BYTES:
            return  # more to come
        socket.readyRead.disconnect()
        try:
            request = handoff.decode_message(line)
        except handoff.BadMessage as exc:  # what it held is never logged: it may be anything
            log.warning("a message on the hand-off socket was ignored: %s", exc)
            socket.abort()
            return
        socket.write(handoff.ACK)
        socket.flush()
        socket.disconnectFromServer()
        self.requested.emit(request)


class LinkOpenFilter(QObject):
    """macOS hands a clicked link to the app as a FileOpen event (at launch too), not on the command line.
    Requests wait in ``pending`` until a window takes them (:meth:`deliver_to`)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pending: list[OpenRequest] = []
        self._deliver: Callable[[OpenRequest], None] | None = None

    def deliver_to(self, deliver: Callable[[OpenRequest], None]) -> None:
        self._deliver = deliver
        pending, self.pending = self.pending, []
        for request in pending:
            deliver(request)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.FileOpen:
            return False
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QFileOpenEvent

        url = event.url() if isinstance(event, QFileOpenEvent) else QUrl()
        if url.scheme().lower() != handoff.SCHEME:
            return False  # a file (a saved answer dropped on the Dock icon): not ours to take here
        request = handoff.parse_link(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))
        if self._deliver is None:
            self.pending.append(request)
        else:
            self._deliver(request)
        return True


_filter: LinkOpenFilter | None = None


def install_link_filter(app: QObject) -> LinkOpenFilter:
    """Before the event loop runs (a link that launched the app arrives in its first turns)."""
    global _filter  # noqa: PLW0603 - one per application, found again by serve()
    if _filter is None:
        _filter = LinkOpenFilter(app)
        app.installEventFilter(_filter)
    return _filter


def serve(window: MainWindow, args: argparse.Namespace) -> InstanceServer | None:
    """After the window is shown and filled: open what this start was given as a link, take links macOS
    delivers, and listen for later starts."""
    from inspector.ui.link_flow import LinkFlow

    flow = LinkFlow(window)
    window.link_flow = flow  # type: ignore[attr-defined]  # tests and the filter reach it here
    request: OpenRequest | None = getattr(args, "open_request", None)
    if request is not None:
        flow.open(request)
    if _filter is not None:
        _filter.deliver_to(flow.open)
    name: str | None = getattr(args, "serve_name", None)
    if name is None:
        return None
    server = InstanceServer(name, window)
    if server.listen():
        server.requested.connect(flow.open)
        app = QCoreApplication.instance()
        if app is not None:  # run() ends with os._exit: the socket file goes before, not with the objects
            app.aboutToQuit.connect(server.close)
    return server
