"""JSON nested hundreds of levels deep in a field this app does not know: never a RecursionError, the text
"nested too deeply: N levels" wherever it would be shown."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from inspector.api import errors
from inspector.api.models import Customer, CustomerDetails
from inspector.api.parsing import parse_customer_details, parse_step_by_step
from inspector.present.diff import changes
from inspector.present.fields import compact_json, customer_json, node_fields, render_text, to_jsonable
from inspector.present.nesting import MAX_NESTING, cut_deep, nesting_depth
from inspector.present.nodes import Node, NodeKind
from inspector.present.raw import dumps_exact, format_raw_json, loads_exact
from inspector.present.tree import build_tree
from tests.support.documents import example_document


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


def deep_answer(levels: int, where: str = "data") -> bytes:
    """The documented example with an unknown field ``weird`` holding ``levels`` nested lists."""

    def change(data: dict[str, object]) -> None:
        data["weird"] = "__DEEP__"

    return json.dumps(example_document(change)).replace('"__DEEP__"', deep(levels)).encode()


@pytest.fixture(scope="module")
def details() -> CustomerDetails:
    return parse_customer_details(deep_answer(600))


def test_node_fields_of_a_source_with_a_deep_field() -> None:
    source = Customer.model_validate({"customer_key": "cust-1", "weird": json.loads(deep(600))})
    node = Node(NodeKind.CUSTOMER, "cust-1", source=source, json_path="$.data")
    row = next(row for row in node_fields(node) if row.name == "weird")
    assert row.text == "nested too deeply: 600 levels"
    assert not row.known


def test_the_detail_rows_and_print_text_of_a_parsed_answer(details: CustomerDetails) -> None:
    root = build_tree(details)
    assert next(r for r in node_fields(root) if r.name == "weird").text == "nested too deeply: 600 levels"
    assert "Weird (new field): nested too deeply: 600 levels" in render_text(root)


def test_json_of_the_answer_cuts_at_the_limit(details: CustomerDetails) -> None:
    printed = json.loads(customer_json(details))
    value = printed["data"]["weird"]
    levels = 0
    while isinstance(value, list):
        value, levels = value[0], levels + 1
    kept = MAX_NESTING - 2  # the answer and its "data" are the first two levels
    assert (levels, value) == (kept, f"nested too deeply: {600 - kept} levels")
    assert json.loads(compact_json(json.loads(deep(700))))  # Copy as JSON
    assert to_jsonable(details.customer)["customer_key"] == "cust-mljp3ra6ffjm"


def test_diff_of_deep_answers(details: CustomerDetails) -> None:
    deeper = parse_customer_details(deep_answer(700))
    assert [c.words for c in changes(details, deeper)] == [
        "Uppender Lala — Weird: nested too deeply: 600 levels → nested too deeply: 700 levels"
    ]
    assert changes(details, details) == []


def test_raw_view_and_exact_copy() -> None:
    body = deep_answer(600)
    raw = format_raw_json(body)
    assert raw.note == "Shown as sent, not indented: nested too deeply: 602 levels."
    assert raw.text == body.decode()
    copied = json.loads(dumps_exact(loads_exact(deep(900))))
    assert nesting_depth(copied) == MAX_NESTING  # the last level holds the sentence
    assert cut_deep([[1]], 5) == [[1]]


@pytest.mark.parametrize("parse", [parse_customer_details, parse_step_by_step])
def test_deeper_than_the_decoder_can_go_is_one_sentence(parse: Callable[[bytes], CustomerDetails]) -> None:
    body = deep_answer(5000)
    with pytest.raises(errors.NestedTooDeeply) as caught:
        parse(body)
    assert caught.value.message == "Metrifox sent an answer this app cannot show: nested too deeply: 5002 levels."
    from inspector.api.parsing import json_nesting

    assert json_nesting(b'{"a": "[[[[", "b": [[]]}') == 3
