"""The bridge: API, keyring, file and formatting calls as :class:`~inspector.jobs.Job` objects on worker
threads.

The only module (with jobs.py) that knows both threads. Every call returns its job; the caller (the
session) connects to the job's own signals. It keeps no state of the app: which key, which address,
which look-up is current all belong to the session. Heavy imports (httpx, pydantic, keyring) happen on
the workers, so the window shows before they load.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from inspector.api.cancel import CancelToken
from inspector.jobs import Job, JobRunner

if TYPE_CHECKING:
    from inspector.api.client import MetrifoxClient
    from inspector.api.models import CustomerDetails

log = logging.getLogger(__name__)

NETWORK = "network"  # look-ups, searches, key tests: several at once, none waits behind another
KEYRING = "keyring"  # one at a time, in order (save, then read)
FORMAT = "format"  # megabytes of JSON, never on the window's thread
FILES = "files"  # files the person opens: a slow disk or a FIFO holds up nothing else
LANES = {NETWORK: 12, KEYRING: 1, FORMAT: 1, FILES: 2}  # 12: every section of a three-subscription customer at once
EVENTS_PER_PAGE = 50
# A section of the account (present/sections.py) → the client call that fills it.
SECTION_CALLS: dict[str, Callable[[MetrifoxClient, str, int, str, CancelToken], Any]] = {
    "invoices": lambda c, subject, _page, _feature, token: c.billing_history(subject, cancel=token),
    "usage": lambda c, subject, _page, _feature, token: c.entitlements_usage(subject, cancel=token),
    "summary": lambda c, subject, _page, _feature, token: c.entitlements_summary(subject, cancel=token),
    "wallets": lambda c, subject, _page, _feature, token: c.wallets(subject, cancel=token),
    "allocations": lambda c, subject, _page, _feature, token: _every_allocation(c, subject, token),
    "transactions": lambda c, subject, _page, _feature, token: c.credit_allocation(subject, cancel=token),
    "record": lambda c, subject, _page, _feature, token: c.customer_record(subject, cancel=token),
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
    meter_url: str = ""  # none: the client refuses meter calls rather than guess a host
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
    and cancelling a job breaks only the sockets of the thread that runs it.

    Keyed by the OS thread, not ``threading.local``: a QThreadPool thread gets a new Python thread state for
    each job it runs, so thread-local data does not survive from one job to the next (a new client, and its
    sockets, for every call — found by the memory benchmark).
    """

    def __init__(self) -> None:
        self._by_thread: dict[int, tuple[ClientConfig, MetrifoxClient]] = {}
        self._lock = threading.Lock()

    def client(self, config: ClientConfig) -> MetrifoxClient:
        thread = threading.get_ident()
        with self._lock:
            kept = self._by_thread.get(thread)
        if kept is not None and kept[0] == config:
            return kept[1]
        if kept is not None:  # another configuration now (another key or profile): the old one goes
            with contextlib.suppress(Exception):
                kept[1].close()
        client = config.make_client()
        with self._lock:
            self._by_thread[thread] = (config, client)
        return client

    def count(self) -> int:
        """How many clients are kept (at most one per worker thread)."""
        with self._lock:
            return len(self._by_thread)

    def close_all(self) -> None:
        with self._lock:
            kept, self._by_thread = list(self._by_thread.values()), {}
        for _config, client in kept:
            with contextlib.suppress(Exception):  # closing after a broken socket may complain
                client.close()


class Fetcher(QObject):
    """Starts jobs: API calls with the configuration they are given, keyring calls, files, formatting.

    Holds no state of the app: every call is given what it needs (the client configuration comes from the
    session with each call), and returns its job. What it keeps is plumbing: the lanes' threads and one
    HTTP client per worker thread and configuration.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = JobRunner(LANES, self)
        self._clients = ThreadClients()

    # ---- plumbing ------------------------------------------------------------------------------
    def prepare(self, config: ClientConfig) -> Job:
        """Make ``config``'s client now, on a worker (a TLS context and certificate store hold the GIL for
        tens of milliseconds: not inside the first look-up)."""
        clients = self._clients
        return self.network("prepare", lambda _token: clients.client(config) and None)

    def warm_up(self, then: Callable[[], Any]) -> Job:
        """Import the API layer on a worker while the window builds, then run ``then`` there too."""

        def work(_token: CancelToken) -> Any:
            import inspector.api.client
            import inspector.api.demo  # noqa: F401

            return then()

        return self.network("warm-up", work)

    def network(self, kind: str, work: Callable[[CancelToken], Any]) -> Job:
        return self.runner.start(NETWORK, Job(kind, work))

    def keyring(self, call: Callable[[], Any]) -> Job:
        """A keyring call on its own thread (it may hang on a D-Bus prompt)."""
        return self.runner.start(KEYRING, Job("keyring", lambda _token: call()))

    def format(self, work: Callable[[], Any]) -> Job:
        """Formatting work (megabytes of JSON) on its own thread, never ahead of a look-up."""
        return self.runner.start(FORMAT, Job("format", lambda _token: work()))

    def compute(self, work: Callable[[CancelToken], Any]) -> Job:
        """Long work on the formatting thread that stops when cancelled (it asks its token as it goes)."""
        return self.runner.start(FORMAT, Job("compute", work))

    def file(self, work: Callable[[], Any]) -> Job:
        """Reading a file the person chose (it may be slow, or never end): never ahead of formatting."""
        return self.runner.start(FILES, Job("file", lambda _token: work()))

    # ---- API calls -----------------------------------------------------------------------------
    def customer(self, config: ClientConfig, customer_key: str, then: Callable[[CustomerDetails], Any]) -> Job:
        """A customer's details; ``then`` turns them into what the caller wants, still on the worker."""
        clients = self._clients
        return self.network(
            "lookup", lambda token: then(clients.client(config).customer_details(customer_key, cancel=token))
        )

    def record(self, config: ClientConfig, customer_key: str, then: Callable[[Any], Any]) -> Job:
        """The customer record (``customers/{key}``); ``then`` puts it in words, still on the worker."""
        clients = self._clients
        return self.network(
            "record", lambda token: then(clients.client(config).customer_record(customer_key, cancel=token))
        )

    def check_key(self, config: ClientConfig) -> Job:
        """Test a key with a cheap authenticated call (its own client: the key is only being tried)."""

        def work(token: CancelToken) -> None:
            with config.make_client() as client:
                client.check_key(cancel=token)

        return self.network("key-test", work)

    def search(self, config: ClientConfig, term: str, per_page: int = 50) -> Job:
        """Find customers by key, name or email (``customers?search_term=``)."""
        clients = self._clients
        return self.network(
            "search", lambda token: clients.client(config).search_customers(term, per_page=per_page, cancel=token)
        )

    def section(self, config: ClientConfig, name: str, subject: str, page: int = 1, feature: str = "") -> Job:
        """One section of the account (invoices, usage, wallets, …)."""
        clients, call = self._clients, SECTION_CALLS[name]
        return self.network(
            f"section:{name}", lambda token: call(clients.client(config), subject, page, feature, token)
        )

    def check_access(self, config: ClientConfig, customer_key: str, feature_key: str, quantity: int) -> Job:
        """May the customer use ``quantity`` of the feature now (meter service)?"""
        clients = self._clients

        def work(token: CancelToken) -> Any:
            return clients.client(config).check_access(customer_key, feature_key, quantity, cancel=token)

        return self.network("access", work)

    def card_link(self, config: ClientConfig, subscription_id: str) -> Job:
        """A link the customer opens to give a card for the subscription (checkout/generate-card-collection-url)."""
        clients = self._clients

        def work(token: CancelToken) -> Any:
            from inspector.api.checkout import card_collection_url

            return card_collection_url(clients.client(config), subscription_id, cancel=token)

        return self.network("card-link", work)

    def quantity_price(self, config: ClientConfig, customer_key: str, feature_key: str, quantity: int) -> Job:
        """What ``quantity`` of the feature would cost the customer on their plan (usage/quantity-price)."""
        clients = self._clients

        def work(token: CancelToken) -> Any:
            from inspector.api.pricing import quantity_price

            return quantity_price(clients.client(config), customer_key, feature_key, quantity, cancel=token)

        return self.network("quote", work)

    # ---- shutdown ------------------------------------------------------------------------------
    def shutdown(self, timeout_ms: int = 800) -> bool:
        """Cancel everything and stop the threads; False if one would not stop in time."""
        stopped = self.runner.shutdown(timeout_ms)
        self._clients.close_all()
        return stopped
