"""The application icon: the SVG when Qt can render it, else the PNG sizes beside it."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from inspector.resources import resource_path

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    icon = QIcon()
    for size in ICON_SIZES:
        png = resource_path("icons", f"metrifox-inspector-{size}.png")
        if png.exists():
            icon.addFile(str(png))
    svg = resource_path("icons", "metrifox-inspector.svg")
    if icon.isNull() and svg.exists():
        icon.addFile(str(svg))
    return icon
