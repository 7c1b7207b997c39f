"""The main window: it assembles. It builds the views, creates one flow per job (look-ups, the key, search,
profiles, what is done with an answer, the account dialogs), connects menus and shortcuts to them, and keeps
the window's layout. The session (inspector/session) holds every piece of state; the flows follow its
signals and the views only show.

The window is shown before it is filled (issue 20): this module loads nothing of the project but the frame
(inspector/ui/frame.py: the widgets of the first screen) until :meth:`MainWindow.fill` runs; everything
else is imported inside the methods that need it. ``fill`` makes Enter work (the session and the look-up
flow: "ready"); :meth:`MainWindow.build_ui` then adds the views and the other flows.
"""

from __future__ import annotations

import gc
import logging
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtGui, QtWidgets

from inspector import APP_NAME, __version__
from inspector.ui.frame import Frame

if TYPE_CHECKING:
    from inspector.credentials import CredentialStore
    from inspector.fetcher import Fetcher
    from inspector.present.nodes import Node
    from inspector.session import Session
    from inspector.settings import Settings
    from inspector.ui.account_dialogs import AccountDialogs
    from inspector.ui.answer_actions import AnswerActions
    from inspector.ui.asks_flow import AskFlow
    from inspector.ui.banner import Banner
    from inspector.ui.customer_view import CustomerView
    from inspector.ui.key_flow import KeyFlow
    from inspector.ui.lookup_flow import LookupFlow
    from inspector.ui.profile_flow import ProfileFlow
    from inspector.ui.search_flow import SearchFlow

log = logging.getLogger(__name__)


class MainWindow(Frame):
    """The frame, filled: ``MainWindow(geometry)`` is shown as the frame, then :meth:`fill` and :meth:`start`.
    Signals: see :class:`~inspector.ui.frame.Frame`."""

    def fill(
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
    ) -> None:
        """The session and the look-up flow: from now on Enter starts a look-up ("ready"). The views and the
        other flows come with :meth:`build_ui`."""
        from inspector.session import Session

        self._assemble(
            settings,
            Session(
                settings,
                credentials,
                fetcher,
                force_demo=force_demo,
                base_url=base_url,
                meter_url=meter_url,
                profile=profile,
                client_options=client_options,
                parent=self,
            ),
            initial_key,
        )

    def _assemble(self, settings: Settings, session: Session, initial_key: str | None) -> None:
        from inspector.ui.banner import Banner
        from inspector.ui.lookup_flow import LookupFlow

        self.settings, self.session = settings, session
        self.key_source_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)  # it names profiles
        self._initial_key = initial_key
        self._built = self._started = False
        self._warm_sample: Node | None = None
        self.demo_banner: Banner = Banner("demoBanner")
        self.error_banner: Banner = Banner("errorBanner")
        for index, widget in enumerate((self.demo_banner, self.error_banner)):
            widget.hide()
            self.body.insertWidget(index, widget)
        self.lookups: LookupFlow = LookupFlow(
            session,
            self,
            bar=self.lookup_bar,
            demo_banner=self.demo_banner,
            error_banner=self.error_banner,
            view=None,  # attached by build_ui; no customer can arrive before (the key is read after it)
            key_source_label=self.key_source_label,
        )
        self.lookups.customerShown.connect(self.customerShown)
        self.lookups.settled.connect(self.settled)
        self.set_ready()

    # ---- building ------------------------------------------------------------------------------
    def build_ui(self) -> None:
        """The views and the other flows, in the frame's places (``run()`` does it on the turn after
        "ready", so the window is painted and Enter works before the widget modules are even imported)."""
        if self._built:
            return
        self._built = True
        from inspector.ui.icons import app_icon

        QtWidgets.QApplication.setWindowIcon(app_icon())
        self._build_views()
        self._build_flows()
        self._build_menus()
        self._build_shortcuts()
        self._restore_layout()
        if self._warm_sample is not None:
            self._warm_views(self._warm_sample)

    def _build_views(self) -> None:
        from inspector.ui.customer_view import CustomerView

        self.customer_view: CustomerView = CustomerView(placeholder=self.placeholder)
        self.body.addWidget(self.customer_view, 1)  # in the placeholder's place: it is the view's now
        self.lookups.attach_view(self.customer_view)

    def _build_flows(self) -> None:
        from inspector.ui.account_dialogs import AccountDialogs
        from inspector.ui.answer_actions import AnswerActions
        from inspector.ui.asks_flow import AskFlow
        from inspector.ui.key_flow import KeyFlow
        from inspector.ui.profile_flow import ProfileFlow
        from inspector.ui.search_flow import SearchFlow

        session, view, bar, status = self.session, self.customer_view, self.lookup_bar, self.status_message
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
        self.asks: AskFlow = AskFlow(  # card links, price quotes
            session, self, view, open_link=self.answers.open_link, copy_text=self.answers.copy_text,
            open_mail=self.answers.open_mail,
        )
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
            self.menus,
        )
        self.menu_actions["Check access"].setObjectName("checkAccess")
        self.menu_actions["Copy support summary"].setObjectName("copySummary")
        self.menu_actions["Find customer by name or email"].setObjectName("findCustomer")

    def _build_shortcuts(self) -> None:
        for sequence in ("Ctrl+K", "Ctrl+L"):
            QtGui.QShortcut(QtGui.QKeySequence(sequence), self, self.lookup_bar.focus)
        QtGui.QShortcut(QtGui.QKeySequence(QtCore.Qt.Key.Key_Escape), self, self.escape)

    # ---- start-up ------------------------------------------------------------------------------
    def warm_up(self) -> None:
        """Load the API layer and build pydantic's schemas on a worker (from "ready" on, while the views build)."""
        if not self._started:
            self._started = True
            self.session.warmedUp.connect(self._warm_views)
            self.session.warm_up()

    def start(self, *, warm_up: bool = True) -> None:
        """After the window is shown: find the key (keyring thread), then look up or show the demo.
        ``warm_up=False`` (a screenshot run: no later look-up to make smooth) skips the warm-up."""
        if warm_up:
            self.warm_up()  # first, so the API layer loads on a worker while the widgets build
        self.build_ui()
        if not self.lookup_bar.search.hasFocus():
            self.lookup_bar.search.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)  # never selects what was typed
        initial, self._initial_key = self._initial_key, None
        self.session.start(initial)

    def _warm_views(self, sample: Node | None) -> None:
        if not self._built:
            self._warm_sample = sample  # build_ui paints it
            return
        self._warm_sample = None
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

    # ---- a saved answer dropped on the window (the frame's drag and drop events ask these) --------
    def dropped_file(self, mime: QtCore.QMimeData) -> str | None:
        return self.answers.dropped_file(mime) if self._built else None

    def open_dropped(self, path: str) -> None:
        self.answers.open_saved(path)

    # ---- help ----------------------------------------------------------------------------------
    def open_log_folder(self) -> None:
        from inspector.logs import log_dir

        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        if not self.answers.url_opener(QtCore.QUrl.fromLocalFile(str(folder))):
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

    def closing(self) -> None:
        if self._built:
            self.save_layout()
        self.session.shutdown()
