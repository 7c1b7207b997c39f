"""The timeline: a product's subscription periods painted on one time axis, with today and the next renewal.

Colours come from the palette (readable in light and dark themes); sizes are in device-independent
pixels, so it scales with the screen. Each period has its tooltip.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from inspector.ui.text import plain_tooltip

if TYPE_CHECKING:  # present.timeline reads the API's models (pydantic): not loaded with the widgets
    from inspector.present.timeline import Timeline

ROW = 22
AXIS = 18
MARGIN = 8


class TimelineWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self.setMouseTracking(True)
        self._timeline: Timeline | None = None
        self._bars: list[tuple[QRectF, str]] = []

    def show_timeline(self, timeline: Timeline | None) -> None:
        self._timeline = timeline
        self.setVisible(timeline is not None)
        self.updateGeometry()
        self.update()

    @property
    def timeline(self) -> Timeline | None:
        return self._timeline

    def sizeHint(self) -> QSize:
        rows = len(self._timeline.periods) if self._timeline else 0
        return QSize(300, MARGIN * 2 + AXIS + rows * ROW)

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.sizeHint().height())

    def _x(self, when: datetime) -> float:
        assert self._timeline is not None  # noqa: S101 - narrows the type: only paintEvent calls this, with one
        span = (self._timeline.last - self._timeline.first).total_seconds()
        share = (when - self._timeline.first).total_seconds() / span if span else 0.0
        return MARGIN + share * max(1.0, self.width() - 2 * MARGIN)

    def paintEvent(self, _event: object) -> None:
        timeline = self._timeline
        self._bars = []
        if timeline is None:
            return
        palette = self.palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text, past, current = (
            palette.color(QPalette.ColorRole.WindowText),
            palette.color(QPalette.ColorRole.Mid),
            palette.color(QPalette.ColorRole.Highlight),
        )
        on_current = palette.color(QPalette.ColorRole.HighlightedText)
        metrics = painter.fontMetrics()
        for row, period in enumerate(timeline.periods):
            top = MARGIN + row * ROW
            left, right = self._x(period.start), self._x(period.end or timeline.now)
            bar = QRectF(left, top + 2, max(3.0, right - left), ROW - 4)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(current if period.current else past)
            painter.drawRoundedRect(bar, 4, 4)
            if period.trial_end is not None:  # the trial part, hatched
                trial = QRectF(bar.left(), bar.top(), max(0.0, self._x(period.trial_end) - left), bar.height())
                painter.setBrush(QColor(255, 255, 255, 90))
                painter.drawRect(trial.intersected(bar))
            if period.cancelled_at is not None:
                x = self._x(period.cancelled_at)
                painter.setPen(QPen(QColor("#c62828"), 2))
                painter.drawLine(int(x), int(bar.top()), int(x), int(bar.bottom()))
            if metrics.horizontalAdvance(period.label) <= bar.width() - 8:  # inside the bar
                painter.setPen(on_current if period.current else text)
                painter.drawText(bar.adjusted(4, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter, period.label)
            else:  # a short period: its name before it (or after it, when it starts at the left)
                painter.setPen(text)
                room_left, room_right = bar.left() - MARGIN - 4, self.width() - MARGIN - bar.right() - 4
                before = room_left >= room_right
                x, room = (MARGIN, room_left) if before else (bar.right() + 4, room_right)
                place = QRectF(x, bar.top(), room, bar.height())
                align = Qt.AlignmentFlag.AlignRight if before else Qt.AlignmentFlag.AlignLeft
                label = metrics.elidedText(period.label, Qt.TextElideMode.ElideRight, int(max(0.0, place.width())))
                painter.drawText(place, align | Qt.AlignmentFlag.AlignVCenter, label)
            self._bars.append((bar, period.tooltip))
        bottom = MARGIN + len(timeline.periods) * ROW
        painter.setPen(QPen(text, 1, Qt.PenStyle.DashLine))
        now_x = self._x(timeline.now)
        painter.drawLine(int(now_x), MARGIN, int(now_x), bottom)
        painter.setPen(text)
        painter.drawText(QRectF(now_x - 40, bottom, 80, AXIS), Qt.AlignmentFlag.AlignCenter, "today")
        if timeline.renewal is not None:
            x = self._x(timeline.renewal)
            painter.setPen(QPen(current, 2))
            painter.drawLine(int(x), MARGIN, int(x), bottom)
            self._bars.append((QRectF(x - 3, MARGIN, 6, bottom - MARGIN), "Next renewal"))
        painter.end()

    def bars(self) -> list[tuple[QRectF, str]]:
        """Where each period (and the renewal line) was painted last, with its tooltip."""
        return list(self._bars)

    def tooltip_at(self, x: float, y: float) -> str:
        return next((tip for rect, tip in reversed(self._bars) if rect.contains(x, y)), "")

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = self.tooltip_at(event.pos().x(), event.pos().y())
            if tip:
                QToolTip.showText(event.globalPos(), plain_tooltip(tip), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
