"""The shared pause of --print-many: a hold keeps every caller waiting; a cancel wakes a waiting one at once."""

from __future__ import annotations

import threading
import time

import pytest

from inspector.api import errors
from inspector.api.cancel import CancelToken
from inspector.api.gate import RateGate


def test_an_open_gate_does_not_wait() -> None:
    started = time.monotonic()
    RateGate().wait(CancelToken())
    assert time.monotonic() - started < 0.05


def test_a_hold_keeps_every_caller_waiting_until_it_ends() -> None:
    gate = RateGate()
    gate.hold(0.3)
    passed: list[float] = []
    started = time.monotonic()
    def through() -> None:
        gate.wait(CancelToken())
        passed.append(time.monotonic())

    threads = [threading.Thread(target=through) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert len(passed) == 3
    assert all(at - started >= 0.29 for at in passed)
    assert gate.holds == 1


def test_a_shorter_hold_does_not_cut_a_longer_one() -> None:
    gate = RateGate()
    gate.hold(0.3)
    gate.hold(0.01)
    started = time.monotonic()
    gate.wait(CancelToken())
    assert time.monotonic() - started >= 0.25


def test_a_cancel_wakes_a_waiting_caller() -> None:
    gate = RateGate()
    gate.hold(30)
    token = CancelToken()
    threading.Timer(0.05, token.cancel).start()
    started = time.monotonic()
    with pytest.raises(errors.Cancelled):
        gate.wait(token)
    assert time.monotonic() - started < 2
