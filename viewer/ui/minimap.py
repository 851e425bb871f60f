"""Overview strip: one lane per column, a tick wherever a difference is, the visible part shaded."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import QWidget

LANE_WIDTH = 10


@dataclass
class Tick:
    """One difference drawn in a column's lane."""
    column: int
    top: float  # fractions of the column's document height
    bottom: float
    colour: str
    difference: int  # index into the view's difference list
    current: bool = False


class Minimap(QWidget):
    """Click a tick (or anywhere) to jump to the nearest difference."""
    differenceClicked = Signal(int)

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._columns = 0
        self._ticks: list[Tick] = []
        self._visible: list[tuple[float, float]] = []
        self.setToolTip("Overview of the differences in each column; click to jump")
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_ticks(self, columns: int, ticks: list[Tick]) -> None:
        self._columns = columns
        self._ticks = ticks
        self.setFixedWidth(max(1, columns) * (LANE_WIDTH + 2) + 6)
        self.update()

    def set_visible_ranges(self, ranges: list[tuple[float, float]]) -> None:
        self._visible = ranges
        self.update()

    def tick_count(self) -> int:
        return len(self._ticks)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.AlternateBase))
        height = float(self.height() - 4)
        for column in range(self._columns):
            x = 3 + column * (LANE_WIDTH + 2)
            painter.fillRect(QRectF(x, 2, LANE_WIDTH, height), palette.color(QPalette.ColorRole.Base))
            if column < len(self._visible):
                top, bottom = self._visible[column]
                shade = QColor(palette.color(QPalette.ColorRole.Highlight))
                shade.setAlpha(60)
                painter.fillRect(QRectF(x, 2 + top * height, LANE_WIDTH, max(3.0, (bottom - top) * height)), shade)
        current = None
        for tick in self._ticks:
            if tick.current:
                current = tick
                continue
            self._draw_tick(painter, tick, height, QColor(tick.colour))
        if current is not None:
            self._draw_tick(painter, current, height, palette.color(QPalette.ColorRole.Highlight), wide=True)
        painter.end()

    def _draw_tick(self, painter: QPainter, tick: Tick, height: float, colour: QColor, wide: bool = False) -> None:
        x = 3 + tick.column * (LANE_WIDTH + 2)
        top = 2 + tick.top * height
        size = max(3.0, (tick.bottom - tick.top) * height)
        rect = QRectF(x - (2 if wide else 0), top, LANE_WIDTH + (4 if wide else 0), size)
        painter.fillRect(rect, colour)
        painter.setPen(colour.darker(150))
        painter.drawRect(rect)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not self._ticks or event.button() != Qt.MouseButton.LeftButton:
            return
        fraction = (event.position().y() - 2) / max(1.0, self.height() - 4)
        column = int((event.position().x() - 3) // (LANE_WIDTH + 2))
        candidates = [t for t in self._ticks if t.column == column] or self._ticks
        best = min(candidates, key=lambda m: abs((m.top + m.bottom) / 2 - fraction))
        self.differenceClicked.emit(best.difference)
