"""Render the app icon from resources/icons/metrifox-inspector.svg into every size and format we ship.

PNGs at the freedesktop sizes, a Windows .ico and a macOS .icns. Run after changing the SVG:
    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py
"""

from __future__ import annotations

import struct
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "metrifox-inspector.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09", 1024: b"ic10"}


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def write_ico(images: dict[int, bytes], path: Path) -> None:
    """ICO with PNG-compressed entries (Windows Vista and later read these)."""
    sizes = [s for s in (16, 24, 32, 48, 64, 128, 256) if s in images]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        blob = images[size]
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset + len(blobs))
        blobs += blob
    path.write_bytes(header + entries + blobs)


def write_icns(images: dict[int, bytes], path: Path) -> None:
    chunks = b"".join(kind + struct.pack(">I", len(images[s]) + 8) + images[s] for s, kind in ICNS_TYPES.items())
    path.write_bytes(b"icns" + struct.pack(">I", len(chunks) + 8) + chunks)


def main() -> None:
    app = QGuiApplication([])  # noqa: F841 - QPainter needs one
    renderer = QSvgRenderer(str(SVG))
    images = {size: png_bytes(render(renderer, size)) for size in {*PNG_SIZES, *ICNS_TYPES}}
    for size in PNG_SIZES:
        (ROOT / "resources" / "icons" / f"metrifox-inspector-{size}.png").write_bytes(images[size])
    write_ico(images, ROOT / "packaging" / "windows" / "metrifox-inspector.ico")
    write_icns(images, ROOT / "packaging" / "macos" / "metrifox-inspector.icns")
    print("icons written")


if __name__ == "__main__":
    main()
