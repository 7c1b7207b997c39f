"""One thread for every call's overall deadline.

Each request has a deadline after which its sockets are broken, whatever phase it is in. A
``threading.Timer`` per request started (and stopped) a thread for every call: a thread start waits for the
new thread to run, a hand-over of the GIL and back, about a fifth of a small look-up's time on loopback
(benchmarks/fetch_parse.py). Here one daemon thread waits for the earliest deadline; a call adds its own
and takes it back when it ends. Plain Python, no httpx.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections.abc import Callable


class _Entry:
    __slots__ = ("action", "order", "when")

    def __init__(self, when: float, order: int, action: Callable[[], None]) -> None:
        self.when, self.order = when, order
        self.action: Callable[[], None] | None = action

    def __lt__(self, other: _Entry) -> bool:
        return (self.when, self.order) < (other.when, other.order)


class Watchdog:
    """Calls each action at its time (``time.monotonic()``), on one thread, unless it was taken back."""

    def __init__(self, name: str = "request-deadlines") -> None:
        self._name = name
        self._due: list[_Entry] = []
        self._condition = threading.Condition()
        self._order = itertools.count()
        self._thread: threading.Thread | None = None

    def call_at(self, when: float, action: Callable[[], None]) -> Callable[[], None]:
        """Run ``action`` at ``when`` on the watchdog's thread; the function returned takes it back."""
        entry = _Entry(when, next(self._order), action)
        with self._condition:
            heapq.heappush(self._due, entry)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            if self._due[0] is entry:
                self._condition.notify()

        def take_back() -> None:
            with self._condition:
                entry.action = None  # dropped when it comes due: no wake-up needed now

        return take_back

    def pending(self) -> int:
        """Actions still to run (taken-back ones not counted)."""
        with self._condition:
            return sum(1 for entry in self._due if entry.action is not None)

    def _next_action(self) -> Callable[[], None]:
        with self._condition:
            while True:
                while self._due and self._due[0].action is None:
                    heapq.heappop(self._due)
                if not self._due:
                    self._condition.wait()
                    continue
                wait = self._due[0].when - time.monotonic()
                if wait > 0:
                    self._condition.wait(wait)
                    continue
                action = self._due[0].action
                heapq.heappop(self._due)
                if action is not None:
                    return action

    def _run(self) -> None:
        while True:
            action = self._next_action()
            action()  # outside the lock: it may take a while (closing sockets)


DEADLINES = Watchdog()  # shared by every client in the process
