"""Background work as objects: a :class:`Job` has its own signals and ``cancel()``; a :class:`JobRunner`
runs jobs on small thread pools ("lanes") and lets each go when it has ended.

Like qutebrowser's ``Question`` and Picard's web-service requests: whoever starts a job connects to the job
itself, so nothing routes results by kind or keeps id → callback tables. Lanes keep kinds of work apart:
look-ups, account sections, searches and key tests share a pool of several threads (none waits behind a
hung look-up); the keyring, files and formatting have their own, so a hung keyring, a slow disk or
megabytes of JSON hold up nothing else.

Lifetime: a job has no parent. The runner holds it from ``start`` until ``completed``, then calls
``deleteLater``; with the C++ object go its connections, and with them every handler (and the answer a
handler holds). The worker thread holds the job only weakly, so the last reference is always dropped on
the job's own thread.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

from inspector.api import errors
from inspector.api.cancel import CancelToken

log = logging.getLogger(__name__)

Work = Callable[[CancelToken], Any]
UNEXPECTED = "Something unexpected went wrong. Try again; if it keeps happening, tell support."


class JobState(StrEnum):
    PENDING = "pending"  # queued or running: not delivered yet
    FINISHED = "finished"
    FAILED = "failed"
    CANCELLED = "cancelled"


class Job(QObject):
    """One piece of background work. Connect to its signals before the event loop runs again.

    Signals:
        finished(object): the result.
        failed(object): a MetrifoxError (anything else is wrapped in one sentence).
        cancelled(): cancelled before it was delivered (its sockets are broken; a late answer is dropped).
        completed(): ended, any way: emitted once, right after one of the three above.

    Its state changes only on the thread that made it, under a lock; the worker only reads it. So a
    cancel, however it interleaves with the work, is never followed by ``finished`` or ``failed``.
    """

    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    completed = Signal()
    _done = Signal(bool, object)  # from the worker thread: (ok, result or exception)

    def __init__(self, kind: str, work: Work) -> None:
        super().__init__()  # no parent: the runner lets it go when it has completed
        self.kind = kind
        self.token = CancelToken()
        self._lock = threading.Lock()
        self._state = JobState.PENDING
        self._work: list[Work] = [work]  # emptied by cancel: a job still queued then holds no answer
        self._started = False
        self._done.connect(self._deliver)  # queued: delivered on the thread that made the job

    def __repr__(self) -> str:
        return f"Job({self.kind!r}, {self._state.value})"

    @property
    def state(self) -> JobState:
        with self._lock:
            return self._state

    @property
    def active(self) -> bool:
        return self.state is JobState.PENDING

    def cancel(self) -> None:
        """Stop it: its sockets are broken, its answer (if one still comes) is dropped."""
        with self._lock:
            if self._state is not JobState.PENDING:
                return
            self._state = JobState.CANCELLED
            self._work.clear()  # what the work would have used (answers, trees) is let go now
        self.token.cancel()
        self._end(self.cancelled)

    def runnable(self) -> Callable[[], None]:
        """What a worker thread runs. It holds the job weakly: never the last reference to it."""
        if self._started:
            raise RuntimeError(f"{self!r} was started twice")
        self._started = True
        ref, lock, token, box = weakref.ref(self), self._lock, self.token, self._work

        def run() -> None:
            with lock:
                work = box.pop() if box else None  # none: cancelled before it ran
            if work is None or token.cancelled:
                return
            try:
                ok, result = True, work(token)
            except Exception as exc:  # noqa: BLE001 - every failure goes back as the failed signal
                ok, result = False, exc
            with lock:  # a cancel either came before this (nothing is sent) or waits until it is sent
                job = ref()
                if job is not None and job._state is JobState.PENDING:
                    job._done.emit(ok, result)
                del job  # under the lock: the delivery (which takes it) never finds this the last reference

        return run

    @Slot(bool, object)
    def _deliver(self, ok: bool, result: Any) -> None:
        args: tuple[Any, ...]
        if ok:
            state, signal, args = JobState.FINISHED, self.finished, (result,)
        elif isinstance(result, errors.Cancelled):
            state, signal, args = JobState.CANCELLED, self.cancelled, ()
        else:
            if not isinstance(result, errors.MetrifoxError):
                log.error("unexpected failure in a %s job", self.kind, exc_info=result)
                result = errors.MetrifoxError(UNEXPECTED)
            state, signal, args = JobState.FAILED, self.failed, (result,)
        with self._lock:
            if self._state is not JobState.PENDING:
                return  # cancelled meanwhile: a late answer nobody waits for
            self._state = state
        self._end(signal, *args)

    def _end(self, signal: Any, *args: Any) -> None:
        signal.emit(*args)  # outside the lock: a handler may cancel or start other jobs
        self.completed.emit()


class JobRunner(QObject):
    """Runs jobs on named lanes, each a small thread pool; holds each job until it has completed."""

    def __init__(self, lanes: dict[str, int], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pools: dict[str, QThreadPool] = {}
        for name, threads in lanes.items():
            pool = QThreadPool(self)
            pool.setMaxThreadCount(threads)
            pool.setExpiryTimeout(-1)  # threads stay: each keeps its own HTTP client (connections reused)
            pool.setObjectName(f"metrifox-{name}")
            self._pools[name] = pool
        self._live: set[Job] = set()
        self._closed = False

    def start(self, lane: str, job: Job) -> Job:
        if self._closed:
            job.cancel()
            job.deleteLater()
            return job
        self._live.add(job)
        job.completed.connect(lambda done=job: self._let_go(done))
        self._pools[lane].start(job.runnable())
        return job

    def _let_go(self, job: Job) -> None:
        self._live.discard(job)
        job.deleteLater()

    def cancel_all(self) -> None:
        for job in list(self._live):
            job.cancel()

    def shutdown(self, timeout_ms: int = 800) -> bool:
        """Cancel every job and wait for the threads; False if one would not stop in time."""
        self._closed = True
        self.cancel_all()
        stopped = True
        for pool in self._pools.values():
            stopped = pool.waitForDone(timeout_ms) and stopped
        return stopped
