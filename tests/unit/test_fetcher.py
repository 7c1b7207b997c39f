"""Jobs and the fetcher on their own, over real HTTP and real worker threads: delivery, cancel, supersede,
late answers, lanes that do not wait for each other, and shutdown."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from inspector.api import errors
from inspector.api.cancel import CancelToken
from inspector.fetcher import ClientConfig, Fetcher
from inspector.jobs import Job, JobRunner, JobState
from tests.support.fake_metrifox import TEST_API_KEY, FakeMetrifox

WAIT = 10_000
KEY = "cust-mljp3ra6ffjm"


@pytest.fixture
def fetcher(qapp: Any, fake: FakeMetrifox) -> Iterator[Fetcher]:
    made = Fetcher()
    made.configure(ClientConfig(TEST_API_KEY, fake.base_url, timeout=2.0, total_timeout=5.0, backoff_base=0.01))
    yield made
    made.shutdown()


# ---- a job on its own ----------------------------------------------------------------------------
def test_a_job_delivers_its_result_on_the_thread_that_made_it(qtbot: Any) -> None:
    runner = JobRunner({"work": 2})
    threads: list[str] = []

    def work(_token: CancelToken) -> int:
        threads.append(threading.current_thread().name)
        return 42

    job = Job("answer", work)
    delivered_on: list[threading.Thread] = []
    job.finished.connect(lambda _result: delivered_on.append(threading.current_thread()))
    with qtbot.waitSignal(job.finished, timeout=WAIT) as done:
        runner.start("work", job)
    assert done.args == [42] and job.state is JobState.FINISHED
    assert threads and threads[0] != threading.main_thread().name
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


def test_a_cancelled_job_is_never_delivered(qtbot: Any) -> None:
    runner = JobRunner({"work": 1})
    release = threading.Event()
    job = Job("slow", lambda _t: release.wait(5) or "late")
    runner.start("work", job)
    with qtbot.waitSignal(job.cancelled, timeout=WAIT):
        job.cancel()
    with qtbot.assertNotEmitted(job.finished, wait=200):
        release.set()  # the work ends and its answer arrives: dropped
    assert job.state is JobState.CANCELLED
    assert runner.shutdown()


def test_cancel_wakes_the_work_and_a_queued_job_never_runs(qtbot: Any) -> None:
    runner = JobRunner({"one": 1})
    ran: list[str] = []
    first = Job("first", lambda token: token.sleep(5))  # raises Cancelled when cancelled
    second = Job("second", lambda _t: ran.append("second"))
    runner.start("one", first)
    runner.start("one", second)  # queued behind the first on a one-thread lane
    second.cancel()
    started = time.monotonic()
    first.cancel()
    qtbot.waitUntil(runner.idle, timeout=WAIT)
    assert time.monotonic() - started < 1.0
    assert ran == []
    assert runner.shutdown()


# ---- the fetcher: look-ups, supersede, lanes, shutdown --------------------------------------------
def test_a_look_up_is_a_job(qtbot: Any, fetcher: Fetcher) -> None:
    busy: list[bool] = []
    fetcher.busyChanged.connect(busy.append)
    job = fetcher.lookup(KEY)
    with qtbot.waitSignal(job.finished, timeout=WAIT) as done:
        pass
    assert done.args[0].customer_key == KEY and done.args[0].tree.label == "Uppender Lala"
    assert busy[0] is True and busy[-1] is False and not fetcher.busy


def test_a_new_look_up_supersedes_the_one_in_flight(qtbot: Any, fetcher: Fetcher, fake: FakeMetrifox) -> None:
    fake.fail("delay", seconds=0.4)
    first = fetcher.lookup(KEY)
    qtbot.waitUntil(lambda: len(fake.requests) == 1, timeout=WAIT)
    second = fetcher.lookup("cust-nordlicht-7f3k")
    assert first.state is JobState.CANCELLED
    with qtbot.waitSignal(second.finished, timeout=WAIT), qtbot.assertNotEmitted(first.finished, wait=600):
        pass
    assert second.state is JobState.FINISHED


def test_searches_and_key_tests_do_not_wait_behind_a_hung_look_up(
    qtbot: Any, fetcher: Fetcher, fake: FakeMetrifox
) -> None:
    fake.fail("hang", seconds=5)
    hung = fetcher.lookup(KEY)
    qtbot.waitUntil(lambda: len(fake.requests) == 1, timeout=WAIT)
    started = time.monotonic()
    search = fetcher.search("nordlicht")
    test = fetcher.check_key(ClientConfig(TEST_API_KEY, fake.base_url))
    with qtbot.waitSignal(search.finished, timeout=WAIT), qtbot.waitSignal(test.finished, timeout=WAIT):
        pass
    assert time.monotonic() - started < 1.0
    assert hung.active


def test_a_hung_keyring_does_not_hold_up_look_ups(qtbot: Any, fetcher: Fetcher) -> None:
    release = threading.Event()
    keyring = fetcher.keyring(lambda: release.wait(5))
    job = fetcher.lookup(KEY)
    with qtbot.waitSignal(job.finished, timeout=2000):
        pass
    assert keyring.active
    release.set()


def test_shutdown_mid_request_stops_every_thread_at_once(qtbot: Any, fetcher: Fetcher, fake: FakeMetrifox) -> None:
    fake.fail("hang", seconds=30, times=3)
    jobs = [fetcher.lookup(KEY), fetcher.search("a"), fetcher.check_key(ClientConfig(TEST_API_KEY, fake.base_url))]
    qtbot.waitUntil(lambda: len(fake.requests) == 3, timeout=WAIT)
    started = time.monotonic()
    assert fetcher.shutdown(timeout_ms=2000)
    assert time.monotonic() - started < 1.0
    assert fetcher.runner.idle()
    assert all(job.state is JobState.CANCELLED for job in jobs)
    late = fetcher.search("after shutdown")
    assert late.state is JobState.CANCELLED  # nothing starts once the fetcher is shut down
