"""The account session: the one owner of what the window shows and what is in flight.

Widget-free (a QObject for its signals). It owns the profile in use, the API key (each read numbered:
a read that is no longer the latest is dropped), the client configuration built from the profile that
was read, the current look-up (a new one is swapped in before the old is cancelled), the customer on
screen and the answer before it (for "changed since"), searches and key tests. Views only show what
its signals say and ask it to act; results reach them through these signals, never as raw jobs. The
API key passes from the credential store to the client configuration here, and nowhere else.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, Signal

from inspector.api import errors
from inspector.api.cancel import CancelToken
from inspector.api.customer_key import clean_customer_key
from inspector.credentials import UNAVAILABLE, CredentialStore, KeySource, KeyStatus
from inspector.fetcher import ClientConfig, Fetcher
from inspector.jobs import Job
from inspector.resources import DEMO_CUSTOMER_KEY
from inspector.session.answers import AnswerWork
from inspector.session.loaded import LoadedCustomer, loaded_from_answer, warm_up_sample
from inspector.session.record import RecordLoads
from inspector.session.requests import CustomerRequests
from inspector.session.sections import SectionLoads
from inspector.settings import MeterAddress, Profile, Settings, resolve_meter_url

log = logging.getLogger(__name__)


class Session(QObject):
    """Signals:
        keyChanged(KeyStatus): the key was read (or changed).
        waitingForKey(str): a look-up asked for before the key was read; it runs when it is.
        busyChanged(bool): a look-up is (no longer) in flight.
        lookupStarted(str, object): customer key, the key of another customer still on screen (or None).
        customerLoaded(LoadedCustomer): a look-up's answer (or a saved answer) is the customer on screen.
        lookupFailed(MetrifoxError, object): the error, the key of another customer still on screen (or None).
        lookupCancelled(str, object): customer key, the key of another customer still on screen (or None).
        changesFound(list, list): the same customer again: [older, newer] named with their times, the changes.
        idle(): the start-up look-up has ended (or there was none).
        profileChanged(Profile), recentKeysChanged(list).
        searchAnswered(object): a CustomerPage or a MetrifoxError.
        keyTested(object): None (accepted) or a MetrifoxError.
        keySaved(object), keyForgotten(object): None or a MetrifoxError (then the saved key stays).
        storageNote(str): where keys are kept, in words.
    """

    keyChanged = Signal(object)
    waitingForKey = Signal(str)
    busyChanged = Signal(bool)
    lookupStarted = Signal(str, object)
    customerLoaded = Signal(object)
    lookupFailed = Signal(object, object)
    lookupCancelled = Signal(str, object)
    changesFound = Signal(list, list)
    idle = Signal()
    profileChanged = Signal(object)
    recentKeysChanged = Signal(list)
    searchAnswered = Signal(object)
    keyTested = Signal(object)
    keySaved = Signal(object)
    keyForgotten = Signal(object)
    storageNote = Signal(str)
    warmedUp = Signal(object)  # a sample tree (or None): start-up work is done

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
        self._key_reads = 0  # each read numbered: only the latest is applied
        self._key_ready = False
        self._waiting_key: str | None = None
        # Until the key is read: the demo, no meter address yet (working it out reads addresses with httpx,
        # which must not load on the window's thread at start-up; _apply_key sets the real one).
        self._config = ClientConfig(None, self.base_url, demo=True)
        self._loaded: LoadedCustomer | None = None
        self._previous: LoadedCustomer | None = None  # the answer before, while the same customer is shown
        self._lookup: Job | None = None
        self._search: Job | None = None
        self._comparing: Job | None = None  # the diff of the answer on screen with the one before
        self._key_tests: set[Job] = set()
        self._last_key = ""
        self.sections = SectionLoads(self, self)
        self.answers = AnswerWork(self, self)
        self.record = RecordLoads(self, self)
        self.requests = CustomerRequests(self, self)  # card links and price quotes for the customer on screen

    # ---- what it knows -------------------------------------------------------------------------
    @property
    def profile(self) -> Profile:
        return self._profile

    @property
    def company(self) -> str:
        """The company name shown to customers in the emails the window offers (the profile's setting)."""
        return self.settings.company(self._profile.name)

    def set_company(self, name: str) -> None:
        self.settings.set_company(self._profile.name, name)
        self.profileChanged.emit(self._profile)

    @property
    def base_url(self) -> str:
        return self._base_url_override or self._profile.base_url

    @property
    def meter_url(self) -> str:
        """The meter service's address ("" when there is none: meter features then say why)."""
        return self.meter_address.url or ""

    @property
    def meter_address(self) -> MeterAddress:
        """Where the meter address comes from: --meter-url, METRIFOX_METER_SERVICE_BASE_URL, the profile,
        or production's for production's API address; or the sentence saying why there is none."""
        return resolve_meter_url(self._profile, override=self._meter_url_override, base_url=self.base_url)

    @property
    def config(self) -> ClientConfig:
        """Where and how requests go now: built from the profile whose key was read last."""
        return self._config

    def _client_config(self, key: str | None, *, demo: bool = False) -> ClientConfig:
        return ClientConfig(key, self.base_url, demo=demo, meter_url=self.meter_url, **self._client_options)

    @property
    def key_status(self) -> KeyStatus | None:
        return self._key_status

    @property
    def demo(self) -> bool:
        return self._config.demo

    @property
    def loaded(self) -> LoadedCustomer | None:
        return self._loaded

    @property
    def previous(self) -> LoadedCustomer | None:
        """The answer before the one on screen, when it is the same customer's (else None)."""
        return self._previous

    @property
    def last_key(self) -> str:
        return self._last_key

    @property
    def busy(self) -> bool:
        return self._lookup is not None

    def recent_keys(self) -> list[str]:
        if self.demo:
            from inspector.resources import demo_keys

            return demo_keys()
        return self.settings.recent_keys(self._profile.name)

    # ---- start-up ------------------------------------------------------------------------------
    def warm_up(self) -> None:
        """Import the API layer and build pydantic's schemas on a worker while the window builds."""
        job = self.fetcher.warm_up(warm_up_sample)
        job.finished.connect(self.warmedUp)
        job.failed.connect(lambda _error: self.warmedUp.emit(None))

    def start(self, initial_key: str | None) -> None:
        """Read the key (keyring thread), then look ``initial_key`` up, or the demo customer."""
        if self.force_demo:  # --demo: no key needed, so do not wait for the keyring
            self._apply_key(KeyStatus(None, KeySource.NONE, "Demo mode (--demo)."))
            self._initial_lookup(initial_key)
        else:
            self._read_key(lambda: self._initial_lookup(initial_key))

    # ---- the key -------------------------------------------------------------------------------
    def _read_key(self, then: Callable[[], None]) -> None:
        """Read the profile's key; when it comes, and only if no later read was asked for, use it."""
        self._key_reads += 1
        read, profile, credentials = self._key_reads, self._profile, self.credentials
        self._key_ready = False

        def done(status: Any) -> None:
            if read != self._key_reads or profile is not self._profile:
                return  # a later read (another profile, a new key) is on its way: this one is stale
            if not isinstance(status, KeyStatus):
                status = KeyStatus(None, KeySource.NONE, UNAVAILABLE, unreadable=True)
            self._apply_key(status)
            waiting, self._waiting_key = self._waiting_key, None
            if waiting:  # asked for while the key was being read: now it goes to the right place
                self.look_up(waiting)
            else:
                then()

        job = self.fetcher.keyring(lambda: credentials.get(profile.name))
        job.finished.connect(done)
        job.failed.connect(done)

    def _initial_lookup(self, key: str | None) -> None:
        key = key or (DEMO_CUSTOMER_KEY if self.demo else None)
        if key:
            self.look_up(key)
        else:
            self.idle.emit()

    def _apply_key(self, status: KeyStatus) -> None:
        from inspector.logs import register_secret

        self._key_status = status
        self._key_ready = True
        register_secret(status.key)
        self._config = self._client_config(status.key, demo=self.force_demo or not status.key)
        self.fetcher.prepare(self._config)
        self.keyChanged.emit(status)
        self.recentKeysChanged.emit(self.recent_keys())

    def save_key(self, key: str, profile: str | None = None) -> None:
        """Store the key of ``profile`` (the dialog's, named when it opened; None: the one in use) in the
        keyring (or this session); the profile in use then uses it: the customer is looked up again."""
        name, credentials = profile or self._profile.name, self.credentials
        job = self.fetcher.keyring(lambda: credentials.set(name, key))
        job.finished.connect(lambda _status: self._key_changed(self.keySaved, None, name))
        job.failed.connect(lambda error: self._key_changed(self.keySaved, error, name))

    def forget_key(self, profile: str | None = None) -> None:
        """Remove the key; ``keyForgotten`` says the sentence when a saved key stays (KeyringTrouble)."""
        name, credentials = profile or self._profile.name, self.credentials
        job = self.fetcher.keyring(lambda: credentials.forget(name))
        job.finished.connect(lambda _status: self._key_changed(self.keyForgotten, None, name))
        job.failed.connect(self.keyForgotten)

    def _key_changed(self, signal: Any, error: errors.MetrifoxError | None, profile: str) -> None:
        signal.emit(error)
        if profile == self._profile.name:  # another profile's key is read when that profile is switched to
            self._read_key(self._after_key_change)

    def ask_storage_note(self) -> None:
        job = self.fetcher.keyring(self.credentials.storage_note)
        job.finished.connect(lambda note: self.storageNote.emit(str(note)))
        job.failed.connect(lambda _error: self.storageNote.emit(UNAVAILABLE))

    def test_key(self, key: str, profile: str | None = None) -> None:
        """Try a key (not saved) against the API of ``profile`` (None: the one in use); ``keyTested`` says how."""
        from inspector.logs import register_secret

        register_secret(key)  # a server may echo a key that is only being tried
        if profile is None or profile == self._profile.name:
            config = self._client_config(key)
        else:  # the dialog's profile is no longer in use: its own address, never the one in use now
            other = self.settings.profile(profile)
            meter = resolve_meter_url(other, override=None, base_url=other.base_url).url or ""
            config = ClientConfig(key, other.base_url, meter_url=meter, **self._client_options)
        job = self.fetcher.check_key(config)
        self._key_tests.add(job)
        job.finished.connect(lambda _none: self.keyTested.emit(None))
        job.failed.connect(self.keyTested)
        job.completed.connect(lambda: self._key_tests.discard(job))

    def cancel_key_tests(self) -> None:
        for job in list(self._key_tests):
            job.cancel()

    def _after_key_change(self) -> None:
        """A new key (or none): look the customer up again with it, or show the demo."""
        if self.demo:
            self._forget_customer()
            self._initial_lookup(None)
        elif self._last_key and self._last_key != DEMO_CUSTOMER_KEY:
            self.look_up(self._last_key)
        else:
            self._forget_customer()
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
        if self._lookup is not None and key == self._last_key:
            return key  # already on its way (Enter can reach both the field and its combo box)
        self._last_key = key
        shown = self._loaded.customer_key if self._loaded is not None else None
        config, started = self._config, time.perf_counter()
        host = "" if config.demo else (urlsplit(config.base_url).hostname or "")

        def answer(details: Any) -> LoadedCustomer:
            return loaded_from_answer(details, key, started, demo=config.demo, host=host)

        job = self.fetcher.customer(config, key, answer)
        self.record.fetch(config, key, job)  # beside the details, which never wait for it
        old, self._lookup = self._lookup, job  # swapped in first: the old one's cancel is not reported
        if old is not None:
            old.cancel()
        job.finished.connect(lambda loaded: self._loaded_by(job, loaded))
        job.failed.connect(lambda error: self._failed(job, error, shown))
        job.cancelled.connect(lambda: self._cancelled(job, key, shown))
        job.completed.connect(lambda: self._lookup_ended(job))
        if old is None:
            self.busyChanged.emit(True)
        self.lookupStarted.emit(key, shown if shown != key else None)
        return key

    def _lookup_ended(self, job: Job) -> None:
        if job is self._lookup:
            self._lookup = None
            self.busyChanged.emit(False)

    def retry(self) -> None:
        if self._last_key:
            self.look_up(self._last_key)

    def cancel(self) -> None:
        """Esc: stop the look-up, searches and key tests in flight."""
        if self._lookup is not None:
            self._lookup.cancel()
        self.cancel_search()
        self.cancel_key_tests()

    def _loaded_by(self, job: Job, loaded: LoadedCustomer) -> None:
        if job is not self._lookup:
            return
        if not loaded.demo:
            keys = self.settings.add_recent_key(self._profile.name, loaded.customer_key)
            self.recentKeysChanged.emit(keys)
        self._show(loaded)

    def _show(self, loaded: LoadedCustomer) -> None:
        """``loaded`` is the customer on screen now; the answer before it is kept only if it is the same
        customer's (to say what changed), and let go otherwise."""
        if self._comparing is not None:
            self._comparing.cancel()  # it compared the answer that is leaving the screen
        before = self._loaded
        same = before is not None and before.customer_key == loaded.customer_key
        self._previous = before if same else None
        self._loaded = loaded
        self.sections.reset()  # a new answer (F5 too): its sections are fetched again when shown
        self.customerLoaded.emit(loaded)
        self.record.shown(loaded)  # its record, asked for with the look-up: shown now or when it comes
        self.sections.check_invoices()  # overdue invoices are things to check before Invoices is opened
        if self._previous is not None:
            self._compare(self._previous, loaded)

    def _compare(self, before: LoadedCustomer, now: LoadedCustomer) -> None:
        """The same customer again (live or saved): what changed, always from the older answer to the newer
        (an older saved answer opened over a newer look-up reads forwards, not "Seats 5 → 3"), worked out on
        a worker, then marked in the tree on screen."""
        from inspector.present.diff import Stopped, changes, mark_changed
        from inspector.present.messages import answer_words

        older, newer = (now, before) if _earlier(now, before) else (before, now)

        def compare(token: CancelToken) -> list[Any]:
            try:
                return changes(older.details, newer.details, stop=lambda: token.cancelled)
            except Stopped:
                raise errors.Cancelled() from None

        job = self._comparing = self.fetcher.compute(compare)
        job.completed.connect(lambda: self._compare_ended(job))
        names = [answer_words(a.fetched_at, saved=bool(a.source)) for a in (older, newer)]

        def found(changed: list[Any]) -> None:
            if self._loaded is now and changed:
                mark_changed(now.tree, changed)
                self.changesFound.emit(names, [change.words for change in changed])

        job.finished.connect(found)

    def _compare_ended(self, job: Job) -> None:
        if job is self._comparing:
            self._comparing = None

    def _failed(self, job: Job, error: errors.MetrifoxError, shown: str | None) -> None:
        if job is self._lookup:
            self.lookupFailed.emit(error, shown if shown != self._last_key else None)

    def _cancelled(self, job: Job, key: str, shown: str | None) -> None:
        if job is self._lookup:
            self.lookupCancelled.emit(key, shown if shown != key else None)

    def show_saved(self, loaded: LoadedCustomer) -> None:
        """A saved answer on screen, as a look-up's would be (F5 then looks the customer up live)."""
        if self._lookup is not None:
            self._lookup.cancel()
        self._last_key = loaded.customer_key
        self._show(loaded)

    def _forget_customer(self) -> None:
        self._loaded = self._previous = None
        self.sections.reset()
        self.record.reset()

    # ---- finding a customer --------------------------------------------------------------------
    def search(self, term: str) -> None:
        """Search by key, name or email; an earlier search still running is moot and cancelled."""
        self.cancel_search()
        job = self._search = self.fetcher.search(self._config, term)
        job.finished.connect(self.searchAnswered)
        job.failed.connect(self.searchAnswered)
        job.completed.connect(lambda: self._search_ended(job))

    def _search_ended(self, job: Job) -> None:
        if job is self._search:
            self._search = None

    def cancel_search(self) -> None:
        if self._search is not None:
            self._search.cancel()

    # ---- profiles ------------------------------------------------------------------------------
    def profiles(self) -> list[Profile]:
        return self.settings.profiles()

    def switch_profile(self, name: str) -> None:
        self._profile = self.settings.profile(name)
        self.settings.set_current_profile(self._profile.name)
        self._base_url_override = self._meter_url_override = None
        if self._lookup is not None:
            self._lookup.cancel()
        self._waiting_key = None
        self._forget_customer()
        self._last_key = ""
        self.profileChanged.emit(self._profile)
        self._read_key(lambda: self._initial_lookup(None))

    def new_profile(self, name: str, base_url: str, meter_url: str = "") -> Profile:
        """Raises ValueError or :class:`errors.InvalidBaseUrl` with the sentence to show."""
        return self.settings.save_profile(name, base_url, meter_url)

    def complete_profile(self, meter_url: str, name: str) -> None:
        """Give the profile ``name`` (asked about when the question opened) the meter address it lacks (settings
        from an earlier version); when in use, its next call uses it. Raises as :meth:`new_profile` does."""
        profile = self.settings.find_profile(name)
        if profile is None:
            raise ValueError(f"The profile “{name}” was removed meanwhile, so its meter address was not saved.")
        saved = self.settings.save_profile(profile.name, profile.base_url, meter_url)
        if saved.name == self._profile.name:
            self._profile = saved
            if self._key_status is not None:
                self._config = self._client_config(self._key_status.key, demo=self._config.demo)

    def remove_profile(self, name: str) -> bool:
        """Remove the profile ``name`` (asked about before the question: never whichever is in use after it;
        never Production), its key and recent keys; when it was in use, use Production."""
        if name == self.settings.profiles()[0].name or self.settings.find_profile(name) is None:
            return False
        credentials = self.credentials
        self.fetcher.keyring(lambda: credentials.forget(name))
        self.settings.remove_profile(name)
        if name == self._profile.name:
            self.switch_profile(self.settings.profiles()[0].name)
        return True

    def shutdown(self) -> None:
        self.credentials.abort()
        self.fetcher.shutdown()


def _earlier(first: LoadedCustomer, second: LoadedCustomer) -> bool:
    """``first`` was fetched before ``second`` (an answer whose time is unknown counts as the older)."""
    if first.fetched_at is None or second.fetched_at is None:
        return first.fetched_at is None and second.fetched_at is not None
    return first.fetched_at < second.fetched_at
