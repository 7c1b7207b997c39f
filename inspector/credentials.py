"""The API key: in the OS keyring (service ``metrifox-inspector``, one entry per profile), nowhere else.

``METRIFOX_API_KEY`` in the environment wins. With no usable keyring (no backend, locked, D-Bus error,
denied, timed out) the key is kept in memory for this session only, and the caller is told so in one
sentence — we take Vorta's explicit "where is my key stored" answer, not its plaintext fallback.
Keyring calls may block (a D-Bus prompt): the window runs them on a worker thread, and each call here
gives up after ``timeout`` seconds.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from inspector.api.errors import MetrifoxError

SERVICE = "metrifox-inspector"
ENV_VAR = "METRIFOX_API_KEY"
UNAVAILABLE = "This computer's password store is not available, so the API key is kept only until the app closes."
NO_KEYRING = "No password store (such as GNOME Keyring or KWallet) is available, so a saved API key cannot be read."

log = logging.getLogger(__name__)
T = TypeVar("T")


class KeySource(StrEnum):
    ENVIRONMENT = "environment"
    KEYRING = "keyring"
    SESSION = "session"  # in memory only: no usable keyring
    NONE = "none"


@dataclass(frozen=True)
class KeyStatus:
    key: str | None
    source: KeySource
    note: str  # one sentence for the window: where the key comes from or why it is not stored
    unreadable: bool = False  # a keyring is there but could not be read (locked, failing, hung)

    @property
    def read_failed(self) -> bool:
        """A password store is there but reading the saved key failed (locked, failing, hung): not "no key"."""
        return self.unreadable and self.note != NO_KEYRING

    def __repr__(self) -> str:  # never show the key
        return f"KeyStatus(key={'<set>' if self.key else None}, source={self.source.value!r})"


class KeyringTrouble(MetrifoxError):
    """The keyring could not be used; the message is safe to show (it never contains the key)."""

    retryable = False


def _run_with_timeout(call: Callable[[], T], timeout: float, abort: threading.Event | None = None) -> T:
    """Run a keyring call on a daemon thread so a hung D-Bus prompt cannot hang us (or our exit)."""
    results: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=1)
    abort = abort or threading.Event()

    def target() -> None:
        try:
            results.put((True, call()))
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller below
            results.put((False, exc))

    threading.Thread(target=target, name="keyring-call", daemon=True).start()
    deadline = time.monotonic() + timeout
    while True:  # short waits, so closing the app does not wait for a hung keyring
        try:
            ok, value = results.get(timeout=min(0.05, max(0.0, deadline - time.monotonic())))
            break
        except queue.Empty:
            if abort.is_set():
                raise KeyringTrouble("The app is closing.") from None
            if time.monotonic() >= deadline:
                raise KeyringTrouble("The password store did not answer in time.") from None
    if ok:
        return value  # type: ignore[no-any-return]
    raise KeyringTrouble(type(value).__name__) from None  # the type only: a message could quote the key


def backend_description(backend: Any) -> str:
    """Where keys go, in words: "GNOME Keyring / KWallet (Secret Service)", "macOS Keychain", ..."""
    module = type(backend).__module__
    names = {
        "keyring.backends.SecretService": "the system keyring (Secret Service)",
        "keyring.backends.kwallet": "KWallet",
        "keyring.backends.macOS": "the macOS Keychain",
        "keyring.backends.Windows": "Windows Credential Manager",
    }
    return names.get(module, type(backend).__name__)


class CredentialStore:
    """Reads, stores and forgets the API key of each profile."""

    def __init__(
        self,
        backend: Any = None,
        *,
        environ: Mapping[str, str] | None = None,
        timeout: float = 10.0,
    ) -> None:
        self._backend = backend
        self._environ = os.environ if environ is None else environ
        self._timeout = timeout
        self._session: dict[str, str] = {}
        self._lock = threading.Lock()
        self._abort = threading.Event()

    def abort(self) -> None:
        """Stop waiting for the keyring (the window is closing)."""
        self._abort.set()

    def _keyring(self) -> Any:
        if self._backend is None:
            import keyring  # imported late: ~100 ms, and never on the window's thread

            self._backend = keyring.get_keyring()
        return self._backend

    def _usable_keyring(self) -> Any:
        backend = self._keyring()
        priority = getattr(backend, "priority", 1)
        if type(backend).__module__ in {"keyring.backends.fail", "keyring.backends.null"} or priority <= 0:
            raise KeyringTrouble("no keyring backend")
        return backend

    def keyring_available(self) -> bool:
        """Whether a real keyring backend is there (not whether it is unlocked)."""
        try:
            self._usable_keyring()
        except Exception:  # noqa: BLE001 - any failure means: no keyring
            return False
        return True

    def storage_note(self) -> str:
        try:
            return f"Saved keys are kept in {backend_description(self._usable_keyring())}."
        except Exception:  # noqa: BLE001 - any failure means: no keyring
            return UNAVAILABLE

    def env_key(self) -> str | None:
        key = self._environ.get(ENV_VAR, "").strip()
        return key or None

    def get(self, profile: str) -> KeyStatus:
        env_key = self.env_key()
        if env_key:
            return KeyStatus(env_key, KeySource.ENVIRONMENT, f"Using the API key from {ENV_VAR}.")
        with self._lock:
            session_key = self._session.get(profile)
        if session_key:
            return KeyStatus(session_key, KeySource.SESSION, UNAVAILABLE)
        try:
            backend = self._usable_keyring()
        except Exception:  # noqa: BLE001 - no keyring at all: say so, a saved key cannot be reached
            return KeyStatus(None, KeySource.NONE, NO_KEYRING, unreadable=True)
        try:
            key = _run_with_timeout(lambda: backend.get_password(SERVICE, profile), self._timeout, self._abort)
        except Exception as exc:  # noqa: BLE001 - every keyring failure degrades the same way
            log.warning("keyring read failed: %s", _safe(exc))
            return KeyStatus(None, KeySource.NONE, f"Your saved API key could not be read: {_why(exc)}.", True)
        if key:
            return KeyStatus(key, KeySource.KEYRING, f"Using the key saved in {backend_description(backend)}.")
        return KeyStatus(None, KeySource.NONE, "No API key is set for this profile.")

    def set(self, profile: str, key: str) -> KeyStatus:
        key = key.strip()
        if not key:
            raise ValueError("empty key")
        try:
            backend = self._usable_keyring()
            _run_with_timeout(lambda: backend.set_password(SERVICE, profile, key), self._timeout, self._abort)
        except Exception as exc:  # noqa: BLE001
            log.warning("keyring write failed: %s", _safe(exc))
            with self._lock:
                self._session[profile] = key
            return KeyStatus(key, KeySource.SESSION, UNAVAILABLE)
        with self._lock:
            self._session.pop(profile, None)
        return KeyStatus(key, KeySource.KEYRING, f"Saved in {backend_description(backend)}.")

    def forget(self, profile: str) -> KeyStatus:
        """Remove the profile's key; raises :class:`KeyringTrouble` (one sentence) when a saved key stays."""
        with self._lock:
            had_session = self._session.pop(profile, None) is not None
        try:
            backend = self._usable_keyring()
        except Exception:  # noqa: BLE001 - no keyring: only a session key could have existed
            return KeyStatus(None, KeySource.NONE, "The API key was removed from this computer.")
        try:
            _run_with_timeout(lambda: _delete_if_present(backend, profile), self._timeout, self._abort)
        except Exception as exc:  # noqa: BLE001
            log.warning("keyring delete failed: %s", _safe(exc))
            kept = "The key for this session was forgotten, but a" if had_session else "A"
            raise KeyringTrouble(
                f"{kept} key saved in the password store could not be removed: {_why(exc)}."
            ) from None
        return KeyStatus(None, KeySource.NONE, "The API key was removed from this computer.")


def _delete_if_present(backend: Any, profile: str) -> None:
    if backend.get_password(SERVICE, profile) is not None:
        backend.delete_password(SERVICE, profile)


def _why(exc: BaseException) -> str:
    """Why the keyring failed, in words a support person can act on."""
    text = _safe(exc)
    if "did not answer" in text:
        return "the password store did not answer in time"
    if "closing" in text:
        return "the app was closing"
    if "Locked" in text or "Denied" in text or "Dismissed" in text:
        return "the password store is locked (unlock it, then try again)"
    return f"the password store reported an error ({text})"


def _safe(exc: BaseException) -> str:
    """An exception's type only: keyring messages may quote what was being stored."""
    return type(exc).__name__ if not isinstance(exc, KeyringTrouble) else str(exc)
