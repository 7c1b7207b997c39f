"""MetrifoxClient: one careful httpx.Client that speaks the Metrifox REST API.

What it guarantees (each guarded by a test over real HTTP):
- the API key goes only into the ``x-api-key`` header of requests to the configured host, never into
  a repr, an exception text or a log line; redirects are never followed, so it cannot leak elsewhere;
- the customer key is trimmed and percent-encoded as exactly one path segment;
- GETs are retried on connection errors, 429 and 502/503/504 (at most ``max_retries`` times, exponential
  backoff with jitter, ``Retry-After`` honoured up to a cap), all within one overall deadline;
- bodies over ``max_body_bytes`` are refused without being read whole;
- a call can be cancelled from another thread (:class:`CancelToken`), which also breaks a hung read.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel

from inspector import __version__
from inspector.api import errors
from inspector.api.account import (
    AccessAnswer,
    AllocationPage,
    CreditAllocation,
    EventPage,
    InvoicePage,
    OneAccessAnswer,
    OneAllocation,
    SummaryPage,
    UsagePage,
    WalletPage,
)
from inspector.api.cancel import CancelToken
from inspector.api.customer_key import clean_customer_key, path_segment
from inspector.api.decoding import ACCEPT_ENCODING, BodyTooLarge, UnsupportedEncoding, decoded_chunks
from inspector.api.error_bodies import is_metrifox_json, server_message, without_key
from inspector.api.gate import RateGate
from inspector.api.models import CustomerDetails, CustomerPage
from inspector.api.parsing import parse_body, parse_customer_details
from inspector.api.quantity import parse_quantity
from inspector.api.record import CustomerRecordAnswer
from inspector.api.retry import RetryPolicy, retry_after_seconds
from inspector.api.tls import is_certificate_failure, shared_ssl_context
from inspector.api.urls import normalise_base_url
from inspector.api.watchdog import DEADLINES

DEFAULT_BASE_URL = "https://api.metrifox.com/api/v1/"
DEFAULT_METER_URL = "https://api-meter.metrifox.com/"  # usage events and the access check live there
DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024
USER_AGENT = f"metrifox-inspector/{__version__}"

log = logging.getLogger(__name__)


def _clean_api_key(api_key: str | None) -> str:
    key = (api_key or "").strip()
    if not key:
        raise errors.MissingKey()
    if not key.isascii() or not key.isprintable():
        # httpx would refuse such a header with the key in its message; say it plainly instead.
        raise errors.Unauthorized("The API key contains characters an API key cannot have. Paste it again.")
    return key


@dataclass
class _Deadline:
    """One call's overall deadline; ``expired`` is set by its watchdog when the time is up."""

    at: float
    expired: threading.Event = field(default_factory=threading.Event)

    def left(self) -> float:
        return self.at - time.monotonic()


class MetrifoxClient:
    """A small client for the Metrifox API. Thread-confined: use one instance from one thread."""

    def __init__(
        self,
        api_key: str | None,
        base_url: str = DEFAULT_BASE_URL,
        *,
        timeout: float = 10.0,
        connect_timeout: float = 5.0,
        total_timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        transport: httpx.BaseTransport | None = None,
        meter_url: str | None = None,
        gate: RateGate | None = None,
    ) -> None:
        self._api_key = _clean_api_key(api_key)
        self.base_url = normalise_base_url(base_url)
        # The meter service is a second host; the key goes to exactly these two bases and nowhere else.
        # Without one (None or ""), production's meter is used only for production's API address; for any
        # other, the meter calls raise NoMeterAddress rather than send the key to production's meter host.
        if meter_url:
            self.meter_url: str | None = normalise_base_url(meter_url)
        else:
            self.meter_url = DEFAULT_METER_URL if self.base_url == DEFAULT_BASE_URL else None
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.total_timeout = total_timeout
        self.retry = retry or RetryPolicy()
        self.max_body_bytes = max_body_bytes
        self.gate = gate  # shared by the clients of one run: a Retry-After holds them all (api/gate.py)
        self._streams: list[Any] = []
        self._streams_lock = threading.Lock()
        self._http = httpx.Client(
            base_url=self.base_url,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            follow_redirects=False,  # a redirect must never carry the key to another place
            transport=transport,
            verify=shared_ssl_context() if transport is None else True,
            timeout=httpx.Timeout(timeout, connect=connect_timeout),
        )

    def __repr__(self) -> str:
        return f"MetrifoxClient(base_url={self.base_url!r}, meter_url={self.meter_url!r})"

    def __enter__(self) -> MetrifoxClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # ---- the calls ---------------------------------------------------------------------------

    def customer_details(self, customer_key: str, *, cancel: CancelToken | None = None) -> CustomerDetails:
        """``GET customers/{customer_key}/details``, parsed. The raw body is kept as ``.raw_json``."""
        key = clean_customer_key(customer_key)
        path = f"customers/{path_segment(key)}/details"
        body = self._get(path, None, cancel, not_found=errors.NotFound())
        return parse_customer_details(body)

    def search_customers(
        self, term: str = "", *, page: int = 1, per_page: int = 20, cancel: CancelToken | None = None
    ) -> CustomerPage:
        """``GET customers?search_term=&page=&per_page=`` — one page of matching customers."""
        params = {"page": str(page), "per_page": str(per_page)}
        if term.strip():
            params["search_term"] = term.strip()
        body = self._get("customers", params, cancel, not_found=errors.NotFound("No customers matched."))
        return parse_body(CustomerPage, body)

    def customer_record(self, customer_key: str, *, cancel: CancelToken | None = None) -> CustomerRecordAnswer:
        """``GET customers/{customer_key}``: the customer record (contacts, account manager, tax, terms)."""
        path = f"customers/{path_segment(clean_customer_key(customer_key))}"
        try:
            body = self._get(path, None, cancel, not_found=errors.NotFound(_NO_RECORD))
        except errors.Forbidden as refused:  # Metrifox's own 403: for the record, not the details beside it
            raise errors.Forbidden(RECORD_FORBIDDEN, status_code=refused.status_code) from None
        return parse_body(CustomerRecordAnswer, body)

    def check_key(self, *, cancel: CancelToken | None = None) -> None:
        """A cheap authenticated call: returns if the key is accepted, raises the error otherwise."""
        self.search_customers(per_page=1, cancel=cancel)

    # ---- the rest of the account (see account.py) ----------------------------------------------

    def billing_history(self, subscription_id: str, *, cancel: CancelToken | None = None) -> InvoicePage:
        """``GET subscriptions/{id}/billing-history``: the subscription's invoices."""
        return self._list(InvoicePage, f"subscriptions/{_segment(subscription_id)}/billing-history", None, cancel)

    def entitlements_usage(self, subscription_id: str, *, cancel: CancelToken | None = None) -> UsagePage:
        """``GET subscriptions/{id}/v2/entitlements-usage``: per feature, what is used of each pool."""
        return self._list(UsagePage, f"subscriptions/{_segment(subscription_id)}/v2/entitlements-usage", None, cancel)

    def entitlements_summary(self, subscription_id: str, *, cancel: CancelToken | None = None) -> SummaryPage:
        """``GET subscriptions/{id}/v2/entitlements-summary``: per feature, its allowance, limit and resets."""
        path = f"subscriptions/{_segment(subscription_id)}/v2/entitlements-summary"
        return self._list(SummaryPage, path, None, cancel)

    def wallets(self, customer_key: str, *, cancel: CancelToken | None = None) -> WalletPage:
        """``GET credit_systems/v2/wallets?customer_key=``: the customer's credit wallets."""
        params = {"customer_key": clean_customer_key(customer_key)}
        return self._list(WalletPage, "credit_systems/v2/wallets", params, cancel)

    def credit_allocations(
        self, wallet_id: str, *, page: int = 1, status: str | None = None, cancel: CancelToken | None = None
    ) -> AllocationPage:
        """``GET credit_systems/v2/wallets/{id}/credit-allocations``: one page of a wallet's credit grants."""
        params = {"page": str(page)} | ({"status": status} if status else {})
        path = f"credit_systems/v2/wallets/{_segment(wallet_id)}/credit-allocations"
        return self._list(AllocationPage, path, params, cancel)

    def credit_allocation(self, allocation_id: str, *, cancel: CancelToken | None = None) -> CreditAllocation:
        """``GET credit_systems/v2/credit-allocations/{id}``: one allocation with its transactions."""
        path = f"credit_systems/v2/credit-allocations/{_segment(allocation_id)}"
        body = self._get(path, None, cancel, not_found=errors.NotFound(_GONE))
        return parse_body(OneAllocation, body).data

    def usage_events(
        self,
        customer_key: str,
        feature_key: str | None = None,
        *,
        page: int = 1,
        per_page: int = 50,
        cancel: CancelToken | None = None,
    ) -> EventPage:
        """Meter service ``GET usage/events``: one page of the customer's usage events."""
        params = {"customer_key": clean_customer_key(customer_key), "page": str(page), "per_page": str(per_page)}
        if feature_key:
            params["feature_key"] = feature_key.strip()
        return self._list(EventPage, self._meter() + "usage/events", params, cancel)

    def check_access(
        self, customer_key: str, feature_key: str, quantity: int | str = 1, *, cancel: CancelToken | None = None
    ) -> AccessAnswer:
        """Meter service ``GET usage/access``: may the customer use ``quantity`` of the feature now?"""
        params = {
            "customer_key": clean_customer_key(customer_key),
            "feature_key": feature_key.strip(),
            "quantity": str(parse_quantity(quantity)),  # ASCII digits, 1 to 1,000,000,000: nothing else is sent
        }
        body = self._get(self._meter() + "usage/access", params, cancel, not_found=errors.NotFound(_NO_FEATURE))
        return parse_body(OneAccessAnswer, body).data

    def _meter(self) -> str:
        if self.meter_url is None:
            raise errors.NoMeterAddress()
        return self.meter_url

    def _list(
        self, model: type[ListT], path: str, params: Mapping[str, str] | None, cancel: CancelToken | None
    ) -> ListT:
        body = self._get(path, params, cancel, not_found=errors.NotFound(_GONE))
        return parse_body(model, body)

    # ---- the machinery -----------------------------------------------------------------------

    def _get(
        self,
        path: str,
        params: Mapping[str, str] | None,
        cancel: CancelToken | None,
        *,
        not_found: errors.MetrifoxError,
    ) -> bytes:
        cancel = cancel or CancelToken()
        cancel.on_cancel(self._break_connections)
        deadline = _Deadline(time.monotonic() + self.total_timeout)
        # Per-read timeouts restart with every byte, so a server trickling one byte a second would never
        # time out: at the deadline this timer breaks the sockets, whatever phase the call is in.

        def expire() -> None:
            deadline.expired.set()
            self._break_connections()

        take_back = DEADLINES.call_at(time.monotonic() + self.total_timeout, expire)  # one thread for all calls
        try:
            return self._get_until(path, params, cancel, deadline, not_found)
        finally:
            take_back()

    def _get_until(
        self,
        path: str,
        params: Mapping[str, str] | None,
        cancel: CancelToken,
        deadline: _Deadline,
        not_found: errors.MetrifoxError,
    ) -> bytes:
        retries = 0
        while True:
            if cancel.cancelled:
                raise errors.Cancelled()
            if self.gate is not None:
                self.gate.wait(cancel)
            try:
                status, headers, body = self._attempt(path, params, deadline, cancel)
            except (errors.Offline, errors.TimedOut) as failure:
                if cancel.cancelled:
                    raise errors.Cancelled() from None
                delay = None if deadline.expired.is_set() else self.retry.after_failure(retries, deadline.left())
                if delay is None:
                    raise failure from None
                log.info("retrying GET %s after %s in %.2fs", path, type(failure).__name__, delay)
                retries += 1
                cancel.sleep(delay)
                continue
            if 200 <= status < 300:
                return body
            delay = self.retry.after_status(status, headers, retries, deadline.left())
            if delay is not None:
                log.info("retrying GET %s after HTTP %s in %.2fs", path, status, delay)
                if self.gate is not None and (status == 429 or retry_after_seconds(headers) is not None):
                    self.gate.hold(delay)  # the server asked to slow down: every worker of the run waits
                retries += 1
                cancel.sleep(delay)
                continue
            raise self._status_error(status, headers, body, not_found)

    def _attempt(
        self,
        path: str,
        params: Mapping[str, str] | None,
        deadline: _Deadline,
        cancel: CancelToken,
    ) -> tuple[int, httpx.Headers, bytes]:
        remaining = deadline.left()
        if remaining <= 0 or deadline.expired.is_set():
            raise errors.TimedOut()
        timeout = httpx.Timeout(min(self.timeout, remaining), connect=min(self.connect_timeout, remaining))
        request = self._http.build_request(
            "GET",
            path,
            params=params,
            headers={"x-api-key": self._api_key, "Accept-Encoding": ACCEPT_ENCODING},
            timeout=timeout,
            extensions={"trace": self._trace},
        )

        def stopped() -> errors.MetrifoxError | None:
            """Why a broken socket broke: our deadline or a cancel, not the network."""
            if cancel.cancelled:
                return errors.Cancelled()
            if deadline.expired.is_set():
                return errors.TimedOut()
            return None

        try:
            response = self._http.send(request, stream=True)
        except httpx.HTTPError as exc:
            raise _unanswered(exc, stopped) from None
        try:
            return response.status_code, response.headers, self._read_capped(response, stopped)
        finally:
            response.close()

    def _read_capped(self, response: httpx.Response, stopped: Callable[[], errors.MetrifoxError | None]) -> bytes:
        """The decoded body, refused past ``max_body_bytes`` before it is read or inflated whole."""
        too_large = errors.BadResponse("Metrifox sent an answer too large to show.")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            raise too_large
        raw_size = 0

        def raw_chunks() -> Iterator[bytes]:
            nonlocal raw_size
            for chunk in response.iter_raw():
                raw_size += len(chunk)
                if raw_size > self.max_body_bytes:
                    raise BodyTooLarge()
                yield chunk

        encodings = response.headers.get_list("content-encoding")
        try:
            return b"".join(decoded_chunks(raw_chunks(), encodings, self.max_body_bytes))
        except BodyTooLarge:
            raise too_large from None
        except UnsupportedEncoding:
            raise errors.BadResponse() from None
        except ValueError:  # a damaged compressed stream
            raise stopped() or errors.BadResponse(_GARBLED) from None
        except httpx.TimeoutException:
            raise errors.TimedOut() from None
        except (httpx.HTTPError, httpx.StreamError):
            raise stopped() or errors.BadResponse(
                "Metrifox's answer was cut off. Try again in a moment."
            ) from None

    def _status_error(
        self, status: int, headers: httpx.Headers, body: bytes, not_found: errors.MetrifoxError
    ) -> errors.MetrifoxError:
        # A server may echo the key back, even changed (upper-cased): it is masked, in any letter case,
        # before the message is logged or kept (the app's log filter is a second line of defence).
        said = (without_key(server_message(body), self._api_key) or "")[:300] or None
        log.info("HTTP %s from Metrifox: %s", status, said or "(no message)")
        error: errors.MetrifoxError
        if status == 401:
            error = errors.Unauthorized(status_code=status)
        elif status == 403 and not is_metrifox_json(body):  # a proxy's page: the key was never judged
            error = errors.ProxyRefused(status_code=status)
        elif status == 403:
            error = errors.Forbidden(status_code=status)
        elif status == 404:
            error = not_found
            error.status_code = status
        elif status in {400, 409, 422}:
            error = errors.InvalidRequest(status_code=status)
        elif status == 429:
            error = errors.RateLimited(retry_after=retry_after_seconds(headers), status_code=status)
        elif status >= 500:
            error = errors.ServerError.busy(retry_after_seconds(headers), status_code=status)
        elif 300 <= status < 400:
            error = errors.BadResponse(
                "Metrifox answered from an unexpected address, so the app stopped to keep your key safe.",
                status_code=status,
            )
        else:
            error = errors.BadResponse(status_code=status)
        error.server_message = said
        return error

    # ---- cancellation: break the sockets a blocked call is waiting on -------------------------

    def _trace(self, event: str, info: dict[str, Any]) -> None:
        if event == "connection.connect_tcp.complete" and info.get("return_value") is not None:
            with self._streams_lock:
                # forget connections the pool has closed since, so the list stays small
                self._streams = [s for s in self._streams if _is_open(s)]
                self._streams.append(info["return_value"])

    def _break_connections(self) -> None:
        with self._streams_lock:
            streams, self._streams = self._streams, []
        for stream in streams:
            sock = stream.get_extra_info("socket")
            if sock is not None:
                with contextlib.suppress(OSError):  # already closed: nothing to break
                    sock.shutdown(socket.SHUT_RDWR)


_GONE = "Metrifox no longer has this (it may have been removed). Look the customer up again."
_NO_FEATURE = "Metrifox knows no such feature for this customer. Check the feature key."
_NO_RECORD = "Metrifox has no customer record for this key."
RECORD_FORBIDDEN = (
    "This API key is not allowed to read the customer record (contacts, account manager). Ask an admin for a key "
    "with access."
)
ListT = TypeVar("ListT", bound=BaseModel)


def _segment(identifier: str) -> str:
    """An ID from an answer, as exactly one path segment (an ID with "/" or ".." cannot reach elsewhere)."""
    if not identifier or not str(identifier).strip():
        raise errors.BadResponse("Metrifox sent no ID for this, so it cannot be fetched.")
    return path_segment(str(identifier).strip())


_GARBLED = "Metrifox's answer was garbled on the way. Try again; if it keeps happening, tell support."


def _is_open(stream: Any) -> bool:
    sock = stream.get_extra_info("socket")
    return sock is not None and sock.fileno() != -1


def _unanswered(exc: httpx.HTTPError, stopped: Callable[[], errors.MetrifoxError | None]) -> errors.MetrifoxError:
    """The one sentence for a request that got no answer; ``stopped`` says when our deadline or a cancel broke
    the socket (then that is the reason, not the network)."""
    if isinstance(exc, httpx.TimeoutException):
        return errors.Offline() if isinstance(exc, httpx.ConnectTimeout) else errors.TimedOut()
    if isinstance(exc, httpx.RemoteProtocolError):
        if "disconnected" in str(exc).lower():  # closed before answering: like a dropped network
            return stopped() or errors.Offline()
        return stopped() or errors.BadResponse(_GARBLED)
    if isinstance(exc, httpx.NetworkError):
        if (reason := stopped()) is not None:
            return reason
        return errors.InsecureConnection() if is_certificate_failure(exc) else errors.Offline()
    return stopped() or errors.BadResponse()
