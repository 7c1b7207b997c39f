"""The main window: it assembles. It builds the views, creates one flow per job (look-ups, the key, search,
profiles, what is done with an answer, the account dialogs), connects menus and shortcuts to them, and keeps
the window's layout. The session (inspector/session) holds every piece of state; the flows follow its
signals and the views only show.
"""

from __future__ import annotations

import gc
import logging
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QMainWindow

from inspector import APP_NAME, __version__
from inspector.credentials import CredentialStore
from inspector.fetcher import Fetcher
from inspector.session import Session
from inspector.settings import Settings

if TYPE_CHECKING:
    from inspector.present.nodes import Node
    from inspector.ui.account_dialogs import AccountDialogs
    from inspector.ui.answer_actions import AnswerActions
    from inspector.ui.banner import Banner
    from inspector.ui.customer_view import CustomerView
    from inspector.ui.key_flow import KeyFlow
    from inspector.ui.lookup_bar import LookupBar
    from inspector.ui.lookup_flow import LookupFlow
    from inspector.ui.profile_flow import ProfileFlow
    from inspector.ui.search_flow import SearchFlow

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Signals:
        settled(): the start-up look-up has finished (shown or failed), or there was none.
        customerShown(LoadedCustomer): a customer is on screen and laid out.
        warmedUp(): start-up work done: the first look-up will be as smooth as later ones.
        copied(str): what went to the clipboard.
    """

    settled = Signal()
    customerShown = Signal(object)
    warmedUp = Signal()
    copied = Signal(str)

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
        self._initial_key = initial_key
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
        self._build_flows()
        self._build_menus()
        self._build_shortcuts()
        self._restore_layout()

    def _build_views(self) -> None:
        from inspector.ui.banner import Banner
        from inspector.ui.customer_view import CustomerView
        from inspector.ui.lookup_bar import LookupBar
        from inspector.ui.text import plain_label

        self.lookup_bar: LookupBar = LookupBar()
        self.addToolBar(self.lookup_bar)
        central = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(central)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.setSpacing(6)
        self.demo_banner: Banner = Banner("demoBanner")
        self.error_banner: Banner = Banner("errorBanner")
        self.customer_view: CustomerView = CustomerView()
        for widget in (self.demo_banner, self.error_banner):
            layout.addWidget(widget)
        layout.addWidget(self.customer_view, 1)
        self.setCentralWidget(central)
        self.key_source_label = plain_label()
        self.key_source_label.setObjectName("keySource")
        self.statusBar().addPermanentWidget(self.key_source_label)

    def _build_flows(self) -> None:
        from inspector.ui.account_dialogs import AccountDialogs
        from inspector.ui.answer_actions import AnswerActions
        from inspector.ui.key_flow import KeyFlow
        from inspector.ui.lookup_flow import LookupFlow
        from inspector.ui.profile_flow import ProfileFlow
        from inspector.ui.search_flow import SearchFlow

        session, view, bar, status = self.session, self.customer_view, self.lookup_bar, self.status_message
        self.lookups: LookupFlow = LookupFlow(
            session,
            self,
            bar=bar,
            demo_banner=self.demo_banner,
            error_banner=self.error_banner,
            view=view,
            key_source_label=self.key_source_label,
        )
        self.lookups.customerShown.connect(self.customerShown)
        self.lookups.settled.connect(self.settled)
        self.keys: KeyFlow = KeyFlow(session, self, status)
        self.searches: SearchFlow = SearchFlow(session, self, self.lookups.look_up)
        self.profiles: ProfileFlow = ProfileFlow(
            session,
            self,
            bar=bar,
            error_banner=self.error_banner,
            clear_screen=self.lookups.clear_screen,
            status=status,
        )
        self.answers: AnswerActions = AnswerActions(session, self, view, self.error_banner)
        self.answers.copied.connect(self.copied)
        self.dialogs: AccountDialogs = AccountDialogs(session, self, self.answers.copy_text, status)
        for banner in (self.demo_banner, self.error_banner):
            banner.setKeyRequested.connect(self.keys.open)
        self.error_banner.searchRequested.connect(lambda: self.searches.open(session.last_key))
        view.checkAccessRequested.connect(self.dialogs.open_check_access)

    def _build_menus(self) -> None:
        from inspector.ui.menus import MenuItem, build_menus

        details, actions, view, keys = self.customer_view.details, self.answers, self.customer_view, QtGui.QKeySequence
        self.menu_actions = build_menus(
            self,
            {
                "&File": [
                    MenuItem("Set API &key…", self.keys.open),
                    MenuItem("&New profile…", self.profiles.new_profile),
                    MenuItem("&Remove this profile", self.profiles.remove_current),
                    MenuItem("Company &name shown to customers…", self.profiles.ask_company),
                    None,
                    MenuItem("&Open saved answer…", actions.open_saved_dialog, keys.StandardKey.Open),
                    MenuItem("&Save the whole answer…", actions.save_raw, keys.StandardKey.Save),
                    None,
                    MenuItem("&Quit", self.close, keys.StandardKey.Quit),
                ],
                "&Edit": [
                    MenuItem("Find &customer by name or email…", self.searches.open, "Ctrl+Shift+F"),
                    MenuItem("Check &access…", self.dialogs.open_check_access),
                    MenuItem("Copy support &summary…", self.dialogs.open_summary, "Ctrl+Shift+C"),
                    MenuItem("&Find in raw JSON", actions.find_in_raw, keys.StandardKey.Find),
                    MenuItem("Copy field &value", details.copy_selected_value),
                    MenuItem("Copy field JSON &path", details.copy_selected_path),
                ],
                "&View": [
                    MenuItem("&Refresh", self.session.retry, keys.StandardKey.Refresh),
                    MenuItem("&Expand all", view.tree.expandAll),
                    MenuItem("&Collapse all", view.collapse_to_defaults),
                ],
                "&Help": [MenuItem("Open &log folder", self.open_log_folder), MenuItem("&About", self.show_about)],
            },
        )
        self.menu_actions["Check access"].setObjectName("checkAccess")
        self.menu_actions["Copy support summary"].setObjectName("copySummary")
        self.menu_actions["Find customer by name or email"].setObjectName("findCustomer")

    def _build_shortcuts(self) -> None:
        for sequence in ("Ctrl+K", "Ctrl+L"):
            QtGui.QShortcut(QtGui.QKeySequence(sequence), self, self.lookup_bar.focus)
        QtGui.QShortcut(QtGui.QKeySequence(QtCore.Qt.Key.Key_Escape), self, self.escape)

    # ---- start-up ------------------------------------------------------------------------------
    def start(self) -> None:
        """After the window is shown: find the key (keyring thread), then look up or show the demo."""
        self.session.warmedUp.connect(self._warm_views)
        self.session.warm_up()  # first, so the API layer loads on a worker while the widgets build
        self.build_ui()
        self.lookup_bar.focus()
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

    def status_message(self, text: str, ms: int = 0) -> None:
        self.statusBar().showMessage(text, ms)

    def escape(self) -> None:
        """Esc: close the raw-JSON find bar when it is open, else stop what is loading."""
        raw = self.customer_view.raw_view
        if raw.is_finding and raw.isVisible():
            raw.close_find()
        else:
            self.session.cancel()

    # ---- a saved answer dropped on the window --------------------------------------------------
    def dragEnterEvent(self, event: QtGui.QDragEnterEvent) -> None:
        if self._built and self.answers.dropped_file(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QtGui.QDropEvent) -> None:
        path = self.answers.dropped_file(event.mimeData()) if self._built else None
        if path is not None:
            event.acceptProposedAction()
            self.answers.open_saved(path)

    # ---- help ----------------------------------------------------------------------------------
    def open_log_folder(self) -> None:
        from inspector.logs import log_dir

        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        if not self.answers.url_opener(QUrl.fromLocalFile(str(folder))):
            self.statusBar().showMessage(f"The log folder is {folder}", 10000)

    def show_about(self) -> None:
        box = QtWidgets.QMessageBox(self)
        box.setWindowTitle(f"About {APP_NAME}")
        box.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        session = self.session
        base_url = "built-in demo data" if session.demo else f"{session.base_url} and {session.meter_url}"
        box.setText(f"{APP_NAME} {__version__}\nMIT licence\n\nAPI in use: {base_url}\nProfile: {session.profile.name}")
        box.open()

    # ---- layout and closing --------------------------------------------------------------------
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
        view = self.customer_view
        splitter = self.settings.window_state("splitter")
        if splitter is not None:
            view.splitter.restoreState(splitter)
        columns = self.settings.window_state("treeColumns2")  # 2: the summary stretches, names take a share
        view.columns_restored = columns is not None and view.tree.header().restoreState(columns)
        view.fold_things(self.settings.window_state("thingsFolded") == QtCore.QByteArray(b"1"))
        view.thingsFolded.connect(
            lambda folded: self.settings.set_window_state("thingsFolded", QtCore.QByteArray(b"1" if folded else b"0"))
        )

    def save_layout(self) -> None:
        view = self.customer_view
        self.settings.set_window_state("geometry", self.saveGeometry())
        self.settings.set_window_state("splitter", view.splitter.saveState())
        self.settings.set_window_state("treeColumns2", view.tree.header().saveState())
        self.settings.sync()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        if self._built:
            self.save_layout()
        self.session.shutdown()
        super().closeEvent(event)
