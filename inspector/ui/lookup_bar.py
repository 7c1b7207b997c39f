"""The look-up bar: profile switcher, the customer-key field with recent keys, Look up, busy and Cancel."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QProgressBar, QPushButton, QToolBar, QWidget

from inspector.ui.text import plain_label

_BROWSE_KEYS = frozenset({Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown})


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
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseSensitive)
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
        for widget in (plain_label(" Profile "), self.profile_box, plain_label("  "), self.recent_box):
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
            self.profile_box.setItemData(self.profile_box.count() - 1, url, Qt.ItemDataRole.ToolTipRole)
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
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # ---- input ---------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # QComboBox emits "activated" for Up/Down in its field: that is browsing, not choosing.
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress and event.key() in _BROWSE_KEYS:
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
