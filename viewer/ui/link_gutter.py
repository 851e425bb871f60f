"""The strip between two columns that joins linked passages with curved bands (as Meld does).

Passages sit at their natural place in each article, so when two outlets tell
things in a different order the bands cross; that crossing is the information.
"""
from __future__ import annotations

from typing import Callable, Optional

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QMenu, QWidget

from ..model import PassageLink
from ..compare.differences import OrientedLink
from .palette import ViewColours

# (paragraph) -> (top, bottom) in the gutter's coordinates, or None when not laid out
RectOf = Callable[[int], Optional[tuple[float, float]]]


class LinkGutter(QWidget):
    """Draws one band per link between the column on the left and the column on the right."""
    linkClicked = Signal(object)  # PassageLink
    unlinkRequested = Signal(object)  # PassageLink

    def __init__(self, colours: ViewColours, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setFixedWidth(56)
        self.setMouseTracking(True)
        self._colours = colours
        self._links: list[OrientedLink] = []
        self._left_rect: RectOf = lambda _p: None
        self._right_rect: RectOf = lambda _p: None
        self._current: Optional[PassageLink] = None
        self._paths: list[tuple[QPainterPath, PassageLink]] = []
        self.setToolTip("Linked passages. Click a band to select the pair; right-click to unlink it.")

    def set_links(self, links: list[OrientedLink], left_rect: RectOf, right_rect: RectOf) -> None:
        self._links, self._left_rect, self._right_rect = links, left_rect, right_rect
        self.update()

    def set_colours(self, colours: ViewColours) -> None:
        self._colours = colours
        self.update()

    def set_current(self, link: Optional[PassageLink]) -> None:
        self._current = link
        self.update()

    def band_count(self) -> int:
        return len(self._links)

    def visible_bands(self) -> list[PassageLink]:
        """Links whose band was drawn in the last paint (both ends laid out, some part on screen)."""
        return [link for _path, link in self._paths]

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width, height = float(self.width()), float(self.height())
        self._paths = []
        current_path: Optional[QPainterPath] = None
        for oriented in self._links:
            left = self._left_rect(oriented.left_paragraph)
            right = self._right_rect(oriented.right_paragraph)
            if left is None or right is None:
                continue
            (l_top, l_bottom), (r_top, r_bottom) = left, right
            if max(l_bottom, r_bottom) < 0 or min(l_top, r_top) > height:
                continue
            # ends far off screen are pulled in: the visible slope barely changes, the fill gets cheap
            l_top, l_bottom, r_top, r_bottom = (min(max(v, -height), 2 * height)
                                                for v in (l_top, l_bottom, r_top, r_bottom))
            path = _band(width, l_top, l_bottom, r_top, r_bottom)
            self._paths.append((path, oriented.link))
            if oriented.link is self._current:
                current_path = path
                continue
            # opaque fills: blending a translucent band costs several times more per frame
            fill = QColor(self._colours.band_manual if oriented.link.manual else self._colours.band)
            pen = QPen(QColor(self._colours.band_edge), 1.0)
            if oriented.link.manual:
                pen.setStyle(Qt.PenStyle.DashLine)
            # filling without antialiasing is several times faster; the edges keep it smooth
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.fillPath(path, fill)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.strokePath(path, pen)
        if current_path is not None:
            fill = QColor(self._colours.band_current)
            fill.setAlpha(200)
            painter.setPen(QPen(QColor(self._colours.band_current).darker(130), 2.0))
            painter.setBrush(fill)
            painter.drawPath(current_path)
        painter.end()

    def link_at(self, point: QPointF) -> Optional[PassageLink]:
        for path, link in reversed(self._paths):
            if path.contains(point):
                return link
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        link = self.link_at(event.position())
        if link is None:
            return super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self.linkClicked.emit(link)
        elif event.button() == Qt.MouseButton.RightButton:
            self.linkClicked.emit(link)
            menu = QMenu(self)
            unlink = menu.addAction("Unlink these passages")
            if menu.exec(event.globalPosition().toPoint()) is unlink:
                self.unlinkRequested.emit(link)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        link = self.link_at(event.position())
        if link is None:
            self.setToolTip("Linked passages. Click a band to select the pair; right-click to unlink it.")
        else:
            origin = "manual link" if link.manual else f"score {link.score:.2f}"
            self.setToolTip(f"¶{link.a_paragraph + 1} ↔ ¶{link.b_paragraph + 1} ({origin})")
        super().mouseMoveEvent(event)


def _band(width: float, l_top: float, l_bottom: float, r_top: float, r_bottom: float) -> QPainterPath:
    """A band with Bézier edges from [l_top, l_bottom] on the left to [r_top, r_bottom] on the right."""
    l_bottom = max(l_bottom, l_top + 2)
    r_bottom = max(r_bottom, r_top + 2)
    mid = width / 2
    path = QPainterPath(QPointF(0, l_top))
    path.cubicTo(QPointF(mid, l_top), QPointF(mid, r_top), QPointF(width, r_top))
    path.lineTo(QPointF(width, r_bottom))
    path.cubicTo(QPointF(mid, r_bottom), QPointF(mid, l_bottom), QPointF(0, l_bottom))
    path.closeSubpath()
    return path

