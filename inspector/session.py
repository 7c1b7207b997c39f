"""The account session: which profile and key are in use, the customer on screen, the look-up in flight.

Widget-free (a QObject for its signals): the window's views only show what it says and ask it to act.
It owns the key's state machine (reading it from the keyring, the demo when there is none, look-ups that
wait until it is read), the current look-up (a new one supersedes it) and the profiles. The API key
passes from the credential store to the fetcher's client configuration here, and nowhere else.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from inspector.api import errors
from inspector.api.customer_key import clean_customer_key
from inspector.credentials import UNAVAILABLE, CredentialStore, KeySource, KeyStatus
from inspector.fetcher import ClientConfig, Fetcher, LoadedCustomer
from inspector.jobs import Job
from inspector.resources import DEMO_CUSTOMER_KEY
from inspector.settings import Profile, Settings

if TYPE_CHECKING:
    from inspector.present.hints import Loaded

log = logging.getLogger(__name__)


class Session(QObject):
    keyChanged = Signal(object)  # KeyStatus, once read (or changed)
    waitingForKey = Signal(str)  # a look-up asked for before the key was read: it will run next
    lookupStarted = Signal(str, object)  # customer key, the key of the customer still on screen (or None)
    customerLoaded = Signal(object)  # LoadedCustomer
    lookupFailed = Signal(object, object)  # MetrifoxError, the key of the customer still on screen (or None)
    lookupCancelled = Signal(str, object)  # customer key, the key of the customer still on screen (or None)
    idle = Signal()  # the start-up look-up has ended (or there was none)
    profileChanged = Signal(object)  # Profile
    recentKeysChanged = Signal(list)

    def __init__(
        self,
        settings: Settings,
        credentials: CredentialStore,
        fetcher: Fetcher,
        *,
        force_demo: bool = False,
        base_url: str | None = None,
        meter_url: str | None = None,
        profile: str | None = None,
        client_options: dict[str, Any] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.credentials = credentials
        self.fetcher = fetcher
        self.force_demo = force_demo
        self._base_url_override = base_url
        self._meter_url_override = meter_url
        self._client_options = client_options or {}
        self._profile = settings.profile(profile or settings.current_profile_name())
        self._key_status: KeyStatus | None = None
        self._key_ready = False
        self._waiting_key: str | None = None
        self._demo = True
        self._loaded: LoadedCustomer | None = None
        self._lookup: Job | None = None
        self._last_key = ""
        # The account's sections for the customer on screen: (section, subject, page) → answer.
        self._sections: dict[tuple[str, str, int, str], Any] = {}

    # ---- what it knows -------------------------------------------------------------------------
    @property
    def profile(self) -> Profile:
        return self._profile

    @property
    def base_url(self) -> str:
        return self._base_url_override or self._profile.base_url

    @property
    def meter_url(self) -> str:
        return self._meter_url_override or self._profile.meter_url

    def client_config(self, key: str | None, *, demo: bool = False) -> ClientConfig:
        """Where and how requests go: the profile's two bases (or the command line's), the given key."""
        return ClientConfig(key, self.base_url, demo=demo, meter_url=self.meter_url, **self._client_options)

    @property
    def key_status(self) -> KeyStatus | None:
        return self._key_status

    @property
    def demo(self) -> bool:
        return self._demo

    @property
    def loaded(self) -> LoadedCustomer | None:
        return self._loaded

    @property
    def last_key(self) -> str:
        return self._last_key

    def recent_keys(self) -> list[str]:
        if self._demo:
            from inspector.resources import demo_keys

            return demo_keys()
        return self.settings.recent_keys(self._profile.name)

    # ---- the key -------------------------------------------------------------------------------
    def start(self, initial_key: str | None) -> None:
        """Read the key (keyring thread), then look ``initial_key`` up, or the demo customer."""
        if self.force_demo:  # --demo: no key needed, so do not wait for the keyring
            self._apply_key(KeyStatus(None, KeySource.NONE, "Demo mode (--demo)."))
            self._initial_lookup(initial_key)
        else:
            self._resolve_key(lambda: self._initial_lookup(initial_key))

    def _resolve_key(self, then: Callable[[], None]) -> None:
        profile, credentials = self._profile.name, self.credentials
        self._key_ready = False

        def done(status: Any) -> None:
            if not isinstance(status, KeyStatus):
                status = KeyStatus(None, KeySource.NONE, UNAVAILABLE, unreadable=True)
            self._apply_key(status)
            waiting, self._waiting_key = self._waiting_key, None
            if waiting:  # asked for while the key was being read: now it goes to the right place
                self.look_up(waiting)
            else:
                then()

        job = self.fetcher.keyring(lambda: credentials.get(profile))
        job.finished.connect(done)
        job.failed.connect(done)

    def _initial_lookup(self, key: str | None) -> None:
        key = key or (DEMO_CUSTOMER_KEY if self._demo else None)
        if key:
            self.look_up(key)
        else:
            self.idle.emit()

    def _apply_key(self, status: KeyStatus) -> None:
        from inspector.logs import register_secret

        self._key_status = status
        self._key_ready = True
        register_secret(status.key)
        self._demo = self.force_demo or not status.key
        self.fetcher.configure(self.client_config(status.key, demo=self._demo))
        self.keyChanged.emit(status)
        self.recentKeysChanged.emit(self.recent_keys())

    def save_key(self, key: str) -> Job:
        """Store the key in the keyring (or this session), then use it: the customer is looked up again."""
        profile, credentials = self._profile.name, self.credentials
        job = self.fetcher.keyring(lambda: credentials.set(profile, key))
        job.finished.connect(lambda _status: self._resolve_key(self._after_key_change))
        job.failed.connect(lambda _error: self._resolve_key(self._after_key_change))
        return job

    def forget_key(self) -> Job:
        """Remove the key; the job fails with the sentence when a saved key stays (KeyringTrouble)."""
        profile, credentials = self._profile.name, self.credentials
        job = self.fetcher.keyring(lambda: credentials.forget(profile))
        job.finished.connect(lambda _status: self._resolve_key(self._after_key_change))
        return job

    def storage_note(self) -> Job:
        return self.fetcher.keyring(self.credentials.storage_note)

    def test_key(self, key: str) -> Job:
        return self.fetcher.check_key(self.client_config(key))

    def _after_key_change(self) -> None:
        """A new key (or none): look the customer up again with it, or show the demo."""
        if self._demo:
            self._loaded = None
            self._initial_lookup(None)
        elif self._last_key and self._last_key != DEMO_CUSTOMER_KEY:
            self.look_up(self._last_key)
        else:
            self._loaded = None
            self.idle.emit()

    # ---- look-ups ------------------------------------------------------------------------------
    def look_up(self, typed: str) -> str:
        """Start looking ``typed`` up (cleaned of what pasting adds); returns the cleaned key.

        Raises :class:`errors.InvalidCustomerKey` when there is nothing to look up.
        """
        key = clean_customer_key(typed)
        if not self._key_ready:
            self._waiting_key = key  # the demo must not answer a key meant for the real account
            self.waitingForKey.emit(key)
            return key
        if self.fetcher.busy and key == self._last_key:
            return key  # already on its way (Enter can reach both the field and its combo box)
        self._last_key = key
        job = self.fetcher.lookup(key)
        self._lookup = job
        shown = self._loaded.customer_key if self._loaded is not None else None
        job.finished.connect(lambda loaded, j=job: self._loaded_by(j, loaded))
        job.failed.connect(lambda error, j=job, s=shown: self._failed(j, error, s))
        job.cancelled.connect(lambda j=job, k=key, s=shown: self._cancelled(j, k, s))
        self.lookupStarted.emit(key, shown if shown != key else None)
        return key

    def retry(self) -> None:
        if self._last_key:
            self.look_up(self._last_key)

    def cancel(self) -> None:
        """Esc: stop the look-up, searches and key tests in flight."""
        self.fetcher.cancel()
        self.fetcher.cancel_searches_and_tests()

    def _loaded_by(self, job: Job, loaded: LoadedCustomer) -> None:
        if job is not self._lookup:
            return
        self.fetcher.cancel_sections()
        self._sections.clear()  # a new answer (F5 too): its sections are fetched again when shown
        self._loaded = loaded
        if not loaded.demo:
            keys = self.settings.add_recent_key(self._profile.name, loaded.customer_key)
            self.recentKeysChanged.emit(keys)
        self.customerLoaded.emit(loaded)

    def _failed(self, job: Job, error: errors.MetrifoxError, shown: str | None) -> None:
        if job is self._lookup:
            self.lookupFailed.emit(error, shown if shown != self._last_key else None)

    def _cancelled(self, job: Job, key: str, shown: str | None) -> None:
        if job is self._lookup:
            self.lookupCancelled.emit(key, shown if shown != key else None)

    def section(self, name: str, subject: str, page: int = 1, feature: str = "") -> tuple[Any, Job | None]:
        """A section of the account: (the answer, None) when it is cached for this customer, else
        (None, the job fetching it); the answer is cached when the job finishes."""
        key = (name, subject, page, feature)
        if key in self._sections:
            return self._sections[key], None
        job = self.fetcher.section(name, subject, page, feature)
        job.finished.connect(lambda value, k=key, shown=self._loaded: self._cache(k, value, shown))
        return None, job

    def _cache(self, key: tuple[str, str, int, str], value: Any, shown: LoadedCustomer | None) -> None:
        if shown is self._loaded:
            self._sections[key] = value

    def loaded_sections(self) -> Loaded:
        """What has been fetched of the account for the customer on screen, for the things to check."""
        from inspector.present.hints import loaded_from  # pydantic: never on the window's thread at start

        return loaded_from((name, subject, value) for (name, subject, _page, _feature), value in self._sections.items())

    def features(self) -> list[tuple[str, str]]:
        """(feature key, name) this customer is known to have: entitlements, and usage or settings loaded."""
        found: dict[str, str] = {}
        if self._loaded is not None:
            for product in self._loaded.details.customer.subscriptions:
                for entitlement in product.entitlements:
                    if entitlement.feature_key:
                        found.setdefault(entitlement.feature_key, entitlement.feature_name or entitlement.name or "")
        for (name, _subject, _page, _feature), value in self._sections.items():
            if name in {"usage", "summary"}:
                for item in getattr(value, "items", []) or []:
                    if item.feature_key:
                        found.setdefault(item.feature_key, item.feature_name or "")
        return sorted(found.items(), key=lambda pair: (pair[1] or pair[0]).lower())

    def check_access(self, feature_key: str, quantity: int) -> Job | None:
        """The access check for the customer on screen (None when there is none)."""
        if self._loaded is None:
            return None
        return self.fetcher.check_access(self._loaded.customer_key, feature_key, quantity)

    def show_saved(self, loaded: LoadedCustomer) -> None:
        """A saved answer on screen, as a look-up's would be (F5 then looks the customer up live)."""
        self.fetcher.cancel()
        self.fetcher.cancel_sections()
        self._sections.clear()
        self._lookup = None
        self._last_key = loaded.customer_key
        self._loaded = loaded
        self.customerLoaded.emit(loaded)

    def search(self, term: str) -> Job:
        return self.fetcher.search(term)

    # ---- profiles ------------------------------------------------------------------------------
    def profiles(self) -> list[Profile]:
        return self.settings.profiles()

    def switch_profile(self, name: str) -> None:
        self._profile = self.settings.profile(name)
        self.settings.set_current_profile(self._profile.name)
        self._base_url_override = self._meter_url_override = None
        self.fetcher.cancel()
        self._loaded = None
        self._last_key = ""
        self.profileChanged.emit(self._profile)
        self._resolve_key(lambda: self._initial_lookup(None))

    def new_profile(self, name: str, base_url: str, meter_url: str | None = None) -> Profile:
        """Raises ValueError or :class:`errors.InvalidBaseUrl` with the sentence to show."""
        if meter_url:
            return self.settings.save_profile(name, base_url, meter_url)
        return self.settings.save_profile(name, base_url)

    def remove_current_profile(self) -> bool:
        """Remove the profile in use (never Production), its key and recent keys; then use Production."""
        if self._profile.name == self.settings.profiles()[0].name:
            return False
        name, credentials = self._profile.name, self.credentials
        self.fetcher.keyring(lambda: credentials.forget(name))
        self.settings.remove_profile(name)
        self.switch_profile(self.settings.profiles()[0].name)
        return True

    def shutdown(self) -> None:
        self.credentials.abort()
        self.fetcher.shutdown()
