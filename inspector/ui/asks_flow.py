"""Questions for Metrifox about the customer on screen, as shown: "Send card link…" (from the detail pane, the
tree's menu or a thing to check) and "What would N cost?…" (on a usage feature). Opens their dialogs, asks the
session, and places its answers; the link goes out only through the window's checked Open, Copy and Email."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtWidgets import QListWidgetItem, QMenu, QWidget

from inspector.present.card_link import CardLinkNeed, need_for_path
from inspector.present.quotes import QuoteFeature
from inspector.present.text import one_line
from inspector.session import Session
from inspector.session.requests import CardLinkResult, QuoteResult
from inspector.ui.card_link_dialog import CardLinkDialog
from inspector.ui.customer_view import CustomerView
from inspector.ui.quote_dialog import QuoteDialog

if TYPE_CHECKING:
    from inspector.present.hints import Hint


class AskFlow(QObject):
    def __init__(
        self,
        session: Session,
        parent: QWidget,
        view: CustomerView,
        *,
        open_link: Callable[[str], None],
        copy_text: Callable[[str, str], None],
        open_mail: Callable[[str], None],
    ) -> None:
        super().__init__(parent)
        self.session, self.view, self._parent = session, view, parent
        self._open_link, self._copy_text, self._open_mail = open_link, copy_text, open_mail
        self.card_dialog: CardLinkDialog | None = None
        self.quote_dialog: QuoteDialog | None = None
        self._feature: QuoteFeature | None = None
        self._asked_for = ""  # the customer the open dialog is about
        requests, asks = session.requests, view.details.asks
        asks.cardLinkRequested.connect(self.open_card_link)
        asks.quoteRequested.connect(self.open_quote)
        requests.cardLinkAnswered.connect(self._card_answered)
        requests.quoteAnswered.connect(self._quote_answered)
        requests.quotesUnavailable.connect(lambda _sentence: self._refresh_asks())
        session.keyChanged.connect(lambda _status: self._refresh_asks())  # another key, another tenant
        session.profileChanged.connect(lambda _profile: self._close_for(""))
        session.customerLoaded.connect(lambda loaded: self._close_for(loaded.customer_key))
        # A thing to check about a product whose card needs sending: right-click offers the link itself, and
        # its tooltip says so (the view asks as it makes each row).
        view.things.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.things.customContextMenuRequested.connect(self._thing_menu)
        view.thing_note = self._thing_note

    # ---- card link -----------------------------------------------------------------------------
    def open_card_link(self, need: CardLinkNeed) -> None:
        loaded = self.session.loaded
        if loaded is None:
            return
        self._close_dialogs()
        dialog = self.card_dialog = CardLinkDialog(one_line(loaded.details.customer.title), need, parent=self._parent)
        self._asked_for = loaded.customer_key
        dialog.openRequested.connect(self._open_link)
        dialog.copyRequested.connect(self._copy_text)
        dialog.emailRequested.connect(self._open_mail)
        dialog.askAgain.connect(lambda: self._ask_card_link(dialog))
        dialog.rejected.connect(self.session.requests.cancel_card_link)
        dialog.open()
        self._ask_card_link(dialog)

    def _ask_card_link(self, dialog: CardLinkDialog) -> None:
        problem = self.session.requests.ask_card_link(dialog.need.subscription_id)
        if problem is not None:
            dialog.show_problem(problem)

    def _card_answered(self, result: CardLinkResult) -> None:
        dialog = self.card_dialog
        if dialog is None or not dialog.isVisible() or result.subscription_id != dialog.need.subscription_id:
            return
        if result.url is None:
            dialog.show_problem(result.sentence)
            return
        mail, tooltip = self._mail(result.url)
        dialog.show_link(result.url, mail, tooltip)

    def _mail(self, url: str) -> tuple[str | None, str]:
        from inspector.present.mail import customer_address, mailto

        loaded = self.session.loaded
        if loaded is None:
            return None, "No usable email address"
        customer = loaded.details.customer
        address = customer_address(customer.billing_email, customer.primary_email)
        if address is None:
            return None, "Metrifox has no usable email address for this customer"
        mail = mailto(address, customer.title, url, "card", language=customer.language, company=self.session.company)
        return mail, f"Opens your mail app with a message to {address}"

    def thing_actions(self, item: QListWidgetItem | None) -> list[tuple[str, Callable[[], None]]]:
        """What right-clicking a thing to check offers: "Send card link…" when it is about a product whose
        card is missing or expires before the next bill."""
        loaded = self.session.loaded
        path = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        need = need_for_path(loaded.details, path) if loaded is not None and isinstance(path, str) else None
        return [] if need is None else [("Send card link…", partial(self.open_card_link, need))]

    def _thing_note(self, hint: Hint) -> str | None:
        loaded = self.session.loaded
        if loaded is None or need_for_path(loaded.details, hint.json_path) is None:
            return None
        return f"{hint.sentence}\n\nClick to go to its row; right-click to send a card link."

    def _thing_menu(self, pos: QPoint) -> None:
        actions = self.thing_actions(self.view.things.itemAt(pos))
        if actions:
            menu = QMenu(self.view.things)
            for text, run in actions:
                menu.addAction(text, run)
            menu.exec(self.view.things.viewport().mapToGlobal(pos))

    # ---- price quote ---------------------------------------------------------------------------
    def open_quote(self, feature: QuoteFeature) -> None:
        loaded = self.session.loaded
        if loaded is None:
            return
        self._close_dialogs()
        dialog = self.quote_dialog = QuoteDialog(
            one_line(loaded.details.customer.title), feature.name, parent=self._parent
        )
        self._feature, self._asked_for = feature, loaded.customer_key
        dialog.quoteRequested.connect(self._ask_quote)
        dialog.rejected.connect(self.session.requests.cancel_quote)
        unavailable = self.session.requests.quotes_unavailable()
        if unavailable is not None:  # known already: said, and nothing is asked
            dialog.show_problem(unavailable, final=True)
        dialog.open()

    def _ask_quote(self, quantity: int) -> None:
        dialog, feature = self.quote_dialog, self._feature
        if dialog is None or feature is None:
            return
        problem = self.session.requests.ask_quote(feature.key, feature.name, quantity, feature.currency)
        if problem is not None:
            dialog.show_problem(problem, final=problem == self.session.requests.quotes_unavailable())

    def _quote_answered(self, result: QuoteResult) -> None:
        dialog, feature = self.quote_dialog, self._feature
        if dialog is None or not dialog.isVisible() or feature is None or result.feature_key != feature.key:
            return
        if result.words is None:
            dialog.show_problem(result.sentence, final=result.sentence == self.session.requests.quotes_unavailable())
        else:  # its sentence names the quantity priced, even if the box was changed meanwhile
            dialog.show_quote(result.words)

    def _refresh_asks(self) -> None:
        """Whether quotes may be asked of the configuration in use, on the detail pane and the tree's menu."""
        asks = self.view.details.asks
        asks.quote_unavailable = self.session.requests.quotes_unavailable()
        asks.show_asks(asks.need, asks.feature)

    # ---- another customer ------------------------------------------------------------------------
    def _close_for(self, customer_key: str) -> None:
        """Another customer (or profile) on screen: the dialogs about the one before close; the same customer
        again (F5) keeps them."""
        self._refresh_asks()
        if customer_key != self._asked_for:
            self._close_dialogs()

    def _close_dialogs(self) -> None:
        for dialog in (self.card_dialog, self.quote_dialog):
            if dialog is not None and dialog.isVisible():
                dialog.reject()
