"""The customer as shown: header, tree, and beside it the detail pane and the raw JSON.

Only shows and asks: copying, opening links and formatting the raw answer go out as signals to the
window, which has the clipboard, the browser and the worker threads.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QItemSelection, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from inspector.present.nodes import Node, NodeKind
from inspector.present.status import badge
from inspector.present.tree import find_by_path, link_offer
from inspector.ui.colors import secondary_text
from inspector.ui.customer_model import STATUS_CHARS, STATUS_COLUMN, BadgeDelegate, CustomerTreeModel
from inspector.ui.detail_pane import DetailPane
from inspector.ui.dimming import set_dimmed
from inspector.ui.frame import PLACEHOLDER, PLACEHOLDER_STYLE
from inspector.ui.header import CustomerHeader
from inspector.ui.raw_view import RawJsonView
from inspector.ui.text import plain_label, plain_tooltip

if TYPE_CHECKING:  # present.hints and .sections read the API's models (pydantic): loaded on a worker first
    from inspector.present.hints import Hint

MenuAction = tuple[str, Callable[[], None] | None]


class CustomerView(QWidget):
    copyRequested = Signal(str, str)  # text, what it is
    openLinkRequested = Signal(str)
    copyNodeJsonRequested = Signal(object)  # Node
    rawWanted = Signal()  # the raw tab is showing and has nothing for this customer yet
    saveRawRequested = Signal()
    sectionWanted = Signal(object, bool)  # a section row (or "Load more") was opened: fetch it (again: retry)
    eventsFilterWanted = Signal(object, str)  # the usage-events section, the feature to show (empty: all)
    checkAccessRequested = Signal(str)  # a feature key
    emailRequested = Signal(str)  # a mailto: URL
    compareRequested = Signal(object, object)  # two subscription Nodes: the first, the second

    def __init__(self, parent: QWidget | None = None, *, placeholder: QLabel | None = None) -> None:
        """``placeholder``: the frame's hint label, already on screen, taken over rather than made again."""
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.header = CustomerHeader()
        self.header.copyRequested.connect(self.copyRequested)
        self.header.hide()
        layout.addWidget(self.header)
        # Things to check: sentences worked out from the data, each pointing at its row.
        self.things = QListWidget()
        self.things.setObjectName("thingsToCheck")
        self.things.setMaximumHeight(110)
        self.things.setToolTip("Click one to go to its row")
        # A fixed light warning colour with dark text (as the banners): it reads in light and dark themes.
        self.things.setStyleSheet(
            "#thingsToCheck { background: #fff6e0; border: 1px solid #ecd08f; border-radius: 6px; color: #5c3f00; }"
        )
        self.things.itemClicked.connect(self._thing_clicked)
        self.things.itemActivated.connect(self._thing_clicked)
        self.things.hide()
        layout.addWidget(self.things)

        self.model = CustomerTreeModel(self)
        self.model.rowsReplaced.connect(self._rows_replaced)
        self.tree = QTreeView()
        self.tree.setObjectName("customerTree")
        self.tree.setModel(self.model)
        self.tree.setItemDelegateForColumn(STATUS_COLUMN, BadgeDelegate(self.tree))
        self.tree.setUniformRowHeights(True)  # fast layout for customers with thousands of rows
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QTreeView.SelectionMode.SingleSelection)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setAnimated(False)
        columns = self.tree.header()
        # The summary (money first, then dates) takes what is left; names take a share of the width
        # (they elide), so neither is squeezed to nothing when the window is narrow.
        columns.setStretchLastSection(True)
        columns.setSectionResizeMode(columns.ResizeMode.Interactive)
        columns.setMinimumSectionSize(60)
        columns.resizeSection(STATUS_COLUMN, 120)
        self.columns_restored = False  # the person's own column widths win over the automatic ones
        self._fitting = False
        columns.sectionResized.connect(self._column_resized)
        self.tree.installEventFilter(self)
        self.tree.selectionModel().selectionChanged.connect(self._selection_changed)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._tree_menu)
        self.tree.expanded.connect(lambda index: self._open_section(self.model.node(index)))
        self.tree.activated.connect(lambda index: self._open_section(self.model.node(index), again=True))
        self._opened: set[tuple[str, str]] = set()  # sections opened for this customer: F5 loads them again
        self.event_features: list[str] = []  # offered as filters on Usage events (the window fills it)
        self.tree.verticalScrollBar().valueChanged.connect(self._scrolled)

        self.details = DetailPane()
        self.details.retrySectionRequested.connect(lambda node: self._open_section(node, again=True))
        self.details.openLinkRequested.connect(self.openLinkRequested)
        self.details.emailRequested.connect(self.emailRequested)
        self.details.copyRequested.connect(self.copyRequested)
        self.details.copyNodeJsonRequested.connect(self.copyNodeJsonRequested)
        self.raw_view = RawJsonView()
        self.raw_view.saveRequested.connect(self.saveRawRequested)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("rightTabs")
        self.tabs.addTab(self.details, "Details")
        self.tabs.addTab(self.raw_view, "Raw JSON")
        self.tabs.currentChanged.connect(lambda _index: self._raw_if_showing())

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([760, 480])

        if placeholder is None:
            placeholder = plain_label(PLACEHOLDER)
            placeholder.setObjectName("placeholder")
            placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder = placeholder
        self.placeholder.setStyleSheet(f"color: {secondary_text(self.palette())}; {PLACEHOLDER_STYLE}")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.splitter)
        layout.addWidget(self.stack, 1)
        self._raw_for: object = None  # the customer whose answer the raw view shows (or is formatting)
        self._shown: object = None  # the customer on screen

    # ---- showing a customer --------------------------------------------------------------------
    def show_customer(self, customer: Any, tree: Node, fetched_at: datetime, *, keep_path: str | None) -> None:
        """The header and tree now; the tree's layout on the next turn of the event loop, so neither half
        keeps the window busy for long (thousands of rows for a large customer). ``keep_path`` (the same
        customer again) also keeps the sections that were open: they load again."""
        if keep_path is None:
            self._opened.clear()
        self._shown = tree
        self._raw_for = None
        self.set_dimmed(False)
        self.model.set_root(tree)
        self._expand_defaults(tree)  # cheap now: the view only records them until its next layout
        self.header.show_customer(customer, fetched_at)
        self.header.show()
        QTimer.singleShot(0, lambda: self._lay_out(tree, keep_path))

    def _lay_out(self, tree: Node, keep_path: str | None) -> None:
        if tree is not self._shown:
            return  # another customer came meanwhile
        self.stack.setCurrentWidget(self.splitter)
        self._fit_status_column(tree)
        for node in [n for n in tree.walk_built() if (n.section, n.subject) in self._opened]:
            self.tree.expand(self.model.createIndex(node.row, 0, node))  # F5: open sections load again
        kept = find_by_path(tree, keep_path) if keep_path else None
        if kept is not None:
            self.select_node(kept)
        else:
            self.tree.setCurrentIndex(self.model.index(0, 0))
        if not self._raw_if_showing():
            self.raw_view.set_text("")

    def show_things_to_check(self, found: list[Hint]) -> None:
        """The hints for the customer on screen; nothing shown when there are none."""
        self.things.clear()
        for hint in found:
            item = QListWidgetItem(f"⚠  {hint.sentence}")
            item.setData(Qt.ItemDataRole.UserRole, hint.json_path)
            item.setToolTip(plain_tooltip(hint.sentence))
            self.things.addItem(item)
        self.things.setVisible(bool(found))
        self.things.setMaximumHeight(min(110, 8 + 22 * len(found)))
        self.header.set_things_to_check(len(found))

    def _thing_clicked(self, item: QListWidgetItem) -> None:
        root = self.model.root
        path = item.data(Qt.ItemDataRole.UserRole)
        node = find_by_path(root, path) if root is not None and isinstance(path, str) else None
        if node is not None:
            self.select_node(node)
            self.tree.setFocus()

    def clear(self) -> None:
        self.show_things_to_check([])
        self._shown = None
        self.model.set_root(None)
        self.header.hide()
        self.raw_view.set_text("")
        self.details.show_node(None)
        self.set_dimmed(False)
        self.stack.setCurrentWidget(self.placeholder)

    @property
    def shown_tree(self) -> Node | None:
        return self.model.root

    def set_dimmed(self, dimmed: bool) -> None:
        """Another customer is on its way: this one is dimmed so nobody reads it as the new one."""
        for widget in (self.header, self.splitter):
            set_dimmed(widget, dimmed)

    def _raw_if_showing(self) -> bool:
        if self.tabs.currentWidget() is not self.raw_view or self._shown is None:
            return False
        if self._raw_for is not self._shown:
            self._raw_for = self._shown
            self.raw_view.set_text("Formatting…")
            self.rawWanted.emit()
        return True

    def raw_failed(self) -> None:
        self._raw_for = None
        self.raw_view.set_text("The raw answer could not be shown. Use “Save the whole answer…”.")

    # ---- the tree ------------------------------------------------------------------------------
    def select_node(self, node: Node) -> None:
        index = self.model.createIndex(node.row, 0, node)
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)

    def collapse_to_defaults(self) -> None:
        self.tree.collapseAll()
        if self.model.root is not None:
            self._expand_defaults(self.model.root)

    def _expand_defaults(self, root: Node) -> None:
        self.tree.setUpdatesEnabled(False)
        try:
            for node in root.walk_built():
                if node.expanded and node.has_children:
                    self.tree.setExpanded(self.model.createIndex(node.row, 0, node), True)
        finally:
            self.tree.setUpdatesEnabled(True)

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        node = self.model.node(indexes[0]) if indexes else None
        self.details.show_node(node)
        if node is not None and node.kind is NodeKind.LOAD_MORE:
            self._open_section(node)

    # ---- the account's sections, filled when opened ------------------------------------------------
    def _scrolled(self, value: int) -> None:
        """Scrolled to the end with "Load more" in view: the next page of events loads."""
        if value < self.tree.verticalScrollBar().maximum():
            return
        viewport = self.tree.viewport()
        last = self.model.node(self.tree.indexAt(QPoint(8, viewport.height() - 4)))
        if last is not None and last.kind is NodeKind.LOAD_MORE:
            self._open_section(last)

    def _open_section(self, node: Node | None, *, again: bool = False) -> None:
        """Ask for a section when it is opened (or "Load more" chosen); ``again``: retry a failed one."""
        if node is None or node.section is None or node.subject is None:
            return
        if node.kind is not NodeKind.LOAD_MORE:
            self._opened.add((node.section, node.subject))
        self.sectionWanted.emit(node, again)

    def filter_events(self, node: Node, feature: str) -> None:
        """Usage events of one feature only (empty: all)."""
        self.eventsFilterWanted.emit(node, feature)

    def fill_section(self, node: Node, rows: list[Node]) -> None:
        """Show what a section holds now (loading, its rows, or why not), and open it."""
        if self.model.root is None or node.kind is NodeKind.LOAD_MORE:
            return
        self.model.replace_children(node, rows)

    def more_events(self, more: Node, rows: list[Node] | None) -> None:
        """The next page of events in place of its "Load more" row (None: the row says why not)."""
        section = more.parent
        if section is None or self.model.root is None:
            return
        if rows is None:
            index = self.model.createIndex(more.row, 0, more)
            self.model.dataChanged.emit(index, self.model.createIndex(more.row, 2, more))
            return
        self.model.replace_children(section, rows, keep=more.row)

    def _rows_replaced(self, node: Node) -> None:
        if node.kind is NodeKind.SECTION:
            self.tree.expand(self.model.createIndex(node.row, 0, node))
        if self.details.node is node:
            self.details.show_node(node)

    def _fit_status_column(self, root: Node) -> None:
        """Wide enough for the longest status shown (an unknown one is shown whole, up to a limit)."""
        font = QFont(self.tree.font())
        font.setBold(True)
        metrics = QFontMetrics(font)
        words = {shown.text[:STATUS_CHARS] for node in root.walk_built() if (shown := badge(node.status))}
        widest = max((metrics.horizontalAdvance(word) for word in words), default=0)
        wanted = min(320, widest + 40)
        if wanted > self.tree.header().sectionSize(STATUS_COLUMN):
            self.tree.header().resizeSection(STATUS_COLUMN, wanted)
            self._fit_name_column()

    def _fit_name_column(self) -> None:
        """Names get 45 % of what the status column leaves (160–400 px); the summary gets the rest."""
        if not self.columns_restored:
            rest = self.tree.viewport().width() - self.tree.header().sectionSize(STATUS_COLUMN)
            self._fitting = True
            try:
                self.tree.header().resizeSection(0, max(160, min(400, int(rest * 0.45))))
            finally:
                self._fitting = False

    def _column_resized(self, index: int, _old: int, _new: int) -> None:
        if index == 0 and not self._fitting:
            self.columns_restored = True  # the person chose a width: keep it

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.tree:
            self._fit_name_column()
        return super().eventFilter(watched, event)

    def tree_menu_actions(self, node: Node) -> list[MenuAction]:
        """What right-clicking a row offers (None: shown, but not available for this row)."""
        link = link_offer(node).url
        actions: list[MenuAction] = [
            ("Copy name", lambda: self.copyRequested.emit(node.label, "name")),
            ("Copy summary", (lambda: self.copyRequested.emit(node.summary, "summary")) if node.summary else None),
            ("Copy as JSON", lambda: self.copyNodeJsonRequested.emit(node)),
            ("Copy JSON path", lambda: self.copyRequested.emit(node.json_path, "JSON path")),
        ]
        if link is not None or node.kind in {NodeKind.PRODUCT, NodeKind.SUBSCRIPTION}:
            actions += [
                ("Open update-quantity page", (lambda: self.openLinkRequested.emit(link)) if link else None),
                (
                    "Copy update-quantity link",
                    (lambda: self.copyRequested.emit(link, "update-quantity link")) if link else None,
                ),
            ]
        if node.kind in {NodeKind.SUBSCRIPTION, NodeKind.HISTORY_ENTRY} and node.source is not None:
            for other in self._same_product_subscriptions(node):
                title = other.label if other.kind is NodeKind.SUBSCRIPTION else f"past: {other.label}"
                actions.append((f"Compare with {title}", partial(self.compareRequested.emit, node, other)))
        feature = getattr(node.source, "feature_key", None)
        if isinstance(feature, str) and feature:
            actions.append(("Check access…", lambda: self.checkAccessRequested.emit(feature)))
        if node.kind is NodeKind.SECTION and node.section == "events":
            seen = {getattr(c.source, "feature_key", None) for c in node.children if c.kind is NodeKind.ACCOUNT_ROW}
            keys = sorted({*self.event_features, *(k for k in seen if isinstance(k, str) and k)})
            others = [key for key in keys if key != node.feature]
            actions += [(f"Show only {key}", partial(self.filter_events, node, key)) for key in others]
            if node.feature:
                actions.append(("Show all features", lambda: self.filter_events(node, "")))
        if node.has_children:
            index = self.model.createIndex(node.row, 0, node)
            actions.append(("Expand all below", lambda: self.tree.expandRecursively(index)))
        return actions

    @staticmethod
    def _same_product_subscriptions(node: Node) -> list[Node]:
        """The product's other subscriptions (current and past) to compare ``node`` with."""
        product = next((a for a in (node, *node.ancestors()) if a.kind is NodeKind.PRODUCT), None)
        if product is None:
            return []
        found = [c for c in product.children if c.kind is NodeKind.SUBSCRIPTION]
        history = next((c for c in product.children if c.kind is NodeKind.HISTORY), None)
        if history is not None:
            found += [e for e in history.children if e.kind is NodeKind.HISTORY_ENTRY and e.source is not None]
        return [n for n in found if n is not node and getattr(n.source, "id", None) != getattr(node.source, "id", 0)]

    def _tree_menu(self, pos: QPoint) -> None:
        index = self.tree.indexAt(pos)
        node = self.model.node(index)
        if node is None:
            return
        self.tree.setCurrentIndex(index)
        menu = QMenu(self)
        for text, slot in self.tree_menu_actions(node):
            action = menu.addAction(text)
            if slot is None:
                action.setEnabled(False)
            else:
                action.triggered.connect(lambda _=False, run=slot: run())
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    # ---- start-up ------------------------------------------------------------------------------
    def warm_up(self, sample: Node | None) -> None:
        """Paint a sample customer once, off screen, while the person is still typing: the first paint
        of a tree (fonts, glyph caches, PySide's lazily made enums) otherwise stalls the first look-up."""
        if sample is not None:
            model = CustomerTreeModel()
            view = QTreeView()
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
        if self.stack.currentWidget() is self.placeholder:
            # The customer page has never been shown: polish, lay out and paint it once now (style
            # sheets, layouts, the tabs), in one go with no paint between, so nothing flickers.
            self.stack.setCurrentWidget(self.splitter)
            self.splitter.grab()
            self.stack.setCurrentWidget(self.placeholder)
