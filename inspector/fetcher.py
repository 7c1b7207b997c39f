"""The bridge: API, keyring and formatting calls as :class:`~inspector.jobs.Job` objects on worker threads.

The only module (with jobs.py) that knows both threads. Every call returns its job; the caller connects
to the job's own signals. A new look-up cancels the one in flight (its CancelToken breaks the socket), so
a superseded answer is never delivered. Heavy imports (httpx, pydantic, keyring) happen on the workers,
so the window shows before they load.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from inspector.api import errors
from inspector.api.cancel import CancelToken
from inspector.jobs import Job, JobRunner

if TYPE_CHECKING:
    from inspector.api.client import MetrifoxClient
    from inspector.api.models import CustomerDetails
    from inspector.present.nodes import Node

log = logging.getLogger(__name__)

NETWORK = "network"  # look-ups, searches, key tests: several at once, none waits behind another
KEYRING = "keyring"  # one at a time, in order (save, then read)
FORMAT = "format"  # megabytes of JSON, never on the window's thread
LANES = {NETWORK: 12, KEYRING: 1, FORMAT: 1}  # 12: every section of a three-subscription customer at once
EVENTS_PER_PAGE = 50
# A section of the account (present/sections.py) → the client call that fills it.
SECTION_CALLS: dict[str, Callable[[MetrifoxClient, str, int, str, CancelToken], Any]] = {
    "invoices": lambda c, subject, _page, _feature, token: c.billing_history(subject, cancel=token),
    "usage": lambda c, subject, _page, _feature, token: c.entitlements_usage(subject, cancel=token),
    "summary": lambda c, subject, _page, _feature, token: c.entitlements_summary(subject, cancel=token),
    "wallets": lambda c, subject, _page, _feature, token: c.wallets(subject, cancel=token),
    "allocations": lambda c, subject, _page, _feature, token: _every_allocation(c, subject, token),
    "transactions": lambda c, subject, _page, _feature, token: c.credit_allocation(subject, cancel=token),
    "events": lambda c, subject, page, feature, token: c.usage_events(
        subject, feature or None, page=page, per_page=EVENTS_PER_PAGE, cancel=token
    ),
}


@dataclass(frozen=True)
class ClientConfig:
    """What a client is made from. The key is never shown in a repr."""

    api_key: str | None
    base_url: str
    demo: bool = False
    meter_url: str = "https://api-meter.metrifox.com/"
    timeout: float = 10.0
    total_timeout: float = 30.0
    max_retries: int = 2
    backoff_base: float = 0.5

    def __repr__(self) -> str:
        key = "<set>" if self.api_key else None
        return f"ClientConfig(base_url={self.base_url!r}, meter_url={self.meter_url!r}, demo={self.demo}, key={key})"

    def make_client(self) -> MetrifoxClient:
        """A client for this configuration (call on a worker thread: it imports httpx and pydantic)."""
        if self.demo:
            from inspector.api.demo import demo_client

            return demo_client()
        from inspector.api.client import MetrifoxClient
        from inspector.api.retry import RetryPolicy

        return MetrifoxClient(
            self.api_key,
            self.base_url,
            timeout=self.timeout,
            total_timeout=self.total_timeout,
            retry=RetryPolicy(max_retries=self.max_retries, backoff_base=self.backoff_base),
            meter_url=self.meter_url,
        )


@dataclass(frozen=True)
class LoadedCustomer:
    customer_key: str
    details: CustomerDetails
    tree: Node
    fetched_at: datetime
    elapsed_ms: float
    demo: bool
    source: str = ""  # a saved answer: "from file acme.json, saved Nov 3, 14:02" (empty: live)


MAX_ALLOCATION_PAGES = 50


def _every_allocation(client: MetrifoxClient, wallet_id: str, token: CancelToken) -> Any:
    """All of a wallet's allocations: page after page, gathered into the first page's answer."""
    first = client.credit_allocations(wallet_id, page=1, cancel=token)
    page = first
    for _ in range(MAX_ALLOCATION_PAGES - 1):
        if not page.next_page:
            break
        page = client.credit_allocations(wallet_id, page=page.next_page, cancel=token)
        first.data.extend(page.data)
    return first


class ThreadClients:
    """One client per worker thread and configuration: a client (and its connections) is thread-confined,
    and cancelling a job breaks only the sockets of the thread that runs it."""

    def __init__(self) -> None:
        self._local = threading.local()
        self._all: list[MetrifoxClient] = []
        self._lock = threading.Lock()

    def client(self, config: ClientConfig) -> MetrifoxClient:
        local = self._local
        if getattr(local, "client", None) is None or local.config != config:
            if getattr(local, "client", None) is not None:
                self._forget(local.client)
            local.client, local.config = config.make_client(), config
            with self._lock:
                self._all.append(local.client)
        client: MetrifoxClient = local.client
        return client

    def _forget(self, client: MetrifoxClient) -> None:
        with self._lock:
            if client in self._all:
                self._all.remove(client)
        client.close()

    def close_all(self) -> None:
        with self._lock:
            clients, self._all = self._all, []
        for client in clients:
            with contextlib.suppress(Exception):  # closing after a broken socket may complain
                client.close()


def _build_schemas() -> Node | None:
    """Parse and present a small customer once, here on a worker: pydantic builds its deferred
    validators and serializers on first use, which otherwise lands inside the first look-up. The tree
    goes back to the window, which paints it once off screen for the same reason (fonts, Qt enums)."""
    from inspector.api.parsing import parse_customer_details
    from inspector.present.fields import node_fields
    from inspector.present.tree import build_tree
    from inspector.resources import DEMO_CUSTOMER_KEY, resource_path

    try:
        details = parse_customer_details(resource_path("demo", f"{DEMO_CUSTOMER_KEY}.json").read_bytes())
    except (OSError, errors.MetrifoxError):  # a damaged install: the first look-up builds them instead
        return None
    tree = build_tree(details)
    for _, node in tree.walk():  # walk() opens history too: Subscription entries are validated
        node_fields(node)
    details.model_dump(mode="json")
    return tree


class Fetcher(QObject):
    """Starts jobs for the window: look-ups (one current at a time), searches, key tests, keyring calls,
    formatting. ``busyChanged`` follows the current look-up."""

    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = JobRunner(LANES, self)
        self._clients = ThreadClients()
        self._config = ClientConfig(None, "https://api.metrifox.com/api/v1/", demo=True)
        self._lookup: Job | None = None

    # ---- configuration -------------------------------------------------------------------------
    @property
    def config(self) -> ClientConfig:
        return self._config

    def configure(self, config: ClientConfig) -> None:
        """Use ``config`` from the next call on, and make its client now on a worker (a TLS context and
        certificate store hold the GIL for tens of milliseconds: not inside the first look-up)."""
        self._config = config
        clients = self._clients
        self.network("prepare", lambda _token: clients.client(config) and None)

    def warm_up(self) -> Job:
        """Import the API layer and build pydantic's schemas on a worker while the window builds."""

        def work(_token: CancelToken) -> Node | None:
            import inspector.api.client
            import inspector.api.demo
            import inspector.present.fields  # noqa: F401

            return _build_schemas()

        return self.network("warm-up", work)

    # ---- jobs ----------------------------------------------------------------------------------
    def network(self, kind: str, work: Callable[[CancelToken], Any]) -> Job:
        return self.runner.start(NETWORK, Job(kind, work, self))

    def keyring(self, call: Callable[[], Any]) -> Job:
        """A keyring call on its own thread (it may hang on a D-Bus prompt)."""
        return self.runner.start(KEYRING, Job("keyring", lambda _token: call(), self))

    def format(self, work: Callable[[], Any]) -> Job:
        """Formatting work (megabytes of JSON) on its own thread, never ahead of a look-up."""
        return self.runner.start(FORMAT, Job("format", lambda _token: work(), self))

    # ---- look-ups ------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._lookup is not None and self._lookup.active

    def lookup(self, customer_key: str) -> Job:
        """Start a look-up; the one in flight is cancelled (and never delivered)."""
        if self._lookup is not None:
            self._lookup.cancel()
        config, clients = self._config, self._clients

        def work(token: CancelToken) -> LoadedCustomer:
            from inspector.present.tree import build_tree

            started = time.perf_counter()
            details = clients.client(config).customer_details(customer_key, cancel=token)
            tree = build_tree(details)  # built here, off the window's thread
            elapsed = (time.perf_counter() - started) * 1000
            key = details.customer.customer_key or customer_key.strip()
            return LoadedCustomer(key, details, tree, datetime.now(UTC), elapsed, config.demo)

        job = self.network("lookup", work)
        self._lookup = job
        for signal in (job.finished, job.failed, job.cancelled):
            signal.connect(lambda *_args, done=job: self._lookup_ended(done))
        self.busyChanged.emit(True)
        return job

    def _lookup_ended(self, job: Job) -> None:
        if job is self._lookup:
            self._lookup = None
            self.busyChanged.emit(False)

    def cancel(self) -> None:
        """Stop the look-up in flight (Esc)."""
        if self._lookup is not None:
            self._lookup.cancel()

    def check_key(self, config: ClientConfig) -> Job:
        """Test a key with a cheap authenticated call (its own client: the key is only being tried)."""
        from inspector.logs import register_secret

        register_secret(config.api_key)  # a server may echo a key that is only being tried

        def work(token: CancelToken) -> None:
            with config.make_client() as client:
                client.check_key(cancel=token)

        return self.network("key-test", work)

    def search(self, term: str, per_page: int = 50) -> Job:
        """Find customers by key, name or email (``customers?search_term=``)."""
        config, clients = self._config, self._clients
        return self.network(
            "search", lambda token: clients.client(config).search_customers(term, per_page=per_page, cancel=token)
        )

    def section(self, name: str, subject: str, page: int = 1, feature: str = "") -> Job:
        """One section of the account (invoices, usage, wallets, …), with the current client."""
        config, clients, call = self._config, self._clients, SECTION_CALLS[name]
        return self.network(
            f"section:{name}", lambda token: call(clients.client(config), subject, page, feature, token)
        )

    def check_access(self, customer_key: str, feature_key: str, quantity: int) -> Job:
        """May the customer use ``quantity`` of the feature now (meter service)?"""
        config, clients = self._config, self._clients

        def work(token: CancelToken) -> Any:
            return clients.client(config).check_access(customer_key, feature_key, quantity, cancel=token)

        return self.network("access", work)

    def open_saved(self, path: str) -> Job:
        """A saved answer read, parsed and turned into a tree on a worker, labelled with its file and time."""

        def work() -> LoadedCustomer:
            from pathlib import Path

            from inspector.api.saved import read_saved_answer
            from inspector.present.dates import format_absolute
            from inspector.present.tree import build_tree

            started = time.perf_counter()
            details, saved_at = read_saved_answer(path)
            label = f"from file {Path(path).name}, saved {format_absolute(saved_at)}"
            key = details.customer.customer_key or Path(path).stem
            elapsed = (time.perf_counter() - started) * 1000
            return LoadedCustomer(key, details, build_tree(details), saved_at, elapsed, False, label)

        return self.format(work)

    def cancel_sections(self) -> None:
        for job in self.runner.live_jobs():
            if job.kind.startswith("section:"):
                job.cancel()

    def cancel_searches_and_tests(self) -> None:
        for kind in ("search", "key-test"):
            self.runner.cancel_all(kind)

    # ---- shutdown ------------------------------------------------------------------------------
    def shutdown(self, timeout_ms: int = 800) -> bool:
        """Cancel everything and stop the threads; False if one would not stop in time."""
        stopped = self.runner.shutdown(timeout_ms)
        self._clients.close_all()
        return stopped
