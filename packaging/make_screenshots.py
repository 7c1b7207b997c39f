"""Make the README's screenshots from the built-in demo (offscreen, 1280×800, a throwaway HOME).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["HOME"] = tempfile.mkdtemp()  # no saved layout, no keyring entries of this machine
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402

from inspector.app import build  # noqa: E402
from inspector.present.nodes import NodeKind  # noqa: E402

OUT = ROOT / "resources" / "screenshots"


def settle(ms: int = 400) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def demo_window(*customer_key: str) -> Any:
    """The window on the demo (its first customer, or the one named), 1280x800, once the customer is shown."""
    window = build(["--demo", *customer_key])
    window.resize(1280, 800)
    window.show()
    loop = QEventLoop()
    window.customerShown.connect(loop.quit)
    QTimer.singleShot(20_000, loop.quit)
    loop.exec()
    return window


def main() -> None:
    window = demo_window()
    settle()
    window.grab().save(str(OUT / "main-window.png"))
    root = window.customer_view.model.root
    assert root is not None
    subscription = next(node for _, node in root.walk() if node.kind is NodeKind.SUBSCRIPTION)
    window.customer_view.select_node(subscription)
    settle()
    window.grab().save(str(OUT / "subscription.png"))
    # The whole account: invoices and usage of the first product, credit wallets and usage events opened.
    fleet = next(node for node in root.children if node.kind is NodeKind.PRODUCT)
    current = next(node for node in fleet.children if node.kind is NodeKind.SUBSCRIPTION)
    for node in current.children:
        if node.kind in {NodeKind.ITEMS, NodeKind.ENTITLEMENTS, NodeKind.WALLETS}:
            window.customer_view.tree.collapse(window.customer_view.model.createIndex(node.row, 0, node))
    for product in root.children[1:]:
        if product.kind is NodeKind.PRODUCT:
            window.customer_view.tree.collapse(window.customer_view.model.createIndex(product.row, 0, product))
    sections = [n for n in root.walk_built() if n.kind is NodeKind.SECTION]
    wanted = [n for n in sections if n.parent in (current, root) and n.section != "record"]  # record: its own
    for node in wanted:
        window.customer_view.tree.expand(window.customer_view.model.createIndex(node.row, 0, node))
    settle(1500)
    usage = next(n for n in wanted if n.section == "usage")
    window.customer_view.select_node(usage.children[1])
    settle()
    window.grab().save(str(OUT / "account.png"))
    # A product with its timeline, and the support summary's preview.
    window.customer_view.select_node(fleet)
    settle()
    window.grab().save(str(OUT / "timeline.png"))
    window.dialogs.open_summary()
    settle()
    dialog = window.dialogs.summary_dialog
    assert dialog is not None
    dialog.grab().save(str(OUT / "summary.png"))
    dialog.reject()
    window.close()
    record_shot()
    print(f"wrote main-window, subscription, account, timeline, summary and record PNGs in {OUT}")


def record_shot() -> None:
    """The customer record of the business demo customer, opened, a contact selected (products folded)."""
    window = demo_window("cust-nordlicht-7f3k")
    settle(800)
    view, root = window.customer_view, window.customer_view.model.root
    assert root is not None
    for product in (n for n in root.children if n.kind is NodeKind.PRODUCT):
        view.tree.collapse(view.model.createIndex(product.row, 0, product))
    record = next(n for n in root.children if n.section == "record")
    view.tree.expand(view.model.createIndex(record.row, 0, record))
    settle(800)
    view.select_node(next(c for c in record.children if c.label.startswith("Contact")))
    settle()
    window.grab().save(str(OUT / "record.png"))
    window.close()


if __name__ == "__main__":
    main()
