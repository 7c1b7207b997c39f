"""Background work as objects: a :class:`Job` has its own ``finished`` / ``failed`` / ``cancelled`` signals
and ``cancel()``; a :class:`JobRunner` runs jobs on small thread pools ("lanes").

Like Vorta's jobs and Picard's web-service requests: whoever starts a job connects to the job itself, so
nothing routes results by kind or keeps id → callback tables. A job is delivered at most once, on the
thread that made it (the window's); a cancelled job is never delivered (late answers are dropped here,
once, for everyone). Lanes keep kinds of work apart: look-ups, account sections, searches and key tests
share a pool of several threads (none waits behind a hung look-up); the keyring and formatting have their
own, so a hung keyring or megabytes of JSON hold up nothing else.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

from inspector.api import errors
from inspector.api.cancel import CancelToken

log = logging.getLogger(__name__)

Work = Callable[[CancelToken], Any]


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"
    CANCELLED = "cancelled"


class Job(QObject):
    """One piece of background work. Connect to its signals before the event loop runs again."""

    finished = Signal(object)  # the result
    failed = Signal(object)  # a MetrifoxError (anything else is wrapped in one sentence)
    cancelled = Signal()
    _done = Signal(bool, object)  # from the worker thread: (ok, result or exception)

    def __init__(self, kind: str, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.token = CancelToken()
        self.state = JobState.QUEUED
        self._work = work
        self._done.connect(self._deliver)  # queued: delivered on the thread that made the job

    def __repr__(self) -> str:
        return f"Job({self.kind!r}, {self.state.value})"

    @property
    def active(self) -> bool:
        return self.state in {JobState.QUEUED, JobState.RUNNING}

    def cancel(self) -> None:
        """Stop it: its sockets are broken, its answer (if one still comes) is dropped."""
        if not self.active:
            return
        self.state = JobState.CANCELLED
        self.token.cancel()
        self.cancelled.emit()

    def run(self) -> None:
        """On a worker thread."""
        if self.token.cancelled:
            return
        self.state = JobState.RUNNING if self.state is JobState.QUEUED else self.state
        try:
            result = self._work(self.token)
        except Exception as exc:  # noqa: BLE001 - every failure goes back as the failed signal
            self._done.emit(False, exc)
        else:
            self._done.emit(True, result)

    @Slot(bool, object)
    def _deliver(self, ok: bool, result: Any) -> None:
        if not self.active:
            return  # cancelled meanwhile: a late answer nobody waits for
        if ok:
            self.state = JobState.FINISHED
            self.finished.emit(result)
            return
        if isinstance(result, errors.Cancelled):
            self.state = JobState.CANCELLED
            self.cancelled.emit()
            return
        if not isinstance(result, errors.MetrifoxError):
            log.error("unexpected failure in a %s job", self.kind, exc_info=result)
            result = errors.MetrifoxError(
                "Something unexpected went wrong. Try again; if it keeps happening, tell support."
            )
        self.state = JobState.FAILED
        self.failed.emit(result)


class JobRunner(QObject):
    """Runs jobs on named lanes, each a small thread pool; keeps each job alive until it is delivered."""

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
        self._lock = threading.Lock()
        self._closed = False

    def start(self, lane: str, job: Job) -> Job:
        if self._closed:
            job.cancel()
            return job
        self._live.add(job)
        for signal in (job.finished, job.failed, job.cancelled):
            signal.connect(lambda *_args, done=job: self._live.discard(done))
        self._pools[lane].start(job.run)
        return job

    def live_jobs(self, kind: str | None = None) -> list[Job]:
        return [job for job in self._live if job.active and (kind is None or job.kind == kind)]

    def cancel_all(self, kind: str | None = None) -> None:
        for job in self.live_jobs(kind):
            job.cancel()

    def shutdown(self, timeout_ms: int = 800) -> bool:
        """Cancel every job and wait for the threads; False if one would not stop in time."""
        self._closed = True
        self.cancel_all()
        stopped = True
        for pool in self._pools.values():
            stopped = pool.waitForDone(timeout_ms) and stopped
        return stopped

    def idle(self) -> bool:
        """No thread of any lane is running a job (for tests and shutdown checks)."""
        return all(pool.activeThreadCount() == 0 for pool in self._pools.values())
