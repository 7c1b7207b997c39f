"""A real HTTP server on 127.0.0.1 that speaks the Metrifox API as documented, and misbehaves on request.

Used by the tests and the benchmarks. It checks ``x-api-key``, serves customers from JSON bodies,
records every request, and plays queued faults (status codes, hangs, broken bodies, redirects).
Card links and price quotes: tests/support/offers.py.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from contextlib import suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from inspector.api.demo import Account, account_answer, page_answer
from tests.support.offers import add_offers

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
_REPO = Path(__file__).resolve().parents[2]
EXAMPLE = _REPO.parent / "shared" / "api" / "customer-details.example.json"
if not EXAMPLE.exists():  # a clone without shared/ beside it: the demo keeps a verbatim copy
    EXAMPLE = _REPO / "resources" / "demo" / "cust-mljp3ra6ffjm.json"
TEST_API_KEY = "mfx_test_3c9f1b7e2a6d4f08"


@dataclass
class Fault:
    """One misbehaviour, played for the next matching request(s)."""

    kind: str  # status | hang | truncated | invalid_json | html | empty | oversized | chunked_oversized
    #             | redirect | delay | close | body (status, headers, body as given) | chunked_body
    #             | trickle_headers / trickle_body (a byte every ``seconds``) | endless (a chunk every ``seconds``)
    status: int = 500
    body: bytes = b""
    where: str = ""  # only for requests whose path contains this (one endpoint's faults)
    headers: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    size: int = 0
    location: str = ""
    times: int = 1


@dataclass
class SeenRequest:
    method: str
    raw_path: str
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)  # when it arrived (--print-many's shared Retry-After)


def load_fixture_bodies() -> dict[str, bytes]:
    """Every fixture this suite knows: the documented example, tests/fixtures/*.json, and the details answers
    shaped as Metrifox's SDKs declare them (tests/fixtures/shapes/details_*.json: product groups; plain
    subscriptions with top-level entitlements)."""
    bodies: dict[str, bytes] = {}
    paths = [EXAMPLE, *sorted(FIXTURES.glob("*.json")), *sorted((FIXTURES / "shapes").glob("details_*.json"))]
    for path in paths:
        if path.exists():
            body = path.read_bytes()
            bodies[json.loads(body)["data"]["customer_key"]] = body
    return bodies


class FakeMetrifox:
    def __init__(
        self, customers: dict[str, bytes] | None = None, api_key: str = TEST_API_KEY, *, tls: bool = False
    ) -> None:
        self.customers = dict(load_fixture_bodies() if customers is None else customers)
        self.api_key = api_key
        self.requests: list[SeenRequest] = []
        self.account = example_account()
        self.latency = 0.0  # seconds every answer waits
        self.in_flight = 0  # requests being answered now, and the most at once (concurrency tests)
        self.max_in_flight = 0
        self.last_sent_at = 0.0
        self._faults: deque[Fault] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self.tls = tls
        if tls:  # a self-signed certificate no client trusts (the "wrong certificate" case)
            from tests.support.tls import self_signed_context

            self._server.socket = self_signed_context().wrap_socket(self._server.socket, server_side=True)
        self._thread = threading.Thread(
            target=lambda: self._server.serve_forever(poll_interval=0.05), name="fake-metrifox", daemon=True
        )

    # ---- life ----------------------------------------------------------------------------------
    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}/api/v1/"

    @property
    def meter_url(self) -> str:
        """The meter service (usage events, access checks), as a second base on the same server."""
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}/meter/"

    def cli_args(self, *more: str) -> list[str]:
        """The command line's address options for this server (API and meter), then ``more``."""
        return ["--base-url", self.base_url, "--meter-url", self.meter_url, *more]

    def start(self) -> FakeMetrifox:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes hung handlers
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeMetrifox:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- scripting -----------------------------------------------------------------------------
    def fail(self, kind: str, times: int = 1, **kwargs: Any) -> None:
        with self._lock:
            self._faults.append(Fault(kind=kind, times=times, **kwargs))

    def seen(self, part: str) -> list[SeenRequest]:
        """The requests whose path contains ``part`` ("/details": the look-ups, not the record beside them)."""
        return [r for r in self.requests if part in r.raw_path]

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def _next_fault(self, path: str = "") -> Fault | None:
        # The customer record is asked for beside every look-up: a fault meant for "the next request" (no
        # ``where``) would race it, so only a fault that names it plays for it (``where=RECORD``, or its path).
        subject = path + RECORD if _is_record(path) else path
        with self._lock:
            fault = next((f for f in self._faults if f.where in subject and (f.where or subject == path)), None)
            if fault is None:
                return None
            fault.times -= 1
            if fault.times <= 0:
                self._faults.remove(fault)
            return fault

    # ---- the handler ---------------------------------------------------------------------------
    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body leave at once, as from a real server

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib's name
                pass  # keep test output clean

            def do_GET(self) -> None:
                fake.requests.append(SeenRequest("GET", self.path, {k.lower(): v for k, v in self.headers.items()}))
                with fake._lock:
                    fake.in_flight += 1
                    fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
                try:
                    if fake.latency:  # every answer takes this long (benchmarks: sections at once)
                        fake._stopping.wait(fake.latency)
                    fault = fake._next_fault(self.path)
                    if fault is not None and fake._play(self, fault):
                        return
                    fake._answer(self)
                finally:
                    with fake._lock:
                        fake.in_flight -= 1

        return Handler

    def _send(
        self,
        h: BaseHTTPRequestHandler,
        status: int,
        body: bytes,
        ctype: str = "application/json",
        headers: dict[str, str] | None = None,
        length: int | None = None,
    ) -> None:
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body) if length is None else length))
        for name, value in (headers or {}).items():
            h.send_header(name, value)
        h.end_headers()
        with suppress(BrokenPipeError, ConnectionResetError):
            h.wfile.write(body)
        self.last_sent_at = time.perf_counter()  # benchmarks: when the answer left (loopback: arrived)

    def _error(
        self, h: BaseHTTPRequestHandler, status: int, message: str, headers: dict[str, str] | None = None
    ) -> None:
        body = json.dumps({"statusCode": status, "message": message, "errors": {}}).encode()
        self._send(h, status, body, headers=headers)

    def _play(self, h: BaseHTTPRequestHandler, fault: Fault) -> bool:
        """Play a fault; False means 'then answer normally' (delay)."""
        kind = fault.kind
        if kind == "delay":
            self._stopping.wait(fault.seconds)
            return False
        if kind == "status":
            self._error(h, fault.status, f"fault {fault.status}", headers=fault.headers)
        elif kind == "hang":
            self._stopping.wait(fault.seconds or 3600)
            h.close_connection = True
        elif kind == "truncated":
            body = b'{"statusCode": 200, "data": {"customer_key": "cust-'
            self._send(h, 200, body, length=len(body) + 500)
            h.close_connection = True
        elif kind == "invalid_json":
            self._send(h, 200, b'{"statusCode": 200, "data": {"customer_key": }')
        elif kind == "wrong_shape":
            self._send(h, 200, b'{"statusCode": 200, "data": ["not", "a", "customer"]}')
        elif kind == "html":
            page = b"<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>"
            self._send(h, fault.status if fault.status != 500 else 200, page, ctype="text/html")
        elif kind == "empty":
            self._send(h, 200, b"")
        elif kind == "oversized":
            h.send_response(200)
            h.send_header("Content-Type", "application/json")
            h.send_header("Content-Length", str(fault.size))
            h.end_headers()
            h.close_connection = True  # promised far more than we will send
        elif kind == "chunked_oversized":
            h.send_response(200)
            h.send_header("Content-Type", "application/json")
            h.send_header("Transfer-Encoding", "chunked")
            h.end_headers()
            chunk = b" " * 65536
            sent = 0
            try:
                while sent < fault.size and not self._stopping.is_set():
                    h.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    sent += len(chunk)
                h.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass
            h.close_connection = True
        elif kind == "redirect":
            h.send_response(fault.status if 300 <= fault.status < 400 else 302)
            h.send_header("Location", fault.location or "http://127.0.0.2:9/steal")
            h.send_header("Content-Length", "0")
            h.end_headers()
        elif kind == "close":
            h.close_connection = True  # no answer at all: the client sees the connection drop
        elif kind == "garbage":
            with suppress(BrokenPipeError, ConnectionResetError):
                h.wfile.write(b"THIS IS NOT HTTP\r\n\r\n")
            h.close_connection = True
        elif kind == "body":
            self._send(h, fault.status if fault.status != 500 else 200, fault.body, headers=fault.headers)
        elif kind == "chunked_body":  # the body as given, in 64 KB chunks: no Content-Length to refuse it by
            h.send_response(200)
            for name, value in {"Content-Type": "application/json", **fault.headers}.items():
                h.send_header(name, value)
            h.send_header("Transfer-Encoding", "chunked")
            h.end_headers()
            with suppress(BrokenPipeError, ConnectionResetError):
                for start in range(0, len(fault.body), 65536):
                    piece = fault.body[start : start + 65536]
                    h.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                h.wfile.write(b"0\r\n\r\n")
            h.close_connection = True
        elif kind in {"trickle_headers", "trickle_body"}:
            body = fault.body or next(iter(self.customers.values()))
            head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
            slow, fast = (head.encode(), body) if kind == "trickle_headers" else (body, head.encode())
            h.close_connection = True
            with suppress(BrokenPipeError, ConnectionResetError):
                if kind == "trickle_body":
                    h.wfile.write(fast)
                for byte in slow:
                    if self._stopping.wait(fault.seconds):
                        return True
                    h.wfile.write(bytes([byte]))
                    h.wfile.flush()
                if kind == "trickle_headers":
                    h.wfile.write(fast)
        elif kind == "endless":
            h.send_response(200)
            h.send_header("Content-Type", "application/json")
            h.send_header("Transfer-Encoding", "chunked")
            h.end_headers()
            h.close_connection = True
            with suppress(BrokenPipeError, ConnectionResetError):
                h.wfile.write(b'1\r\n[\r\n')
                while not self._stopping.wait(fault.seconds):
                    h.wfile.write(b"2\r\n0,\r\n")
                    h.wfile.flush()
        else:
            raise ValueError(f"unknown fault {kind!r}")
        return True

    def _answer(self, h: BaseHTTPRequestHandler) -> None:
        if h.headers.get("x-api-key") != self.api_key:
            self._error(h, 401, "Invalid API key")
            return
        url = urlsplit(h.path)
        segments = [unquote(part) for part in url.path.strip("/").split("/")]
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if segments[:1] == ["meter"]:
            self._meter(h, segments[1:], query)
            return
        if segments[:2] != ["api", "v1"]:
            self._error(h, 404, "Route not found")
            return
        route = segments[2:]
        if self._account(h, route, query):
            return
        if len(route) == 2 and route[0] == "customers":  # the record: the account's, else the details' identity
            record = self.account.get("records", {}).get(route[1]) or _record_from(self.customers.get(route[1]))
            if record is None:
                self._error(h, 404, "Customer not found")
            else:
                self._send(h, 200, json.dumps({"statusCode": 200, "message": "ok", "data": record}).encode())
            return
        if len(route) == 3 and route[0] == "customers" and route[2] == "details":
            body = self.customers.get(route[1])
            if body is None:
                self._error(h, 404, "Customer not found")
            else:
                self._send(h, 200, body)
            return
        if route == ["customers"]:
            term = query.get("search_term", "").lower()
            found = [c for c in (json.loads(b)["data"] for b in self.customers.values()) if _matches(c, term)]
            summaries = [{k: v for k, v in c.items() if k != "subscriptions"} for c in found]
            status, answer = page_answer(summaries, query, 20)
            self._send(h, status, json.dumps(answer).encode())
            return
        self._error(h, 404, "Route not found")


    # ---- the rest of the account (the demo transport's router: both speak the endpoints alike) -----
    def _account(self, h: BaseHTTPRequestHandler, route: list[str], query: dict[str, str]) -> bool:
        """The main API's account endpoints; False when the route is not one of them."""
        answer = account_answer(route, query, self.account)
        if answer is None:
            return False
        self._send(h, answer[0], json.dumps(answer[1]).encode())
        return True

    def _meter(self, h: BaseHTTPRequestHandler, route: list[str], query: dict[str, str]) -> None:
        if h.headers.get("x-api-key") != self.api_key:
            self._error(h, 401, "Invalid API key")
            return
        answer = account_answer(route, query, self.account, meter=True)
        if answer is None:
            self._error(h, 404, "Route not found")
        else:
            self._send(h, answer[0], json.dumps(answer[1]).encode())


RECORD = "#record"  # Fault(where=RECORD): a fault for the customer record's request only


def _is_record(path: str) -> bool:
    segments = path.split("?", maxsplit=1)[0].strip("/").split("/")
    return len(segments) == 4 and segments[:3] == ["api", "v1", "customers"]


_RECORD_FIELDS = ("customer_key", "customer_type", "display_name", "full_name", "primary_email", "billing_email",
                  "currency", "timezone", "language", "archived_at")


_DERIVED: dict[bytes, dict[str, Any]] = {}  # a details body → its record (a 17 MB body is read once, not per look-up)


def _record_from(details: bytes | None) -> dict[str, Any] | None:
    """A customer without a record in the account: the record's identity fields from its details."""
    if details is None:
        return None
    if details not in _DERIVED:
        customer = json.loads(details).get("data") or {}
        _DERIVED.clear()  # one kept: the fixtures are small, the large ones are made per benchmark
        _DERIVED[details] = {name: customer.get(name) for name in _RECORD_FIELDS if name in customer}
    return _DERIVED[details]


EXAMPLE_SUBSCRIPTION = "625f5cee-259b-4994-b7eb-416b9e551f2c"


def example_account(events: int = 120) -> Account:
    """The documented example customer's invoices (one overdue), usage near a limit, a wallet with
    allocations and transactions, and ``events`` usage events, in the SDK's shapes (numbers as strings)."""
    key = "cust-mljp3ra6ffjm"
    invoices = [
        {"invoice_id": "inv-3", "invoice_number": "INV-0003", "issued_date": "2026-11-01T00:00:00Z",
         "due_date": "2026-11-15T00:00:00Z", "total_amount": 21.0, "amount_paid": 0, "balance_due": "21.0",
         "currency": "USD", "status": "open", "source_type": "subscription", "created_at": "2026-11-01T00:00:00Z"},
        {"invoice_id": "inv-2", "invoice_number": "INV-0002", "issued_date": "2026-10-01T00:00:00Z",
         "due_date": "2026-10-15T00:00:00Z", "total_amount": "21.00", "amount_paid": "21.00", "balance_due": 0,
         "currency": {"code": "USD", "symbol": "$"}, "status": "paid", "source_type": "subscription"},
    ]
    pool = {"balance": "2500", "used": "7500", "amount": "10000", "next_reset_at": "2026-12-12T00:00:00Z",
            "active": True}
    usage = [
        {"id": "ent-1", "feature_key": "api_calls", "feature_name": "API calls", "type": "metered", "active": True,
         "unlimited": False, "included_pool": pool, "purchased_pool": None, "pay_as_you_go_pool": None,
         "rollover_quantity_pool": {"balance": "0", "used": "0", "amount": "0", "active": False}},
        {"id": "ent-2", "feature_key": "seats", "feature_name": "Seats", "type": "static", "active": True,
         "unlimited": True},
    ]
    summary = [
        {"feature_key": "api_calls", "feature_name": "API calls", "feature_type": "metered",
         "included_allowance": 10000, "included_allowance_reset_interval": "monthly", "usage_limit": "12000",
         "usage_limit_reset_interval": "monthly", "soft_limit_enabled": False, "carryover_enabled": True,
         "max_carryover_amount": "1000", "price_type": "usage", "usage_model": "per_unit", "prepaid": False},
    ]
    wallet = {"id": "wal-1", "name": "AI credits", "balance": "1250.5", "credit_unit_singular": "credit",
              "credit_unit_plural": "credits", "credit_key": "ai_credits", "low_balance_threshold": "2000",
              "topup_link": "https://checkout.metrifox.com/topup/wal-1", "allocations": []}
    allocations = [
        {"id": f"alloc-{n}", "amount": "1000", "consumed": str(250 * n), "allocation_type": "purchase",
         "order_number": f"ORD-{n:04d}", "created_at": f"2026-{n:02d}-01T00:00:00Z",
         "valid_until": "2027-01-01T00:00:00Z",
         "transactions": [{"id": f"txn-{n}-{t}", "amount": "-25", "quantity": "5", "event_name": "ai.completion",
                           "created_at": f"2026-{n:02d}-0{t + 1}T12:00:00Z"} for t in range(3)]}
        for n in range(1, 4)
    ]
    base = 1_764_000_000  # epoch seconds (the shaped customers: tests/fixtures/shapes/events_ms.json has ms)
    event_list = [
        {"id": f"evt-{n}", "event_id": f"e-{n}", "customer_key": key,
         "feature_key": "api_calls" if n % 3 else "ai_credits", "quantity": str(n % 7 + 1),
         "timestamp": base - n * 3600, "credit_used": 5 if n % 3 == 0 else None, "event_name": "request",
         "metadata": {"region": "eu"}}
        for n in range(events)
    ]
    access = [
        {"customer_key": key, "feature_key": "api_calls", "can_access": True,
                             "unlimited": False, "balance": "2500", "used_quantity": "7500",
                             "entitlement_active": True, "prepaid": False, "message": "Access granted"},
        {"customer_key": key, "feature_key": "exports", "can_access": False, "balance": 0,
                           "used_quantity": "50", "message": "Usage limit reached"},
    ]
    account: Account = {
        "records": {key: example_record(key)},
        "invoices": {EXAMPLE_SUBSCRIPTION: invoices},
        "usage": {EXAMPLE_SUBSCRIPTION: usage},
        "summary": {EXAMPLE_SUBSCRIPTION: summary},
        "wallets": {key: [wallet]},
        "allocations": {"wal-1": allocations},
        "events": {key: event_list},
        "access": access,
    }
    return add_offers(add_shapes(account))


def example_record(key: str) -> dict[str, Any]:
    """The example customer's record in the SDK's shape (``CustomerResponse``), one field this app does not
    know (``preferred_contact_hours``) and a phone given as a plain string."""
    return {
        "id": "rec-0001", "customer_key": key, "customer_type": "BUSINESS", "primary_email": "uppender@yopmail.com",
        "primary_phone": None, "legal_name": "Uppender Lala Ltd", "display_name": "Uppender Lala",
        "account_manager": "Priya Raman", "tax_status": "taxable", "tax_identification_number": "GB123456789",
        "address_line1": "1 Main Street", "city": "San Francisco", "state": "CA", "zip_code": "94105", "country": "US",
        "shipping_address_line1": "Hafenstraße 12", "shipping_city": "Hamburg", "shipping_zip_code": "20457",
        "shipping_country": "DE", "created_at": "2026-02-13T12:58:40.118Z", "updated_at": "2026-11-02T09:14:05Z",
        "archived_at": None,
        "phone_numbers": [{"number": "+1 415 555 0142", "type": "mobile", "is_primary": True}, "+1 415 555 0199"],
        "email_addresses": [{"email": "ops@example.com", "type": "work"}],
        "billing_configuration": {"preferred_payment_gateway": "stripe", "preferred_payment_method": "card",
                                  "billing_email": "billing@example.com", "billing_address": None,
                                  "payment_reminder_days": "3"},
        "tax_identifications": [{"type": "vat", "number": "GB123456789", "country": "GB"}],
        "contact_people": [
            {"first_name": "Jana", "last_name": "Weber", "email_address": "jana@example.com",
             "designation": "Head of Finance", "department": "Finance", "is_primary": True, "phone_number": None},
            {"first_name": "Malte", "last_name": "Hansen", "email_address": "malte@example.com",
             "designation": "IT Lead", "department": "IT", "is_primary": False},
        ],
        "payment_terms": [{"type": "net", "value": 30}],
        "metadata": {"crm_id": "SF-0042917"},
        "preferred_contact_hours": "09:00-17:00 PT",
    }


SHAPES = FIXTURES / "shapes"
SDK_SHAPED = ("cust-shapes-sdk", "sub-sdk-0001", "sdk")  # customer, subscription, the fixtures' suffix
JS_SHAPED = ("cust-shapes-js", "sub-js-0001", "js")


def _shape_data(name: str) -> Any:
    document = json.loads((SHAPES / f"{name}.json").read_bytes())
    return document["data"]


def add_shapes(account: Account) -> Account:
    """The sections of the two customers shaped as Metrifox's SDKs declare them: the Python SDK's types for
    ``cust-shapes-sdk`` (event timestamps in seconds), the JS SDK's interfaces and test answers for
    ``cust-shapes-js`` (timestamps in milliseconds); both access-check shapes."""
    for customer, subscription, suffix in (SDK_SHAPED, JS_SHAPED):
        account["invoices"][subscription] = _shape_data(f"invoices_{suffix}")
        account["usage"][subscription] = _shape_data(f"usage_{suffix}")
        account["summary"][subscription] = _shape_data(f"summary_{suffix}")
        wallets = _shape_data(f"wallets_{suffix}")
        account["wallets"][customer] = wallets
        account["allocations"][wallets[0]["id"]] = _shape_data(f"allocations_{suffix}")
        account["events"][customer] = _shape_data("events_s" if suffix == "sdk" else "events_ms")
        access = _shape_data(f"access_{suffix}")
        account["access"].append(dict(access, customer_key=customer))
    return account


def _matches(customer: dict[str, Any], term: str) -> bool:
    """As the API's search_term: key, names and emails, case-insensitive."""
    fields = ("customer_key", "display_name", "full_name", "primary_email", "billing_email")
    return any(term in str(customer.get(name) or "").lower() for name in fields)


def large_customer(products: int = 150, history: int = 40, key: str = "cust-large-0001") -> bytes:
    """A generated customer with ``products`` products, each with ``history`` history entries."""
    example = json.loads(EXAMPLE.read_bytes())
    template = example["data"]["subscriptions"][0]["subscription"]
    subs = []
    for p in range(products):
        current = dict(
            template,
            id=f"sub-{p}-current",
            product_key=f"product_{p}",
            product_name=f"Product {p:03d}",
            next_billing_amount=p + 0.5,
        )
        past = [
            dict(
                template,
                id=f"sub-{p}-{h}",
                status="deactivated",
                plan_name=f"Plan {h}",
                starts_at=f"20{10 + h // 12:02d}-{h % 12 + 1:02d}-01T00:00:00.000Z",
            )
            for h in range(history - 1)
        ]
        subs.append(
            {
                "product_key": f"product_{p}",
                "product_name": f"Product {p:03d}",
                "status": "active",
                "subscription": current,
                "entitlements": [],
                "wallets": [],
                "subscriptions_history": [current, *past],
                "payment_method": None,
            }
        )
    data = dict(example["data"], customer_key=key, display_name="Large Customer Ltd", subscriptions=subs)
    return json.dumps({"statusCode": 200, "message": "ok", "meta": {}, "data": data, "errors": {}}).encode()
