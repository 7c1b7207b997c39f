"""The main window: search bar, banners, header, splitter (tree | details and raw JSON), status bar, menus.

Widgets never touch the network, keyring or disk: they ask this window, which asks the fetcher
(worker threads), the credential store (through the fetcher's keyring thread) and the settings.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QItemSelection, QTimer, QUrl, Signal
from PySide6.QtWidgets import QMainWindow

from inspector import APP_NAME, __version__
from inspector.api import errors
from inspector.api.customer_key import clean_customer_key
from inspector.credentials import UNAVAILABLE, CredentialStore, KeyringTrouble, KeySource, KeyStatus
from inspector.fetcher import ClientConfig, Fetcher, LoadedCustomer
from inspector.resources import DEMO_CUSTOMER_KEY
from inspector.settings import Profile, Settings

if TYPE_CHECKING:
    from inspector.present.tree import Node
    from inspector.ui.key_dialog import KeyDialog
    from inspector.ui.search_dialog import SearchDialog

log = logging.getLogger(__name__)
_BROWSE_KEYS = frozenset(
    {QtCore.Qt.Key.Key_Up, QtCore.Qt.Key.Key_Down, QtCore.Qt.Key.Key_PageUp, QtCore.Qt.Key.Key_PageDown}
)


class MainWindow(QMainWindow):
    settled = Signal()  # the start-up look-up has finished (shown or failed), or there was none
    customerShown = Signal(object)  # LoadedCustomer
    lookupFailed = Signal(object)  # MetrifoxError
    warmedUp = Signal()  # start-up work done: the first look-up will be as smooth as later ones

    def __init__(
        self,
        settings: Settings,
        credentials: CredentialStore,
        fetcher: Fetcher,
        *,
        initial_key: str | None = None,
        force_demo: bool = False,
        base_url: str | None = None,
        profile: str | None = None,
        client_options: dict[str, Any] | None = None,
        defer_build: bool = False,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.credentials = credentials
        self.fetcher = fetcher
        self.url_opener: Callable[[QUrl], bool] = QtGui.QDesktopServices.openUrl  # replaced in tests
        self._initial_key = initial_key
        self._force_demo = force_demo
        self._base_url_override = base_url
        self._client_options = client_options or {}
        self._profile: Profile = settings.profile(profile or settings.current_profile_name())
        self._key_status: KeyStatus | None = None
        self._demo = True
        self._loaded: LoadedCustomer | None = None
        self._loaded_id: int | None = None  # the look-up that brought the customer on screen
        self._keep_path: str | None = None  # the row to select again when the same customer reloads
        self._browsing_recent = False  # arrow keys step through recent keys: that is no choice yet
        self._columns_restored = False  # the person's own column widths win over the automatic ones
        self._raw_for: int | None = None  # the look-up whose answer the raw view shows (or is formatting)
        self._formatting: dict[int, Callable[[Any], None]] = {}
        self._request_id: int | None = None
        self._last_key = ""
        self._key_ready = False  # the key has been read (or there is none); look-ups wait until then
        self._waiting_key: str | None = None  # a look-up asked for while the key was being read
        self._settled = False
        self._keyring_callbacks: dict[int, Callable[[Any], None]] = {}
        self._check_callbacks: dict[int, Callable[[errors.MetrifoxError | None], None]] = {}
        self._key_dialog: KeyDialog | None = None
        self._search_dialog: SearchDialog | None = None
        self._search_id: int | None = None

        self.setWindowTitle(APP_NAME)
        self.setObjectName("mainWindow")
        self._built = False
        self._restore_geometry()
        if not defer_build:
            self.build_ui()

    def build_ui(self) -> None:
        """Build the widgets. ``run()`` shows the bare frame first and builds on the next turn of the
        event loop, so the window is on screen before the widget modules are even imported."""
        if self._built:
            return
        self._built = True
        self._build_toolbar()
        self._build_body()
        self._build_menus()
        self._build_shortcuts()
        self._connect_fetcher()
        self._restore_layout()

    # ---- building ------------------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        from inspector.ui.text import plain_label

        bar = QtWidgets.QToolBar("Look-up")
        bar.setObjectName("lookupBar")
        bar.setMovable(False)
        bar.setFloatable(False)
        self.addToolBar(bar)
        self.profile_box = QtWidgets.QComboBox()
        self.profile_box.setObjectName("profileSwitcher")
        self.profile_box.setToolTip("Profile: which Metrifox account and API address to use")
        self._fill_profiles()
        self.profile_box.currentIndexChanged.connect(self._profile_chosen)
        self.recent_box = QtWidgets.QComboBox()
        self.recent_box.setObjectName("recentCustomers")
        self.recent_box.setEditable(True)
        self.recent_box.setInsertPolicy(QtWidgets.QComboBox.InsertPolicy.NoInsert)
        self.recent_box.setMinimumWidth(260)
        self.recent_box.setMaxVisibleItems(20)
        self.recent_box.setToolTip("Customer key — type or paste, then press Enter (recent keys in the list)")
        search = self.recent_box.lineEdit()
        assert search is not None  # an editable combo box always has its line edit
        self.search: QtWidgets.QLineEdit = search
        self.search.setObjectName("customerSearch")
        self.search.setPlaceholderText("Customer key")
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.look_up)
        self.recent_box.activated.connect(self._recent_chosen)
        self.search.installEventFilter(self)
        self.recent_box.installEventFilter(self)
        self.lookup_button = QtWidgets.QPushButton("Look up")
        self.lookup_button.setObjectName("lookUp")
        self.lookup_button.clicked.connect(self.look_up)
        self.busy_bar = QtWidgets.QProgressBar()
        self.busy_bar.setObjectName("busyIndicator")
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(90)
        self.busy_bar.setMaximumHeight(10)
        self.busy_bar.setTextVisible(False)
        self.cancel_button = QtWidgets.QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelLookup")
        self.cancel_button.setToolTip("Stop this look-up (Esc)")
        self.cancel_button.clicked.connect(self.cancel_lookup)
        for widget in (
            plain_label(" Profile "),
            self.profile_box,
            plain_label("  "),
            self.recent_box,
            self.lookup_button,
        ):
            bar.addWidget(widget)
        # A toolbar shows and hides its widgets through their actions.
        self._busy_actions = [bar.addWidget(self.busy_bar), bar.addWidget(self.cancel_button)]
        for action in self._busy_actions:
            action.setVisible(False)

    def _build_body(self) -> None:
        from inspector.ui.banner import Banner
        from inspector.ui.colors import secondary_text
        from inspector.ui.customer_model import STATUS_COLUMN, BadgeDelegate, CustomerTreeModel
        from inspector.ui.detail_pane import DetailPane
        from inspector.ui.header import CustomerHeader
        from inspector.ui.raw_view import RawJsonView
        from inspector.ui.text import plain_label

        central = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(central)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.setSpacing(6)
        self.demo_banner = Banner("demoBanner")
        self.demo_banner.setKeyRequested.connect(self.open_key_dialog)
        self.error_banner = Banner("errorBanner")
        self.error_banner.retryRequested.connect(self.retry)
        self.error_banner.setKeyRequested.connect(self.open_key_dialog)
        self.error_banner.searchRequested.connect(lambda: self.open_search(self._last_key))
        self.header = CustomerHeader()
        self.header.copyRequested.connect(self.copy_text)
        self.header.hide()
        layout.addWidget(self.demo_banner)
        layout.addWidget(self.error_banner)
        layout.addWidget(self.header)

        self.model = CustomerTreeModel(self)
        self.tree = QtWidgets.QTreeView()
        self.tree.setObjectName("customerTree")
        self.tree.setModel(self.model)
        self.tree.setItemDelegateForColumn(STATUS_COLUMN, BadgeDelegate(self.tree))
        self.tree.setUniformRowHeights(True)  # fast layout for customers with thousands of rows
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setAnimated(False)
        header = self.tree.header()
        # The summary (money first, then dates) takes what is left; names take a share of the width
        # (they elide), so neither is squeezed to nothing when the window is narrow.
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(60)
        header.resizeSection(1, 120)
        self.tree.installEventFilter(self)
        self.tree.selectionModel().selectionChanged.connect(self._selection_changed)
        self.tree.setContextMenuPolicy(QtCore.Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._tree_menu)

        self.details = DetailPane()
        self.details.openLinkRequested.connect(self.open_link)
        self.details.copyRequested.connect(self.copy_text)
        self.details.copyNodeJsonRequested.connect(self.copy_node_json)
        self.raw_view = RawJsonView()
        self.raw_view.saveRequested.connect(self.save_raw)
        self.tabs = QtWidgets.QTabWidget()
        self.tabs.setObjectName("rightTabs")
        self.tabs.addTab(self.details, "Details")
        self.tabs.addTab(self.raw_view, "Raw JSON")
        self.tabs.currentChanged.connect(self._tab_changed)

        self.splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([760, 480])

        self.placeholder = plain_label(
            "Paste a customer key above and press Enter.\n"
            "No key at hand? Find the customer by name or email: Ctrl+Shift+F."
        )
        self.placeholder.setObjectName("placeholder")
        self.placeholder.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet(f"color: {secondary_text(self.palette())}; font-size: 15px;")
        self.stack = QtWidgets.QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.splitter)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.key_source_label = plain_label()
        self.key_source_label.setObjectName("keySource")
        self.statusBar().addPermanentWidget(self.key_source_label)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.set_key_action = self._action(file_menu, "Set API &key…", self.open_key_dialog)
        self._action(file_menu, "&New profile…", self.new_profile)
        self._action(file_menu, "&Remove this profile", self.remove_profile)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QtGui.QKeySequence.StandardKey.Quit)
        edit_menu = self.menuBar().addMenu("&Edit")
        self._action(edit_menu, "Find &customer by name or email…", self.open_search, "Ctrl+Shift+F")
        self._action(edit_menu, "&Find in raw JSON", self.find_in_raw, QtGui.QKeySequence.StandardKey.Find)
        self._action(edit_menu, "Copy field &value", self.details.copy_selected_value)
        self._action(edit_menu, "Copy field JSON &path", self.details.copy_selected_path)
        view_menu = self.menuBar().addMenu("&View")
        self._action(view_menu, "&Refresh", self.retry, QtGui.QKeySequence.StandardKey.Refresh)
        self._action(view_menu, "&Expand all", self.tree.expandAll)
        self._action(view_menu, "&Collapse all", self._collapse_to_defaults)
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "Open &log folder", self.open_log_folder)
        self._action(help_menu, "&About", self.show_about)

    def _action(
        self,
        menu: Any,
        text: str,
        slot: Callable[[], Any],
        shortcut: QtGui.QKeySequence.StandardKey | str | None = None,
    ) -> QtGui.QAction:
        action = QtGui.QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QtGui.QKeySequence(shortcut))
        action.triggered.connect(lambda _=False: slot())
        menu.addAction(action)
        return action

    def _build_shortcuts(self) -> None:
        for sequence in ("Ctrl+K", "Ctrl+L"):
            QtGui.QShortcut(QtGui.QKeySequence(sequence), self, self.focus_search)
        QtGui.QShortcut(QtGui.QKeySequence(QtCore.Qt.Key.Key_Escape), self, self.escape)

    def _connect_fetcher(self) -> None:
        self.fetcher.loaded.connect(self._on_loaded)
        self.fetcher.failed.connect(self._on_failed)
        self.fetcher.cancelled.connect(self._on_cancelled)
        self.fetcher.busyChanged.connect(self._set_busy)
        self.fetcher.keyringDone.connect(self._on_keyring_done)
        self.fetcher.keyChecked.connect(self._on_key_checked)
        self.fetcher.formatted.connect(self._on_formatted)
        self.fetcher.searchDone.connect(self._on_search_done)
        self.fetcher.warmedUp.connect(self._warm_views)

    # ---- start-up ------------------------------------------------------------------------------
    def start(self) -> None:
        """After the window is shown: find the key (keyring thread), then look up or show the demo."""
        self.fetcher.warm_up()  # first, so the API layer loads on the worker while the widgets build
        self.build_ui()
        self.search.setFocus()
        self.statusBar().showMessage("Starting…")
        if self._force_demo:  # --demo: no key needed, so do not wait for the keyring
            self._apply_key(KeyStatus(None, KeySource.NONE, "Demo mode (--demo)."))
            self._initial_lookup()
        else:
            self._resolve_key()

    def _resolve_key(self, then: Callable[[], None] | None = None) -> None:
        profile, credentials = self._profile.name, self.credentials
        self._key_ready = False

        def done(status: Any) -> None:
            if not isinstance(status, KeyStatus):
                status = KeyStatus(None, KeySource.NONE, UNAVAILABLE, unreadable=True)
            self._apply_key(status)
            waiting, self._waiting_key = self._waiting_key, None
            if waiting:  # asked for while the key was being read: now it goes to the right place
                self._initial_key = None
                self.look_up(waiting)
            else:
                (then or self._initial_lookup)()

        self._keyring_callbacks[self.fetcher.keyring_call(lambda: credentials.get(profile))] = done

    def _initial_lookup(self) -> None:
        key = self._initial_key or (DEMO_CUSTOMER_KEY if self._demo else None)
        self._initial_key = None
        if key:
            self.search.setText(key)
            self.look_up()
        else:
            self.statusBar().showMessage("Ready.", 4000)
            self._settle()

    def _apply_key(self, status: KeyStatus) -> None:
        from inspector.logs import register_secret

        self._key_status = status
        self._key_ready = True
        register_secret(status.key)
        self._demo = self._force_demo or not status.key
        base_url = self._base_url_override or self._profile.base_url
        options = dict(self._client_options)
        self.fetcher.configure(ClientConfig(status.key, base_url, demo=self._demo, **options))
        if self._demo and status.unreadable and not self._force_demo:
            self.demo_banner.show_message(
                f"{status.note} Showing demo data until it can be read.", tone="warning", set_key=True
            )
        elif self._demo:
            text = (
                "Demo mode: these are built-in example customers, not live data."
                if self._force_demo
                else "You are looking at demo data. Add your Metrifox API key to look up real customers."
            )
            self.demo_banner.show_message(text, tone="info", set_key=not self._force_demo)
        else:
            self.demo_banner.hide()
        source_words = {
            KeySource.ENVIRONMENT: "Key: from METRIFOX_API_KEY",
            KeySource.KEYRING: "Key: saved in keyring",
            KeySource.SESSION: "Key: this session only",
            KeySource.NONE: "No API key (demo)",
        }
        words = "Demo mode" if self._force_demo else source_words[status.source]
        if status.unreadable and not self._force_demo:
            words = "Key could not be read (demo)"
        self.key_source_label.setText(f"{words} · {self._profile.name}")
        self.key_source_label.setToolTip(status.note)
        if status.source is KeySource.SESSION:
            self.error_banner.show_message(UNAVAILABLE, tone="warning")
        self._fill_recent()

    def _warm_views(self, sample: Node | None) -> None:
        """Paint a sample customer once, off screen, while the person is still typing: the first paint
        of a tree (fonts, glyph caches, PySide's lazily made enums) otherwise stalls the first look-up."""
        if sample is not None and self._built:
            from inspector.ui.customer_model import STATUS_COLUMN, BadgeDelegate, CustomerTreeModel
            from inspector.ui.detail_pane import DetailPane

            model = CustomerTreeModel()
            view = QtWidgets.QTreeView()
            view.setModel(model)
            view.setItemDelegateForColumn(STATUS_COLUMN, BadgeDelegate(view))
            view.setUniformRowHeights(True)
            model.set_root(sample)
            view.expandAll()
            view.resize(800, 600)
            view.grab()
            pane = DetailPane()
            pane.resize(480, 600)
            for node in list(sample.walk_built())[:40]:
                pane.show_node(node)
            pane.grab()
            for widget in (view, pane):
                widget.deleteLater()
            model.deleteLater()
        if self._built and self.stack.currentWidget() is self.placeholder:
            # The customer page has never been shown: polish, lay out and paint it once now (style
            # sheets, layouts, the tabs), in one go with no paint between, so nothing flickers.
            self.stack.setCurrentWidget(self.splitter)
            self.splitter.grab()
            self.stack.setCurrentWidget(self.placeholder)
        # What start-up made (modules, pydantic's validators, widgets) lives as long as the app: one
        # collection now, while the person is still typing, then keep it out of later full passes.
        gc.collect()
        gc.freeze()
        self.warmedUp.emit()

    def _settle(self) -> None:
        if not self._settled:
            self._settled = True
            # Start-up objects (modules, widgets) live as long as the app: keep them out of the
            # garbage collector's full passes, which otherwise stall the window on large customers.
            gc.freeze()
            self.settled.emit()

    @property
    def is_demo(self) -> bool:
        return self._demo

    @property
    def loaded(self) -> LoadedCustomer | None:
        return self._loaded

    # ---- look-ups ------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def look_up(self, customer_key: str | None = None) -> None:
        typed = self.search.text() if customer_key is None else customer_key
        try:
            key = clean_customer_key(typed)
        except errors.InvalidCustomerKey as exc:
            self.error_banner.show_message(exc.message, tone="warning")
            self.focus_search()
            return
        if self.search.text() != key:
            self.search.setText(key)
        if not self._key_ready:
            self._waiting_key = key  # the demo must not answer a key meant for the real account
            self.statusBar().showMessage(f"Reading your API key… {key} will be looked up next.")
            return
        if self.fetcher.busy and key == self._last_key:
            return  # already on its way (Enter can reach both the field and its combo box)
        self._last_key = key
        self._request_id = self.fetcher.lookup(key)
        self.statusBar().showMessage(f"Looking up {key}…")
        shown = self._shown_key()
        if shown is not None and shown != key:
            # Another customer is on screen: dim it and say whose it is, so nobody reads it as the new one.
            self._set_customer_dimmed(True)
            self.error_banner.show_message(f"Loading {key}… (still showing {shown})", tone="info")

    def _shown_key(self) -> str | None:
        return self._loaded.customer_key if self._loaded is not None else None

    def _set_customer_dimmed(self, dimmed: bool) -> None:
        from inspector.ui.dimming import set_dimmed

        for widget in (self.header, self.splitter):
            set_dimmed(widget, dimmed)

    def _fit_name_column(self) -> None:
        """Names get 45 % of what the status column leaves (160–400 px); the summary gets the rest."""
        if not self._columns_restored:
            rest = self.tree.viewport().width() - self.tree.header().sectionSize(1)
            self.tree.header().resizeSection(0, max(160, min(400, int(rest * 0.45))))

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.Resize and watched is getattr(self, "tree", None):
            self._fit_name_column()
        # QComboBox emits "activated" for Up/Down in its field: that is browsing, not choosing.
        browsing = isinstance(event, QtGui.QKeyEvent) and event.type() == QtCore.QEvent.Type.KeyPress
        if browsing and event.key() in _BROWSE_KEYS:  # type: ignore[attr-defined]
            self._browsing_recent = True
            QTimer.singleShot(0, lambda: setattr(self, "_browsing_recent", False))
        return super().eventFilter(watched, event)

    def _recent_chosen(self, index: int) -> None:
        # QComboBox also emits "activated" when the field loses focus, on Enter and for arrow keys;
        # act only on a new key chosen from the list.
        if self._browsing_recent:
            return
        key = self.recent_box.itemText(index)
        if key and key != self._last_key:
            self.look_up(key)

    def retry(self) -> None:
        if self._last_key:
            self.look_up(self._last_key)

    def escape(self) -> None:
        """Esc: close the raw-JSON find bar when it is open, else stop what is loading."""
        if self.raw_view.is_finding and self.raw_view.isVisible():
            self.raw_view.close_find()
        else:
            self.cancel_lookup()

    def cancel_lookup(self) -> None:
        if self.fetcher.busy:
            self.fetcher.cancel()
        self.fetcher.cancel_side_requests()

    def _set_busy(self, busy: bool) -> None:
        for action in self._busy_actions:
            action.setVisible(busy)
        self.lookup_button.setEnabled(not busy)

    def _on_loaded(self, request_id: int, loaded: LoadedCustomer) -> None:
        from inspector.present.text import elide, reveal_bidi

        if request_id != self._request_id:
            return
        previous = self._loaded
        selected = self.details.node
        # The same customer again (F5, Retry): keep the row the person was reading.
        self._keep_path = (
            selected.json_path
            if previous is not None and selected is not None and previous.customer_key == loaded.customer_key
            else None
        )
        self._loaded = loaded
        self._loaded_id = request_id
        self._raw_for = None
        self._set_customer_dimmed(False)
        self.error_banner.hide()
        if self._key_status is not None and self._key_status.source is KeySource.SESSION:
            self.error_banner.show_message(UNAVAILABLE, tone="warning")
        self.model.set_root(loaded.tree)
        self._expand_defaults(loaded.tree)  # cheap now: the view only records them until its next layout
        customer = loaded.details.customer
        self.header.show_customer(customer, loaded.fetched_at)
        self.header.show()
        title = elide(reveal_bidi(customer.title), 80)
        self.setWindowTitle(f"{title} — {APP_NAME}{' (demo)' if loaded.demo else ''}")
        # The tree's layout (thousands of rows for a large customer) runs on the next turn of the event
        # loop, so neither half keeps the window busy for long.
        QTimer.singleShot(0, lambda: self._show_tree(request_id, loaded))

    def _show_tree(self, request_id: int, loaded: LoadedCustomer) -> None:
        from inspector.present.tree import find_by_path

        if request_id != self._request_id:
            return  # a newer look-up has started since
        self.stack.setCurrentWidget(self.splitter)
        self._fit_status_column(loaded.tree)
        kept = find_by_path(loaded.tree, self._keep_path) if self._keep_path else None
        if kept is not None:
            self.select_node(kept)
        else:
            self.tree.setCurrentIndex(self.model.index(0, 0))
        if self.tabs.currentWidget() is self.raw_view:
            self._request_raw()
        else:
            self.raw_view.set_text("")
        if not loaded.demo:
            self.settings.add_recent_key(self._profile.name, loaded.customer_key)
            self._fill_recent()
        self.statusBar().showMessage(f"Loaded {loaded.customer_key} in {loaded.elapsed_ms:.0f} ms.", 8000)
        self.customerShown.emit(loaded)
        self._settle()

    def _on_failed(self, request_id: int, error: errors.MetrifoxError) -> None:
        if request_id != self._request_id:
            return
        not_found = isinstance(error, errors.NotFound)
        if not_found and self._demo:
            # Someone tried a real key in the demo: say why, and what to do.
            advice = "" if self._force_demo else " Add your API key to look up real customers."
            sentence, tone = f"The built-in demo has no customer with this key.{advice}", "warning"
            set_key, search = not self._force_demo, False
        else:
            sentence, tone, set_key, search = error.message, "error", error.key_problem, not_found
        shown = self._shown_key()
        if shown is not None and shown != self._last_key:
            # Usable again, but never mistaken for the customer that failed.
            self._set_customer_dimmed(False)
            sentence = f"Showing {shown} — {self._last_key} failed: {sentence}"
        # Retry helps when the trouble may pass (or the key may have been fixed); never for "not found".
        retry = not not_found and (error.retryable or error.key_problem)
        self.error_banner.show_message(sentence, tone=tone, retry=retry, set_key=set_key, search=search)
        if self._loaded is not None:
            same = self._loaded.customer_key == self._last_key
            self.header.set_fetched(self._loaded.fetched_at, stale=same)
        self.statusBar().showMessage("The look-up did not work.", 8000)
        self.lookupFailed.emit(error)
        self._settle()

    def _on_cancelled(self, request_id: int) -> None:
        if request_id == self._request_id:
            shown = self._shown_key()
            if shown is not None and shown != self._last_key:
                self._set_customer_dimmed(False)
                self.error_banner.show_message(
                    f"Showing {shown} — the look-up of {self._last_key} was cancelled.", tone="warning", retry=True
                )
            self.statusBar().showMessage("Look-up cancelled.", 5000)
            self._settle()

    def _fit_status_column(self, root: Node) -> None:
        """Wide enough for the longest status shown (an unknown one is shown whole, up to a limit)."""
        from inspector.present.status import badge
        from inspector.ui.customer_model import STATUS_CHARS, STATUS_COLUMN

        font = QtGui.QFont(self.tree.font())
        font.setBold(True)
        metrics = QtGui.QFontMetrics(font)
        words = {shown.text[:STATUS_CHARS] for node in root.walk_built() if (shown := badge(node.status))}
        widest = max((metrics.horizontalAdvance(word) for word in words), default=0)
        header = self.tree.header()
        wanted = min(320, widest + 40)
        if wanted > header.sectionSize(STATUS_COLUMN):
            header.resizeSection(STATUS_COLUMN, wanted)
            self._fit_name_column()

    def _expand_defaults(self, root: Node) -> None:
        self.tree.setUpdatesEnabled(False)
        try:
            for node in root.walk_built():
                if node.expanded and node.has_children:
                    self.tree.setExpanded(self.model.createIndex(node.row, 0, node), True)
        finally:
            self.tree.setUpdatesEnabled(True)

    def _collapse_to_defaults(self) -> None:
        self.tree.collapseAll()
        if self.model.root is not None:
            self._expand_defaults(self.model.root)

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        self.details.show_node(self.model.node(indexes[0]) if indexes else None)

    def tree_menu_actions(self, node: Node) -> list[tuple[str, Callable[[], None] | None]]:
        """What right-clicking a row offers (None: shown, but not available for this row)."""
        from inspector.present.tree import link_offer

        link = link_offer(node).url
        actions: list[tuple[str, Callable[[], None] | None]] = [
            ("Copy name", lambda: self.copy_text(node.label, "name")),
            ("Copy summary", (lambda: self.copy_text(node.summary, "summary")) if node.summary else None),
            ("Copy as JSON", lambda: self.copy_node_json(node)),
            ("Copy JSON path", lambda: self.copy_text(node.json_path, "JSON path")),
        ]
        if link is not None or node.kind.value in {"product", "subscription"}:
            actions += [
                ("Open update-quantity page", (lambda: self.open_link(link)) if link else None),
                ("Copy update-quantity link", (lambda: self.copy_text(link, "update-quantity link")) if link else None),
            ]
        if node.has_children:
            index = self.model.createIndex(node.row, 0, node)
            actions.append(("Expand all below", lambda: self.tree.expandRecursively(index)))
        return actions

    def _tree_menu(self, pos: QtCore.QPoint) -> None:
        index = self.tree.indexAt(pos)
        node = self.model.node(index)
        if node is None:
            return
        self.tree.setCurrentIndex(index)
        menu = QtWidgets.QMenu(self)
        for text, slot in self.tree_menu_actions(node):
            action = menu.addAction(text)
            if slot is None:
                action.setEnabled(False)
            else:
                action.triggered.connect(lambda _=False, run=slot: run())
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    def select_node(self, node: Node) -> None:
        index = self.model.createIndex(node.row, 0, node)
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)

    # ---- raw JSON ------------------------------------------------------------------------------
    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.raw_view:
            self._request_raw()

    def _request_raw(self) -> None:
        """Format the answer on screen (not the look-up in flight: it may never arrive)."""
        from inspector.present.raw import format_raw_json

        if self._loaded is None or self._raw_for == self._loaded_id:
            return
        shown_id, body = self._loaded_id, self._loaded.details.raw_json
        self._raw_for = shown_id
        self.raw_view.set_text("Formatting…")

        def show(raw: Any) -> None:
            if shown_id != self._loaded_id:
                return  # another customer came meanwhile; it asks for its own
            if isinstance(raw, Exception):
                self._raw_for = None
                self.raw_view.set_text("The raw answer could not be shown. Use “Save the whole answer…”.")
            else:
                self.raw_view.set_raw(raw)

        self._formatting[self.fetcher.format(lambda: format_raw_json(body))] = show

    def _on_formatted(self, request_id: int, result: Any) -> None:
        callback = self._formatting.pop(request_id, None)
        if callback is not None:
            callback(result)

    def save_raw(self) -> None:
        """Write the whole answer, byte for byte, where the user says."""
        if self._loaded is None:
            return
        name = f"{self._loaded.customer_key}.json"
        path, _ = QtWidgets.QFileDialog.getSaveFileName(self, "Save the whole answer", name, "JSON (*.json)")
        if not path:
            return
        try:
            with open(path, "wb") as file:
                file.write(self._loaded.details.raw_json)
        except OSError as exc:
            self.error_banner.show_message(f"The file could not be saved: {exc.strerror}.", tone="warning")
            return
        self.statusBar().showMessage(f"Saved {path}.", 6000)

    # ---- finding a customer by name or email -----------------------------------------------
    def open_search(self, term: str = "") -> None:
        from inspector.ui.search_dialog import SearchDialog

        dialog = SearchDialog(term, parent=self)
        self._search_dialog = dialog
        self._search_id = None

        def search(text: str) -> None:
            if self._search_id is not None:
                self.fetcher.cancel_request(self._search_id)  # text typed since: that answer is moot
            self._search_id = self.fetcher.search(text)

        dialog.searchRequested.connect(search)
        dialog.customerChosen.connect(self.look_up)
        dialog.finished.connect(lambda _: self._search_closed())
        dialog.open()

    def _search_closed(self) -> None:
        self._search_dialog = None
        if self._search_id is not None:
            self.fetcher.cancel_request(self._search_id)
            self._search_id = None

    def _on_search_done(self, request_id: int, result: Any) -> None:
        dialog = self._search_dialog
        if dialog is None or request_id != self._search_id:
            return  # closed, or an answer for text typed before
        if isinstance(result, errors.MetrifoxError):
            dialog.show_error(result.message)
        else:
            dialog.show_results(list(result.data), result.meta.total_count)

    def find_in_raw(self) -> None:
        self.tabs.setCurrentWidget(self.raw_view)
        self.raw_view.open_find()

    # ---- actions -------------------------------------------------------------------------------
    def copy_text(self, text: str, what: str) -> None:
        QtGui.QGuiApplication.clipboard().setText(text)
        self.statusBar().showMessage(f"Copied {what}.", 3000)

    def copy_node_json(self, node: Node) -> None:
        """The node's part of the answer, numbers exactly as sent; worked out off the window's thread."""
        if self._loaded is None:
            return
        body, path, label = self._loaded.details.raw_json, node.json_path, node.label

        def node_json() -> str:
            from inspector.present.fields import resolve_json_path
            from inspector.present.raw import dumps_exact, loads_exact

            return dumps_exact(resolve_json_path(loads_exact(body), path))

        def copy(text: Any) -> None:
            if isinstance(text, str):
                self.copy_text(text, f"{label} as JSON")
            else:
                self.statusBar().showMessage("That part of the answer could not be copied.", 6000)

        self.statusBar().showMessage("Copying…")
        self._formatting[self.fetcher.format(node_json)] = copy

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
            self.statusBar().showMessage("Opened the update-quantity page in your browser.", 4000)

    # ---- the API key ---------------------------------------------------------------------------
    def open_key_dialog(self) -> None:
        from inspector.ui.key_dialog import KeyDialog

        status = self._key_status
        env_note = (
            "METRIFOX_API_KEY is set in the environment, so that key is used instead of a saved one."
            if status is not None and status.source is KeySource.ENVIRONMENT
            else ""
        )
        dialog = KeyDialog(
            self._profile.name,
            self._base_url_override or self._profile.base_url,
            "Checking where keys are kept…",
            env_note=env_note,
            has_saved_key=status is not None and status.source in {KeySource.KEYRING, KeySource.SESSION},
            parent=self,
        )
        credentials = self.credentials
        self._keyring_callbacks[self.fetcher.keyring_call(credentials.storage_note)] = lambda note: (
            dialog.storage_label.setText(note if isinstance(note, str) else UNAVAILABLE)
        )
        dialog.testRequested.connect(lambda key: self._test_key(dialog, key))
        dialog.saveRequested.connect(lambda key: self._save_key(dialog, key))
        dialog.forgetRequested.connect(lambda: self._forget_key(dialog))
        self._key_dialog = dialog
        dialog.finished.connect(lambda _: self._key_dialog_closed())
        dialog.open()

    def _key_dialog_closed(self) -> None:
        self._key_dialog = None
        for request_id in list(self._check_callbacks):  # a test still running: nobody waits for it now
            self.fetcher.cancel_request(request_id)
            del self._check_callbacks[request_id]

    def _test_key(self, dialog: KeyDialog, key: str) -> None:
        config = ClientConfig(key, self._base_url_override or self._profile.base_url, **self._client_options)
        request_id = self.fetcher.check_key(config)
        self._check_callbacks[request_id] = lambda error: dialog.show_test_result(error.message if error else None)

    def _save_key(self, dialog: KeyDialog, key: str) -> None:
        profile, credentials = self._profile.name, self.credentials
        dialog.save_button.setEnabled(False)

        def saved(status: Any) -> None:
            dialog.accept()
            if not isinstance(status, KeyStatus):
                status = KeyStatus(key, KeySource.SESSION, UNAVAILABLE)
            self._resolve_key(then=self._after_key_change)

        self._keyring_callbacks[self.fetcher.keyring_call(lambda: credentials.set(profile, key))] = saved

    def _forget_key(self, dialog: KeyDialog) -> None:
        profile, credentials = self._profile.name, self.credentials

        def forgotten(result: Any) -> None:
            if isinstance(result, Exception):  # the saved key stays: say so, and keep the dialog open
                dialog.show_test_result(str(result) if isinstance(result, KeyringTrouble) else UNAVAILABLE)
                return
            dialog.accept()
            self._resolve_key(then=self._after_key_change)
            self.statusBar().showMessage("The API key was removed from this computer.", 6000)

        self._keyring_callbacks[self.fetcher.keyring_call(lambda: credentials.forget(profile))] = forgotten

    def _after_key_change(self) -> None:
        """A new key (or none): leave the demo, and look the typed customer up again with the new key."""
        self.error_banner.hide()
        if self._key_status is not None and self._key_status.source is KeySource.SESSION:
            self.error_banner.show_message(UNAVAILABLE, tone="warning")
        if self._demo:
            self._clear_customer()
            self._initial_lookup()
        elif self._last_key and self._last_key != DEMO_CUSTOMER_KEY:
            self.look_up(self._last_key)
        else:
            self._clear_customer()
            self.focus_search()

    def _clear_customer(self) -> None:
        self._loaded = None
        self.model.set_root(None)
        self.header.hide()
        self.raw_view.set_text("")
        self.details.show_node(None)
        self.stack.setCurrentWidget(self.placeholder)
        self.setWindowTitle(APP_NAME)

    def _on_keyring_done(self, request_id: int, result: Any) -> None:
        callback = self._keyring_callbacks.pop(request_id, None)
        if callback is not None:
            callback(result)

    def _on_key_checked(self, request_id: int, error: errors.MetrifoxError | None) -> None:
        callback = self._check_callbacks.pop(request_id, None)
        if callback is not None:
            callback(error)

    # ---- profiles ------------------------------------------------------------------------------
    def _fill_profiles(self) -> None:
        self.profile_box.blockSignals(True)
        self.profile_box.clear()
        for profile in self.settings.profiles():
            self.profile_box.addItem(profile.name)
            index = self.profile_box.count() - 1
            self.profile_box.setItemData(index, profile.base_url, QtCore.Qt.ItemDataRole.ToolTipRole)
        self.profile_box.setCurrentText(self._profile.name)
        self.profile_box.blockSignals(False)

    def _fill_recent(self) -> None:
        text = self.search.text()
        self.recent_box.blockSignals(True)
        self.recent_box.clear()
        keys = [] if self._demo else self.settings.recent_keys(self._profile.name)
        if self._demo:
            from inspector.resources import demo_keys

            keys = demo_keys()
        self.recent_box.addItems(keys)
        self.recent_box.setCurrentIndex(-1)
        self.search.setText(text)
        self.recent_box.blockSignals(False)

    def _profile_chosen(self, index: int) -> None:
        name = self.profile_box.itemText(index)
        if not name or name == self._profile.name:
            return
        self.switch_profile(name)

    def switch_profile(self, name: str) -> None:
        self._profile = self.settings.profile(name)
        self.settings.set_current_profile(self._profile.name)
        self._base_url_override = None
        self.fetcher.cancel()
        self._clear_customer()
        self.error_banner.hide()
        self.search.clear()
        self._resolve_key(then=self._initial_lookup)

    def new_profile(self) -> None:
        name, ok = QtWidgets.QInputDialog.getText(self, "New profile", "Profile name (for example “Sandbox”):")
        if not ok or not name.strip():
            return
        url, ok = QtWidgets.QInputDialog.getText(self, "New profile", "API base URL:", text="https://")
        if not ok:
            return
        try:
            profile = self.settings.save_profile(name, url)
        except (ValueError, errors.MetrifoxError) as exc:
            self.error_banner.show_message(str(exc), tone="warning")
            return
        self._fill_profiles()
        self.profile_box.setCurrentText(profile.name)

    def remove_profile(self) -> None:
        if self._profile.name == self.settings.profiles()[0].name:
            self.statusBar().showMessage("The Production profile cannot be removed.", 5000)
            return
        name, credentials = self._profile.name, self.credentials
        answer = QtWidgets.QMessageBox.question(
            self,
            "Remove profile",
            f"Remove the profile “{name}”, its saved API key and its recent customers?",
            QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.Cancel,
            QtWidgets.QMessageBox.StandardButton.Cancel,
        )
        if answer != QtWidgets.QMessageBox.StandardButton.Yes:
            return
        self.fetcher.keyring_call(lambda: credentials.forget(name))
        self.settings.remove_profile(name)
        self._fill_profiles()
        self.switch_profile(self.settings.profiles()[0].name)

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
        base_url = "built-in demo data" if self._demo else (self._base_url_override or self._profile.base_url)
        box.setText(f"{APP_NAME} {__version__}\nMIT licence\n\nAPI in use: {base_url}\nProfile: {self._profile.name}")
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
        splitter = self.settings.window_state("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        columns = self.settings.window_state("treeColumns2")  # 2: the summary stretches, names take a share
        self._columns_restored = columns is not None and self.tree.header().restoreState(columns)

    def save_layout(self) -> None:
        self.settings.set_window_state("geometry", self.saveGeometry())
        self.settings.set_window_state("splitter", self.splitter.saveState())
        self.settings.set_window_state("treeColumns2", self.tree.header().saveState())
        self.settings.sync()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        if self._built:
            self.save_layout()
        self.credentials.abort()
        self.fetcher.shutdown()
        super().closeEvent(event)
