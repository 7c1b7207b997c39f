"""The built-in demo: the real MetrifoxClient over an httpx transport that serves resources/demo/.

Demo mode therefore runs the same request, parsing and error path as the live API; only the bytes
come from files instead of the network.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any
from urllib.parse import unquote

import httpx

from inspector.api.client import MetrifoxClient
from inspector.api.demo_offers import offer_answer
from inspector.resources import DEMO_CUSTOMER_KEY, demo_keys, resource_path

__all__ = [
    "DEMO_BASE_URL",
    "DEMO_CUSTOMER_KEY",
    "account_answer",
    "demo_account",
    "demo_client",
    "demo_customers",
    "page_answer",
]

DEMO_BASE_URL = "https://demo.metrifox.invalid/api/v1/"
DEMO_METER_URL = "https://demo-meter.metrifox.invalid/"
DEMO_API_KEY = "demo"  # not a secret: the demo transport answers anything


Account = dict[str, Any]  # the rest of an account, as resources/demo/account/<key>.json holds it


def empty_account() -> Account:
    return {"invoices": {}, "usage": {}, "summary": {}, "wallets": {}, "allocations": {}, "events": {}, "access": [],
            "records": {}}


@cache
def demo_account() -> Account:
    """Every demo customer's invoices, usage, wallets, allocations, events, access answers and customer record,
    merged."""
    merged = empty_account()
    for key in demo_keys():
        path = resource_path("demo", "account", f"{key}.json")
        if path.exists():
            part = json.loads(path.read_bytes())
            for name, value in part.items():
                if isinstance(value, list):
                    merged[name].extend(value)
                else:
                    merged[name].update(value)
    merged.update(json.loads(resource_path("demo", "account", "offers.json").read_bytes()))  # card links, price tables
    return merged


def page_answer(items: list[Any], query: dict[str, str], per_page: int) -> tuple[int, dict[str, Any]]:
    """One page of ``items`` as the API pages lists (``page``/``per_page`` in the query, ``meta``)."""
    page, per_page = int(query.get("page", "1") or 1), int(query.get("per_page", str(per_page)) or per_page)
    total_pages = max(1, -(-len(items) // per_page))
    meta = {
        "current_page": page,
        "next_page": page + 1 if page < total_pages else None,
        "prev_page": page - 1 if page > 1 else None,
        "total_count": len(items),
        "total_pages": total_pages,
        "per_page": per_page,
    }
    return 200, {
        "statusCode": 200,
        "message": "ok",
        "meta": meta,
        "data": items[(page - 1) * per_page : page * per_page],
    }


def _found(value: Any, what: str) -> tuple[int, dict[str, Any]]:
    if value is None:
        return 404, {"statusCode": 404, "message": f"{what} not found", "errors": {}}
    return 200, {"statusCode": 200, "message": "ok", "meta": {}, "data": value}


def account_answer(
    route: list[str], query: dict[str, str], account: Account, *, meter: bool = False
) -> tuple[int, dict[str, Any]] | None:
    """The API's answer to an account route (segments after the base), or None for another route.

    Used by the demo transport and by the tests' fake server, so both speak the endpoints alike."""
    if meter:
        customer, feature = query.get("customer_key", ""), query.get("feature_key")
        if route == ["usage", "events"]:
            events = [e for e in account["events"].get(customer, []) if feature in (None, e.get("feature_key"))]
            return page_answer(events, query, 50)
        if route == ["usage", "access"]:
            match = next(
                (a for a in account["access"] if a.get("customer_key") == customer and a.get("feature_key") == feature),
                None,
            )
            quantity = int(query.get("quantity", "1") or 1)  # echoed under the name the answer's shape uses
            echo = "required_quantity" if match is not None and "required_quantity" in match else "requested_quantity"
            answer = None if match is None else dict(match, **{echo: quantity})
            return _found(answer, "Feature")
        return None
    if len(route) == 2 and route[0] == "customers" and route[1] in account.get("records", {}):
        return _found(account["records"][route[1]], "Customer")  # the customer record (none: the caller's 404)
    if (offer := offer_answer(route, query, account)) is not None:  # card links, price quotes
        return offer
    if len(route) == 3 and route[0] == "subscriptions" and route[2] == "billing-history":
        return _found(account["invoices"].get(route[1], []), "Subscription")  # none yet: an empty history
    if len(route) == 4 and route[0] == "subscriptions" and route[2] == "v2":
        table = {"entitlements-usage": "usage", "entitlements-summary": "summary"}.get(route[3])
        return None if table is None else _found(account[table].get(route[1]), "Subscription")
    if route == ["credit_systems", "v2", "wallets"]:
        return _found(account["wallets"].get(query.get("customer_key", ""), []), "Customer")
    if route[:3] == ["credit_systems", "v2", "wallets"] and route[4:] == ["credit-allocations"]:
        allocations = account["allocations"].get(route[3])
        return _found(None, "Wallet") if allocations is None else page_answer(allocations, query, 20)
    if route[:3] == ["credit_systems", "v2", "credit-allocations"] and len(route) == 4:
        every = (a for allocations in account["allocations"].values() for a in allocations)
        return _found(next((a for a in every if a.get("id") == route[3]), None), "Allocation")
    return None


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
    segments = [unquote(s) for s in request.url.raw_path.split(b"?")[0].decode().strip("/").split("/")]
    query = dict(request.url.params)
    meter = request.url.host == httpx.URL(DEMO_METER_URL).host
    route = segments if meter else segments[2:]  # after api/v1
    answer = account_answer(route, query, demo_account(), meter=meter)
    if answer is not None:
        return _respond(*answer)
    customers = demo_customers()
    if segments[-3:-2] == ["customers"] and segments[-1] == "details":
        body = customers.get(segments[-2])
        if body is None:
            return _not_found()
        return _respond(200, body)
    if segments[-1] == "customers":
        term = query.get("search_term", "").lower()
        fields = ("customer_key", "display_name", "full_name", "primary_email", "billing_email")
        everyone = [json.loads(body)["data"] for body in customers.values()]
        matches = [c for c in everyone if any(term in str(c.get(f) or "").lower() for f in fields)]
        summaries = [{k: v for k, v in c.items() if k != "subscriptions"} for c in matches]
        return _respond(*page_answer(summaries, query, 20))
    return _not_found()


def demo_client() -> MetrifoxClient:
    return MetrifoxClient(DEMO_API_KEY, DEMO_BASE_URL, transport=httpx.MockTransport(_handle), meter_url=DEMO_METER_URL)
