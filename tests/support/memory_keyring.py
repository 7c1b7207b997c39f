"""An in-memory keyring backend for unit tests (the real Secret Service is tested separately)."""

from __future__ import annotations

import threading

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # keyring leaves KeyringBackend.__init__ unannotated
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.store.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


class BrokenKeyring(KeyringBackend):
    """A keyring that fails every call, as a locked or unreachable Secret Service does."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # keyring leaves KeyringBackend.__init__ unannotated

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError(f"could not store {password}")  # a careless backend quoting the secret

    def delete_password(self, service: str, username: str) -> None:
        raise RuntimeError("denied")


class GatedKeyring(MemoryKeyring):
    """A keyring whose reads wait until the test opens their gate (as a Secret Service prompt waits for a
    person): the test decides the order reads end in, with no sleeping."""

    def __init__(self) -> None:
        super().__init__()
        self._gates: dict[str, threading.Event] = {}
        self._lock = threading.Lock()
        self.reading: list[str] = []  # profiles whose read has begun, in order

    def gate(self, username: str) -> threading.Event:
        with self._lock:
            return self._gates.setdefault(username, threading.Event())

    def open(self, username: str) -> None:
        self.gate(username).set()

    def get_password(self, service: str, username: str) -> str | None:
        with self._lock:
            self.reading.append(username)
        self.gate(username).wait(30)
        return super().get_password(service, username)


class HungKeyring(MemoryKeyring):
    """A keyring whose reads never answer (until the test ends): a hung D-Bus call."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.entered = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.entered.set()
        self.release.wait(30)
        return None
