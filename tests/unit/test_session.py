"""The session on its own (no window): the one owner of the key, the profile and the look-up. Real worker
threads, real HTTP to two loopback servers, a keyring whose reads end when the test says."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6

from inspector.credentials import SERVICE, CredentialStore
from inspector.fetcher import Fetcher
from inspector.jobs import Job
from inspector.session import LoadedCustomer, Session
from inspector.settings import Settings
from tests.support.fake_metrifox import FakeMetrifox
from tests.support.memory_keyring import GatedKeyring

WAIT = 10_000
FAST = {"timeout": 2.0, "total_timeout": 5.0, "max_retries": 1, "backoff_base": 0.01}
EXAMPLE_KEY = "cust-mljp3ra6ffjm"
OTHER_KEY = "cust-nordlicht-7f3k"


@pytest.fixture
def servers() -> Iterator[tuple[FakeMetrifox, FakeMetrifox]]:
    with FakeMetrifox(api_key="key-of-b") as b, FakeMetrifox(api_key="key-of-c") as c:
        yield b, c


@pytest.fixture
def keyring() -> GatedKeyring:
    backend = GatedKeyring()
    backend.set_password(SERVICE, "B", "key-of-b")
    backend.set_password(SERVICE, "C", "key-of-c")
    return backend


def _session(tmp_path: Path, keyring: GatedKeyring, servers: tuple[FakeMetrifox, FakeMetrifox]) -> Session:
    settings = Settings(tmp_path / "settings.ini")
    b, c = servers
    settings.save_profile("B", b.base_url, b.meter_url)
    settings.save_profile("C", c.base_url, c.meter_url)
    settings.set_current_profile("B")
    return Session(settings, CredentialStore(keyring, environ={}), Fetcher(), client_options=FAST)


@pytest.fixture
def session(
    qapp: Any, tmp_path: Path, keyring: GatedKeyring, servers: tuple[FakeMetrifox, FakeMetrifox]
) -> Iterator[Session]:
    made = _session(tmp_path, keyring, servers)
    yield made
    made.shutdown()


def _started(qtbot: Any, session: Session, keyring: GatedKeyring) -> None:
    keyring.open("B")
    with qtbot.waitSignal(session.idle, timeout=WAIT):
        session.start(None)


def test_a_stale_key_read_is_dropped_and_never_meets_another_server(
    qtbot: Any, session: Session, keyring: GatedKeyring, servers: tuple[FakeMetrifox, FakeMetrifox]
) -> None:
    b, c = servers
    _started(qtbot, session, keyring)
    keyring.gate("B").clear()  # from now on every read waits for the test
    session.switch_profile("B")  # B, then at once C, while the keyring is slow
    session.switch_profile("C")
    qtbot.waitUntil(lambda: keyring.reading[-2:] == ["B", "C"] or keyring.reading[-1:] == ["B"], timeout=WAIT)
    keyring.open("B")  # B's read ends first: it is stale now
    qtbot.waitUntil(lambda: keyring.reading[-1] == "C", timeout=WAIT)
    session.look_up(EXAMPLE_KEY)  # asked for while C's key is still being read: it waits
    assert b.requests == []
    assert c.requests == []
    with qtbot.waitSignal(session.customerLoaded, timeout=WAIT):
        keyring.open("C")
    assert b.requests == []  # B's key went nowhere, and B's server was never asked
    # The details, and the invoices checked at look-up (which may still be on their way): C's key, every one.
    assert {r.headers.get("x-api-key") for r in c.requests} == {"key-of-c"}
    assert [r.raw_path for r in c.seen("/customers/")][:2] in (
        [f"/api/v1/customers/{EXAMPLE_KEY}/details", f"/api/v1/customers/{EXAMPLE_KEY}"],
        [f"/api/v1/customers/{EXAMPLE_KEY}", f"/api/v1/customers/{EXAMPLE_KEY}/details"],  # the record beside it
    )
    assert session.config.base_url == c.base_url
    assert session.profile.name == "C"


def test_a_superseded_look_up_is_never_reported_as_cancelled(
    qtbot: Any, session: Session, keyring: GatedKeyring, servers: tuple[FakeMetrifox, FakeMetrifox]
) -> None:
    b, _c = servers
    _started(qtbot, session, keyring)
    said: list[str] = []
    session.lookupCancelled.connect(lambda key, _other: said.append(f"cancelled {key}"))
    session.busyChanged.connect(lambda busy: said.append(f"busy {busy}"))
    session.customerLoaded.connect(lambda loaded: said.append(f"loaded {loaded.customer_key}"))
    b.fail("hang", seconds=5)
    session.look_up(EXAMPLE_KEY)
    qtbot.waitUntil(lambda: len(b.seen("/details")) == 1, timeout=WAIT)
    with qtbot.waitSignal(session.customerLoaded, timeout=WAIT):
        session.look_up(OTHER_KEY)
    qtbot.waitUntil(lambda: "busy False" in said, timeout=WAIT)
    assert said == ["busy True", f"loaded {OTHER_KEY}", "busy False"]


def test_esc_reports_the_cancel_of_the_current_look_up(
    qtbot: Any, session: Session, keyring: GatedKeyring, servers: tuple[FakeMetrifox, FakeMetrifox]
) -> None:
    b, _c = servers
    _started(qtbot, session, keyring)
    b.fail("hang", seconds=5)
    session.look_up(EXAMPLE_KEY)
    qtbot.waitUntil(lambda: len(b.seen("/details")) == 1, timeout=WAIT)
    with qtbot.waitSignal(session.lookupCancelled, timeout=WAIT) as cancelled:
        session.cancel()
    assert cancelled.args == [EXAMPLE_KEY, None]
    assert not session.busy


def _alive(kind: type) -> list[Any]:
    gc.collect()
    return [o for o in gc.get_objects() if isinstance(o, kind) and (kind is not Job or shiboken6.isValid(o))]


def test_after_ten_look_ups_two_answers_at_most_and_no_finished_job_are_alive(
    qtbot: Any, session: Session, keyring: GatedKeyring
) -> None:
    _started(qtbot, session, keyring)
    for n in range(10):
        with qtbot.waitSignal(session.customerLoaded, timeout=WAIT):
            session.look_up(EXAMPLE_KEY if n % 3 else OTHER_KEY)
        qtbot.waitUntil(lambda: not session.busy, timeout=WAIT)
    from PySide6.QtCore import QCoreApplication, QEvent

    def every_job_gone() -> bool:  # the last comparison may still be on its worker: wait for it to end
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        return _alive(Job) == []

    qtbot.waitUntil(every_job_gone, timeout=WAIT)
    assert len(_alive(LoadedCustomer)) <= 2  # the customer on screen and the one before (same customer)
