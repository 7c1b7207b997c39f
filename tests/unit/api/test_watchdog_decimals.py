"""The shared deadline thread (one for every request, instead of a thread per request) and the Decimal
decoder's reuse of equal amounts (issue 20, item 4: fetch + parse no slower than the SDK)."""

from __future__ import annotations

import threading
import time
from decimal import Decimal
from functools import partial

from inspector.api import parsing
from inspector.api.watchdog import Watchdog

WAIT = 10.0  # seconds: only so a broken watchdog fails the test instead of hanging it


def test_an_action_runs_at_its_time_on_one_thread_and_in_order() -> None:
    watchdog = Watchdog("test-deadlines")
    ran: list[tuple[str, str]] = []
    done = threading.Event()
    now = time.monotonic()

    def record(name: str) -> None:
        ran.append((name, threading.current_thread().name))
        if len(ran) == 3:
            done.set()

    for name, offset in (("third", 0.03), ("first", 0.0), ("second", 0.01)):
        watchdog.call_at(now + offset, partial(record, name))
    assert done.wait(WAIT)
    assert [name for name, _ in ran] == ["first", "second", "third"]
    assert {thread for _, thread in ran} == {"test-deadlines"}
    assert watchdog.pending() == 0


def test_an_action_taken_back_never_runs() -> None:
    watchdog = Watchdog("test-deadlines")
    ran: list[str] = []
    later = threading.Event()
    now = time.monotonic()
    take_back = watchdog.call_at(now + 0.02, lambda: ran.append("taken back"))
    watchdog.call_at(now + 0.05, later.set)  # comes due after the one taken back would have
    assert watchdog.pending() == 2
    take_back()
    assert watchdog.pending() == 1
    assert later.wait(WAIT)
    assert ran == []


def test_every_fraction_is_an_exact_decimal_and_equal_amounts_share_one() -> None:
    body = b'{"data": {"a": 99.90, "b": 99.90, "c": 1e99999999, "d": 0.1000000000000000055511151231257827, "e": 3}}'
    data = parsing._DECODER.decode(parsing.decode_json_text(body))["data"]
    assert data == {
        "a": Decimal("99.90"),
        "b": Decimal("99.90"),
        "c": Decimal("1e99999999"),
        "d": Decimal("0.1000000000000000055511151231257827"),
        "e": 3,
    }
    assert str(data["a"]) == "99.90"  # the digits as sent
    assert data["a"] is data["b"]


def test_the_shared_decimals_stay_bounded() -> None:
    numbers = ", ".join(f"{n}.5" for n in range(parsing._Decimals.LIMIT * 2))
    values = parsing._DECODER.decode(f"[{numbers}]")
    assert values[-1] == Decimal(f"{parsing._Decimals.LIMIT * 2 - 1}.5")
    reader = parsing._DECODER.parse_float
    assert isinstance(reader.__self__, parsing._Decimals)  # type: ignore[attr-defined]
    assert len(reader.__self__) <= parsing._Decimals.LIMIT  # type: ignore[attr-defined]
