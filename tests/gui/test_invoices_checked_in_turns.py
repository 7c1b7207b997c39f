"""The invoices checked at look-up keep the window free (issue 20, item 5): a customer with many current
subscriptions has their billing histories asked for a few per turn of the event loop, and the things to check
worked out again at most every HINTS_EVERY_MS while the answers come in — not once per answer, which froze the
window for seconds on a customer with 150 products."""

from __future__ import annotations

from typing import Any

import pytest

from inspector.session import sections as sections_module
from tests.support.fake_metrifox import FakeMetrifox, large_customer
from tests.support.windows import WAIT, OpenWindow, calls_on_the_window_thread, listed_things, look_up

MANY = 35


@pytest.fixture(autouse=True)
def _many_subscriptions(fake: FakeMetrifox) -> None:
    """Every test here looks up a customer with MANY current subscriptions: "cust-many"."""
    fake.customers["cust-many"] = large_customer(products=MANY, history=2, key="cust-many")


def test_many_subscriptions_have_their_invoices_checked_a_few_per_turn(
    qtbot: Any, open_window: OpenWindow
) -> None:
    window = open_window()
    sections = window.session.sections
    asked: list[str] = []
    asked_in_the_look_ups_turn: list[int] = []
    fetch_section = window.session.fetcher.section

    def section(config: Any, name: str, subject: str, *rest: Any) -> Any:
        asked.append(subject) if name == "invoices" else None
        return fetch_section(config, name, subject, *rest)

    window.session.fetcher.section = section  # type: ignore[method-assign,assignment]
    check_invoices = sections.check_invoices

    def check_and_count() -> None:
        check_invoices()
        asked_in_the_look_ups_turn.append(len(asked))  # before the event loop turns again

    sections.check_invoices = check_and_count  # type: ignore[method-assign]
    hints_shown: list[int] = []
    sections.hintsChanged.connect(lambda hints: hints_shown.append(len(hints)))
    look_up(qtbot, window, "cust-many")  # returns once nothing is fetching and the hints took the last answer in
    assert asked_in_the_look_ups_turn == [0]  # none in the turn that shows the customer: a batch a turn after
    assert sections_module.INVOICE_CHECKS_PER_TURN < MANY
    assert sorted(asked) == sorted(f"sub-{p}-current" for p in range(MANY))  # every one, once
    assert 1 <= len(hints_shown) < MANY  # worked out again as answers came, not once per answer
    assert not sections.fetching


def test_another_answer_on_screen_drops_the_invoices_not_yet_asked_for(
    qtbot: Any, open_window: OpenWindow
) -> None:
    window = open_window()
    look_up(qtbot, window, "cust-many")
    sections = window.session.sections
    asked: list[str] = []
    fetch_section = window.session.fetcher.section

    def section(config: Any, name: str, subject: str, *rest: Any) -> Any:
        asked.append(subject)
        return fetch_section(config, name, subject, *rest)

    window.session.fetcher.section = section  # type: ignore[method-assign,assignment]
    sections.reset()  # as when an answer comes (F5 again): the invoices are checked again, from the next turn
    sections.check_invoices()
    sections.reset()  # ... and another answer replaces it in the same turn (its requests cancelled)
    qtbot.waitUntil(lambda: not sections.fetching, timeout=WAIT)
    with qtbot.waitSignal(sections.hintsChanged, timeout=300, raising=False):
        pass  # the later turns would have asked for the next batches by now
    assert asked == []  # none was asked for: the batches wait a turn, and the reset came first


def test_the_things_to_check_are_worked_out_again_on_a_worker_as_invoices_come(
    qtbot: Any, open_window: OpenWindow, monkeypatch: Any
) -> None:
    """For 150 products that is ~10 ms of Python each time, which on the window's thread (waiting for the GIL
    behind the sections' workers) froze it for 20-40 ms every HINTS_EVERY_MS while the invoices came in."""
    import inspector.present.hints as hints_module

    window = open_window()
    on_window_thread = calls_on_the_window_thread(monkeypatch, hints_module, "hints")
    shown: list[list[str]] = []
    window.session.sections.hintsChanged.connect(lambda found: shown.append([h.sentence for h in found]))
    look_up(qtbot, window, "cust-many")
    assert len(on_window_thread) >= 2  # the first ones with the tree, then again as invoices came
    assert not any(on_window_thread)
    assert shown  # and they reached the window
    assert [h.sentence for h in window.session.sections.hints()] == shown[-1]  # the latest: what is listed


def test_things_to_check_worked_out_for_the_customer_before_never_reach_the_next(
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox, monkeypatch: Any
) -> None:
    """A slow hints job for one customer is still running when another customer comes to the screen."""
    import time

    import inspector.present.hints as hints_module

    fake.customers["cust-none"] = large_customer(products=0, history=0, key="cust-none")
    window = open_window()
    real = hints_module.hints

    def slow_for_many(details: Any, *rest: Any, **kwargs: Any) -> list[hints_module.Hint]:
        if details.customer.customer_key == "cust-many":
            time.sleep(0.2)
        return real(details, *rest, **kwargs)

    monkeypatch.setattr(hints_module, "hints", slow_for_many)
    sections = window.session.sections
    with qtbot.waitSignal(window.customerShown, timeout=WAIT):
        window.lookups.look_up("cust-many")
    qtbot.waitUntil(lambda: sections._hints_job is not None, timeout=WAIT)  # worked out again as invoices come
    after: list[list[str]] = []
    window.session.customerLoaded.connect(
        lambda _loaded: sections.hintsChanged.connect(lambda found: after.append([h.json_path for h in found]))
    )
    look_up(qtbot, window, "cust-none")  # no current subscription: no invoices checked, no later hints of its own
    with qtbot.waitSignal(sections.hintsChanged, timeout=400, raising=False):
        pass  # the slow job would have come back by now
    loaded = window.session.loaded
    assert loaded is not None
    assert loaded.customer_key == "cust-none"
    assert after == []  # nothing worked out for cust-many reached the screen
    assert listed_things(window) == [f"⚠  {h.sentence}" for h in sections.hints()]


def test_things_to_check_asked_for_while_the_window_closes_leave_nothing_fetching(
    qtbot: Any, open_window: OpenWindow
) -> None:
    window = open_window()
    look_up(qtbot, window, "cust-many")
    sections = window.session.sections
    window.session.fetcher.runner.shutdown()  # as the window closes: a job started now is refused at once
    sections._emit_hints()
    assert not sections.fetching
