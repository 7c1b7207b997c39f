"""Work on whole answers for the customer on screen: saved answers opened, the raw JSON formatted, a
node's part of the answer copied exactly. Each runs on a worker; the views hear the result by signal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from inspector.present.nodes import Node, NodeKind

if TYPE_CHECKING:
    from inspector.session.owner import Owner


class AnswerWork(QObject):
    """Signals:
        fileFailed(str): a saved answer could not be opened (the sentence); nothing else changed.
        rawReady(object): the raw JSON of the customer on screen, formatted (a RawText).
        rawFailed(): it could not be formatted.
        copyReady(str, str): text for the clipboard, and what it is.
        copyFailed(str): the sentence why not.
    """

    fileFailed = Signal(str)
    rawReady = Signal(object)
    rawFailed = Signal()
    copyReady = Signal(str, str)
    copyFailed = Signal(str)

    def __init__(self, session: Owner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session

    def open_saved(self, path: str) -> None:
        """Show a saved answer offline; a file that is not one gets one sentence and nothing else changes."""
        from inspector.session.loaded import loaded_from_file

        job = self._session.fetcher.file(lambda: loaded_from_file(path))
        job.finished.connect(self._session.show_saved)
        job.failed.connect(lambda error: self.fileFailed.emit(error.message))

    def format_raw(self) -> None:
        """Format the answer on screen (not the look-up in flight: it may never arrive)."""
        from inspector.present.raw import format_raw_json

        loaded = self._session.loaded
        if loaded is None:
            return
        body = loaded.details.raw_json
        job = self._session.fetcher.format(lambda: format_raw_json(body))

        def show(raw: Any) -> None:
            if self._session.loaded is loaded:  # else another customer came; it asks for its own
                self.rawReady.emit(raw)

        def failed(_error: object) -> None:
            if self._session.loaded is loaded:
                self.rawFailed.emit()

        job.finished.connect(show)
        job.failed.connect(failed)

    def copy_node_json(self, node: Node) -> None:
        """The node's part of the answer, numbers exactly as sent; worked out off the window's thread."""
        loaded = self._session.loaded
        if loaded is None:
            return
        if node.kind is NodeKind.ACCOUNT_ROW:  # from another endpoint: its own answer, as parsed
            from inspector.present.fields import compact_json

            self.copyReady.emit(compact_json(node.source), f"{node.label} as JSON")
            return
        body, path, label = loaded.details.raw_json, node.json_path, node.label

        def node_json() -> str:
            from inspector.present.fields import resolve_json_path
            from inspector.present.raw import dumps_exact, loads_exact

            return dumps_exact(resolve_json_path(loads_exact(body), path))

        job = self._session.fetcher.format(node_json)
        job.finished.connect(lambda text: self.copyReady.emit(text, f"{label} as JSON"))
        job.failed.connect(lambda _error: self.copyFailed.emit("That part of the answer could not be copied."))
