"""Jobs on their own, over real worker threads: delivery, cancel at every moment, at most once, and an end
(deleted, with every handler and the answer it held)."""

from __future__ import annotations

import gc
import threading
import weakref
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent

from inspector.api import errors
from inspector.api.cancel import CancelToken
from inspector.jobs import Job, JobRunner, JobState

WAIT = 10_000


def _deliver_posted() -> None:
    """Deliver what workers have posted (queued signals), then run the deferred deletes."""
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _record(job: Job) -> list[str]:
    said: list[str] = []
    job.finished.connect(lambda _result: said.append("finished"))
    job.failed.connect(lambda _error: said.append("failed"))
    job.cancelled.connect(lambda: said.append("cancelled"))
    job.completed.connect(lambda: said.append("completed"))
    return said


def test_a_job_delivers_its_result_on_the_thread_that_made_it(qtbot: Any) -> None:
    runner = JobRunner({"work": 2})
    threads: list[threading.Thread] = []

    def work(_token: CancelToken) -> int:
        threads.append(threading.current_thread())
        return 42

    job = Job("answer", work)
    said = _record(job)
    delivered_on: list[threading.Thread] = []
    job.finished.connect(lambda _result: delivered_on.append(threading.current_thread()))
    with qtbot.waitSignal(job.completed, timeout=WAIT):
        runner.start("work", job)
    assert said == ["finished", "completed"]
    assert job.state is JobState.FINISHED
    assert threads
    assert threads[0] is not threading.main_thread()
    assert delivered_on == [threading.main_thread()]
    assert runner.shutdown()


def test_failures_are_one_sentence(qtbot: Any) -> None:
    runner = JobRunner({"work": 1})
    known = Job("known", lambda _t: (_ for _ in ()).throw(errors.NotFound()))
    unknown = Job("unknown", lambda _t: 1 / 0)
    with qtbot.waitSignal(known.failed, timeout=WAIT) as failed_known:
        runner.start("work", known)
    with qtbot.waitSignal(unknown.failed, timeout=WAIT) as failed_unknown:
        runner.start("work", unknown)
    assert isinstance(failed_known.args[0], errors.NotFound)
    assert str(failed_unknown.args[0]).startswith("Something unexpected went wrong.")
    assert runner.shutdown()


def test_a_cancel_while_the_work_runs_is_never_followed_by_an_answer(qtbot: Any) -> None:
    runner = JobRunner({"work": 1})
    running, release = threading.Event(), threading.Event()

    def work(_token: CancelToken) -> str:
        running.set()
        release.wait(5)
        return "late"

    job = Job("slow", work)
    said = _record(job)
    runner.start("work", job)
    qtbot.waitUntil(running.is_set, timeout=WAIT)  # the worker is inside the work now
    job.cancel()
    release.set()  # the work ends and would send its answer
    assert runner.shutdown(timeout_ms=WAIT)  # the worker has returned: whatever it sent is posted
    _deliver_posted()
    assert said == ["cancelled", "completed"]
    assert job.state is JobState.CANCELLED


def test_an_answer_already_sent_is_dropped_when_cancelled_before_it_is_delivered() -> None:
    job = Job("quick", lambda _token: "answer")
    said = _record(job)
    worker = threading.Thread(target=job.runnable())  # the worker runs and posts its answer...
    worker.start()
    worker.join()
    job.cancel()  # ...and the cancel lands before the window's thread delivers it
    _deliver_posted()
    assert said == ["cancelled", "completed"]


def test_a_job_runs_once() -> None:
    job = Job("once", lambda _token: 1)
    job.runnable()
    with pytest.raises(RuntimeError, match="started twice"):
        job.runnable()


def test_cancel_wakes_the_work_and_a_queued_job_never_runs(qtbot: Any) -> None:
    runner = JobRunner({"one": 1})
    ran: list[str] = []
    running = threading.Event()

    def first_work(token: CancelToken) -> None:
        running.set()
        token.sleep(30)  # raises Cancelled when cancelled

    first = Job("first", first_work)
    second = Job("second", lambda _t: ran.append("second"))
    runner.start("one", first)
    runner.start("one", second)  # queued behind the first on a one-thread lane
    qtbot.waitUntil(running.is_set, timeout=WAIT)
    second.cancel()
    first.cancel()
    assert runner.shutdown(timeout_ms=WAIT)  # returns once the first has woken: far sooner than 30 s
    assert ran == []


class Answer:
    """Stands for a large answer a handler holds."""


def test_a_job_ends_and_lets_go_of_its_handlers_and_their_answers(qtbot: Any) -> None:
    runner = JobRunner({"work": 1})
    answer = Answer()
    held = weakref.ref(answer)
    job = Job("answer", lambda _token: 1)
    job.finished.connect(lambda _result, kept=answer: kept)
    del answer
    with qtbot.waitSignal(job.completed, timeout=WAIT):
        runner.start("work", job)
    _deliver_posted()
    assert not shiboken6.isValid(job)  # deleted by deleteLater once it completed
    del job
    gc.collect()
    assert held() is None  # the handler went with the job, and the answer with the handler
    assert runner.shutdown()


def test_a_cancelled_job_ends_too(qtbot: Any) -> None:
    runner = JobRunner({"work": 1})
    release = threading.Event()
    job = Job("slow", lambda _token: release.wait(5))
    runner.start("work", job)
    job.cancel()
    release.set()
    assert runner.shutdown(timeout_ms=WAIT)
    _deliver_posted()
    assert not shiboken6.isValid(job)


def test_a_cancelled_job_still_queued_lets_go_of_its_work_at_once(qtbot: Any) -> None:
    """F5 pressed ten times queues ten comparisons of two large answers behind one: each cancelled one must
    let its answers go now, not when the lane reaches it."""
    runner = JobRunner({"one": 1})
    running, release = threading.Event(), threading.Event()

    def blocking(_token: CancelToken) -> None:
        running.set()
        release.wait(10)

    answer = Answer()
    held = weakref.ref(answer)

    def keeps(_token: CancelToken, kept: Answer = answer) -> Answer:
        return kept

    runner.start("one", Job("blocking", blocking))
    queued = runner.start("one", Job("queued", keeps))
    del answer, keeps
    qtbot.waitUntil(running.is_set, timeout=WAIT)
    queued.cancel()
    gc.collect()
    assert held() is None  # let go while the lane is still busy with the first job
    release.set()
    assert runner.shutdown(timeout_ms=WAIT)
