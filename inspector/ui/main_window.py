"""The main window: wires the session (what is known, what is in flight) to the views that show it.

The look-up bar, banners, the customer view, the menus and the dialogs only show and ask; the session
(inspector/session.py) holds the state and starts the work, as jobs on the fetcher's worker threads. This
module is the only place that knows both, and the only one with the clipboard and the browser.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QMainWindow

from inspector import APP_NAME, __version__
from inspector.api import errors
from inspector.credentials import UNAVAILABLE, CredentialStore, KeySource, KeyStatus
from inspector.fetcher import Fetcher, LoadedCustomer
from inspector.session import Session
from inspector.settings import PRODUCTION_METER_URL, Settings

if TYPE_CHECKING:
    from inspector.jobs import Job
    from inspector.present.nodes import Node
    from inspector.ui.access_dialog import AccessDialog
    from inspector.ui.key_dialog import KeyDialog
    from inspector.ui.search_dialog import SearchDialog
    from inspector.ui.summary_dialog import SummaryDialog

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    settled = Signal()  # the start-up look-up has finished (shown or failed), or there was none
    customerShown = Signal(object)  # LoadedCustomer
    lookupFailed = Signal(object)  # MetrifoxError
    warmedUp = Signal()  # start-up work done: the first look-up will be as smooth as later ones
    searchAnswered = Signal(object)  # a CustomerPage or a MetrifoxError, shown in the search dialog
    keyTested = Signal(object)  # None (accepted) or a MetrifoxError, shown in the key dialog
    copied = Signal(str)  # what went to the clipboard ("Copy as JSON" is worked out off this thread)

    def __init__(
        self,
        settings: Settings,
        credentials: CredentialStore,
        fetcher: Fetcher,
        *,
        initial_key: str | None = None,
        force_demo: bool = False,
        base_url: str | None = None,
        meter_url: str | None = None,
        profile: str | None = None,
        client_options: dict[str, Any] | None = None,
        defer_build: bool = False,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.credentials = credentials
        self.fetcher = fetcher
        self.session = Session(
            settings,
            credentials,
            fetcher,
            force_demo=force_demo,
            base_url=base_url,
            meter_url=meter_url,
            profile=profile,
            client_options=client_options,
            parent=self,
        )
        self.url_opener: Callable[[QUrl], bool] = QtGui.QDesktopServices.openUrl  # replaced in tests
        self._initial_key = initial_key
        self._settled = False
        self._shown_key: str | None = None  # the customer on screen
        self._previous_answer: LoadedCustomer | None = None  # its answer, to say what a reload changed
        self._key_dialog: KeyDialog | None = None
        self._key_tests: list[Job] = []
        self._search_dialog: SearchDialog | None = None
        self._search_job: Job | None = None
        self.access_dialog: AccessDialog | None = None
        self.summary_dialog: SummaryDialog | None = None
        self.compare_box: QtWidgets.QMessageBox | None = None
        self.setWindowTitle(APP_NAME)
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)  # a saved answer (.json) dropped on the window is shown
        self._built = False
        self._restore_geometry()
        if not defer_build:
            self.build_ui()

    # ---- building ------------------------------------------------------------------------------
    def build_ui(self) -> None:
        """Build the widgets. ``run()`` shows the bare frame first and builds on the next turn of the
        event loop, so the window is on screen before the widget modules are even imported."""
        if self._built:
            return
        self._built = True
        self._build_views()
        self._build_menus()
        self._name_actions()
        self._build_shortcuts()
        self._connect_session()
        self._restore_layout()

    def _build_views(self) -> None:
        from inspector.ui.banner import Banner
        from inspector.ui.customer_view import CustomerView
        from inspector.ui.lookup_bar import LookupBar
        from inspector.ui.section_loader import SectionLoader
        from inspector.ui.text import plain_label

        self.lookup_bar = LookupBar()
        self.addToolBar(self.lookup_bar)
        self.lookup_bar.lookUpRequested.connect(self._look_up_typed)
        self.lookup_bar.recentChosen.connect(self._recent_chosen)
        self.lookup_bar.profileChosen.connect(self._profile_chosen)
        self.lookup_bar.cancelRequested.connect(self.cancel_lookup)
        # The look-up bar's widgets by their old names: tests and the menus reach them here.
        bar = self.lookup_bar
        self.search, self.recent_box, self.profile_box = bar.search, bar.recent_box, bar.profile_box
        self.lookup_button, self.busy_bar, self.cancel_button = bar.lookup_button, bar.busy_bar, bar.cancel_button
        self._fill_profiles()

        central = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(central)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.setSpacing(6)
        self.demo_banner = Banner("demoBanner")
        self.demo_banner.setKeyRequested.connect(self.open_key_dialog)
        self.error_banner = Banner("errorBanner")
        self.error_banner.retryRequested.connect(self.retry)
        self.error_banner.setKeyRequested.connect(self.open_key_dialog)
        self.error_banner.searchRequested.connect(lambda: self.open_search(self.session.last_key))
        self.customer_view = CustomerView()
        self.customer_view.copyRequested.connect(self.copy_text)
        self.customer_view.openLinkRequested.connect(self.open_link)
        self.customer_view.emailRequested.connect(self.open_mail)
        self.customer_view.compareRequested.connect(self.compare_subscriptions)
        self.customer_view.copyNodeJsonRequested.connect(self.copy_node_json)
        self.customer_view.rawWanted.connect(self._format_raw)
        self.customer_view.saveRawRequested.connect(self.save_raw)
        self.sections = SectionLoader(self.session, self.fetcher, self.customer_view, self)
        self.sections.rowsShown.connect(self._update_things_to_check)
        self.customer_view.checkAccessRequested.connect(self.open_check_access)
        view = self.customer_view
        self.header, self.model, self.tree, self.details = view.header, view.model, view.tree, view.details
        self.raw_view, self.tabs, self.splitter = view.raw_view, view.tabs, view.splitter
        self.stack, self.placeholder = view.stack, view.placeholder
        for widget in (self.demo_banner, self.error_banner):
            layout.addWidget(widget)
        layout.addWidget(self.customer_view, 1)
        self.setCentralWidget(central)
        self.key_source_label = plain_label()
        self.key_source_label.setObjectName("keySource")
        self.statusBar().addPermanentWidget(self.key_source_label)

    def _build_menus(self) -> None:
        from inspector.ui.menus import MenuItem, build_menus

        self.menu_actions = build_menus(
            self,
            {
                "&File": [
                    MenuItem("Set API &key…", self.open_key_dialog),
                    MenuItem("&New profile…", self.new_profile),
                    MenuItem("&Remove this profile", self.remove_profile),
                    None,
                    MenuItem("&Open saved answer…", self.open_saved_dialog, QtGui.QKeySequence.StandardKey.Open),
                    None,
                    MenuItem("&Quit", self.close, QtGui.QKeySequence.StandardKey.Quit),
                ],
                "&Edit": [
                    MenuItem("Find &customer by name or email…", self.open_search, "Ctrl+Shift+F"),
                    MenuItem("Check &access…", self.open_check_access),
                    MenuItem("Copy support &summary…", self.open_summary, "Ctrl+Shift+C"),
                    MenuItem("&Find in raw JSON", self.find_in_raw, QtGui.QKeySequence.StandardKey.Find),
                    MenuItem("Copy field &value", self.details.copy_selected_value),
                    MenuItem("Copy field JSON &path", self.details.copy_selected_path),
                ],
                "&View": [
                    MenuItem("&Refresh", self.retry, QtGui.QKeySequence.StandardKey.Refresh),
                    MenuItem("&Expand all", self.tree.expandAll),
                    MenuItem("&Collapse all", self.customer_view.collapse_to_defaults),
                ],
                "&Help": [MenuItem("Open &log folder", self.open_log_folder), MenuItem("&About", self.show_about)],
            },
        )

    def _name_actions(self) -> None:
        self.menu_actions["Check access"].setObjectName("checkAccess")
        self.menu_actions["Copy support summary"].setObjectName("copySummary")

    def _build_shortcuts(self) -> None:
        for sequence in ("Ctrl+K", "Ctrl+L"):
            QtGui.QShortcut(QtGui.QKeySequence(sequence), self, self.focus_search)
        QtGui.QShortcut(QtGui.QKeySequence(QtCore.Qt.Key.Key_Escape), self, self.escape)

    def _connect_session(self) -> None:
        session = self.session
        session.keyChanged.connect(self._show_key)
        session.waitingForKey.connect(
            lambda key: self.statusBar().showMessage(f"Reading your API key… {key} will be looked up next.")
        )
        session.lookupStarted.connect(self._lookup_started)
        session.customerLoaded.connect(self._show_customer)
        session.lookupFailed.connect(self._show_failure)
        session.lookupCancelled.connect(self._show_cancelled)
        session.idle.connect(self._ready)
        session.profileChanged.connect(lambda _profile: self._fill_profiles())
        session.recentKeysChanged.connect(self.lookup_bar.set_recent)
        self.fetcher.busyChanged.connect(self.lookup_bar.set_busy)

    # ---- start-up ------------------------------------------------------------------------------
    def start(self) -> None:
        """After the window is shown: find the key (keyring thread), then look up or show the demo."""
        warm = self.fetcher.warm_up()  # first, so the API layer loads on a worker while the widgets build
        warm.finished.connect(self._warm_views)
        warm.failed.connect(lambda _error: self._warm_views(None))
        self.build_ui()
        self.search.setFocus()
        self.statusBar().showMessage("Starting…")
        initial, self._initial_key = self._initial_key, None
        self.session.start(initial)

    def _warm_views(self, sample: Node | None) -> None:
        if self._built:
            self.customer_view.warm_up(sample)
        # What start-up made (modules, pydantic's validators, widgets) lives as long as the app: one
        # collection now, while the person is still typing, then keep it out of later full passes.
        gc.collect()
        gc.freeze()
        self.warmedUp.emit()

    def _ready(self) -> None:
        self.statusBar().showMessage("Ready.", 4000)
        self._settle()

    def _settle(self) -> None:
        if not self._settled:
            self._settled = True
            gc.freeze()  # start-up objects live as long as the app: out of the collector's full passes
            self.settled.emit()

    @property
    def is_demo(self) -> bool:
        return self.session.demo

    @property
    def loaded(self) -> LoadedCustomer | None:
        return self.session.loaded

    @property
    def key_dialog(self) -> KeyDialog | None:
        return self._key_dialog

    @property
    def search_dialog(self) -> SearchDialog | None:
        return self._search_dialog

    # ---- the key, as shown ---------------------------------------------------------------------
    def _show_key(self, status: KeyStatus) -> None:
        force_demo = self.session.force_demo
        if self.session.demo and status.unreadable and not force_demo:
            self.demo_banner.show_message(
                f"{status.note} Showing demo data until it can be read.", tone="warning", set_key=True
            )
        elif self.session.demo:
            text = (
                "Demo mode: these are built-in example customers, not live data."
                if force_demo
                else "You are looking at demo data. Add your Metrifox API key to look up real customers."
            )
            self.demo_banner.show_message(text, tone="info", set_key=not force_demo)
        else:
            self.demo_banner.hide()
        words = {
            KeySource.ENVIRONMENT: "Key: from METRIFOX_API_KEY",
            KeySource.KEYRING: "Key: saved in keyring",
            KeySource.SESSION: "Key: this session only",
            KeySource.NONE: "No API key (demo)",
        }[status.source]
        if force_demo:
            words = "Demo mode"
        elif status.unreadable:
            words = "Key could not be read (demo)"
        self.key_source_label.setText(f"{words} · {self.session.profile.name}")
        self.key_source_label.setToolTip(status.note)
        self.error_banner.hide()
        if status.source is KeySource.SESSION:
            self.error_banner.show_message(UNAVAILABLE, tone="warning")

    # ---- look-ups ------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.lookup_bar.focus()

    def look_up(self, customer_key: str | None = None) -> None:
        typed = self.search.text() if customer_key is None else customer_key
        try:
            key = self.session.look_up(typed)
        except errors.InvalidCustomerKey as exc:
            self.error_banner.show_message(exc.message, tone="warning")
            self.focus_search()
            return
        if self.search.text() != key:
            self.search.setText(key)

    def _look_up_typed(self) -> None:
        self.look_up()

    def _recent_chosen(self, key: str) -> None:
        if key != self.session.last_key:
            self.look_up(key)

    def retry(self) -> None:
        self.session.retry()

    def escape(self) -> None:
        """Esc: close the raw-JSON find bar when it is open, else stop what is loading."""
        if self.raw_view.is_finding and self.raw_view.isVisible():
            self.raw_view.close_find()
        else:
            self.cancel_lookup()

    def cancel_lookup(self) -> None:
        self.session.cancel()

    def _lookup_started(self, key: str, other_on_screen: str | None) -> None:
        self.statusBar().showMessage(f"Looking up {key}…")
        if other_on_screen is not None:
            # Another customer is on screen: dim it and say whose it is, so nobody reads it as the new one.
            self.customer_view.set_dimmed(True)
            self.error_banner.show_message(f"Loading {key}… (still showing {other_on_screen})", tone="info")

    def _show_customer(self, loaded: LoadedCustomer) -> None:
        from inspector.present.text import elide, reveal_bidi

        selected = self.details.node
        shown = self.customer_view.shown_tree
        previous = self._previous_answer if self._shown_key == loaded.customer_key else None
        # The same customer again (F5, Retry): keep the row the person was reading.
        same = shown is not None and selected is not None and self._shown_key == loaded.customer_key
        keep_path = selected.json_path if same and selected is not None else None
        self._shown_key = loaded.customer_key
        self.error_banner.hide()
        status = self.session.key_status
        if status is not None and status.source is KeySource.SESSION:
            self.error_banner.show_message(UNAVAILABLE, tone="warning")
        customer = loaded.details.customer
        self.customer_view.show_customer(customer, loaded.tree, loaded.fetched_at, keep_path=keep_path)
        if loaded.source:  # a saved answer: say whose file and when, where "Fetched …" would be
            self.header.fetched_label.setText(loaded.source)
        title = elide(reveal_bidi(customer.title), 80)
        marks = " (demo)" if loaded.demo else " (saved answer)" if loaded.source else ""
        self.setWindowTitle(f"{title} — {APP_NAME}{marks}")
        self.statusBar().showMessage(f"Loaded {loaded.customer_key} in {loaded.elapsed_ms:.0f} ms.", 8000)
        self._update_things_to_check()
        self._previous_answer = loaded
        if previous is not None and previous is not loaded:
            self._compare(previous, loaded)
        # After the tree's layout (the view does it on the next turn of the event loop).
        QtCore.QTimer.singleShot(0, lambda: self._shown(loaded))

    def _compare(self, before: LoadedCustomer, now: LoadedCustomer) -> None:
        """The same customer again: what changed since, worked out on a worker, said in a line and
        highlighted in the tree."""
        from inspector.present.diff import changes

        job = self.fetcher.format(lambda: changes(before.details, now.details))

        def show(found: list[Any]) -> None:
            if self.session.loaded is not now or not found:
                return
            from inspector.present.dates import format_absolute
            from inspector.present.tree import find_by_path

            for change in found:
                node = find_by_path(now.tree, change.json_path)
                if node is not None:
                    node.changed = True
            self.tree.viewport().update()
            since = format_absolute(before.fetched_at).split(", ")[-1]
            listed = "; ".join(c.words for c in found[:3]) + (f"; and {len(found) - 3} more" if len(found) > 3 else "")
            self.error_banner.show_message(f"Changed since {since}: {listed}", tone="info")

        job.finished.connect(show)

    def _shown(self, loaded: LoadedCustomer) -> None:
        if self.session.loaded is loaded:
            self.customerShown.emit(loaded)
            self._settle()

    def _show_failure(self, error: errors.MetrifoxError, other_on_screen: str | None) -> None:
        not_found = isinstance(error, errors.NotFound)
        if not_found and self.session.demo:
            # Someone tried a real key in the demo: say why, and what to do.
            force_demo = self.session.force_demo
            advice = "" if force_demo else " Add your API key to look up real customers."
            sentence, tone = f"The built-in demo has no customer with this key.{advice}", "warning"
            set_key, search = not force_demo, False
        else:
            sentence, tone, set_key, search = error.message, "error", error.key_problem, not_found
        if other_on_screen is not None:
            # Usable again, but never mistaken for the customer that failed.
            self.customer_view.set_dimmed(False)
            sentence = f"Showing {other_on_screen} — {self.session.last_key} failed: {sentence}"
        # Retry helps when the trouble may pass (or the key may have been fixed); never for "not found".
        retry = not not_found and (error.retryable or error.key_problem)
        self.error_banner.show_message(sentence, tone=tone, retry=retry, set_key=set_key, search=search)
        loaded = self.session.loaded
        if loaded is not None:
            self.header.set_fetched(loaded.fetched_at, stale=loaded.customer_key == self.session.last_key)
        self.statusBar().showMessage("The look-up did not work.", 8000)
        self.lookupFailed.emit(error)
        self._settle()

    def _show_cancelled(self, key: str, other_on_screen: str | None) -> None:
        if other_on_screen is not None:
            self.customer_view.set_dimmed(False)
            self.error_banner.show_message(
                f"Showing {other_on_screen} — the look-up of {key} was cancelled.", tone="warning", retry=True
            )
        self.statusBar().showMessage("Look-up cancelled.", 5000)
        self._settle()

    def select_node(self, node: Node) -> None:
        self.customer_view.select_node(node)

    def tree_menu_actions(self, node: Node) -> list[tuple[str, Callable[[], None] | None]]:
        return self.customer_view.tree_menu_actions(node)

    def _update_things_to_check(self) -> None:
        """Things to check from the details and the sections fetched so far (overdue invoices, usage, wallets)."""
        from inspector.present.hints import hints

        loaded = self.session.loaded
        if loaded is not None:
            self.customer_view.show_things_to_check(hints(loaded.details, self.session.loaded_sections()))

    def compare_subscriptions(self, first: Node, second: Node) -> None:
        """Two subscriptions of a product side by side: only the fields that differ, in words."""
        from inspector.present.diff import compare_subscriptions

        lines = compare_subscriptions(first, second)
        box = QtWidgets.QMessageBox(self)
        box.setObjectName("compareDialog")
        box.setWindowTitle("Compare subscriptions")
        box.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        said = "\n".join(lines) if lines else "They do not differ in any field."
        box.setText(f"{first.label}  →  {second.label}\n\n{said}")  # plain text: API text is never markup
        self.compare_box = box
        box.open()

    # ---- saved answers -----------------------------------------------------------------------------
    def open_saved_dialog(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(self, "Open a saved answer", "", "JSON (*.json)")
        if path:
            self.open_saved(path)

    def open_saved(self, path: str) -> None:
        """Show a saved answer offline; a file that is not one gets one sentence and nothing else changes."""
        job = self.fetcher.open_saved(path)
        job.finished.connect(self.session.show_saved)
        job.failed.connect(lambda error: self.error_banner.show_message(error.message, tone="warning"))
        self.statusBar().showMessage(f"Opening {path}…", 3000)

    def dragEnterEvent(self, event: QtGui.QDragEnterEvent) -> None:
        if self._dropped_file(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QtGui.QDropEvent) -> None:
        path = self._dropped_file(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.open_saved(path)

    @staticmethod
    def _dropped_file(mime: QtCore.QMimeData) -> str | None:
        urls = mime.urls() if mime.hasUrls() else []
        if len(urls) == 1 and urls[0].isLocalFile() and urls[0].toLocalFile().lower().endswith(".json"):
            return urls[0].toLocalFile()
        return None

    # ---- the support summary ---------------------------------------------------------------------
    def open_summary(self) -> None:
        """Preview the support summary (plain text or Markdown), then copy it."""
        from inspector.present.summary import support_summary
        from inspector.ui.summary_dialog import SummaryDialog

        loaded = self.session.loaded
        if loaded is None:
            self.statusBar().showMessage("Look a customer up first.", 5000)
            return
        sections = self.session.loaded_sections()

        def text(markdown: bool, with_ids: bool) -> str:
            return support_summary(loaded.details, markdown=markdown, with_ids=with_ids, loaded=sections)

        dialog = SummaryDialog(text, parent=self)
        self.summary_dialog = dialog
        dialog.copyRequested.connect(lambda summary: self.copy_text(summary, "support summary"))
        dialog.open()

    # ---- check access --------------------------------------------------------------------------
    def open_check_access(self, feature: str | None = None) -> None:
        """Ask the meter service whether the customer on screen may use a feature now."""
        from inspector.present.account import access_sentence
        from inspector.ui.access_dialog import AccessDialog

        loaded = self.session.loaded
        if loaded is None:
            self.statusBar().showMessage("Look a customer up first.", 5000)
            return
        dialog = AccessDialog(loaded.details.customer.title, self.session.features(), feature, parent=self)
        self.access_dialog = dialog

        def check(feature_key: str, quantity: int) -> None:
            job = self.session.check_access(feature_key, quantity)
            if job is None:
                return
            job.finished.connect(lambda answer: dialog.show_answer(access_sentence(answer), bool(answer.can_access)))
            job.failed.connect(lambda error: dialog.show_answer(error.message, None))
            dialog.rejected.connect(job.cancel)

        dialog.checkRequested.connect(check)
        dialog.open()

    # ---- raw JSON ------------------------------------------------------------------------------
    def _format_raw(self) -> None:
        """Format the answer on screen (not the look-up in flight: it may never arrive)."""
        from inspector.present.raw import format_raw_json

        loaded = self.session.loaded
        if loaded is None:
            return
        body = loaded.details.raw_json
        job = self.fetcher.format(lambda: format_raw_json(body))

        def show(raw: Any) -> None:
            if self.session.loaded is loaded:  # else another customer came; it asks for its own
                self.raw_view.set_raw(raw)

        def failed(_error: errors.MetrifoxError) -> None:
            if self.session.loaded is loaded:
                self.customer_view.raw_failed()

        job.finished.connect(show)
        job.failed.connect(failed)

    def save_raw(self) -> None:
        """Write the whole answer, byte for byte, where the user says."""
        loaded = self.session.loaded
        if loaded is None:
            return
        name = f"{loaded.customer_key}.json"
        path, _ = QtWidgets.QFileDialog.getSaveFileName(self, "Save the whole answer", name, "JSON (*.json)")
        if not path:
            return
        try:
            with open(path, "wb") as file:
                file.write(loaded.details.raw_json)
        except OSError as exc:
            self.error_banner.show_message(f"The file could not be saved: {exc.strerror}.", tone="warning")
            return
        self.statusBar().showMessage(f"Saved {path}.", 6000)

    def find_in_raw(self) -> None:
        self.tabs.setCurrentWidget(self.raw_view)
        self.raw_view.open_find()

    # ---- finding a customer by name or email -----------------------------------------------
    def open_search(self, term: str = "") -> None:
        from inspector.ui.search_dialog import SearchDialog

        dialog = SearchDialog(term, parent=self)
        self._search_dialog = dialog

        def search(text: str) -> None:
            if self._search_job is not None:
                self._search_job.cancel()  # text typed since: that answer is moot
            job = self._search_job = self.session.search(text)
            job.finished.connect(lambda page: self._search_answered(dialog, page))
            job.failed.connect(lambda error: self._search_answered(dialog, error))

        dialog.searchRequested.connect(search)
        dialog.customerChosen.connect(self.look_up)
        dialog.finished.connect(lambda _: self._search_closed())
        dialog.open()

    def _search_answered(self, dialog: SearchDialog, result: Any) -> None:
        if isinstance(result, errors.MetrifoxError):
            dialog.show_error(result.message)
        else:
            dialog.show_results(list(result.data), result.meta.total_count)
        self.searchAnswered.emit(result)

    def _search_closed(self) -> None:
        self._search_dialog = None
        if self._search_job is not None:
            self._search_job.cancel()
            self._search_job = None

    # ---- actions -------------------------------------------------------------------------------
    def copy_text(self, text: str, what: str) -> None:
        QtGui.QGuiApplication.clipboard().setText(text)
        self.statusBar().showMessage(f"Copied {what}.", 3000)
        self.copied.emit(what)

    def copy_node_json(self, node: Node) -> None:
        """The node's part of the answer, numbers exactly as sent; worked out off the window's thread."""
        from inspector.present.nodes import NodeKind

        loaded = self.session.loaded
        if loaded is None:
            return
        if node.kind is NodeKind.ACCOUNT_ROW:  # from another endpoint: its own answer, as parsed
            from inspector.present.fields import compact_json

            self.copy_text(compact_json(node.source), f"{node.label} as JSON")
            return
        body, path, label = loaded.details.raw_json, node.json_path, node.label

        def node_json() -> str:
            from inspector.present.fields import resolve_json_path
            from inspector.present.raw import dumps_exact, loads_exact

            return dumps_exact(resolve_json_path(loads_exact(body), path))

        self.statusBar().showMessage("Copying…")
        job = self.fetcher.format(node_json)
        job.finished.connect(lambda text: self.copy_text(text, f"{label} as JSON"))
        job.failed.connect(
            lambda _error: self.statusBar().showMessage("That part of the answer could not be copied.", 6000)
        )

    def open_link(self, url: str) -> None:
        from inspector.present.links import is_safe_metrifox_link

        if not is_safe_metrifox_link(url):  # checked again here: only https metrifox.com links leave the app
            self.statusBar().showMessage("That link is not a secure metrifox.com address; it was not opened.")
            return
        if not self.url_opener(QUrl(url)):
            self.error_banner.show_message(
                "The browser could not be opened. Use “Copy link” and paste it into your browser.", tone="warning"
            )
        else:
            self.statusBar().showMessage("Opened the page in your browser.", 4000)

    def open_mail(self, url: str) -> None:
        """The mail app with a message to the customer (a mailto: URL made by present/mail.py, already
        percent-encoded: taken as it is, never re-encoded or re-parsed)."""
        if not url.startswith("mailto:") or not url.isascii() or any(ch in url for ch in "\r\n "):
            return
        if not self.url_opener(QUrl.fromEncoded(url.encode("ascii"), QUrl.ParsingMode.StrictMode)):
            self.error_banner.show_message(
                "The mail app could not be opened. Use “Copy link” and paste it into your message.", tone="warning"
            )
        else:
            self.statusBar().showMessage("Opened a message to the customer in your mail app.", 4000)

    # ---- the API key dialog --------------------------------------------------------------------
    def open_key_dialog(self) -> None:
        from inspector.ui.key_dialog import KeyDialog

        status = self.session.key_status
        env_note = (
            "METRIFOX_API_KEY is set in the environment, so that key is used instead of a saved one."
            if status is not None and status.source is KeySource.ENVIRONMENT
            else ""
        )
        dialog = KeyDialog(
            self.session.profile.name,
            self.session.base_url,
            "Checking where keys are kept…",
            env_note=env_note,
            has_saved_key=status is not None and status.source in {KeySource.KEYRING, KeySource.SESSION},
            parent=self,
        )
        note = self.session.storage_note()
        note.finished.connect(dialog.storage_label.setText)
        note.failed.connect(lambda _error: dialog.storage_label.setText(UNAVAILABLE))
        dialog.testRequested.connect(lambda key: self._test_key(dialog, key))
        dialog.saveRequested.connect(lambda key: self._save_key(dialog, key))
        dialog.forgetRequested.connect(lambda: self._forget_key(dialog))
        self._key_dialog = dialog
        dialog.finished.connect(lambda _: self._key_dialog_closed())
        dialog.open()

    def _key_dialog_closed(self) -> None:
        self._key_dialog = None
        for job in self._key_tests:  # a test still running: nobody waits for it now
            job.cancel()
        self._key_tests.clear()

    def _test_key(self, dialog: KeyDialog, key: str) -> None:
        job = self.session.test_key(key)
        self._key_tests.append(job)

        def answered(error: errors.MetrifoxError | None) -> None:
            dialog.show_test_result(error.message if error else None)
            self.keyTested.emit(error)

        job.finished.connect(lambda _none: answered(None))
        job.failed.connect(answered)

    def _save_key(self, dialog: KeyDialog, key: str) -> None:
        dialog.save_button.setEnabled(False)
        job = self.session.save_key(key)
        for signal in (job.finished, job.failed):
            signal.connect(lambda *_args: dialog.accept())

    def _forget_key(self, dialog: KeyDialog) -> None:
        job = self.session.forget_key()

        def forgotten(_status: Any) -> None:
            dialog.accept()
            self.statusBar().showMessage("The API key was removed from this computer.", 6000)

        job.finished.connect(forgotten)
        # The saved key stays: say so, and keep the dialog open.
        job.failed.connect(lambda error: dialog.show_test_result(error.message))

    # ---- profiles ------------------------------------------------------------------------------
    def _fill_profiles(self) -> None:
        profiles = [(p.name, p.base_url) for p in self.session.profiles()]
        self.lookup_bar.set_profiles(profiles, self.session.profile.name)

    def _profile_chosen(self, name: str) -> None:
        if name != self.session.profile.name:
            self.switch_profile(name)

    def switch_profile(self, name: str) -> None:
        self.customer_view.clear()
        self.error_banner.hide()
        self.search.clear()
        self.setWindowTitle(APP_NAME)
        self._shown_key = None
        self.session.switch_profile(name)

    def new_profile(self) -> None:
        name, ok = QtWidgets.QInputDialog.getText(self, "New profile", "Profile name (for example “Sandbox”):")
        if not ok or not name.strip():
            return
        url, ok = QtWidgets.QInputDialog.getText(self, "New profile", "API base URL:", text="https://")
        if not ok:
            return
        meter, ok = QtWidgets.QInputDialog.getText(
            self, "New profile", "Meter service URL (usage events, access checks):", text=PRODUCTION_METER_URL
        )
        if not ok:
            return
        try:
            profile = self.session.new_profile(name, url, meter)
        except (ValueError, errors.MetrifoxError) as exc:
            self.error_banner.show_message(str(exc), tone="warning")
            return
        self._fill_profiles()
        self.profile_box.setCurrentText(profile.name)

    def remove_profile(self) -> None:
        name = self.session.profile.name
        if name == self.session.profiles()[0].name:
            self.statusBar().showMessage("The Production profile cannot be removed.", 5000)
            return
        answer = QtWidgets.QMessageBox.question(
            self,
            "Remove profile",
            f"Remove the profile “{name}”, its saved API key and its recent customers?",
            QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.Cancel,
            QtWidgets.QMessageBox.StandardButton.Cancel,
        )
        if answer != QtWidgets.QMessageBox.StandardButton.Yes:
            return
        self.customer_view.clear()
        self.error_banner.hide()
        self.search.clear()
        self._shown_key = None
        self.session.remove_current_profile()

    # ---- about, layout, closing ----------------------------------------------------------------
    def open_log_folder(self) -> None:
        from inspector.logs import log_dir

        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        if not QtGui.QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self.statusBar().showMessage(f"The log folder is {folder}", 10000)

    def show_about(self) -> None:
        box = QtWidgets.QMessageBox(self)
        box.setWindowTitle(f"About {APP_NAME}")
        box.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        session = self.session
        base_url = "built-in demo data" if session.demo else f"{session.base_url} and {session.meter_url}"
        box.setText(
            f"{APP_NAME} {__version__}\nMIT licence\n\nAPI in use: {base_url}\nProfile: {self.session.profile.name}"
        )
        box.open()

    def _restore_geometry(self) -> None:
        geometry = self.settings.window_state("geometry")
        if geometry is not None and self.restoreGeometry(geometry):
            return
        # First start: 1280×800, or nine tenths of a smaller screen (1366×768; 1920×1080 at 150 %).
        screen = QtGui.QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else QtCore.QRect(0, 0, 1280, 800)
        width = min(1280, int(available.width() * 0.9))
        height = min(800, int(available.height() * 0.9))
        self.resize(width, height)
        self.move(available.center() - QtCore.QPoint(width // 2, height // 2))

    def _restore_layout(self) -> None:
        self.resize(self.size().expandedTo(self.minimumSizeHint()))  # a small screen: as small as it can be
        splitter = self.settings.window_state("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        columns = self.settings.window_state("treeColumns2")  # 2: the summary stretches, names take a share
        self.customer_view.columns_restored = columns is not None and self.tree.header().restoreState(columns)

    def save_layout(self) -> None:
        self.settings.set_window_state("geometry", self.saveGeometry())
        self.settings.set_window_state("splitter", self.splitter.saveState())
        self.settings.set_window_state("treeColumns2", self.tree.header().saveState())
        self.settings.sync()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        if self._built:
            self.save_layout()
        self.session.shutdown()
        super().closeEvent(event)
