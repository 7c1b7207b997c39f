"""A real HTTP server on 127.0.0.1 that speaks the Metrifox API as documented, and misbehaves on request.

Used by the tests and the benchmarks. It checks ``x-api-key``, serves customers from JSON bodies,
records every request, and plays queued faults (status codes, hangs, broken bodies, redirects).
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
    #             | redirect | delay | close | body (status, headers, body as given)
    #             | trickle_headers / trickle_body (a byte every ``seconds``) | endless (a chunk every ``seconds``)
    status: int = 500
    body: bytes = b""
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


def load_fixture_bodies() -> dict[str, bytes]:
    """Every fixture this suite knows: the documented example plus tests/fixtures/*.json."""
    bodies: dict[str, bytes] = {}
    paths = [EXAMPLE, *sorted(FIXTURES.glob("*.json"))]
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

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def _next_fault(self) -> Fault | None:
        with self._lock:
            if not self._faults:
                return None
            fault = self._faults[0]
            fault.times -= 1
            if fault.times <= 0:
                self._faults.popleft()
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
                fault = fake._next_fault()
                if fault is not None and fake._play(self, fault):
                    return
                fake._answer(self)

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
        segments = url.path.strip("/").split("/")
        if segments[:2] != ["api", "v1"]:
            self._error(h, 404, "Route not found")
            return
        route = segments[2:]
        if len(route) == 3 and route[0] == "customers" and route[2] == "details":
            body = self.customers.get(unquote(route[1]))
            if body is None:
                self._error(h, 404, "Customer not found")
            else:
                self._send(h, 200, body)
            return
        if route == ["customers"]:
            query = parse_qs(url.query)
            term = query.get("search_term", [""])[0].lower()
            per_page = int(query.get("per_page", ["20"])[0])
            page = int(query.get("page", ["1"])[0])
            found = [c for c in (json.loads(b)["data"] for b in self.customers.values()) if _matches(c, term)]
            chunk = found[(page - 1) * per_page : page * per_page]
            total_pages = max(1, -(-len(found) // per_page))
            meta = {
                "current_page": page,
                "next_page": page + 1 if page < total_pages else None,
                "prev_page": page - 1 if page > 1 else None,
                "total_count": len(found),
                "total_pages": total_pages,
                "per_page": per_page,
            }
            summary = [{k: v for k, v in c.items() if k != "subscriptions"} for c in chunk]
            self._send(h, 200, json.dumps({"statusCode": 200, "message": "ok", "meta": meta, "data": summary}).encode())
            return
        self._error(h, 404, "Route not found")


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
