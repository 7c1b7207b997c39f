"""The customer as shown: header, tree, and beside it the detail pane and the raw JSON.

Only shows and asks: copying, opening links and formatting the raw answer go out as signals to the
window, which has the clipboard, the browser and the worker threads.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QItemSelection, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QFont, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidgetItem,
    QMenu,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from inspector.present.nodes import Node, NodeKind, row_in_section
from inspector.present.tree import TreeOutline, find_by_path, tree_outline
from inspector.turns import after_painting
from inspector.ui.colors import secondary_text
from inspector.ui.customer_model import STATUS_CHARS, STATUS_COLUMN, BadgeDelegate, CustomerTreeModel
from inspector.ui.detail_pane import DetailPane
from inspector.ui.dimming import set_dimmed
from inspector.ui.frame import PLACEHOLDER, PLACEHOLDER_STYLE
from inspector.ui.header import CustomerHeader
from inspector.ui.raw_view import RawJsonView
from inspector.ui.text import plain_label
from inspector.ui.things_list import THINGS_AT_ONCE, THINGS_PER_TURN, add_things, fitted_height, things_list

if TYPE_CHECKING:  # present.hints and .sections read the API's models (pydantic): loaded on a worker first
    from inspector.present.hints import Hint


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
    thingsFolded = Signal(bool)  # the things to check folded to one line (True) or unfolded
    treeLaidOut = Signal(object)  # the tree (Node) just shown is laid out: its row selected, sections reopened

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
        self.things = things_list()
        self.things.itemClicked.connect(self._thing_clicked)
        self.things.itemActivated.connect(self._thing_clicked)
        self.things.hide()
        # Folds the list to this one line ("▸ ⚠ 3 things to check"); a click or Space unfolds it again.
        self.things_toggle = QToolButton()
        self.things_toggle.setObjectName("thingsToCheckToggle")
        self.things_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.things_toggle.setAutoRaise(True)
        self.things_toggle.setCheckable(True)
        self.things_toggle.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.things_toggle.setToolTip("Show or hide the things to check")
        self.things_toggle.toggled.connect(self._fold_things)
        self.things_toggle.hide()
        self._things_folded = False
        self._things_listed: list[Hint] = []  # what the list shows (its rows are made a batch per turn)
        self._things_made = 0  # how many of them have their row yet
        # Says more about a thing to check, in its tooltip, when there is more (the card-link flow sets it).
        self.thing_note: Callable[[Hint], str | None] = lambda _hint: None
        layout.addWidget(self.things_toggle)
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
        # A row to select once its section's rows are in (F5 inside a section, a hint about an invoice).
        self._wanted_row: tuple[str, str, str] | None = None
        self.event_features: list[str] = []  # offered as filters on Usage events (the window fills it)
        self.tree.verticalScrollBar().valueChanged.connect(self._scrolled)
        copy_row = QAction("Copy row", self.tree)
        copy_row.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        copy_row.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # Ctrl+C in the tree: the selected row
        copy_row.triggered.connect(self._copy_current_row)
        self.tree.addAction(copy_row)

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
    def show_customer(
        self,
        customer: Any,
        tree: Node,
        fetched_at: datetime | None,
        *,
        keep_path: str | None,
        keep_row: tuple[str, str, str] | None = None,
        outline: TreeOutline | None = None,
    ) -> None:
        """The header and tree now; the rest (selection, reopened sections) on a later turn, after the window
        has painted and answered input (thousands of rows for a large customer), then ``treeLaidOut``.
        ``keep_path`` (the same customer again) also keeps the sections that were open: they load again, and
        ``keep_row`` — the row selected inside one — is selected again when its rows are in. ``outline``: the
        tree's open rows and status words, when the worker that built it worked them out."""
        self._wanted_row = keep_row
        if keep_path is None:
            self._opened.clear()
        self._shown = tree
        self._raw_for = None
        self.set_dimmed(False)
        self.model.set_root(tree)
        outline = outline or tree_outline(tree)
        self._expand(outline.opened)  # cheap now: the view only records them until its next layout
        self.header.show_customer(customer, fetched_at)
        self.header.show()
        self._fit_status_column(outline.statuses)  # before the first paint: the column does not jump later
        if keep_path is None:
            self.details.show_node(None)  # never the customer before's row beside this one's tree
        self.stack.setCurrentWidget(self.splitter)
        after_painting(self, lambda: self._lay_out(tree, keep_path))

    def _lay_out(self, tree: Node, keep_path: str | None) -> None:
        if tree is not self._shown:
            return  # another customer came meanwhile
        for node in [n for n in tree.walk_built() if (n.section, n.subject) in self._opened]:
            self.tree.expand(self.model.createIndex(node.row, 0, node))  # F5: open sections load again
        kept = find_by_path(tree, keep_path) if keep_path else None
        waiting = self._wanted_row
        section = _section_node(tree, *waiting[:2]) if waiting is not None else None
        if section is not None:
            self.select_node(section)  # its row, once the section has loaded again
        elif kept is not None:
            self.select_node(kept)
        else:
            self.tree.setCurrentIndex(self.model.index(0, 0))
        if not self._raw_if_showing():
            self.raw_view.set_text("")
        self.treeLaidOut.emit(tree)

    def show_things_to_check(self, found: list[Hint]) -> None:
        """The hints for the customer on screen; nothing shown when there are none. The same list again (most
        answers that come in change nothing) changes nothing; the rows beyond those that fit are made a batch
        per turn: hundreds of rows at once held the window for tens of milliseconds."""
        if found == self._things_listed:
            return
        self._things_listed = list(found)
        self._things_made = 0
        self.things.clear()
        self._make_things(THINGS_AT_ONCE)
        self._label_toggle()
        self.things_toggle.setVisible(bool(found))
        self.things.setVisible(bool(found) and not self._things_folded)
        self.things.setMaximumHeight(fitted_height(self.things))
        self.header.set_things_to_check(len(found))

    def _make_things(self, how_many: int) -> None:
        listed = self._things_listed
        add_things(self.things, listed[self._things_made : self._things_made + how_many], self.thing_note)
        self._things_made = min(len(listed), self._things_made + how_many)
        if self._things_made < len(listed):
            after_painting(self, lambda: self._make_things(THINGS_PER_TURN))  # of the list shown by then

    def _label_toggle(self) -> None:
        count = len(self._things_listed)
        words = f"{count} thing{'s' if count != 1 else ''} to check"
        self.things_toggle.setText(f"▸ {words} (show)" if self._things_folded else f"▾ {words}")

    @property
    def things_folded(self) -> bool:
        return self._things_folded

    def fold_things(self, folded: bool) -> None:
        """Show the things to check as the one-line count only (the window remembers the choice)."""
        self.things_toggle.setChecked(folded)
        self._fold_things(folded)

    def _fold_things(self, folded: bool) -> None:
        if folded == self._things_folded:
            return
        self._things_folded = folded
        self.things_toggle.setChecked(folded)
        self._label_toggle()
        self.things.setVisible(bool(self._things_listed) and not folded)
        self.thingsFolded.emit(folded)

    def _thing_clicked(self, item: QListWidgetItem) -> None:
        root = self.model.root
        row = item.data(Qt.ItemDataRole.UserRole + 1)
        if isinstance(row, tuple) and len(row) == 3 and self.select_row(*row):
            self.tree.setFocus()
            return
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

    def _copy_current_row(self) -> None:
        from inspector.present.views import row_text

        node = self.model.node(self.tree.currentIndex())
        if node is not None:
            self.copyRequested.emit(row_text(node), "row")

    def collapse_to_defaults(self) -> None:
        self.tree.collapseAll()
        if self.model.root is not None:
            self._expand(tree_outline(self.model.root).opened)

    def _expand(self, opened: list[Node]) -> None:
        self.tree.setUpdatesEnabled(False)
        try:
            for node in opened:
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
        # The last row shown: mid-width (a point in a nested row's indentation is no row), and from the bottom
        # up, since the rows seldom fill the viewport to its last pixel.
        x, y = viewport.width() // 2, viewport.height() - 1
        index = self.tree.indexAt(QPoint(x, y))
        while not index.isValid() and y > viewport.height() - 3 * self.tree.fontMetrics().height():
            y -= 2
            index = self.tree.indexAt(QPoint(x, y))
        last = self.model.node(index)
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
        wanted = self._wanted_row
        came = node.kind is NodeKind.SECTION and node.state in {"loaded", "failed", "offline"}
        if wanted is not None and came and (node.section, node.subject) == wanted[:2]:
            self._wanted_row = None
            row = row_in_section(node, wanted[2])
            self.select_node(row if row is not None else node)  # this runs on our own turn, not in Qt's

    def select_row(self, section: str, subject: str, key: str) -> bool:
        """Select a row of one of the account's sections, opening (and loading) the section first if needed;
        False when there is no such section on screen."""
        root = self.model.root
        found = _section_node(root, section, subject) if root is not None else None
        if found is None:
            return False
        row = row_in_section(found, key) if found.state == "loaded" else None
        if row is not None:
            self.select_node(row)
            return True
        self._wanted_row = (section, subject, key)
        self.select_node(found)
        self._open_section(found)
        return True

    def _fit_status_column(self, statuses: frozenset[str]) -> None:
        """Wide enough for the longest status shown (an unknown one is shown whole, up to a limit)."""
        font = QFont(self.tree.font())
        font.setBold(True)
        metrics = QFontMetrics(font)
        words = {status[:STATUS_CHARS] for status in statuses}
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

    def tree_menu_actions(self, node: Node) -> list[tuple[str, Callable[[], None] | None]]:
        """What right-clicking a row offers (None: shown, but not available for this row)."""
        from inspector.ui.tree_menu import tree_menu_actions

        return tree_menu_actions(self, node)

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


def _section_node(root: Node, section: str, subject: str) -> Node | None:
    """The row of one of the account's sections (built rows only: nothing is built to find it)."""
    return next(
        (n for n in root.walk_built() if n.kind is NodeKind.SECTION and (n.section, n.subject) == (section, subject)),
        None,
    )
