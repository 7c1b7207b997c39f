"""The built-in demo: the real MetrifoxClient over an httpx transport that serves resources/demo/.

Demo mode therefore runs the same request, parsing and error path as the live API; only the bytes
come from files instead of the network.
"""

from __future__ import annotations

import json
from functools import cache
from urllib.parse import unquote

import httpx

from inspector.api.client import MetrifoxClient
from inspector.resources import DEMO_CUSTOMER_KEY, demo_keys, resource_path

__all__ = ["DEMO_BASE_URL", "DEMO_CUSTOMER_KEY", "demo_client", "demo_customers"]

DEMO_BASE_URL = "https://demo.metrifox.invalid/api/v1/"
DEMO_API_KEY = "demo"  # not a secret: the demo transport answers anything


@cache
def demo_customers() -> dict[str, bytes]:
    """customer_key -> response body, from resources/demo/<customer_key>.json."""
    return {key: resource_path("demo", f"{key}.json").read_bytes() for key in demo_keys()}


def _respond(status: int, body: bytes | dict[str, object]) -> httpx.Response:
    """A response whose body is still to be streamed, as from the network (the client reads it raw)."""
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx.Response(status, stream=httpx.ByteStream(content), headers={"content-type": "application/json"})


def _not_found() -> httpx.Response:
    return _respond(404, {"statusCode": 404, "message": "Customer not found", "errors": {}})


def _handle(request: httpx.Request) -> httpx.Response:
    segments = request.url.raw_path.split(b"?")[0].decode().strip("/").split("/")
    customers = demo_customers()
    if segments[-3:-2] == ["customers"] and segments[-1] == "details":
        body = customers.get(unquote(segments[-2]))
        if body is None:
            return _not_found()
        return _respond(200, body)
    if segments[-1] == "customers":
        term = request.url.params.get("search_term", "").lower()
        per_page = int(request.url.params.get("per_page", "20") or 20)
        fields = ("customer_key", "display_name", "full_name", "primary_email", "billing_email")
        everyone = [json.loads(body)["data"] for body in customers.values()]
        matches = [c for c in everyone if any(term in str(c.get(f) or "").lower() for f in fields)]
        page = [{k: v for k, v in c.items() if k != "subscriptions"} for c in matches[:per_page]]
        meta = {"current_page": 1, "total_count": len(matches), "total_pages": 1, "per_page": per_page}
        return _respond(200, {"statusCode": 200, "message": "ok", "meta": meta, "data": page})
    return _not_found()


def demo_client() -> MetrifoxClient:
    return MetrifoxClient(DEMO_API_KEY, DEMO_BASE_URL, transport=httpx.MockTransport(_handle))
