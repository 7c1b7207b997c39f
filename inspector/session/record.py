"""The customer record of the customer on screen: asked for with each look-up, in parallel with the details.

The details never wait for it: the record's request starts with the look-up's, and whichever comes first is
kept until the other is there. When both are, the "Customer record" row says what came (the account manager,
the contacts, the phone) and the header shows the account manager and phone; a record that fails is one
sentence on its row, fetched again when the row is opened again. A record that comes for a look-up that is no
longer the latest (another customer was asked for, or a saved answer opened) is dropped.

Owned by the session (the record belongs to the customer on screen and goes with it); it changes the row's
node (summary, state) and hands the views its rows by signal, as the sections do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from inspector.api import errors
from inspector.jobs import Job
from inspector.present.nodes import Node, NodeKind
from inspector.present.text import one_line

if TYPE_CHECKING:
    from inspector.fetcher import ClientConfig
    from inspector.session.loaded import LoadedCustomer
    from inspector.session.owner import Owner

LOADING = "Loading…"
OFFLINE_SUMMARY = "not saved with this answer (look the customer up live: F5)"
UNREADABLE_SUMMARY = "saved with this answer, but could not be read (look the customer up live: F5)"
UNREADABLE = "The customer record saved with this answer could not be read. Look this customer up live (F5) to see it."


def _with_facts(answer: Any) -> tuple[Any, Any]:
    """The record and its facts in words (run on the worker that fetched it)."""
    from inspector.present.record import record_facts

    return answer, record_facts(answer)


@dataclass(eq=False)
class _Fetch:
    """One request for a record: its job, and what came (None: still on its way)."""

    customer_key: str
    config: ClientConfig | None = None  # what it was asked with (None: read from a saved answer)
    job: Job | None = None
    value: Any = None  # (answer, RecordFacts) or a MetrifoxError
    opened: bool = False  # the row was opened meanwhile: its rows are wanted when the record comes


def record_row(tree: Node | None) -> Node | None:
    """The "Customer record" row of a customer's tree (rows built so far only)."""
    if tree is None:
        return None
    return next((n for n in tree.children if n.kind is NodeKind.SECTION and n.section == "record"), None)


class RecordLoads(QObject):
    """Signals:
        recordChanged(Node, object): the "Customer record" row of the customer on screen has news (its summary
            changed): the RecordFacts of the record that came, or None (on its way, failed, or not fetched).
        rowsReady(Node, list): the row's rows (Loading…, the record's rows, or the sentence why not).
    """

    recordChanged = Signal(object, object)
    rowsReady = Signal(object, list)

    def __init__(self, session: Owner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._next: _Fetch | None = None  # asked for with the look-up in flight
        self._current: _Fetch | None = None  # the record of the customer on screen
        self._loaded: LoadedCustomer | None = None
        self._format: set[Job] = set()

    @property
    def raw_json(self) -> bytes:
        """The record of the customer on screen as Metrifox sent it (saved with the answer), or b"" (none)."""
        return getattr(self.value, "raw_json", b"") or b""

    @property
    def value(self) -> Any:
        """The record of the customer on screen (a CustomerRecordAnswer), or None (none came, or not yet)."""
        value = self._current.value if self._current is not None else None
        return value[0] if isinstance(value, tuple) else None

    @property
    def missing(self) -> str:
        """Why the record of the customer on screen is not there, in words for the support summary: "" when it
        is (or no customer is on screen)."""
        fetch, loaded = self._current, self._loaded
        if loaded is None:
            return ""
        if fetch is None:
            if not loaded.source:
                return ""
            unreadable = loaded.record_unreadable
            return "saved with this answer, but could not be read" if unreadable else "not saved with this answer"
        if fetch.value is None:
            return "still loading (open the summary again in a moment to include it)"
        if isinstance(fetch.value, errors.MetrifoxError):
            return f"could not be fetched — {fetch.value.message}"
        return ""

    # ---- asked for with a look-up --------------------------------------------------------------
    def fetch(self, config: ClientConfig, customer_key: str, lookup: Job | None = None) -> None:
        """A look-up has started: ask for its record now, beside the details (which never wait for it). If the
        look-up fails or is cancelled, its record is not wanted: it is stopped."""
        if self._next is not None and self._next is not self._current:
            self._stop(self._next)  # the look-up it belonged to was replaced
        fetch = self._next = self._start(config, customer_key)
        if lookup is not None:
            lookup.failed.connect(lambda _error: self._drop(fetch))
            lookup.cancelled.connect(lambda: self._drop(fetch))

    def _drop(self, fetch: _Fetch) -> None:
        if fetch is self._next:
            self._next = None
            self._stop(fetch)

    def _start(self, config: ClientConfig, customer_key: str) -> _Fetch:
        fetch = _Fetch(customer_key, config)
        job = fetch.job = self._session.fetcher.record(config, customer_key, _with_facts)
        job.finished.connect(lambda value: self._came(fetch, value))
        job.failed.connect(lambda error: self._came(fetch, error))
        return fetch

    def _stop(self, fetch: _Fetch) -> None:
        if fetch.job is not None:
            fetch.job.cancel()

    def shown(self, loaded: LoadedCustomer) -> None:
        """``loaded`` is on screen now: a live answer's record is the one asked for with its look-up; a saved
        answer's is not fetched (its key is not used for a file)."""
        before, self._loaded = self._current, loaded
        if loaded.source:  # the record saved with it, if any: never fetched (the file is offline)
            saved = loaded.record
            self._current = None if saved is None else _Fetch(loaded.customer_key, value=_with_facts(saved))
            for fetch in (before, self._next):
                if fetch is not None:
                    self._stop(fetch)
            self._next = None
        else:
            self._current = self._next or self._start(self._session.config, loaded.customer_key)
            self._next = None
            if before is not None and before is not self._current:
                self._stop(before)
        node = record_row(loaded.tree)
        if node is None:
            return
        if self._current is None:
            node.summary = UNREADABLE_SUMMARY if loaded.record_unreadable else OFFLINE_SUMMARY
            self.recordChanged.emit(node, None)
        elif self._current.value is None:
            node.summary = LOADING
            self.recordChanged.emit(node, None)
        else:
            self._apply(self._current)

    def reset(self) -> None:
        """Nobody's customer on screen (another profile, another key): nothing in flight is wanted."""
        for fetch in (self._current, self._next):
            if fetch is not None:
                self._stop(fetch)
        self._current = self._next = self._loaded = None
        for job in list(self._format):
            job.cancel()

    # ---- what came -----------------------------------------------------------------------------
    def _came(self, fetch: _Fetch, value: Any) -> None:
        fetch.value = value
        if fetch is not self._current:
            return  # the look-up in flight's (kept until its details are shown), or a stale one's: dropped
        config = self._session.config
        if fetch.config is not None and fetch.config != config:
            # Asked (a Retry) with a key or address no longer in use: its answer, or its "key not accepted",
            # is not this configuration's; asked again with the one in use.
            again = self._current = self._start(config, fetch.customer_key)
            again.opened = fetch.opened
            return
        self._apply(fetch)

    def _apply(self, fetch: _Fetch) -> None:
        loaded = self._loaded
        node = record_row(loaded.tree) if loaded is not None else None
        if node is None:
            return
        if isinstance(fetch.value, errors.MetrifoxError):
            sentence = fetch.value.message
            if fetch.opened:
                from inspector.present.nodes import failed

                self.rowsReady.emit(node, failed(node, sentence))
            node.state, node.summary = "failed", sentence  # one sentence on its row; opened again: retried
            self.recordChanged.emit(node, None)
            return
        _answer, facts = fetch.value
        node.summary = one_line(facts.summary)  # set after Node.__post_init__: cleaned here, as it would be there
        self.recordChanged.emit(node, facts)
        if fetch.opened:
            self._rows(fetch, node)

    # ---- the row opened ------------------------------------------------------------------------
    def open(self, node: Node, *, again: bool = False) -> None:
        """The row was opened (``again``: Retry): its rows now, when they are on their way, or fetched again
        when the record failed."""
        loaded = self._loaded
        if loaded is None or record_row(loaded.tree) is not node:
            return
        if loaded.source and self._current is None:  # a saved answer without a record: nothing is fetched
            if node.state != "offline":
                from inspector.present.nodes import note, offline

                if loaded.record_unreadable:  # saved, but not readable: not "not fetched for a saved answer"
                    node.state, node.summary = "offline", UNREADABLE_SUMMARY
                    self.rowsReady.emit(node, [note(UNREADABLE)])
                else:
                    self.rowsReady.emit(node, offline(node))
            return
        if node.state in {"loaded", "loading"} and not again:
            return
        fetch = self._current
        if fetch is not None and loaded.source:
            self._rows(fetch, node)  # the record saved with the answer
            return
        if fetch is None or isinstance(fetch.value, errors.MetrifoxError) or (again and fetch.value is None):
            if fetch is not None:
                self._stop(fetch)
            fetch = self._current = self._start(self._session.config, loaded.customer_key)
        fetch.opened = True
        if fetch.value is None:
            from inspector.present.nodes import loading

            self.rowsReady.emit(node, loading(node))
        else:
            self._rows(fetch, node)

    def _rows(self, fetch: _Fetch, node: Node) -> None:
        """The record's rows, put in words on a worker, then handed to the views if still on screen."""
        from inspector.present.dates import zone
        from inspector.present.sections import section_rows

        loaded = self._loaded
        if loaded is None:
            return
        answer = fetch.value[0]
        tz = zone(loaded.details.customer.timezone)
        job = self._session.fetcher.format(lambda: section_rows(node, answer, tz=tz))
        self._format.add(job)

        def built(result: tuple[list[Node], str]) -> None:
            if fetch is self._current and self._loaded is loaded:
                rows, summary = result
                node.state, node.summary = "loaded", one_line(summary)
                self.rowsReady.emit(node, rows)

        def not_built(error: errors.MetrifoxError) -> None:
            if fetch is self._current and self._loaded is loaded:
                from inspector.present.nodes import failed

                self.rowsReady.emit(node, failed(node, error.message))

        job.finished.connect(built)
        job.failed.connect(not_built)
        job.completed.connect(lambda: self._format.discard(job))
