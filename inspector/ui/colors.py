"""Text colours with enough contrast (WCAG 4.5:1) on the palette in use, light or dark.

``palette(dark)`` as a text colour is 2.6:1 on white and worse on dark themes; secondary text here is
the window text blended toward the background only as far as 4.5:1 allows, and the tone colours
(success, warning, error) are picked from a light and a dark variant by the same test.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

MINIMUM_CONTRAST = 4.5
_TONES = {  # (on a light background, on a dark one)
    "success": ("#14612d", "#7ddc98"),
    "warning": ("#8a5300", "#f3c16b"),
    "error": ("#9b1c1c", "#ff9d9d"),
}


def _luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())


def contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _mix(a: QColor, b: QColor, share_of_b: float) -> QColor:
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * share_of_b,
        a.greenF() + (b.greenF() - a.greenF()) * share_of_b,
        a.blueF() + (b.blueF() - a.blueF()) * share_of_b,
    )


def background(palette: QPalette) -> QColor:
    return palette.color(QPalette.ColorRole.Window)


def secondary_text(palette: QPalette, on: QColor | None = None, *also: QColor) -> str:
    """Quieter than the window text, still 4.5:1 on ``on`` (default: the window background) and ``also``."""
    text, back = palette.color(QPalette.ColorRole.WindowText), on or background(palette)
    for share in (0.45, 0.4, 0.35, 0.3, 0.25, 0.2, 0.1, 0.0):
        candidate = _mix(text, back, share)
        if all(contrast(candidate, b) >= MINIMUM_CONTRAST for b in (back, *also)):
            return candidate.name()
    return text.name()


def tone_text(palette: QPalette, tone: str, on: QColor | None = None) -> str:
    """The success / warning / error colour that reads on this background."""
    back = on or background(palette)
    light_variant, dark_variant = (QColor(c) for c in _TONES[tone])
    best = max((light_variant, dark_variant), key=lambda c: contrast(c, back))
    return best.name()


def warning_panel(palette: QPalette) -> tuple[str, str, str]:
    """(background, border, text) for a panel of warnings that follows the palette: a light amber wash on
    a light window, a dark one on a dark window (never a bright block), text at 4.5:1 either way."""
    base = palette.color(QPalette.ColorRole.Base)
    amber = QColor("#f0a800")
    back = _mix(base, amber, 0.12 if _luminance(base) > 0.5 else 0.16)
    border = _mix(base, amber, 0.45)
    text = palette.color(QPalette.ColorRole.Text)
    if contrast(text, back) < MINIMUM_CONTRAST:
        text = QColor("#000000") if _luminance(back) > 0.5 else QColor("#ffffff")
    return back.name(), border.name(), text.name()
