"""CancelToken: lets another thread stop a call. Plain Python, cheap to import (no httpx)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from inspector.api import errors


class CancelToken:
    """Lets another thread stop a call: sets a flag and breaks the call's sockets."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[], None]] = []

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def cancel(self) -> None:
        with self._lock:
            self._event.set()
            callbacks = list(self._callbacks)
        for callback in callbacks:
            callback()

    def on_cancel(self, callback: Callable[[], None]) -> None:
        with self._lock:
            self._callbacks.append(callback)
            already = self._event.is_set()
        if already:
            callback()

    def sleep(self, seconds: float) -> None:
        """Wait, waking at once when cancelled."""
        if self._event.wait(seconds):
            raise errors.Cancelled()
