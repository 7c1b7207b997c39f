"""The invoices checked at look-up keep the window free (issue 20, item 5): a customer with many current
subscriptions has their billing histories asked for a few per turn of the event loop, and the things to check
worked out again at most every HINTS_EVERY_MS while the answers come in — not once per answer, which froze the
window for seconds on a customer with 150 products."""

from __future__ import annotations

from typing import Any

from inspector.session import sections as sections_module
from tests.support.fake_metrifox import FakeMetrifox, large_customer
from tests.support.windows import WAIT, OpenWindow, look_up

MANY = 35


def test_many_subscriptions_have_their_invoices_checked_a_few_per_turn(
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox
) -> None:
    fake.customers["cust-many"] = large_customer(products=MANY, history=2, key="cust-many")
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
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox
) -> None:
    fake.customers["cust-many"] = large_customer(products=MANY, history=2, key="cust-many")
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
