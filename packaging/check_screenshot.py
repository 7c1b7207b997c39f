"""Check that a screenshot the built app saved shows a painted window, not a blank one (exit 1 if not).

    QT_QPA_PLATFORM=offscreen python packaging/check_screenshot.py smoke.png
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QGuiApplication, QImage


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # QImage needs one for its plugins
    image = QImage(sys.argv[1])
    colours = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 29)}
    if image.width() < 800 or image.height() < 500 or len(colours) <= 20:
        print(f"the screenshot looks wrong: {image.width()}x{image.height()}, {len(colours)} colours", file=sys.stderr)
        return 1
    print(f"smoke test passed: {image.width()}x{image.height()} screenshot with {len(colours)} sampled colours")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
