"""The Qt item model over the plain node tree (Qt's simpletreemodel pattern) and the status-badge delegate."""

from __future__ import annotations

import functools
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from inspector.present.nodes import Node, NodeKind
from inspector.present.status import badge
from inspector.present.text import TOOLTIP_CHARS, cut_long, elide
from inspector.ui.colors import secondary_text
from inspector.ui.text import plain_tooltip

NODE_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Name", "Status", "Summary")
STATUS_COLUMN = 1
SUMMARY_COLUMN = 2
STATUS_CHARS = 40

Index = QModelIndex | QPersistentModelIndex
_COLUMN_COUNT = len(COLUMNS)
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # computed once: enum "|" is slow
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_BOLD_KINDS = frozenset({NodeKind.CUSTOMER, NodeKind.PRODUCT, NodeKind.SUBSCRIPTION})


class CustomerTreeModel(QAbstractItemModel):
    """Maps :class:`Node` to Qt: ``index()`` stores the node as the internal pointer, ``parent()`` reads it.

    Signals:
        rowsReplaced(Node): a node's rows were replaced (on a later turn of the event loop than asked).
    """

    rowsReplaced = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._root: Node | None = None
        self._queued: list[tuple[Node, list[Node], int]] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)
        self._greyed = QBrush(QColor("#666666"))

    def set_root(self, root: Node | None) -> None:
        palette = QGuiApplication.palette()  # the theme may have changed since the last customer
        rows = (palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.AlternateBase))
        self._greyed = QBrush(QColor(secondary_text(palette, *rows)))
        self._queued.clear()  # rows asked for under the tree before: moot
        self.beginResetModel()
        self._root = root
        self.endResetModel()

    @property
    def root(self) -> Node | None:
        return self._root

    def replace_children(self, node: Node, children: list[Node], *, keep: int = 0) -> None:
        """Put ``children`` under ``node`` after its first ``keep`` rows (a section that has loaded).

        Done on a later turn of the event loop, never now: this is often asked from inside Qt's own call
        (``expanded``, ``currentChanged``, ``scrollTo``), where Qt may still hold an index to a row that
        would go, and would then read a freed node.
        """
        if not self._queued:
            QTimer.singleShot(0, self._replace_queued)
        self._queued.append((node, children, keep))

    def _replace_queued(self) -> None:
        queued, self._queued = self._queued, []
        for node, children, keep in queued:
            if self._root is None or next(iter(reversed([node, *node.ancestors()]))) is not self._root:
                continue  # another customer is shown now
            self._replace(node, children, keep)
            self.rowsReplaced.emit(node)

    def _replace(self, node: Node, children: list[Node], keep: int) -> None:
        index = self.createIndex(node.row, 0, node)
        current = node.children
        if len(current) > keep:
            self.beginRemoveRows(index, keep, len(current) - 1)
            del current[keep:]
            self.endRemoveRows()
        if children:
            self.beginInsertRows(index, keep, keep + len(children) - 1)
            for child in children:
                node.add(child)
            self.endInsertRows()
        self.dataChanged.emit(index, self.createIndex(node.row, _COLUMN_COUNT - 1, node))

    def refresh(self, node: Node) -> None:
        """A row's own text changed (its summary or status), not its children."""
        if self._root is not None and next(iter(reversed([node, *node.ancestors()]))) is self._root:
            last = _COLUMN_COUNT - 1
            self.dataChanged.emit(self.createIndex(node.row, 0, node), self.createIndex(node.row, last, node))

    def node(self, index: Index) -> Node | None:
        if not index.isValid():
            return None
        return index.internalPointer()  # type: ignore[no-any-return]

    # ---- structure -----------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        # Called thousands of times while a large customer lays out: bounds checked here, directly,
        # rather than through hasIndex() (which would call rowCount() back in Python).
        if row < 0 or not 0 <= column < _COLUMN_COUNT:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, self._root) if self._root is not None and row == 0 else QModelIndex()
        if parent.column() != 0:
            return QModelIndex()
        children = parent.internalPointer().children
        if row >= len(children):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        node = self.node(index)
        if node is None or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, node.parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.column() > 0:
            return 0
        if not parent.isValid():
            return 1 if self._root is not None else 0
        node = self.node(parent)
        return len(node.children) if node is not None else 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if not parent.isValid():
            return self._root is not None
        node = self.node(parent)
        # Answer without building lazy children: the arrow shows, the rows come when expanded.
        return node is not None and parent.column() == 0 and node.has_children

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else _NO_FLAGS

    # ---- data ----------------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self.node(index)
        if node is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _shown_text(node, column)
        if role == NODE_ROLE:
            return node
        if role == Qt.ItemDataRole.ToolTipRole:
            text = node.label if column == 0 else node.summary if column == 2 else (node.status or "")
            return plain_tooltip(cut_long(text, TOOLTIP_CHARS)) if text else None
        if role == Qt.ItemDataRole.AccessibleTextRole and column == STATUS_COLUMN:
            return f"Status: {node.status}" if node.status else "No status"
        return self._look(node, column, role)

    def _look(self, node: Node, column: int, role: int) -> Any:
        """How the cell looks: bold or italic, greyed, washed amber when changed, a usage bar."""
        if role == Qt.ItemDataRole.FontRole:
            if column == 0 and node.kind in _BOLD_KINDS and not node.greyed:
                return self._bold
            return self._italic if node.kind is NodeKind.NOTE else None
        if role == Qt.ItemDataRole.ForegroundRole and node.greyed and column != STATUS_COLUMN:
            return self._greyed
        if role == Qt.ItemDataRole.BackgroundRole and node.changed:
            return _CHANGED
        if role == Qt.ItemDataRole.DecorationRole and column == SUMMARY_COLUMN and node.fraction is not None:
            return usage_bar(node.fraction)
        return None


def _shown_text(node: Node, column: int) -> str:
    if column == 0:
        return elide(node.label)  # a 10 MB name must not make the row 32,767 px wide
    if column == STATUS_COLUMN:
        shown = badge(node.status)
        return elide(shown.text, STATUS_CHARS) if shown else ""
    return elide(node.summary)


_CHANGED = QBrush(QColor(255, 193, 7, 70))  # changed since the last look-up: a light amber wash, any theme


@functools.cache
def _bar(percent: int) -> QPixmap:
    pixmap = QPixmap(44, 8)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(127, 127, 127, 70))
    painter.drawRoundedRect(QRectF(0, 1, 44, 6), 3, 3)
    painter.setBrush(QColor("#c62828" if percent >= 90 else "#b26a00" if percent >= 75 else "#2e7d32"))
    painter.drawRoundedRect(QRectF(0, 1, 44 * min(percent, 100) / 100, 6), 3, 3)
    painter.end()
    return pixmap


def usage_bar(fraction: float) -> QPixmap:
    """A small bar before a feature's usage (green, amber from 75 %, red from 90 %). A picture rather than a
    delegate: the summary column keeps Qt's own painting, with no Python call per painted cell."""
    return _bar(max(0, round(fraction * 100)))


class BadgeDelegate(QStyledItemDelegate):
    """Paints a status as a rounded coloured badge that also carries the word."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        node: Node | None = index.data(NODE_ROLE)
        shown = badge(node.status) if node is not None else None
        if shown is None:
            super().paint(painter, option, index)
            return
        # Selection background first, so the badge stays readable on a selected row.
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(option.font)
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.88))
        font.setBold(True)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        text = metrics.elidedText(shown.text, Qt.TextElideMode.ElideRight, option.rect.width() - 16)
        width = metrics.horizontalAdvance(text) + 14
        height = metrics.height() + 4
        rect = QRectF(option.rect.left() + 4, option.rect.center().y() - height / 2 + 1, width, height)
        background = QColor(shown.background)
        if node is not None and node.greyed:
            background.setAlpha(150)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        painter.drawRoundedRect(rect, height / 2, height / 2)
        painter.setPen(QColor(shown.foreground))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + 16, max(hint.height(), option.fontMetrics.height() + 8))
