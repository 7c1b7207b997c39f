"""The things to check shown with a customer are worked out on the worker that built its tree, not in the turn
that shows it (the look-up's longest turn for a large customer)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import inspector.present.hints as hints_module
from inspector.api.saved import saved_answer_bytes
from tests.support.fake_metrifox import EXAMPLE
from tests.support.windows import EXAMPLE_KEY, WAIT, OpenWindow, calls_on_the_window_thread, look_up


def test_the_first_things_to_check_come_from_the_worker(
    qtbot: Any, open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window()
    calls = calls_on_the_window_thread(monkeypatch, hints_module, "hints")
    shown: list[list[str]] = []
    on_window_thread: list[int] = []

    def on_loaded(_loaded: object) -> None:  # connected after the window's own handlers: runs after them
        on_window_thread.append(sum(calls[before:]))
        shown.append([h.sentence for h in window.session.sections.hints()])

    window.session.customerLoaded.connect(on_loaded)
    before = len(calls)
    look_up(qtbot, window, EXAMPLE_KEY)
    loaded = window.session.loaded
    assert loaded is not None
    assert loaded.first_hints is not None
    assert shown == [[h.sentence for h in loaded.first_hints]]
    assert shown[0]  # the documented example has things to check
    assert on_window_thread == [0]  # none worked out in the turn that shows the customer
    assert calls[before] is False  # the first ones: on the worker, with the tree


def test_a_saved_answer_brings_its_first_things_to_check_too(
    qtbot: Any, open_window: OpenWindow, tmp_path: Path
) -> None:
    window = open_window()
    saved = tmp_path / "saved.json"
    saved.write_bytes(saved_answer_bytes(EXAMPLE.read_bytes(), datetime.now(UTC), "api.metrifox.com"))
    with qtbot.waitSignal(window.session.customerLoaded, timeout=WAIT) as came:
        window.answers.open_saved(str(saved))
    loaded = came.args[0]
    assert loaded.first_hints  # worked out on the worker that read the file
    assert window.session.sections.hints() is loaded.first_hints


def test_the_rows_open_at_first_and_the_status_words_come_from_the_worker_too(
    qtbot: Any, open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Walking a large customer's thousands of rows for them took milliseconds of the turn that shows it."""
    import inspector.present.tree as tree_module
    import inspector.ui.customer_view as view_module

    window = open_window()
    # The worker's (imported when called), and the view's own, were it not given one.
    on_window_thread = calls_on_the_window_thread(monkeypatch, tree_module, "tree_outline", view_module)
    look_up(qtbot, window, EXAMPLE_KEY)
    loaded = window.session.loaded
    assert loaded is not None
    assert loaded.outline is not None
    assert on_window_thread == [False]  # once, on the worker
    assert loaded.tree in loaded.outline.opened  # and the window used it: the customer's row is open
    assert window.customer_view.tree.isExpanded(window.customer_view.model.index(0, 0))
