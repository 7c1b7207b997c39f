"""One pause shared by every worker of a run (``--print-many``): when Metrifox answers 429 (or a busy 503)
with ``Retry-After``, no worker sends another request until that time has passed — not only the one that was
told. The client waits here before each attempt; the worker that got the answer closes it for the delay its
retry policy accepted (``Retry-After`` honoured up to the policy's cap). Plain Python, no httpx.
"""

from __future__ import annotations

import threading
import time

from inspector.api.cancel import CancelToken


class RateGate:
    """Shut for a while when the server says so; every call through it waits until it opens again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._opens_at = 0.0  # time.monotonic()
        self.holds = 0  # how often the server asked everyone to wait (tests, the run's last line)

    def hold(self, seconds: float) -> None:
        """Keep every caller waiting ``seconds`` from now (a later time already set stands)."""
        with self._lock:
            self._opens_at = max(self._opens_at, time.monotonic() + seconds)
            self.holds += 1

    def wait(self, cancel: CancelToken) -> None:
        """Return when the gate is open; raises Cancelled at once when ``cancel`` is cancelled meanwhile."""
        while True:
            with self._lock:
                left = self._opens_at - time.monotonic()
            if left <= 0:
                return
            cancel.sleep(left)  # a later hold may have moved the time: look again
