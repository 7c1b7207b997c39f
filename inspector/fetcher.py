"""The bridge: runs API and keyring calls on worker QThreads and hands results back by signals.

The only module that knows both threads. Each look-up gets a request id; a new look-up cancels the one
in flight (its CancelToken breaks the socket) and answers for an old id are dropped. Heavy imports
(httpx, pydantic, keyring) happen on the worker threads, so the window shows before they load.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from inspector.api import errors
from inspector.api.cancel import CancelToken

if TYPE_CHECKING:
    from inspector.api.client import MetrifoxClient
    from inspector.api.models import CustomerDetails
    from inspector.present.tree import Node

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClientConfig:
    """What a client is made from. The key is never shown in a repr."""

    api_key: str | None
    base_url: str
    demo: bool = False
    timeout: float = 10.0
    total_timeout: float = 30.0
    max_retries: int = 2
    backoff_base: float = 0.5

    def __repr__(self) -> str:
        return f"ClientConfig(base_url={self.base_url!r}, demo={self.demo}, key={'<set>' if self.api_key else None})"

    def make_client(self) -> MetrifoxClient:
        """A client for this configuration (call on a worker thread: it imports httpx and pydantic)."""
        if self.demo:
            from inspector.api.demo import demo_client

            return demo_client()
        from inspector.api.client import MetrifoxClient, RetryPolicy

        return MetrifoxClient(
            self.api_key,
            self.base_url,
            timeout=self.timeout,
            total_timeout=self.total_timeout,
            retry=RetryPolicy(max_retries=self.max_retries, backoff_base=self.backoff_base),
        )


@dataclass(frozen=True)
class LoadedCustomer:
    customer_key: str
    details: CustomerDetails
    tree: Node
    fetched_at: datetime
    elapsed_ms: float
    demo: bool


def _build_schemas() -> Node | None:
    """Parse and present a small customer once, here on the worker: pydantic builds its deferred
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


class _ClientCache:
    """One client per configuration, used only on the network thread."""

    def __init__(self) -> None:
        self._config: ClientConfig | None = None
        self._client: MetrifoxClient | None = None

    def client(self, config: ClientConfig) -> MetrifoxClient:
        if self._client is None or config != self._config:
            self.close()
            self._client = config.make_client()
            self._config = config
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None


class _Worker(QObject):
    finished = Signal(int, object)
    failed = Signal(int, object)

    @Slot(int, object)
    def run(self, request_id: int, job: Callable[[], Any]) -> None:
        try:
            result = job()
        except Exception as exc:  # noqa: BLE001 - every failure goes back to the window as a signal
            self.failed.emit(request_id, exc)
        else:
            self.finished.emit(request_id, result)


class TaskThread(QObject):
    """A worker QThread that runs submitted callables one after another."""

    finished = Signal(int, object)  # request id, result
    failed = Signal(int, object)  # request id, exception
    _submit = Signal(int, object)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName(name)
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.run)
        self._worker.finished.connect(self.finished)
        self._worker.failed.connect(self.failed)
        self._thread.finished.connect(self._worker.deleteLater)
        self._thread.start()

    def submit(self, request_id: int, job: Callable[[], Any]) -> None:
        self._submit.emit(request_id, job)

    def stop(self, timeout_ms: int = 1000) -> bool:
        self._thread.quit()
        return bool(self._thread.wait(timeout_ms))


class Fetcher(QObject):
    """Look-ups and key checks on the network thread; keyring calls on their own thread."""

    loaded = Signal(int, object)  # request id, LoadedCustomer
    failed = Signal(int, object)  # request id, MetrifoxError (never for a stale or cancelled request)
    cancelled = Signal(int)
    busyChanged = Signal(bool)
    keyChecked = Signal(int, object)  # request id, None (accepted) or MetrifoxError
    keyringDone = Signal(int, object)  # request id, result of a keyring call (or the exception)
    formatted = Signal(int, object)  # request id, the result of a formatting job (or its exception)
    searchDone = Signal(int, object)  # request id, CustomerPage or MetrifoxError
    warmedUp = Signal(object)  # the warm-up's sample tree (a Node), or None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._network = TaskThread("metrifox-network", self)
        self._keyring = TaskThread("metrifox-keyring", self)
        # Searches and key tests never wait behind a hung look-up: they have a thread of their own.
        self._side = TaskThread("metrifox-side", self)
        self._side.finished.connect(self._on_network_done)
        self._side.failed.connect(self._on_network_failed)
        self._side_clients = _ClientCache()
        self._side_tokens: dict[int, CancelToken] = {}
        # Formatting megabytes of JSON must not hold up a look-up queued behind it.
        self._formatter = TaskThread("metrifox-format", self)
        self._formatter.finished.connect(self._on_formatted)
        self._formatter.failed.connect(self._on_formatted)
        self._network.finished.connect(self._on_network_done)
        self._network.failed.connect(self._on_network_failed)
        self._keyring.finished.connect(self.keyringDone)
        self._keyring.failed.connect(self.keyringDone)
        self._clients = _ClientCache()
        self._config = ClientConfig(None, "https://api.metrifox.com/api/v1/", demo=True)
        self._next_id = 0
        self._lookup_id: int | None = None
        self._token: CancelToken | None = None
        self._kinds: dict[int, str] = {}
        self._closed = False
        self._warm_id: int | None = None

    # ---- configuration -------------------------------------------------------------------------
    @property
    def config(self) -> ClientConfig:
        return self._config

    def configure(self, config: ClientConfig) -> None:
        """Use ``config`` from the next look-up on. Its client (TLS context, certificate store: tens of
        milliseconds holding the GIL) is made now on the network thread, not inside the first look-up."""
        self._config = config
        if not self._closed:
            clients = self._clients
            self._network.submit(self._new_id("prepare"), lambda: clients.client(config) and None)

    def _new_id(self, kind: str) -> int:
        self._next_id += 1
        self._kinds[self._next_id] = kind
        return self._next_id

    def warm_up(self) -> None:
        """Import the API layer on the worker thread while the window builds and paints."""

        def job() -> Node | None:
            import inspector.api.client
            import inspector.api.demo
            import inspector.present.fields  # noqa: F401

            return _build_schemas()

        self._warm_id = self._new_id("warm")
        self._network.submit(self._warm_id, job)

    # ---- look-ups ------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._lookup_id is not None

    def lookup(self, customer_key: str) -> int:
        """Start a look-up; any look-up in flight is cancelled and its answer will be dropped."""
        self._cancel_in_flight()
        request_id = self._new_id("lookup")
        token = CancelToken()
        self._lookup_id, self._token = request_id, token
        config, clients = self._config, self._clients

        def job() -> LoadedCustomer:
            from inspector.present.tree import build_tree

            started = time.perf_counter()
            if token.cancelled:
                raise errors.Cancelled()
            details = clients.client(config).customer_details(customer_key, cancel=token)
            tree = build_tree(details)  # built here, off the window's thread
            elapsed = (time.perf_counter() - started) * 1000
            key = details.customer.customer_key or customer_key.strip()
            return LoadedCustomer(key, details, tree, datetime.now(UTC), elapsed, config.demo)

        self._network.submit(request_id, job)
        self.busyChanged.emit(True)
        return request_id

    def cancel(self) -> None:
        """Stop the look-up in flight (Esc)."""
        if self._lookup_id is not None:
            request_id = self._lookup_id
            self._cancel_in_flight()
            self.busyChanged.emit(False)
            self.cancelled.emit(request_id)

    def _cancel_in_flight(self) -> None:
        if self._token is not None:
            self._token.cancel()
        self._lookup_id, self._token = None, None

    def check_key(self, config: ClientConfig) -> int:
        """Test a key with a cheap authenticated call, on the side thread (never behind a look-up)."""
        from inspector.logs import register_secret

        register_secret(config.api_key)  # a server may echo a key that is only being tried
        request_id = self._new_id("check")
        token = self._side_tokens[request_id] = CancelToken()

        def job() -> None:
            with config.make_client() as client:
                client.check_key(cancel=token)

        self._side.submit(request_id, job)
        return request_id

    def search(self, term: str, per_page: int = 50) -> int:
        """Find customers by key, name or email (``customers?search_term=``), on the side thread."""
        request_id = self._new_id("search")
        token = self._side_tokens[request_id] = CancelToken()
        config, clients = self._config, self._side_clients
        self._side.submit(
            request_id, lambda: clients.client(config).search_customers(term, per_page=per_page, cancel=token)
        )
        return request_id

    def cancel_request(self, request_id: int) -> None:
        """Stop a search or key test (its dialog closed, or Esc); its answer will not be delivered."""
        token = self._side_tokens.pop(request_id, None)
        if token is not None:
            token.cancel()
            self._kinds.pop(request_id, None)

    def cancel_side_requests(self) -> None:
        for request_id in list(self._side_tokens):
            self.cancel_request(request_id)

    def format(self, job: Callable[[], Any]) -> int:
        """Format text (megabytes of JSON) on its own worker thread; ``formatted`` brings the result back
        (or the exception), so the window's thread never formats and never waits behind a look-up."""
        request_id = self._new_id("format")
        self._formatter.submit(request_id, job)
        return request_id

    @Slot(int, object)
    def _on_formatted(self, request_id: int, result: Any) -> None:
        self._kinds.pop(request_id, None)
        if not self._closed:
            self.formatted.emit(request_id, result)

    def keyring_call(self, call: Callable[[], Any]) -> int:
        request_id = self._new_id("keyring")
        self._keyring.submit(request_id, call)
        return request_id

    # ---- results -------------------------------------------------------------------------------
    @Slot(int, object)
    def _on_network_done(self, request_id: int, result: Any) -> None:
        kind = self._kinds.pop(request_id, "")
        self._side_tokens.pop(request_id, None)
        if self._closed:
            return
        if kind == "warm":
            self.warmedUp.emit(result)
        elif kind == "lookup":
            if request_id != self._lookup_id:
                return  # a late answer for a superseded look-up
            self._lookup_id, self._token = None, None
            self.busyChanged.emit(False)
            self.loaded.emit(request_id, result)
        elif kind == "check":
            self.keyChecked.emit(request_id, None)
        elif kind == "search":
            self.searchDone.emit(request_id, result)

    @Slot(int, object)
    def _on_network_failed(self, request_id: int, exc: Exception) -> None:
        kind = self._kinds.pop(request_id, "")
        self._side_tokens.pop(request_id, None)
        if self._closed:
            return
        if not isinstance(exc, errors.MetrifoxError):
            log.error("unexpected failure in %s", kind, exc_info=exc)
            exc = errors.MetrifoxError(
                "Something unexpected went wrong. Try again; if it keeps happening, tell support."
            )
        if kind == "lookup":
            if request_id != self._lookup_id:
                return
            self._lookup_id, self._token = None, None
            self.busyChanged.emit(False)
            if isinstance(exc, errors.Cancelled):
                self.cancelled.emit(request_id)
            else:
                self.failed.emit(request_id, exc)
        elif kind == "check":
            self.keyChecked.emit(request_id, exc)
        elif kind == "search":
            self.searchDone.emit(request_id, exc)

    # ---- shutdown ------------------------------------------------------------------------------
    def shutdown(self, timeout_ms: int = 800) -> bool:
        """Cancel what runs and stop both threads; returns False if a thread would not stop in time."""
        if self._closed:
            return True
        self._closed = True
        self._cancel_in_flight()
        self.cancel_side_requests()
        self._network.submit(self._new_id("close"), self._clients.close)
        self._side.submit(self._new_id("close"), self._side_clients.close)
        stopped = self._network.stop(timeout_ms)
        stopped = self._side.stop(max(100, timeout_ms // 2)) and stopped
        stopped = self._keyring.stop(max(100, timeout_ms // 2)) and stopped
        stopped = self._formatter.stop(max(100, timeout_ms // 2)) and stopped
        return stopped
