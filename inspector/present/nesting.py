"""Values nested too deeply to show whole: counted without recursion, cut with one sentence.

JSON nested hundreds of levels deep in a field this app does not know would exhaust Python's recursion (in
``json.dumps``, ``repr``, comparisons, our own walks). Every walk over such values goes through here: the
depth is counted with a loop, and deeper parts are replaced by the text "nested too deeply: N levels".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

MAX_NESTING = 100  # levels of lists and objects shown; real answers nest a handful


def too_deep(levels: int) -> str:
    return f"nested too deeply: {levels} levels"


def _plain_children(value: Any) -> Iterable[Any] | None:
    if isinstance(value, dict):
        return value.values()
    if isinstance(value, list | tuple):
        return value
    return None


def nesting_depth(
    value: Any, *, beyond: int | None = None, children: Callable[[Any], Iterable[Any] | None] = _plain_children
) -> int:
    """Levels of lists and objects in ``value`` (0 for a plain value), counted with a loop, not recursion.

    With ``beyond``, the count stops as soon as it passes ``beyond`` (enough to know it is too deep)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        inner = children(item)
        if inner is None:
            continue
        if level > deepest:
            deepest = level
            if beyond is not None and deepest > beyond:
                return deepest
        stack.extend((child, level + 1) for child in inner)
    return deepest


def is_too_deep(value: Any, limit: int = MAX_NESTING) -> bool:
    return nesting_depth(value, beyond=limit) > limit


def cut_deep(value: Any, room: int = MAX_NESTING) -> Any:
    """``value`` (plain lists and dicts) with every part deeper than ``room`` levels replaced by
    "nested too deeply: N levels" (N counted from that part). Unchanged (the same object) when it fits."""
    if not is_too_deep(value, room):
        return value
    if room <= 0:
        return too_deep(nesting_depth(value))
    if isinstance(value, dict):
        return {key: cut_deep(item, room - 1) for key, item in value.items()}
    return [cut_deep(item, room - 1) for item in value]
