"""The fetcher on its own, over real HTTP and real worker threads: it keeps no state (every call is given
its configuration), lanes that do not wait for each other, and shutdown."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from inspector.fetcher import ClientConfig, Fetcher
from inspector.jobs import JobState
from tests.support.fake_metrifox import TEST_API_KEY, FakeMetrifox

WAIT = 10_000
KEY = "cust-mljp3ra6ffjm"


@pytest.fixture
def fetcher(qapp: Any) -> Iterator[Fetcher]:
    made = Fetcher()
    yield made
    made.shutdown()


@pytest.fixture
def config(fake: FakeMetrifox) -> ClientConfig:
    return ClientConfig(TEST_API_KEY, fake.base_url, meter_url=fake.base_url, timeout=2.0, total_timeout=5.0)


def test_a_customer_is_fetched_with_the_configuration_it_is_given(
    qtbot: Any, fetcher: Fetcher, config: ClientConfig, fake: FakeMetrifox
) -> None:
    job = fetcher.customer(config, KEY, lambda details: details.customer.customer_key)
    with qtbot.waitSignal(job.finished, timeout=WAIT) as done:
        pass
    assert done.args == [KEY]
    other = ClientConfig("another-key", fake.base_url, timeout=2.0, total_timeout=5.0)
    job = fetcher.customer(other, KEY, lambda details: details)
    with qtbot.waitSignal(job.failed, timeout=WAIT):
        pass
    assert [request.headers.get("x-api-key") for request in fake.requests] == [TEST_API_KEY, "another-key"]


def test_searches_and_key_tests_do_not_wait_behind_a_hung_look_up(
    qtbot: Any, fetcher: Fetcher, config: ClientConfig, fake: FakeMetrifox
) -> None:
    fake.fail("hang", seconds=5)
    hung = fetcher.customer(config, KEY, lambda details: details)
    qtbot.waitUntil(lambda: len(fake.requests) == 1, timeout=WAIT)
    search = fetcher.search(config, "nordlicht")
    test = fetcher.check_key(config)
    with qtbot.waitSignal(search.finished, timeout=WAIT), qtbot.waitSignal(test.finished, timeout=WAIT):
        pass
    assert hung.active  # still hanging: the others did not wait for it


def test_a_hung_keyring_does_not_hold_up_look_ups(qtbot: Any, fetcher: Fetcher, config: ClientConfig) -> None:
    release = threading.Event()
    keyring = fetcher.keyring(lambda: release.wait(5))
    job = fetcher.customer(config, KEY, lambda details: details)
    with qtbot.waitSignal(job.finished, timeout=WAIT):
        pass
    assert keyring.active
    release.set()


def test_shutdown_mid_request_cancels_every_job_and_starts_no_more(
    qtbot: Any, fetcher: Fetcher, config: ClientConfig, fake: FakeMetrifox
) -> None:
    fake.fail("hang", seconds=30, times=3)
    jobs = [fetcher.customer(config, KEY, lambda d: d), fetcher.search(config, "a"), fetcher.check_key(config)]
    qtbot.waitUntil(lambda: len(fake.requests) == 3, timeout=WAIT)
    assert fetcher.shutdown(timeout_ms=WAIT)  # the sockets are broken: the threads return, not after 30 s
    assert all(job.state is JobState.CANCELLED for job in jobs)
    late = fetcher.search(config, "after shutdown")
    assert late.state is JobState.CANCELLED  # nothing starts once the fetcher is shut down


def test_one_client_per_pool_thread_is_kept_from_job_to_job(qtbot: Any, config: ClientConfig) -> None:
    """A QThreadPool thread gets a new Python thread state for each job, so thread-local storage forgets the
    client between jobs: thirty jobs on two threads made thirty clients (and kept their sockets)."""
    from inspector.fetcher import ThreadClients
    from inspector.jobs import Job, JobRunner

    clients = ThreadClients()
    runner = JobRunner({"two": 2})
    made: set[int] = set()
    jobs = [runner.start("two", Job("client", lambda _token: made.add(id(clients.client(config))))) for _ in range(30)]
    # (ids of live clients: none is closed or freed before the end, so no id is reused)
    qtbot.waitUntil(lambda: all(not job.active for job in jobs), timeout=WAIT)
    assert runner.shutdown(timeout_ms=WAIT)
    assert len(made) <= 2
    assert clients.count() <= 2
    clients.close_all()
