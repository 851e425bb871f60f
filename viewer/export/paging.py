"""Where to break pages: never through a line of text, preferably between table rows (Qt-free).

The PDF renderer lays the whole document out as one tall page, lists the vertical
extent of every text line (table cells included) and the boundaries between
passage rows, and asks ``page_breaks`` where each page should start.
"""
from __future__ import annotations

import bisect
from typing import Callable, Iterable, Sequence

Interval = tuple[float, float]


def merge_intervals(intervals: Iterable[Interval]) -> list[Interval]:
    """Overlapping or touching (top, bottom) intervals merged, sorted by top."""
    merged: list[list[float]] = []
    for top, bottom in sorted(intervals):
        if merged and top < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], bottom)
        else:
            merged.append([top, bottom])
    return [(a, b) for a, b in merged]


def safe_cut(y: float, unsafe: Sequence[Interval]) -> float:
    """The lowest position at or above ``y`` that does not cut through a line."""
    for top, bottom in unsafe:
        if top < y < bottom:
            return top
        if top >= y:
            break
    return y


def _inside_a_row(y: float, borders: Sequence[float]) -> bool:
    """Whether ``y`` falls strictly between two consecutive row borders."""
    index = bisect.bisect_right(borders, y)
    return 0 < index < len(borders) and borders[index - 1] < y


def page_breaks(total: float, page_height: Callable[[float], float], lines: Iterable[Interval],
                preferred: Iterable[float] = (), min_fill: float = 0.4) -> list[float]:
    """Start positions of the pages of a document ``total`` units tall.

    Args:
        page_height: room on a page that starts at the given position (a page that
            continues a table gives some of it to the repeated column headings).
        lines: (top, bottom) of every line of text.
        preferred: borders of table rows, the table's top and bottom included. A break
            that would fall inside a row moves up to the row's top border when the page
            stays at least ``min_fill`` full; otherwise the page is filled and the row
            continues on the next page, broken between two lines.
    """
    unsafe = merge_intervals(lines)
    rows = sorted(preferred)
    starts = [0.0]
    while total - starts[-1] > page_height(starts[-1]) + 1e-6:
        start = starts[-1]
        room = page_height(start)
        limit = start + room
        cut = safe_cut(limit, unsafe)
        if _inside_a_row(cut, rows):  # move the break up to the row's top border if the page stays full enough
            above = [y for y in rows if start + min_fill * room < y <= cut]
            if above:
                cut = above[-1]
        if cut <= start + 1e-6:  # one line taller than a page: nothing better than cutting it
            cut = limit
        starts.append(cut)
    return starts
