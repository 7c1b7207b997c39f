"""What the app remembers (QSettings): profiles, recent customer keys per profile, window state.

Never the API key: that lives only in the keyring (see credentials.py).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QLockFile, QSettings

from inspector.api import errors
from inspector.api.customer_key import clean_customer_key
from inspector.api.errors import InvalidBaseUrl

log = logging.getLogger(__name__)

DEFAULT_PROFILE = "Production"
PRODUCTION_URL = "https://api.metrifox.com/api/v1/"
PRODUCTION_METER_URL = "https://api-meter.metrifox.com/"  # usage events and the access check
METER_ENV_VAR = "METRIFOX_METER_SERVICE_BASE_URL"  # as Metrifox's own SDKs name it
MAX_RECENT = 20
MAX_RECENT_KEY_CHARS = 255  # a customer key longer than this is no key (a 2 MB one must not reach the file)
MAX_PROFILE_NAME = 100


@dataclass(frozen=True)
class Profile:
    name: str
    base_url: str
    meter_url: str = ""  # "" when the profile has none (settings written before profiles had one)


def default_meter_url(base_url: str) -> str:
    """Production's meter address for production's API address; for any other, none ("")."""
    return PRODUCTION_METER_URL if _same_address(base_url, PRODUCTION_URL) else ""


def _same_address(first: str, second: str) -> bool:
    from inspector.api.urls import normalise_base_url

    try:
        return normalise_base_url(first) == normalise_base_url(second)
    except InvalidBaseUrl:
        return False


@dataclass(frozen=True)
class MeterAddress:
    """Where meter requests go (usage events, access checks), or why nowhere."""

    url: str | None  # normalised; None when there is none to use
    source: str  # "--meter-url", METER_ENV_VAR, "profile", "production" (the default), or "" (none)
    problem: str | None = None  # one sentence when url is None: why, and where to set it


def resolve_meter_url(
    profile: Profile,
    *,
    override: str | None = None,
    base_url: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> MeterAddress:
    """The meter address to use, in order: ``override`` (``--meter-url``), then ``METRIFOX_METER_SERVICE_BASE_URL``,
    then the profile's, then production's when the API address (``base_url`` or the profile's) is production's.

    Production's meter address is never used for another API address, even when a profile holds it (earlier
    versions pre-filled it): the key would go to a host the user did not choose. Pure: no settings are read.
    """
    from inspector.api.urls import normalise_base_url

    environ = os.environ if environ is None else environ
    for source, candidate in (("--meter-url", override), (METER_ENV_VAR, environ.get(METER_ENV_VAR))):
        if candidate is None or (source == METER_ENV_VAR and not candidate.strip()):
            continue
        try:
            return MeterAddress(normalise_base_url(candidate), source)
        except InvalidBaseUrl as exc:
            return MeterAddress(None, source, f"{source}: {exc.message}")
    api_url = base_url if base_url is not None else profile.base_url
    production_api = _same_address(api_url, PRODUCTION_URL)
    if profile.meter_url:
        try:
            stored = normalise_base_url(profile.meter_url)
        except InvalidBaseUrl as exc:
            return MeterAddress(
                None,
                "profile",
                f"The profile {profile.name!r} has a meter address that cannot be "
                f"used ({exc.message.rstrip('.')}); give one with --meter-url or {METER_ENV_VAR}.",
            )
        if stored != PRODUCTION_METER_URL or production_api:
            return MeterAddress(stored, "profile")
    if production_api:
        return MeterAddress(PRODUCTION_METER_URL, "production")
    return MeterAddress(
        None,
        "",
        f"The profile {profile.name!r} has no meter service address (for usage events and access checks): "
        f"give one with --meter-url or {METER_ENV_VAR}, or add it to the profile.",
    )


def profile_problem(name: str, base_url: str, meter_url: str = "") -> str | None:
    """The sentence to show when a new profile cannot be saved as given (None when it can).

    ``meter_url`` may be empty: the profile then has no meter address (production's only for production's API).
    """
    from inspector.api.urls import normalise_base_url

    name = name.strip()
    if not name:
        return "A profile needs a name."
    if any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in name):
        return "A profile name cannot hold tabs, line breaks or other control characters."
    if len(name) > MAX_PROFILE_NAME:
        return f"A profile name can be at most {MAX_PROFILE_NAME} characters long."
    if name == DEFAULT_PROFILE:
        return "The Production profile always uses Metrifox's own address."
    for label, url in (("API base URL", base_url), ("Meter service URL", meter_url)):
        if label == "API base URL" or url.strip():
            try:
                normalise_base_url(url)
            except InvalidBaseUrl as exc:
                return f"{label}: {exc.message}"
    if (
        meter_url.strip()
        and _same_address(meter_url, PRODUCTION_METER_URL)
        and not _same_address(base_url, PRODUCTION_URL)
    ):
        return "Meter service URL: Metrifox's own meter address goes only with Metrifox's own API address."
    return None


def _stored_meter(base_url: str, meter_url: str) -> str:
    """A stored profile's meter address: production's only with production's API address (earlier versions
    pre-filled it for every new profile, and saved none in older settings)."""
    if not meter_url:
        return default_meter_url(base_url)
    if _same_address(meter_url, PRODUCTION_METER_URL) and not _same_address(base_url, PRODUCTION_URL):
        return ""
    return meter_url


class Settings:
    def __init__(self, path: str | Path | None = None) -> None:
        if path is not None:
            self._q = QSettings(str(path), QSettings.Format.IniFormat)
        else:
            self._q = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Metrifox", "AccountInspector")

    def sync(self) -> None:
        self._q.sync()

    def asked(self, question: str) -> bool:
        """Whether the person was already asked ``question`` (asked once, never again)."""
        return bool(self._q.value(f"asked/{_group(question)}", False, type=bool))

    def set_asked(self, question: str) -> None:
        self._q.setValue(f"asked/{_group(question)}", True)
        self._q.sync()

    # ---- profiles ------------------------------------------------------------------------------
    def profiles(self) -> list[Profile]:
        profiles = [Profile(DEFAULT_PROFILE, PRODUCTION_URL, PRODUCTION_METER_URL)]
        for entry in self._list("profiles/list"):
            if "\t" in entry:
                name, url, *meter = entry.split("\t")  # name, API base URL[, meter base URL]
                if name and name != DEFAULT_PROFILE:
                    profiles.append(Profile(name, url, _stored_meter(url, meter[0] if meter else "")))
        return profiles

    def _list(self, key: str) -> list[str]:
        """A stored list of strings. QSettings (INI) gives a one-item list back as a plain string."""
        stored = self._q.value(key)
        if isinstance(stored, str):
            stored = [stored]
        return [entry for entry in stored if isinstance(entry, str)] if isinstance(stored, list) else []

    def profile(self, name: str | None) -> Profile:
        for profile in self.profiles():
            if profile.name == name:
                return profile
        return self.profiles()[0]

    def find_profile(self, name: str) -> Profile | None:
        """The profile of this name, or None (the command line refuses unknown names)."""
        return next((profile for profile in self.profiles() if profile.name == name), None)

    def save_profile(self, name: str, base_url: str, meter_url: str = "") -> Profile:
        """Add or replace a profile. Raises ValueError (the name) or InvalidBaseUrl (an address) with the
        sentence to show (:func:`profile_problem` gives the same sentences without raising).

        Without a meter address the profile has none, unless its API address is production's."""
        from inspector.api.urls import normalise_base_url  # validates: https, or loopback http

        problem = profile_problem(name, base_url, meter_url)
        if problem is not None and problem.startswith(("API base URL:", "Meter service URL:")):
            raise InvalidBaseUrl(problem)
        if problem is not None:
            raise ValueError(problem)
        name = name.strip()
        base = normalise_base_url(base_url)
        meter = normalise_base_url(meter_url) if meter_url.strip() else default_meter_url(base)
        profile = Profile(name, base, meter)
        self._q.sync()  # another instance may have changed the list
        others = [p for p in self.profiles()[1:] if p.name != name]
        others.append(profile)
        self._store(others)
        self._q.sync()
        return profile

    def _store(self, profiles: list[Profile]) -> None:
        self._q.setValue("profiles/list", [f"{p.name}\t{p.base_url}\t{p.meter_url}" for p in profiles])

    def remove_profile(self, name: str) -> None:
        self._q.sync()
        self._store([p for p in self.profiles()[1:] if p.name != name])
        self._q.remove(f"recent/{_group(name)}")
        if self.current_profile_name() == name:
            self.set_current_profile(DEFAULT_PROFILE)

    def current_profile_name(self) -> str:
        name = self._q.value("profiles/current", DEFAULT_PROFILE)
        return self.profile(str(name)).name

    def set_current_profile(self, name: str) -> None:
        self._q.setValue("profiles/current", self.profile(name).name)

    # ---- recent customer keys ------------------------------------------------------------------
    #: How long to wait for another instance that is writing its recent keys (milliseconds).
    lock_timeout_ms = 5000

    def company(self, profile: str) -> str:
        """The company name this profile shows customers (in emails); "" when none is set."""
        value = self._q.value(f"company/{_group(profile)}", "")
        return value.strip()[:120] if isinstance(value, str) else ""

    def set_company(self, profile: str, name: str) -> None:
        self._q.setValue(f"company/{_group(profile)}", " ".join(name.split())[:120])
        self._q.sync()

    def recent_keys(self, profile: str) -> list[str]:
        """The profile's recent keys, newest first; anything stored that breaks the key rules is left out."""
        keys = [key for key in self._list(f"recent/{_group(profile)}") if recent_key(key) == key]
        return keys[:MAX_RECENT]

    def add_recent_key(self, profile: str, customer_key: str) -> list[str]:
        """Put the key first in the profile's recent keys (only a key that passes the key rules, at most
        MAX_RECENT_KEY_CHARS characters) and return them.

        Another running instance may add keys at the same moment: the file is read again and written at
        once under a lock file shared by every instance, so neither loses the other's key."""
        key = recent_key(customer_key)
        if key is None:
            return self.recent_keys(profile)
        with self._recent_lock():
            self._q.sync()  # read what the others wrote
            keys = [key] + [k for k in self.recent_keys(profile) if k != key]
            keys = keys[:MAX_RECENT]
            self._q.setValue(f"recent/{_group(profile)}", keys)
            self._q.sync()
        return keys

    @contextmanager
    def _recent_lock(self) -> Iterator[None]:
        # Not QSettings' own "<file>.lock", which sync() takes itself (a QLockFile is not recursive).
        lock = QLockFile(self._q.fileName() + ".recent-lock")
        lock.setStaleLockTime(30_000)  # an instance that died holding it does not block the others for long
        locked = lock.tryLock(self.lock_timeout_ms)
        if not locked:  # better a rare lost key than a window that cannot remember any
            log.warning("recent keys written without the lock: %s", lock.error())
        try:
            yield
        finally:
            if locked:
                lock.unlock()

    # ---- window state --------------------------------------------------------------------------
    def window_state(self, name: str) -> QByteArray | None:
        value: Any = self._q.value(f"window/{name}")
        return value if isinstance(value, QByteArray) else None

    def set_window_state(self, name: str, value: QByteArray) -> None:
        self._q.setValue(f"window/{name}", value)


def recent_key(customer_key: str) -> str | None:
    """The key as it would be remembered (cleaned as a pasted key is), or None when it breaks the key rules
    (empty, control characters) or is longer than MAX_RECENT_KEY_CHARS."""
    if not isinstance(customer_key, str) or len(customer_key) > 4 * MAX_RECENT_KEY_CHARS:
        return None  # not even cleaned: a 2 MB "key" from a server is refused at once
    try:
        key = clean_customer_key(customer_key)
    except errors.InvalidCustomerKey:
        return None
    return key if len(key) <= MAX_RECENT_KEY_CHARS else None


def _group(profile: str) -> str:
    """A QSettings-safe key for a profile name (no '/' or '\\' which would nest groups)."""
    return "".join(ch if ch.isalnum() or ch in "-_ " else f"%{ord(ch):02X}" for ch in profile) or "_"


__all__ = [
    "DEFAULT_PROFILE",
    "METER_ENV_VAR",
    "PRODUCTION_METER_URL",
    "PRODUCTION_URL",
    "InvalidBaseUrl",
    "MeterAddress",
    "Profile",
    "Settings",
    "default_meter_url",
    "profile_problem",
    "recent_key",
    "resolve_meter_url",
]
