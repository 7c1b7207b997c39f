"""Make the README's screenshots from the built-in demo (offscreen, 1280×800, a throwaway HOME).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["HOME"] = tempfile.mkdtemp()  # no saved layout, no keyring entries of this machine
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402

from inspector.app import build  # noqa: E402
from inspector.present.tree import NodeKind  # noqa: E402

OUT = ROOT / "resources" / "screenshots"


def settle(ms: int = 400) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main() -> None:
    window = build(["--demo"])
    window.resize(1280, 800)
    window.show()
    loop = QEventLoop()
    window.customerShown.connect(loop.quit)
    QTimer.singleShot(20_000, loop.quit)
    loop.exec()
    settle()
    window.grab().save(str(OUT / "main-window.png"))
    root = window.model.root
    assert root is not None
    subscription = next(node for _, node in root.walk() if node.kind is NodeKind.SUBSCRIPTION)
    window.select_node(subscription)
    settle()
    window.grab().save(str(OUT / "subscription.png"))
    window.close()
    print(f"wrote {OUT / 'main-window.png'} and {OUT / 'subscription.png'}")


if __name__ == "__main__":
    main()
