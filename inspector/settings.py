"""What the app remembers (QSettings): profiles, recent customer keys per profile, window state.

Never the API key: that lives only in the keyring (see credentials.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from inspector.api.errors import InvalidBaseUrl

DEFAULT_PROFILE = "Production"
PRODUCTION_URL = "https://api.metrifox.com/api/v1/"
PRODUCTION_METER_URL = "https://api-meter.metrifox.com/"  # usage events and the access check
MAX_RECENT = 20


@dataclass(frozen=True)
class Profile:
    name: str
    base_url: str
    meter_url: str = PRODUCTION_METER_URL


class Settings:
    def __init__(self, path: str | Path | None = None) -> None:
        if path is not None:
            self._q = QSettings(str(path), QSettings.Format.IniFormat)
        else:
            self._q = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Metrifox", "AccountInspector")

    @property
    def file_name(self) -> str:
        return self._q.fileName()

    def sync(self) -> None:
        self._q.sync()

    # ---- profiles ------------------------------------------------------------------------------
    def profiles(self) -> list[Profile]:
        profiles = [Profile(DEFAULT_PROFILE, PRODUCTION_URL)]
        for entry in self._list("profiles/list"):
            if "\t" in entry:
                name, url, *meter = entry.split("\t")  # name, API base URL[, meter base URL]
                if name and name != DEFAULT_PROFILE:
                    profiles.append(Profile(name, url, meter[0] if meter and meter[0] else PRODUCTION_METER_URL))
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

    def save_profile(self, name: str, base_url: str, meter_url: str = PRODUCTION_METER_URL) -> Profile:
        from inspector.api.urls import normalise_base_url  # validates: https, or loopback http

        name = name.strip()
        if not name or "\t" in name:
            raise ValueError("A profile needs a name.")
        if name == DEFAULT_PROFILE:
            raise ValueError("The Production profile always uses Metrifox's own address.")
        profile = Profile(name, normalise_base_url(base_url), normalise_base_url(meter_url))
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
    def recent_keys(self, profile: str) -> list[str]:
        return self._list(f"recent/{_group(profile)}")[:MAX_RECENT]

    def add_recent_key(self, profile: str, customer_key: str) -> list[str]:
        # Another running instance may have added keys since we read the file: read it again first,
        # and write at once, so two windows never overwrite each other's recent keys.
        self._q.sync()
        keys = [customer_key] + [k for k in self.recent_keys(profile) if k != customer_key]
        keys = keys[:MAX_RECENT]
        self._q.setValue(f"recent/{_group(profile)}", keys)
        self._q.sync()
        return keys

    # ---- window state --------------------------------------------------------------------------
    def window_state(self, name: str) -> QByteArray | None:
        value: Any = self._q.value(f"window/{name}")
        return value if isinstance(value, QByteArray) else None

    def set_window_state(self, name: str, value: QByteArray) -> None:
        self._q.setValue(f"window/{name}", value)


def _group(profile: str) -> str:
    """A QSettings-safe key for a profile name (no '/' or '\\' which would nest groups)."""
    return "".join(ch if ch.isalnum() or ch in "-_ " else f"%{ord(ch):02X}" for ch in profile) or "_"


__all__ = ["DEFAULT_PROFILE", "PRODUCTION_URL", "InvalidBaseUrl", "Profile", "Settings"]
