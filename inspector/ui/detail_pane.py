"""The detail pane: every field of the selected node in words, copy actions, and the update-quantity link."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.present.nodes import Node
from inspector.present.status import badge
from inspector.present.text import TOOLTIP_CHARS, cut_long, elide
from inspector.present.views import LinkView, NodeView, node_view
from inspector.ui.ask_box import AskBox
from inspector.ui.colors import secondary_text
from inspector.ui.text import plain_label, plain_tooltip, wrap_api_text
from inspector.ui.timeline import TimelineWidget

STATUS_CHARS = 40


class BadgeLabel(QLabel):
    """A status badge outside the tree: the word on its colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)

    def show_status(self, status: str | None) -> None:
        shown = badge(status)
        self.setVisible(shown is not None)
        if shown is not None:
            self.setText(elide(shown.text, STATUS_CHARS))  # an unknown status is shown as sent, up to a point
            self.setStyleSheet(
                f"QLabel {{ background: {shown.background}; color: {shown.foreground}; border-radius: 9px;"
                " padding: 2px 10px; font-weight: 600; }"
            )


class LinkRow(QWidget):
    """One customer-facing link: its name, Open and Copy (enabled only when it may be offered), the reason."""

    openRequested = Signal(str)
    copyRequested = Signal(str, str)
    emailRequested = Signal(str)

    def __init__(self, title: str, object_name: str, palette: QPalette, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.url: str | None = None
        self.mail: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        buttons = QHBoxLayout()
        name = plain_label(title)
        bold = QFont(name.font())
        bold.setBold(True)
        name.setFont(bold)
        self.open_button = QPushButton("Open")
        self.open_button.setObjectName(f"open{object_name}")
        self.copy_button = QPushButton("Copy link")
        self.copy_button.setObjectName(f"copy{object_name}")
        self.open_button.clicked.connect(lambda: self.url is not None and self.openRequested.emit(self.url))
        self.copy_button.clicked.connect(
            lambda: self.url is not None and self.copyRequested.emit(self.url, f"{self.title.lower()} link")
        )
        self.email_button = QPushButton("Email to customer…")
        self.email_button.setObjectName(f"email{object_name}")
        self.email_button.clicked.connect(lambda: self.mail is not None and self.emailRequested.emit(self.mail))
        for widget in (name, self.open_button, self.copy_button, self.email_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        self.reason = plain_label()
        wrap_api_text(self.reason)
        self.reason.setStyleSheet(f"color: {secondary_text(palette, palette.color(QPalette.ColorRole.Base))};")
        layout.addLayout(buttons)
        layout.addWidget(self.reason)

    def show_link(self, link: LinkView | None) -> None:
        self.setVisible(link is not None)
        self.url = link.url if link is not None else None
        self.mail = link.mail if link is not None else None
        self.email_button.setVisible(link is not None and link.mailable)  # never offered where Open is not
        self.email_button.setEnabled(self.mail is not None)
        self.email_button.setToolTip(plain_tooltip(link.mail_tooltip) if link is not None else "")
        for button in (self.open_button, self.copy_button):
            button.setEnabled(self.url is not None)
            button.setToolTip(plain_tooltip(self.url or (link.reason if link else "")))
        # Compact: the reason is said when the link is not offered; when it is, it is the buttons' tooltip.
        self.reason.setText(link.reason if link is not None and self.url is None else "")
        self.reason.setVisible(link is not None and self.url is None)


class DetailPane(QWidget):
    openLinkRequested = Signal(str)
    copyRequested = Signal(str, str)  # text, what it is (for the status bar)
    copyNodeJsonRequested = Signal(object)  # Node
    retrySectionRequested = Signal(object)  # a section Node that could not be loaded
    emailRequested = Signal(str)  # a mailto: URL, every part percent-encoded

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPane")
        self._node: Node | None = None
        self.company = ""  # the name the profile shows customers (in the emails offered); set by the window
        self._link: str | None = None
        self._mail: str | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(8)

        self.kind_label = plain_label()
        self.kind_label.setStyleSheet(f"color: {secondary_text(self.palette())}; font-size: 11px;")
        self.kind_label.setObjectName("detailKind")
        title_row = QHBoxLayout()
        self.title_label = plain_label(selectable=True)
        self.title_label.setObjectName("detailTitle")
        title_font = QFont(self.title_label.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.25)
        title_font.setBold(True)
        self.title_label.setFont(title_font)
        wrap_api_text(self.title_label)
        self.badge = BadgeLabel()
        title_row.addWidget(self.title_label, 1)
        title_row.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.kind_label)
        layout.addLayout(title_row)

        # The update-quantity action, with the reason in words when it is not offered.
        self.link_box = QFrame()
        self.link_box.setObjectName("linkBox")
        self.link_box.setStyleSheet(
            "#linkBox { border: 1px solid palette(midlight); border-radius: 6px; background: palette(base); }"
        )
        link_layout = QVBoxLayout(self.link_box)
        link_layout.setContentsMargins(10, 8, 10, 8)
        link_title = plain_label("Update quantities")
        bold = QFont(link_title.font())
        bold.setBold(True)
        link_title.setFont(bold)
        buttons = QHBoxLayout()
        self.open_button = QPushButton("Open update-quantity page")
        self.open_button.setObjectName("openUpdateQuantity")
        self.copy_button = QPushButton("Copy link")
        self.copy_button.setObjectName("copyUpdateQuantity")
        self.open_button.clicked.connect(self._open_link)
        self.copy_button.clicked.connect(self._copy_link)
        self.email_button = QPushButton("Email to customer…")
        self.email_button.setObjectName("emailUpdateQuantity")
        self.email_button.clicked.connect(lambda: self._mail is not None and self.emailRequested.emit(self._mail))
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.email_button)
        buttons.addStretch(1)
        self.link_reason = plain_label()
        self.link_reason.setObjectName("linkReason")
        wrap_api_text(self.link_reason)
        # on the link box, whose background is the base colour
        self.link_reason.setStyleSheet(
            f"color: {secondary_text(self.palette(), self.palette().color(QPalette.ColorRole.Base))};"
        )
        link_layout.addWidget(link_title)
        link_layout.addLayout(buttons)
        link_layout.addWidget(self.link_reason)
        layout.addWidget(self.link_box)
        # Manage add-ons, top up a wallet: the other links Metrifox gives customers, under the same rules.
        self.other_links = QFrame()
        self.other_links.setObjectName("otherLinks")
        self.other_links.setStyleSheet(
            "#otherLinks { border: 1px solid palette(midlight); border-radius: 6px; background: palette(base); }"
        )
        self._other_layout = QVBoxLayout(self.other_links)
        self._other_layout.setContentsMargins(10, 8, 10, 8)
        self.link_rows: dict[str, LinkRow] = {}
        for title, object_name in (("Manage add-ons", "ManageAddons"), ("Top up credits", "TopUp")):
            row = LinkRow(title, object_name, self.palette())
            row.openRequested.connect(self.openLinkRequested)
            row.copyRequested.connect(self.copyRequested)
            row.emailRequested.connect(self.emailRequested)
            self.link_rows[title] = row
            self._other_layout.addWidget(row)
        self.other_links.hide()
        layout.addWidget(self.other_links)
        self.asks = AskBox()  # "Send card link…", "What would N cost?…": the window connects its signals
        layout.addWidget(self.asks)
        self.timeline = TimelineWidget()  # a product's periods in time
        self.timeline.hide()
        layout.addWidget(self.timeline)

        self.table = QTableWidget(0, 2)
        self.table.setObjectName("detailFields")
        self.table.setHorizontalHeaderLabels(["Field", "Value"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons, not from cell to cell
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._field_menu)
        self.table.itemSelectionChanged.connect(self._update_copy_buttons)
        layout.addWidget(self.table, 1)
        self.retry_button = QPushButton("Retry")
        self.retry_button.setObjectName("retrySection")
        self.retry_button.setToolTip("Fetch this section again (double-click the row does the same)")
        self.retry_button.clicked.connect(self._retry)
        self.retry_button.hide()
        layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.hint = plain_label()
        self.hint.setObjectName("detailHint")
        wrap_api_text(self.hint)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.hint.setStyleSheet(f"color: {secondary_text(self.palette())}; padding: 8px 2px;")
        layout.addWidget(self.hint, 1)

        copy_row = QHBoxLayout()
        self.copy_value_button = QPushButton("Copy value")
        self.copy_path_button = QPushButton("Copy JSON path")
        self.copy_json_button = QPushButton("Copy as JSON")
        self.copy_value_button.setObjectName("copyFieldValue")
        self.copy_path_button.setObjectName("copyFieldPath")
        self.copy_json_button.setObjectName("copyNodeJson")
        self.copy_value_button.clicked.connect(self.copy_selected_value)
        self.copy_path_button.clicked.connect(self.copy_selected_path)
        self.copy_json_button.clicked.connect(self._copy_node_json)
        copy_row.addWidget(self.copy_value_button)
        copy_row.addWidget(self.copy_path_button)
        copy_row.addStretch(1)
        copy_row.addWidget(self.copy_json_button)
        layout.addLayout(copy_row)
        self.show_node(None)

    # ---- showing -------------------------------------------------------------------------------
    @property
    def node(self) -> Node | None:
        return self._node

    @property
    def link(self) -> str | None:
        """The update-quantity link on offer for the selection (None when not offered)."""
        return self._link

    def show_node(self, node: Node | None) -> None:
        """Show the node's ready view (present/views.py)."""
        self._node = node
        self.show_view(node_view(node, company=self.company))

    def show_view(self, view: NodeView) -> None:
        self.table.setRowCount(0)
        self.retry_button.setVisible(view.retry)
        self.timeline.show_timeline(view.timeline)
        self.kind_label.setText(view.kind_words)
        self.title_label.setText(view.title)
        self.title_label.setToolTip(plain_tooltip(view.title_tooltip) if view.title_tooltip else "")
        self.badge.show_status(view.status)
        self._show_links(view)
        self.asks.show_asks(view.card_link, view.quote)
        self._fill_fields(view)
        self.copy_json_button.setEnabled(view.has_node)

    def _show_links(self, view: NodeView) -> None:
        for title, row in self.link_rows.items():
            row.show_link(view.other_links.get(title))
        self.other_links.setVisible(bool(view.other_links))
        link = view.update_quantity
        self.link_box.setVisible(link is not None)
        self._link = link.url if link is not None else None
        self._mail = link.mail if link is not None else None
        self.open_button.setEnabled(self._link is not None)
        self.copy_button.setEnabled(self._link is not None)
        reason = link.reason if link is not None else ""
        self.link_reason.setText(reason if self._link is None else "")
        self.link_reason.setVisible(self._link is None)  # compact: said only when the link is not offered
        tip = plain_tooltip(f"{reason}\n{self._link}" if self._link else reason)
        self.open_button.setToolTip(tip)
        self.copy_button.setToolTip(tip)
        # Email only where Open is offered, and only to one plain address Metrifox has for the customer.
        self.email_button.setVisible(self._link is not None)
        self.email_button.setEnabled(self._mail is not None)
        self.email_button.setToolTip(plain_tooltip(link.mail_tooltip) if link is not None else "")

    def _fill_fields(self, view: NodeView) -> None:
        rows = view.fields
        self.table.setVisible(bool(rows) or not view.has_node)
        self.hint.setVisible(bool(view.hint))
        self.hint.setText(view.hint)
        self.table.setRowCount(len(rows))
        italic = QFont(self.table.font())
        italic.setItalic(True)
        for row, field in enumerate(rows):
            label = field.label if field.known else f"{field.label} (new)"
            name_item = QTableWidgetItem(label)
            name_item.setToolTip(plain_tooltip(f"{field.name}\n{field.json_path}"))
            if not field.known:
                name_item.setFont(italic)
            value_item = QTableWidgetItem(cut_long(field.text))  # megabytes of text: the start, and how much more
            value_item.setData(Qt.ItemDataRole.UserRole, field.json_path)
            value_item.setData(Qt.ItemDataRole.UserRole + 1, field.text)  # Copy value copies all of it
            if field.tooltip or len(field.text) > 60:
                value_item.setToolTip(plain_tooltip(cut_long(field.tooltip or field.text, TOOLTIP_CHARS)))
            self.table.setItem(row, 0, name_item)
            self.table.setItem(row, 1, value_item)
        self.table.resizeRowsToContents()
        self._update_copy_buttons()

    # ---- copying -------------------------------------------------------------------------------
    def _selected_value_item(self) -> QTableWidgetItem | None:
        row = self.table.currentRow()
        return self.table.item(row, 1) if row >= 0 and self.table.selectedItems() else None

    def _update_copy_buttons(self) -> None:
        has = self._selected_value_item() is not None
        self.copy_value_button.setEnabled(has)
        self.copy_path_button.setEnabled(has)

    def copy_selected_value(self) -> None:
        item = self._selected_value_item()
        if item is not None:
            name = self.table.item(item.row(), 0)
            self.copyRequested.emit(item.data(Qt.ItemDataRole.UserRole + 1), name.text() if name else "value")

    def copy_selected_path(self) -> None:
        item = self._selected_value_item()
        if item is not None:
            self.copyRequested.emit(item.data(Qt.ItemDataRole.UserRole), "JSON path")

    def _copy_node_json(self) -> None:
        if self._node is not None:
            self.copyNodeJsonRequested.emit(self._node)

    def _field_menu(self, pos: QPoint) -> None:
        item = self.table.itemAt(pos)
        if item is None:
            return
        self.table.selectRow(item.row())
        menu = QMenu(self)
        for text, slot in (
            ("Copy value", self.copy_selected_value),
            ("Copy JSON path", self.copy_selected_path),
            ("Copy as JSON (whole item)", self._copy_node_json),
        ):
            action = QAction(text, menu)
            action.triggered.connect(slot)
            menu.addAction(action)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def _retry(self) -> None:
        if self._node is not None:
            self.retrySectionRequested.emit(self._node)

    def _open_link(self) -> None:
        if self._link:
            self.openLinkRequested.emit(self._link)

    def _copy_link(self) -> None:
        if self._link:
            self.copyRequested.emit(self._link, "update-quantity link")
