"""One window per person, the running window's side (the second start's is inspector/ui/instance.py): a second
start hands its key (or link) to the running window over a local socket and ends; the window listens once
shown. macOS delivers links to a running app as a FileOpen event, not on the command line: a small event
filter takes those.

The socket is per user (see inspector.handoff.server_name; QLocalServer's UserAccessOption keeps other users
out). The window greets each client with the token only this user can read (inspector.handoff_guard: a pipe's
name on Windows is machine-wide, so a client checks it is talking to this user's window before it sends a key);
the client sends one bounded, versioned line of JSON, answered with ``ok``. A start that finds a stale socket
(a window that crashed) becomes the window itself, and its server takes the name over — only a start holding
the start lock (inspector/ui/instance.py) serves, so a late window never removes a live window's socket.

Signals of :class:`InstanceServer`:
    requested(OpenRequest): a second start asked for something (already checked by handoff.decode_message).
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

from inspector import handoff, handoff_guard
from inspector.handoff import OpenRequest
from inspector.ui.instance import CONNECT_MS, guard_file

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

    from inspector.ui.main_window import MainWindow

log = logging.getLogger(__name__)

READ_MS = 2000  # a client that does not send its line within this is dropped


# ---- the running window ----------------------------------------------------------------------------------
class InstanceServer(QObject):
    requested = Signal(object)

    def __init__(
        self, name: str, parent: QObject | None = None, *, read_ms: int = READ_MS, token_file: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.name, self._read_ms = name, read_ms
        self.token_file = token_file or guard_file(name, handoff_guard.TOKEN_SUFFIX)
        self._token = b""
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
        token = handoff_guard.ensure_token(self.token_file)
        if token is None:  # a client would send nothing to a window that cannot prove it is this user's
            log.warning("cannot make the hand-off token: later starts open their own windows")
            return False
        self._token = token
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
            socket.setReadBufferSize(handoff.MAX_MESSAGE_BYTES + 1)  # a flood stays in the system's buffer
            socket.write(self._token + b"\n")  # the greeting: this user's window (the client checks the token)
            socket.flush()
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
    delivers, and listen for later starts. A window apart (``--demo``, an address: claim() never ran, so no
    ``serve_name``) only says, for each link macOS hands it, that it does not open links."""
    from inspector.ui.link_flow import LinkFlow

    flow = LinkFlow(window)
    window.link_flow = flow  # type: ignore[attr-defined]  # tests and the filter reach it here
    if not hasattr(args, "serve_name"):
        if _filter is not None:
            _filter.deliver_to(lambda _request: flow.say(handoff.NOT_SERVING_SENTENCE))
        return None
    request: OpenRequest | None = getattr(args, "open_request", None)
    if request is not None:
        flow.open(request)
    note: str | None = getattr(args, "handoff_note", None)
    if note is not None:  # why this start could not hand its request over, or will not take later ones
        log.warning("%s", note)
        flow.say(note)
    if _filter is not None:
        _filter.deliver_to(flow.open)
    name: str | None = args.serve_name  # None: no private folder, or another start holds the start lock
    if name is None:
        return None
    server = InstanceServer(name, window)
    if server.listen():
        server.requested.connect(flow.open)
        app = QCoreApplication.instance()
        if app is not None:  # run() ends with os._exit: the socket file goes before, not with the objects
            app.aboutToQuit.connect(server.close)
    return server
