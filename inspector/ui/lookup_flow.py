"""The look-up as the window shows it: the bar, the banners, the status bar, the title and the customer view,
following the session's signals. The words come from present/messages.py; this flow only places them."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QMainWindow

from inspector import APP_NAME
from inspector.api import errors
from inspector.credentials import UNAVAILABLE, KeySource, KeyStatus
from inspector.present import messages
from inspector.present.nodes import NodeKind, row_key
from inspector.session import LoadedCustomer, Session

if TYPE_CHECKING:

    from inspector.present.nodes import Node
    from inspector.ui.banner import Banner
    from inspector.ui.customer_view import CustomerView
    from inspector.ui.frame import LookupBar


class LookupFlow(QObject):
    """Signals:
        customerShown(LoadedCustomer): on screen and laid out.
        settled(): the start-up look-up has ended (shown, failed or cancelled), or there was none.
    """

    customerShown = Signal(object)
    settled = Signal()
    view: CustomerView  # attach_view

    def __init__(
        self,
        session: Session,
        window: QMainWindow,
        *,
        bar: LookupBar,
        demo_banner: Banner,
        error_banner: Banner,
        view: CustomerView | None,
        key_source_label: QLabel,
    ) -> None:
        super().__init__(window)
        self.session, self.window, self.bar = session, window, bar
        self.demo_banner, self.error_banner, self.key_source_label = demo_banner, error_banner, key_source_label
        self._settled = False
        self._status = window.statusBar()
        bar.lookUpRequested.connect(self._look_up_typed)
        bar.recentChosen.connect(self._recent_chosen)
        bar.cancelRequested.connect(session.cancel)
        error_banner.retryRequested.connect(session.retry)
        session.keyChanged.connect(self._show_key)
        session.waitingForKey.connect(
            lambda key: self._status.showMessage(f"Reading your API key… {key} will be looked up next.")
        )
        session.lookupStarted.connect(self._started)
        session.customerLoaded.connect(self._show_customer)
        session.lookupFailed.connect(self._show_failure)
        session.lookupCancelled.connect(self._show_cancelled)
        session.changesFound.connect(self._show_changes)
        session.idle.connect(self._ready)
        session.busyChanged.connect(bar.set_busy)
        session.profileChanged.connect(lambda _profile: self._company_changed())
        session.recentKeysChanged.connect(bar.set_recent)
        if view is not None:
            self.attach_view(view)

    def attach_view(self, view: CustomerView) -> None:
        """The customer view, when it is made after the flow (the window is "ready" before its views are
        built): it must be attached before the session can show a customer, i.e. before the key is read."""
        self.view = view
        sections, record = self.session.sections, self.session.record
        view.sectionWanted.connect(
            lambda node, again: (record.open if node.section == "record" else sections.open)(node, again=again)
        )
        record.rowsReady.connect(self._rows_ready)
        record.recordChanged.connect(self._record_changed)
        view.eventsFilterWanted.connect(sections.filter_events)
        sections.rowsReady.connect(self._rows_ready)
        sections.moreReady.connect(view.more_events)
        sections.hintsChanged.connect(view.show_things_to_check)
        view.treeLaidOut.connect(self._laid_out)
        self._company_changed()

    # ---- asking ------------------------------------------------------------------------------
    def look_up(self, customer_key: str | None = None) -> None:
        search = self.bar.search
        typed = search.text() if customer_key is None else customer_key
        try:
            key = self.session.look_up(typed)
        except errors.InvalidCustomerKey as exc:
            self.error_banner.show_message(exc.message, tone="warning")
            self.bar.focus()
            return
        if search.text() != key:
            search.setText(key)

    def _company_changed(self) -> None:
        view: CustomerView | None = getattr(self, "view", None)  # none yet while the frame is first shown
        if view is not None:
            view.details.company = self.session.company  # the emails are signed with it
            view.details.show_node(view.details.node)

    def _look_up_typed(self) -> None:
        self.look_up()

    def _recent_chosen(self, key: str) -> None:
        if key != self.session.last_key:
            self.look_up(key)

    def clear_screen(self) -> None:
        """Nobody's customer on screen (another profile): the view, the banner, the field and the title."""
        self.view.clear()
        self.error_banner.hide()
        self.bar.search.clear()
        self.window.setWindowTitle(APP_NAME)

    # ---- the key, as shown ---------------------------------------------------------------------
    def _show_key(self, status: KeyStatus) -> None:
        session = self.session
        unreadable, force_demo = status.unreadable, session.force_demo
        self.demo_banner.show_banner(
            messages.demo_banner(status.note, demo=session.demo, unreadable=unreadable, force_demo=force_demo)
        )
        profile = session.profile.name
        words = messages.key_source(status.source.value, profile, unreadable=unreadable, force_demo=force_demo)
        self.key_source_label.setText(words)
        self.key_source_label.setToolTip(status.note)
        self._session_key_warning()

    def _session_key_warning(self) -> None:
        status = self.session.key_status
        if status is not None and status.source is KeySource.SESSION:
            self.error_banner.show_message(UNAVAILABLE, tone="warning")
        else:
            self.error_banner.hide()

    # ---- a look-up, as shown -------------------------------------------------------------------
    def _started(self, key: str, other_on_screen: str | None) -> None:
        self._status.showMessage(f"Looking up {key}…")
        banner = messages.loading(key, other_on_screen)
        if banner is not None:
            # Another customer is on screen: dim it and say whose it is, so nobody reads it as the new one.
            self.view.set_dimmed(True)
            self.error_banner.show_banner(banner)

    def _show_customer(self, loaded: LoadedCustomer) -> None:
        from inspector.present.text import elide, reveal_bidi

        selected = self.view.details.node
        # The same customer again (F5, Retry): keep the row the person was reading (inside a section too).
        same = self.session.previous is not None and self.view.shown_tree is not None
        keep_path = selected.json_path if same and selected is not None else None
        keep_row = None
        parent = selected.parent if same and selected is not None else None
        if selected is not None and parent is not None and parent.kind is NodeKind.SECTION and selected.source:
            keep_row = (parent.section or "", parent.subject or "", row_key(selected.source))
        self._session_key_warning()
        customer = loaded.details.customer
        self.view.show_customer(
            customer, loaded.tree, loaded.fetched_at, keep_path=keep_path, keep_row=keep_row, outline=loaded.outline
        )
        if loaded.source:  # a saved answer: say whose file and when, where "Fetched …" would be
            self.view.header.fetched_label.setText(loaded.source)
        title = elide(reveal_bidi(customer.title), 80)
        self.window.setWindowTitle(
            messages.window_title(APP_NAME, title, demo=loaded.demo, saved=bool(loaded.source))
        )
        self._status.showMessage(f"Loaded {loaded.customer_key} in {loaded.elapsed_ms:.0f} ms.", 8000)
        self.view.show_things_to_check(self.session.sections.hints())

    def _laid_out(self, tree: object) -> None:
        """Shown: the view has laid out the tree of the answer on screen (on a later turn than it was given)."""
        loaded = self.session.loaded
        if loaded is not None and loaded.tree is tree:
            self.customerShown.emit(loaded)
            self.settle()

    def _show_changes(self, answers: list[str], changes: list[str]) -> None:
        self.view.tree.viewport().update()  # the changed rows are highlighted
        older, newer = answers
        line = messages.changed_since(older, newer, changes)
        if line is not None:
            self.error_banner.show_message(line, tone="info")

    def _show_failure(self, error: errors.MetrifoxError, other_on_screen: str | None) -> None:
        session = self.session
        banner = messages.failure(
            error,
            key=session.last_key,
            other_on_screen=other_on_screen,
            demo=session.demo,
            force_demo=session.force_demo,
        )
        if other_on_screen is not None:
            self.view.set_dimmed(False)
        self.error_banner.show_banner(banner)
        loaded = session.loaded
        if loaded is not None:
            self.view.header.set_fetched(loaded.fetched_at, stale=loaded.customer_key == session.last_key)
        self._status.showMessage(banner.sentence, 8000)
        self.settle()

    def _show_cancelled(self, key: str, other_on_screen: str | None) -> None:
        banner = messages.cancelled(key, other_on_screen)
        if banner is not None:
            self.view.set_dimmed(False)
            self.error_banner.show_banner(banner)
        self._status.showMessage("Look-up cancelled.", 5000)
        self.settle()

    def _rows_ready(self, node: Node, rows: list[Node]) -> None:
        self.view.fill_section(node, rows)
        self.view.event_features = [key for key, _name in self.session.sections.features()]

    def _record_changed(self, node: Node, facts: object) -> None:
        """The customer record came (or failed): its row's summary, and the header's account manager and phone."""
        self.view.header.show_record(facts)
        self.view.model.refresh(node)
        if self.view.details.node is node:
            self.view.details.show_node(node)

    # ---- start-up ------------------------------------------------------------------------------
    def _ready(self) -> None:
        self._status.showMessage("Ready.", 4000)
        self.settle()

    @property
    def has_settled(self) -> bool:
        return self._settled

    def settle(self) -> None:
        if not self._settled:
            self._settled = True
            gc.freeze()  # start-up objects live as long as the app: out of the collector's full passes
            self.settled.emit()
