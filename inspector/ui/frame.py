"""The window's frame: the main window in its final layout, made of Qt alone.

``metrifox-inspector`` shows this before any other module of the project is imported (issue 20): the menu
bar, the look-up bar with the customer-key field (focused: what is typed now is kept), the place of the
customer view with its hint, and the status bar. httpx, pydantic, keyring and the widget modules load after
it is painted; ``inspector.ui.main_window`` then turns this very window into the main window and fills it.
So this module imports nothing of the project but the package itself (pyproject.toml's import contracts).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui
from PySide6.QtCore import QByteArray, QObject, QPoint, QRect, QSettings, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from inspector import APP_NAME

if TYPE_CHECKING:  # annotations only: each of these costs its first use at import (QCloseEvent ~2 ms)
    from PySide6.QtCore import QEvent, QMimeData
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QShowEvent

MENU_TITLES = ("&File", "&Edit", "&View", "&Help")  # main_window.py fills them
PLACEHOLDER = (
    "Paste a customer key above and press Enter.\n"
    "No key at hand? Find the customer by name or email: Ctrl+Shift+F."
)
PLACEHOLDER_STYLE = "font-size: 15px;"  # the customer view's style sheet for it: the frame sets the same size
PLACEHOLDER_PIXELS = 15
GEOMETRY_KEY = "window/geometry"  # as inspector.settings.Settings.window_state("geometry") stores it
# Nothing here touches PySide's ``Qt`` namespace before the window is shown: its first use builds every enum
# in it (~27 ms here, a fifth of a bare window's start). Enum values are read when first needed instead, and
# the flags the frame sets are written as the properties' values (Qt::AlignCenter = AlignHCenter | AlignVCenter).
_ALIGN_CENTER = 0x0004 | 0x0080
_CASE_SENSITIVE = 1  # Qt::CaseSensitive


@cache
def _browse_keys() -> frozenset[int]:
    key = QtCore.Qt.Key
    return frozenset({key.Key_Up, key.Key_Down, key.Key_PageUp, key.Key_PageDown})


def _label(text: str = "") -> QLabel:
    """A label of the frame's own words (never text from the API: the main window makes the labels that
    show such text plain text, as inspector.ui.text.plain_label does)."""
    label = QLabel()
    label.setText(text)
    return label


def saved_geometry(path: str | None = None) -> QByteArray | None:
    """The window geometry saved last time (the settings file Settings() uses, or ``path``)."""
    if path is None:
        settings = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Metrifox", "AccountInspector")
    else:
        settings = QSettings(path, QSettings.Format.IniFormat)
    value = settings.value(GEOMETRY_KEY)
    return value if isinstance(value, QByteArray) else None


class Frame(QMainWindow):
    """The main window before it is filled: every widget of its first screen, in place.

    Signals (the main window emits them once filled):
        settled(): the start-up look-up has finished (shown or failed), or there was none.
        customerShown(LoadedCustomer): a customer is on screen and laid out.
        warmedUp(): start-up work done: the first look-up will be as smooth as later ones.
        copied(str): what went to the clipboard.
        ready(): the key field has focus and Enter starts a look-up.
    """

    settled = Signal()
    customerShown = Signal(object)
    warmedUp = Signal()
    copied = Signal(str)
    ready = Signal()

    def __init__(self, geometry: QByteArray | None = None) -> None:
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)  # a saved answer (.json) dropped on the window is shown
        self.menus: dict[str, QMenu] = {title: self.menuBar().addMenu(title) for title in MENU_TITLES}
        self.lookup_bar = LookupBar()
        self.addToolBar(self.lookup_bar)
        central = QWidget()
        self.body = QVBoxLayout(central)  # banners, then the customer view (the placeholder until it is made)
        self.body.setContentsMargins(8, 6, 8, 4)
        self.body.setSpacing(6)
        self.placeholder = _label(PLACEHOLDER)
        self.placeholder.setObjectName("placeholder")
        self.placeholder.setProperty("alignment", _ALIGN_CENTER)
        font = self.placeholder.font()
        font.setPixelSize(PLACEHOLDER_PIXELS)  # as the customer view's style sheet, without a style sheet yet
        self.placeholder.setFont(font)
        self.body.addWidget(self.placeholder, 1)
        self.setCentralWidget(central)
        self.key_source_label = _label()  # plain text from fill() on, before it says anything
        self.key_source_label.setObjectName("keySource")
        self.statusBar().addPermanentWidget(self.key_source_label)
        self.statusBar().showMessage("Starting…")
        self._restore_geometry(geometry)
        self.is_ready = False
        self._early_enter = False
        self.lookup_bar.lookUpRequested.connect(self._enter_before_ready)

    def _restore_geometry(self, geometry: QByteArray | None) -> None:
        if geometry is not None and self.restoreGeometry(geometry):
            return
        # First start: 1280×800, or nine tenths of a smaller screen (1366×768; 1920×1080 at 150 %).
        screen = QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 800)
        width = min(1280, int(available.width() * 0.9))
        height = min(800, int(available.height() * 0.9))
        self.resize(width, height)
        self.move(available.center() - QPoint(width // 2, height // 2))

    def showEvent(self, event: QShowEvent) -> None:
        # The field has focus from the first paint: what is typed before the window is filled stays in it,
        # and an Enter pressed meanwhile is kept and acted on once Enter can start a look-up.
        if self.focusWidget() is None:
            self.lookup_bar.search.setFocus()
        super().showEvent(event)

    # ---- ready: Enter starts a look-up ---------------------------------------------------------
    def _enter_before_ready(self) -> None:
        if not self.is_ready:
            self._early_enter = True

    def set_ready(self) -> None:
        """Enter now starts a look-up (the flows are connected); one pressed before is acted on now."""
        if self.is_ready:
            return
        self.is_ready = True
        self.ready.emit()
        if self._early_enter:
            self._early_enter = False
            self.lookup_bar.lookUpRequested.emit()

    # ---- what the main window fills in (the frame alone does nothing) ---------------------------
    def dropped_file(self, _mime: QMimeData) -> str | None:
        """The saved answer a drop would open (None: the drop is refused)."""
        return None

    def open_dropped(self, _path: str) -> None:
        return None

    def closing(self) -> None:
        """The window is closing: save and stop (the main window's part)."""
        return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.dropped_file(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self.dropped_file(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.open_dropped(path)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing()
        super().closeEvent(event)


class LookupBar(QToolBar):
    lookUpRequested = Signal()  # Enter or "Look up": the field's text
    recentChosen = Signal(str)  # a key picked from the recent list
    profileChosen = Signal(str)
    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Look-up", parent)
        self.setObjectName("lookupBar")
        self.setMovable(False)
        self.setFloatable(False)
        self.profile_box = QComboBox()
        self.profile_box.setObjectName("profileSwitcher")
        self.profile_box.setToolTip("Profile: which Metrifox account and API address to use")
        # Wide enough for "Production" (never cut to "Productic"); longer names show whole in the list.
        self.profile_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.profile_box.setMinimumContentsLength(10)
        self.profile_box.currentIndexChanged.connect(self._profile_picked)
        self.recent_box = QComboBox()
        self.recent_box.setObjectName("recentCustomers")
        self.recent_box.setEditable(True)
        self.recent_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.recent_box.setMinimumWidth(260)
        self.recent_box.setMaxVisibleItems(20)
        self.recent_box.setToolTip("Customer key — type or paste, then press Enter (recent keys in the list)")
        search = self.recent_box.lineEdit()
        assert search is not None  # noqa: S101 - narrows the type: an editable combo box always has its line edit
        self.search: QLineEdit = search
        # Recent keys that start with what is typed are offered in a list, never completed into the field:
        # the key typed is the key looked up (an inline completion would put another customer's key there).
        completer = self.recent_box.completer()
        if completer is not None:
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            completer.setProperty("caseSensitivity", _CASE_SENSITIVE)
        self.search.setObjectName("customerSearch")
        self.search.setPlaceholderText("Customer key")
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.lookUpRequested)
        self.recent_box.activated.connect(self._recent_picked)
        self._browsing = False  # arrow keys step through recent keys: that is no choice yet
        self.search.installEventFilter(self)
        self.recent_box.installEventFilter(self)
        self.lookup_button = QPushButton("Look up")
        self.lookup_button.setObjectName("lookUp")
        self.lookup_button.clicked.connect(self.lookUpRequested)
        self.busy_bar = QProgressBar()
        self.busy_bar.setObjectName("busyIndicator")
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(90)
        self.busy_bar.setMaximumHeight(10)
        self.busy_bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelLookup")
        self.cancel_button.setToolTip("Stop this look-up (Esc)")
        self.cancel_button.clicked.connect(self.cancelRequested)
        for widget in (_label(" Profile "), self.profile_box, _label("  "), self.recent_box):
            self.addWidget(widget)
        self.addWidget(self.lookup_button)
        # A toolbar shows and hides its widgets through their actions.
        self._busy_actions = [self.addWidget(self.busy_bar), self.addWidget(self.cancel_button)]
        self.set_busy(False)

    # ---- showing -------------------------------------------------------------------------------
    def set_profiles(self, names_and_urls: list[tuple[str, str]], current: str) -> None:
        self.profile_box.blockSignals(True)
        self.profile_box.clear()
        for name, url in names_and_urls:
            self.profile_box.addItem(name)
            self.profile_box.setItemData(self.profile_box.count() - 1, url, QtCore.Qt.ItemDataRole.ToolTipRole)
        self.profile_box.setCurrentText(current)
        self.profile_box.blockSignals(False)

    def set_recent(self, keys: list[str]) -> None:
        text = self.search.text()
        self.recent_box.blockSignals(True)
        self.recent_box.clear()
        self.recent_box.addItems(keys)
        self.recent_box.setCurrentIndex(-1)
        self.search.setText(text)
        self.recent_box.blockSignals(False)

    def set_busy(self, busy: bool) -> None:
        for action in self._busy_actions:
            action.setVisible(busy)
        self.lookup_button.setEnabled(not busy)

    def focus(self) -> None:
        self.search.setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # ---- input ---------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # QComboBox emits "activated" for Up/Down in its field: that is browsing, not choosing.
        pressed = isinstance(event, QtGui.QKeyEvent) and event.type() == QtCore.QEvent.Type.KeyPress
        if pressed and event.key() in _browse_keys():  # type: ignore[attr-defined]
            self._browsing = True
            QTimer.singleShot(0, lambda: setattr(self, "_browsing", False))
        return super().eventFilter(watched, event)

    def _recent_picked(self, index: int) -> None:
        # "activated" also comes when the field loses focus, on Enter and for arrow keys: only a pick counts.
        if not self._browsing and (key := self.recent_box.itemText(index)):
            self.recentChosen.emit(key)

    def _profile_picked(self, index: int) -> None:
        if name := self.profile_box.itemText(index):
            self.profileChosen.emit(name)
