"""What is asked of Metrifox about the customer on screen, one question at a time: a card link for one of its
subscriptions, a price quote for one of its features.

Owned by the session. Each answer is checked before it is passed on: it must be for the customer still on
screen, asked with the configuration still in use (a profile or key switched meanwhile drops it), and the
latest question of its kind. A tenant without Metrifox's finance API (a 403 or 404 from the price endpoint) is
told so once; after that no quote is asked of that configuration again, and the sentence says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from inspector.api import errors
from inspector.jobs import Job

if TYPE_CHECKING:
    from inspector.fetcher import ClientConfig
    from inspector.present.quotes import QuoteWords
    from inspector.session.owner import Owner

SAVED_ANSWER = "This is a saved answer: look the customer up live (F5) before asking Metrifox."
NO_CUSTOMER = "Look a customer up first."


@dataclass(frozen=True)
class CardLinkResult:
    subscription_id: str
    url: str | None  # set only when the link may be offered (https on metrifox.com, no API key)
    sentence: str  # why it is (or is not) offered, or what went wrong


@dataclass(frozen=True)
class QuoteResult:
    feature_key: str
    quantity: int
    words: QuoteWords | None  # None: ``sentence`` says what went wrong
    sentence: str = ""


class CustomerRequests(QObject):
    """Signals:
        cardLinkAnswered(CardLinkResult): the link for the customer on screen, or the sentence why not.
        quoteAnswered(QuoteResult): the price of the quantity asked, in words, or the sentence why not.
        quotesUnavailable(str): this configuration's tenant has no finance API (said once per configuration).
    """

    cardLinkAnswered = Signal(object)
    quoteAnswered = Signal(object)
    quotesUnavailable = Signal(str)

    def __init__(self, session: Owner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._card_job: Job | None = None
        self._quote_job: Job | None = None
        self._no_finance: dict[ClientConfig, str] = {}  # kept in memory only, as the configuration itself

    @property
    def asking(self) -> bool:
        """A card link or a quote is on its way (its answer not yet delivered, or dropped)."""
        return self._card_job is not None or self._quote_job is not None

    # ---- what may be asked ---------------------------------------------------------------------
    def _cannot_ask(self) -> str | None:
        loaded = self._session.loaded
        if loaded is None:
            return NO_CUSTOMER
        if loaded.source:  # a saved answer: what it shows may no longer be so
            return SAVED_ANSWER
        return None

    def quotes_unavailable(self) -> str | None:
        """The sentence when the configuration in use is known to have no finance API, else None."""
        return self._no_finance.get(self._session.config)

    def _still_current(self, job: Job, latest: Job | None, customer_key: str, config: ClientConfig) -> bool:
        loaded = self._session.loaded
        return (
            job is latest
            and loaded is not None
            and loaded.customer_key == customer_key
            and self._session.config == config
        )

    # ---- a card link -----------------------------------------------------------------------------
    def ask_card_link(self, subscription_id: str) -> str | None:
        """Ask Metrifox for the subscription's card link; a sentence instead when it cannot be asked now."""
        problem = self._cannot_ask()
        loaded = self._session.loaded
        if problem is not None or loaded is None:
            return problem or NO_CUSTOMER
        config, key = self._session.config, loaded.customer_key
        self.cancel_card_link()
        job = self._card_job = self._session.fetcher.card_link(config, subscription_id)

        def answered(value: Any) -> None:
            if not self._still_current(job, self._card_job, key, config):
                return  # another customer, profile or question since: dropped
            self.cardLinkAnswered.emit(_card_result(subscription_id, value))

        job.finished.connect(answered)
        job.failed.connect(answered)
        job.completed.connect(lambda: self._ended(job))
        return None

    def cancel_card_link(self) -> None:
        if self._card_job is not None:
            self._card_job.cancel()

    # ---- a price quote ---------------------------------------------------------------------------
    def ask_quote(self, feature_key: str, feature_name: str, quantity: int, currency: str | None) -> str | None:
        """Ask what ``quantity`` of the feature would cost; a sentence instead when it cannot be asked now
        (no customer, a saved answer, or a tenant already known to have no finance API: not asked again)."""
        problem = self._cannot_ask() or self.quotes_unavailable()
        loaded = self._session.loaded
        if problem is not None or loaded is None:
            return problem or NO_CUSTOMER
        config, key = self._session.config, loaded.customer_key
        self.cancel_quote()
        job = self._quote_job = self._session.fetcher.quantity_price(config, key, feature_key, quantity)

        def answered(value: Any) -> None:
            if isinstance(value, errors.FinanceApiUnavailable) and config not in self._no_finance:
                self._no_finance[config] = value.message  # whatever is on screen now: never asked again
                self.quotesUnavailable.emit(value.message)
            if not self._still_current(job, self._quote_job, key, config):
                return
            if isinstance(value, errors.MetrifoxError):
                self.quoteAnswered.emit(QuoteResult(feature_key, quantity, None, value.message))
                return
            from inspector.present.quotes import quote_words

            words = quote_words(value, quantity, feature_name or feature_key, currency)
            self.quoteAnswered.emit(QuoteResult(feature_key, quantity, words))

        job.finished.connect(answered)
        job.failed.connect(answered)
        job.completed.connect(lambda: self._ended(job))
        return None

    def cancel_quote(self) -> None:
        if self._quote_job is not None:
            self._quote_job.cancel()

    def _ended(self, job: Job) -> None:
        if job is self._card_job:
            self._card_job = None
        if job is self._quote_job:
            self._quote_job = None


def _card_result(subscription_id: str, value: Any) -> CardLinkResult:
    from inspector.present.links import card_link_offer

    if isinstance(value, errors.MetrifoxError):
        return CardLinkResult(subscription_id, None, value.message)
    offer = card_link_offer(value if isinstance(value, str) else None)
    return CardLinkResult(subscription_id, offer.url, offer.reason)
