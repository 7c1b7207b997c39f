"""Work for a later turn of the event loop, after the window has painted and answered input."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


def after_painting(receiver: QObject, call: Callable[[], None]) -> None:
    """Run ``call`` on a later turn, once the window has painted and taken its input (dropped if ``receiver``
    goes first). A 1 ms timer, not a queued call (0 ms): Qt runs queued calls back to back, before timers,
    input and painting get their turn, so a chain of them held the window as long as all of them together."""
    QTimer.singleShot(1, receiver, call)
