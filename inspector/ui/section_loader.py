"""The account's sections in the window: fetch a section that was opened, put its rows in words on a worker,
show them (or the sentence why not). Between the session (which fetches and caches) and the customer view
(which shows); the window only connects it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from inspector.api import errors
from inspector.fetcher import Fetcher
from inspector.present.nodes import Node, NodeKind
from inspector.session import Session
from inspector.ui.customer_view import CustomerView


class SectionLoader(QObject):
    rowsShown = Signal()  # a section's rows are on screen (the things to check may have changed)

    def __init__(self, session: Session, fetcher: Fetcher, view: CustomerView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session, self.fetcher, self.view = session, fetcher, view
        view.sectionWanted.connect(self.load)

    def load(self, node: Node) -> None:
        """Fetch a section that was opened (from the cache when this customer's answer has it)."""
        name, subject = node.section or "", node.subject or ""
        page = node.page or 1 if node.kind is NodeKind.LOAD_MORE else 1
        feature = node.parent.feature if node.kind is NodeKind.LOAD_MORE and node.parent else node.feature
        tree = self.view.shown_tree
        if name != "usage":
            self._fetch(name, subject, page, lambda value: self._came(tree, node, value), feature)
            return
        # Usage and the features' settings come from two endpoints, fetched at the same time.
        parts: dict[str, Any] = {}

        def arrived(part: str, value: Any) -> None:
            parts[part] = value
            if len(parts) == 2:
                self._came(tree, node, parts["usage"], parts["summary"])

        self._fetch("usage", subject, 1, lambda value: arrived("usage", value))
        self._fetch("summary", subject, 1, lambda value: arrived("summary", value))

    def _fetch(
        self, name: str, subject: str, page: int, done: Callable[[Any], None], feature: str = ""
    ) -> None:
        value, job = self.session.section(name, subject, page, feature)
        if job is None:
            done(value)
        else:
            job.finished.connect(done)
            job.failed.connect(done)

    def _came(self, tree: Node | None, node: Node, value: Any, extra: Any = None) -> None:
        """Fill the section row with what came (or the sentence why not), if that customer is still shown."""
        from inspector.present.dates import zone
        from inspector.present.sections import event_rows, failed, section_rows
        loaded = self.session.loaded
        if tree is None or tree is not self.view.shown_tree or loaded is None:
            return  # another customer (or none) is on screen now
        view = self.view
        tz = zone(loaded.details.customer.timezone)
        parent = node.parent
        if isinstance(value, errors.MetrifoxError) or (node.kind is NodeKind.LOAD_MORE and parent is None):
            if node.kind is NodeKind.LOAD_MORE:
                view.more_events(node, None, getattr(value, "message", ""))
            else:
                view.fill_section(node, failed(node, value.message))
            return
        customer = loaded.details.customer
        wallets = [*customer.wallets, *(w for product in customer.subscriptions for w in product.wallets)]
        settings = None if isinstance(extra, errors.MetrifoxError) else extra  # usage shows without them
        # The rows are put in words on a worker: a page of a thousand events takes tens of milliseconds.
        if node.kind is NodeKind.LOAD_MORE and parent is not None:
            job = self.fetcher.format(lambda: event_rows(parent, value, tz))
        else:
            job = self.fetcher.format(lambda: section_rows(node, value, tz=tz, known_wallets=wallets, extra=settings))
        job.finished.connect(lambda built: self._show_rows(tree, node, built))

    def _show_rows(self, tree: Node | None, node: Node, built: tuple[list[Node], str]) -> None:
        if tree is None or tree is not self.view.shown_tree:
            return
        rows, summary = built
        if node.kind is NodeKind.LOAD_MORE:
            if node.parent is not None:
                node.parent.summary = summary
            self.view.more_events(node, rows)
            return
        node.state, node.summary = "loaded", summary
        self.view.fill_section(node, rows)
        self.view.event_features = [key for key, _name in self.session.features()]
        self.rowsShown.emit()

