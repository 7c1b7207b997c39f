"""The account's sections for the customer on screen: fetched when opened, cached, put in words on a
worker, and the things to check worked out again when one arrives.

Owned by the session (the answers belong to the customer on screen and go with it). It changes the
section nodes' state (loading, loaded, failed, the events filter); the views only show the rows its
signals hand them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from inspector.api import errors
from inspector.jobs import Job
from inspector.present.nodes import Node, NodeKind
from inspector.turns import after_painting

if TYPE_CHECKING:
    from inspector.present.hints import Hint, Loaded
    from inspector.session.loaded import LoadedCustomer
    from inspector.session.owner import Owner

CacheKey = tuple[str, str, int, str]  # section, subject (subscription, wallet, …), page, feature filter
# The invoices checked at look-up are asked for this many subscriptions per turn of the event loop: making a
# job and connecting its signals costs the window's thread ~0.3 ms each, and a customer with 150 current
# subscriptions made it stall 50+ ms at once (the first look-up's longest stall, benchmarks/first_lookup.py).
INVOICE_CHECKS_PER_TURN = 4
# The things to check are worked out again at most this often while those invoices arrive (each time for 150
# products: ~15 ms, on the formatting worker), not once per answer.
HINTS_EVERY_MS = 40


class SectionLoads(QObject):
    """Signals:
        rowsReady(Node, list): a section's rows now (Loading…, what came, or the sentence why not).
        moreReady(Node, object): a "Load more" row's next page (a list of rows), or None: it failed.
        hintsChanged(list): the things to check for the customer on screen (Hint objects).
        accessAnswered(object): an access check's answer, or a MetrifoxError.
    """

    featuresChanged = Signal(list)  # (feature key, name) pairs: more are known (usage or settings came)
    rowsReady = Signal(object, list)
    moreReady = Signal(object, object)
    hintsChanged = Signal(list)
    accessAnswered = Signal(object)

    def __init__(self, session: Owner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._cache: dict[CacheKey, Any] = {}
        self._failures: dict[CacheKey, str] = {}  # sections that could not be fetched: the sentence why
        self._jobs: set[Job] = set()
        self._waiting: dict[CacheKey, list[Callable[[Any], None]]] = {}  # asked again while on its way
        self._offline = False  # a saved answer is on screen: nothing is fetched for it
        self._generation = 0  # bumped with each customer on screen: answers for an earlier one are dropped
        self._access: Job | None = None
        self._invoices_to_check: list[str] = []  # subscriptions whose invoices are asked for on a later turn
        self._hints_due = QTimer(self)
        self._hints_due.setSingleShot(True)
        self._hints_due.setInterval(HINTS_EVERY_MS)
        self._hints_due.timeout.connect(self._emit_hints)  # a method, not a lambda: a lambda holding self, held
        # by its own child timer's connection, would keep this object (and the answer on screen) alive forever
        self._hints_job: Job | None = None  # the things to check being worked out on a worker

    @property
    def fetching(self) -> bool:
        """A section (the invoices checked at look-up, or one that was opened) is on its way, or the things to
        check have yet to take one in."""
        return bool(self._waiting or self._invoices_to_check or self._hints_due.isActive() or self._hints_job)

    def reset(self) -> None:
        """Another answer is on screen: forget the sections of the one before, cancel what is in flight."""
        self._generation += 1
        self._cache.clear()
        self._invoices_to_check = []
        self._failures.clear()
        self._waiting.clear()
        loaded = self._session.loaded
        self._offline = loaded is not None and bool(loaded.source)
        for job in list(self._jobs):
            job.cancel()
        self._hints_due.stop()
        if self._hints_job is not None:
            self._hints_job.cancel()
        self.cancel_access()

    # ---- opening a section ---------------------------------------------------------------------
    def open(self, node: Node, *, again: bool = False) -> None:
        """Load a section that was opened (or its next page); ``again``: retry one that failed."""
        from inspector.present.nodes import loading

        if node.section is None or node.subject is None:
            return
        if self._offline:
            from inspector.present.nodes import offline

            if node.kind is not NodeKind.LOAD_MORE and node.state != "offline":
                self.rowsReady.emit(node, offline(node))
            return
        if node.kind is NodeKind.LOAD_MORE:
            if node.state != "loading":
                node.state, node.summary = "loading", "Loading…"
                self._load(node)
            return
        if node.state == "" or (again and node.state == "failed"):
            self.rowsReady.emit(node, loading(node))
            self._load(node)

    def _current_subscription_ids(self) -> list[str]:
        """The IDs of the current subscriptions of the live answer on screen (none for a saved answer)."""
        loaded = self._session.loaded
        if loaded is None or self._offline:
            return []
        subs = (product.subscription for product in loaded.details.customer.subscriptions)
        return [sub.id for sub in subs if sub is not None and sub.id]

    def check_invoices(self) -> None:
        """Fetch the billing history of every current subscription now, in parallel, so an overdue or partly
        paid balance is among the things to check (and in the summary) before anyone opens Invoices."""
        self._invoices_to_check = self._current_subscription_ids()
        # From a later turn on: the turn that shows the customer is the look-up's longest already.
        generation = self._generation
        after_painting(self, lambda: self._check_some_invoices(generation))

    def _check_some_invoices(self, generation: int) -> None:
        if generation != self._generation:
            return  # another customer is on screen: reset() dropped the rest
        batch = self._invoices_to_check[:INVOICE_CHECKS_PER_TURN]
        del self._invoices_to_check[:INVOICE_CHECKS_PER_TURN]
        for sub_id in batch:
            self._fetch("invoices", sub_id, 1, "", lambda _value: self._hints_soon())
        if self._invoices_to_check:  # the rest on a later turn: the window paints and answers in between
            after_painting(self, lambda: self._check_some_invoices(generation))

    def _emit_hints(self) -> None:
        """The things to check again, worked out on the formatting worker: for 150 products that is ~10 ms of
        Python, which on the window's thread (waiting for the GIL behind the sections' workers) froze it for
        20-40 ms each time an answer came in. Only the customer on screen's, and only the latest, are shown."""
        from inspector.present.hints import hints

        loaded = self._session.loaded
        if loaded is None:
            return
        if (first := self._first_hints(loaded)) is not None:
            self.hintsChanged.emit(first)
            return
        if self._hints_job is not None:
            self._hints_job.cancel()  # a later answer came: the newer list replaces it
        details, sections, generation = loaded.details, self.loaded_sections(), self._generation
        job = self._hints_job = self._session.fetcher.compute(lambda _token: hints(details, sections))
        job.finished.connect(lambda found: self._hints_came(job, generation, found))
        job.completed.connect(lambda: self._hints_ended(job))
        if not job.active:  # refused at once (the window is closing): nothing will come
            self._hints_job = None

    def _hints_came(self, job: Job, generation: int, found: list[Hint]) -> None:
        if job is self._hints_job and generation == self._generation:
            self.hintsChanged.emit(found)

    def _hints_ended(self, job: Job) -> None:
        if job is self._hints_job:
            self._hints_job = None

    def _hints_soon(self) -> None:
        if not self._hints_due.isActive():  # not restarted: while answers stream in, every HINTS_EVERY_MS
            self._hints_due.start()

    def load_features(self) -> None:
        """Fetch the usage and the features' settings of every current subscription (not yet fetched), so
        every feature the customer has can be chosen; ``featuresChanged`` as each comes."""
        for sub_id in self._current_subscription_ids():
            for name in ("usage", "summary"):
                self._fetch(name, sub_id, 1, "", lambda _value: self.featuresChanged.emit(self.features()))

    def filter_events(self, node: Node, feature: str) -> None:
        """Usage events of one feature only (empty: all), loaded again from the first page."""
        from inspector.present.nodes import filter_events

        filter_events(node, feature)
        self.open(node)

    def _load(self, node: Node) -> None:
        name, subject = node.section or "", node.subject or ""
        more = node.kind is NodeKind.LOAD_MORE
        page = node.page or 1 if more else 1
        feature = node.parent.feature if more and node.parent else node.feature
        generation = self._generation
        if name != "usage":
            self._fetch(name, subject, page, feature, lambda value: self._came(generation, node, value))
            return
        # Usage and the features' settings come from two endpoints, fetched at the same time.
        parts: dict[str, Any] = {}

        def arrived(part: str, value: Any) -> None:
            parts[part] = value
            if len(parts) == 2:
                self._came(generation, node, parts["usage"], parts["summary"])

        self._fetch("usage", subject, 1, "", lambda value: arrived("usage", value))
        self._fetch("summary", subject, 1, "", lambda value: arrived("summary", value))

    def _fetch(self, name: str, subject: str, page: int, feature: str, done: Callable[[Any], None]) -> None:
        key = (name, subject, page, feature)
        if key in self._cache:
            done(self._cache[key])
            return
        if key in self._waiting:  # already on its way (the invoices fetched at look-up): one request
            self._waiting[key].append(done)
            return
        self._waiting[key] = [done]
        generation = self._generation
        job = self._session.fetcher.section(self._session.config, name, subject, page, feature)
        self._jobs.add(job)

        def answered(value: Any) -> None:
            if generation != self._generation:
                done(value)  # for the customer before: its handler drops it
                return
            if isinstance(value, errors.MetrifoxError):
                self._failures[key] = value.message
            else:
                self._cache[key] = value
                self._failures.pop(key, None)
            for waiting in self._waiting.pop(key, [done]):
                waiting(value)

        def cancelled() -> None:
            if generation == self._generation:
                self._waiting.pop(key, None)  # asked again later: a new request

        job.finished.connect(answered)
        job.failed.connect(answered)
        job.cancelled.connect(cancelled)
        job.completed.connect(lambda: self._jobs.discard(job))

    def _came(self, generation: int, node: Node, value: Any, extra: Any = None) -> None:
        """Put what came in words (on a worker), if that customer is still on screen."""
        from inspector.present.dates import zone
        from inspector.present.nodes import failed
        from inspector.present.sections import event_rows, section_rows

        loaded = self._session.loaded
        if generation != self._generation or loaded is None:
            return  # another customer (or none) is on screen now
        parent = node.parent
        if isinstance(value, errors.MetrifoxError) or (node.kind is NodeKind.LOAD_MORE and parent is None):
            if node.kind is NodeKind.LOAD_MORE:
                node.state, node.summary = "failed", getattr(value, "message", "")
                self.moreReady.emit(node, None)
            else:
                self.rowsReady.emit(node, failed(node, value.message))
            return
        tz = zone(loaded.details.customer.timezone)
        customer = loaded.details.customer
        wallets = [*customer.wallets, *(w for product in customer.subscriptions for w in product.wallets)]
        settings = None if isinstance(extra, errors.MetrifoxError) else extra  # usage shows without them
        # A page of a thousand events takes tens of milliseconds to put in words: not on the window's thread.
        if node.kind is NodeKind.LOAD_MORE and parent is not None:
            job = self._session.fetcher.format(lambda: event_rows(parent, value, tz))
        else:
            job = self._session.fetcher.format(
                lambda: section_rows(node, value, tz=tz, known_wallets=wallets, extra=settings)
            )
        self._jobs.add(job)
        job.finished.connect(lambda built: self._built(generation, node, built))
        job.failed.connect(lambda error: self._came(generation, node, error))  # never left "Loading…"
        job.completed.connect(lambda: self._jobs.discard(job))

    def _built(self, generation: int, node: Node, built: tuple[list[Node], str]) -> None:
        if generation != self._generation:
            return
        rows, summary = built
        if node.kind is NodeKind.LOAD_MORE:
            if node.parent is not None:
                node.parent.summary = summary
            self.moreReady.emit(node, rows)
            return
        node.state, node.summary = "loaded", summary
        self.rowsReady.emit(node, rows)
        self._emit_hints()

    # ---- what the sections tell ----------------------------------------------------------------
    def loaded_sections(self) -> Loaded:
        """What has been fetched of the account for the customer on screen, for the things to check."""
        from inspector.present.hints import loaded_from  # pydantic: never on the window's thread at start

        return loaded_from(
            ((name, subject, value) for (name, subject, _page, _feature), value in self._cache.items()),
            ((name, subject, why) for (name, subject, _page, _feature), why in self._failures.items()),
        )

    def hints(self) -> list[Hint]:
        """Things to check from the details and the sections fetched so far."""
        from inspector.present.hints import hints

        loaded = self._session.loaded
        if loaded is None:
            return []
        first = self._first_hints(loaded)
        return first if first is not None else hints(loaded.details, self.loaded_sections())

    def _first_hints(self, loaded: LoadedCustomer) -> list[Hint] | None:
        """Those worked out on the answer's worker, while nothing has been fetched since."""
        return loaded.first_hints if not self._cache and not self._failures else None

    def features(self) -> list[tuple[str, str]]:
        """(feature key, name) this customer is known to have: entitlements, and usage or settings loaded."""
        found: dict[str, str] = {}
        loaded = self._session.loaded
        if loaded is not None:
            for product in loaded.details.customer.subscriptions:
                for entitlement in product.entitlements:
                    if entitlement.feature_key:
                        found.setdefault(entitlement.feature_key, entitlement.feature_name or entitlement.name or "")
        for (name, _subject, _page, _feature), value in self._cache.items():
            if name in {"usage", "summary"}:
                for item in getattr(value, "items", []) or []:
                    if item.feature_key:
                        found.setdefault(item.feature_key, item.feature_name or "")
        return sorted(found.items(), key=lambda pair: (pair[1] or pair[0]).lower())

    # ---- access checks -------------------------------------------------------------------------
    def check_access(self, feature_key: str, quantity: int) -> bool:
        """Ask the meter service about the customer on screen (False: there is none)."""
        loaded = self._session.loaded
        if loaded is None:
            return False
        self.cancel_access()
        config = self._session.config
        job = self._access = self._session.fetcher.check_access(config, loaded.customer_key, feature_key, quantity)
        job.finished.connect(self.accessAnswered)
        job.failed.connect(self.accessAnswered)
        job.completed.connect(lambda: self._access_ended(job))
        return True

    def _access_ended(self, job: Job) -> None:
        if job is self._access:
            self._access = None

    def cancel_access(self) -> None:
        if self._access is not None:
            self._access.cancel()
