"""Random and mutated payloads never crash the parser or the tree: a customer, or a BadResponse."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector.api import errors
from inspector.api.models import CustomerDetails
from inspector.api.parsing import parse_body, parse_step_by_step
from inspector.present.fields import node_fields
from inspector.present.tree import build_tree, link_offer
from tests.support.fake_metrifox import EXAMPLE, FIXTURES

SEEDS = [json.loads(EXAMPLE.read_bytes())] + [json.loads(p.read_bytes()) for p in sorted(FIXTURES.glob("*.json"))]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(
        ["", "21.0", "1,200", "2026-02-13T13:01:17.828Z", "NaN", "-0", "javascript:alert(1)", "<img src=x>", "1e999"]
    ),
)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


def _set(doc: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    target = doc
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new
    return doc


def _exercise(body: bytes) -> None:
    try:
        whole = parse_body(CustomerDetails, body)  # decoded and validated whole, as the reference
    except errors.BadResponse:
        whole = None
    try:
        details = parse_step_by_step(body)  # what the client uses for large answers
    except errors.BadResponse:
        assert whole is None, "the step-by-step parser refused what the whole parser accepts"
        return
    assert whole is not None, "the whole parser refused what the step-by-step parser accepts"
    assert details.model_dump(mode="json") == whole.model_dump(mode="json")
    details.model_dump_json()  # --json never meets text it cannot encode
    root = build_tree(details)
    for _, node in root.walk():
        node_fields(node)
        link_offer(node)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.sampled_from(SEEDS), data=st.data())
def test_mutated_payloads_never_crash(seed: dict[str, Any], data: st.DataObject) -> None:
    doc = copy.deepcopy(seed)
    paths = _paths(doc)
    for _ in range(data.draw(st.integers(1, 4))):
        path = data.draw(st.sampled_from(paths))
        doc = _set(doc, path, data.draw(json_values))
        paths = _paths(doc)
    _exercise(json.dumps(doc).encode())


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_random_json_never_crashes(value: Any) -> None:
    _exercise(json.dumps(value).encode())


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_never_crash(body: bytes) -> None:
    _exercise(body)


def _with(extra: bytes) -> Callable[[bytes], bytes]:
    return lambda body: body.replace(b'"customer_type"', extra + b', "customer_type"', 1)


ODD_PAYLOADS = {
    "bom": lambda body: b"\xef\xbb\xbf" + body,
    "huge exponent": _with(b'"huge": 1e400, "tiny": 1e-400'),
    "deep unknown nesting": _with(b'"deep": ' + b"[" * 400 + b"]" * 400),
    "very deep nesting": _with(b'"deep": ' + b"[" * 5000 + b"]" * 5000),
    "lone surrogates": _with(b'"s": "a\\ud800b\\udc00c\\ud83d\\ude00"'),
}


def test_odd_payloads_give_the_same_result_under_and_over_the_size_threshold() -> None:
    import pytest

    from inspector.api.parsing import STEP_BY_STEP_FROM_BYTES, parse_customer_details
    from inspector.present.fields import customer_json

    base = EXAMPLE.read_bytes()
    padding = b" " * STEP_BY_STEP_FROM_BYTES  # whitespace: the same answer, over the threshold
    for name, make in ODD_PAYLOADS.items():
        body = make(base)
        results: list[dict[str, Any] | None] = []
        for candidate in (body, body[:-1] + padding + body[-1:]):
            try:
                details = parse_customer_details(candidate)
                json.loads(customer_json(details))  # what --json prints: no crash, valid JSON
                results.append(details.model_dump(mode="python"))
            except errors.BadResponse:
                results.append(None)
        assert results[0] == results[1], name
        if name == "very deep nesting":
            assert results[0] is None
            continue
        assert results[0] is not None, name
        extra = results[0]["data"]
        if name == "huge exponent":
            assert str(extra["huge"]) == "1E+400"
            assert str(extra["tiny"]) == "1E-400"
        if name == "lone surrogates":
            assert extra["s"] == "a\ufffdb\ufffdc😀"
    with pytest.raises(errors.BadResponse):
        parse_customer_details(b"\xef\xbb\xbf")
