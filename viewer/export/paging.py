"""Where to break pages: never through a line of text, preferably between table rows (Qt-free).

The PDF renderer lays the whole document out as one tall page, lists the vertical
extent of every text line (table cells included) and the boundaries between
passage rows, and asks ``page_breaks`` where each page should start.
"""
from __future__ import annotations

import bisect
from typing import Callable, Iterable, Optional, Sequence

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


def _row_around(y: float, rows: Sequence[Interval]) -> Optional[Interval]:
    """The table row (top, bottom) that ``y`` falls strictly inside, if any."""
    index = bisect.bisect_right(rows, (y, float("inf"))) - 1
    if index >= 0 and rows[index][0] < y < rows[index][1]:
        return rows[index]
    return None


def keep_with_next(cut: float, start: float, keep: Sequence[Interval], lines: Sequence[Interval]) -> float:
    """Move ``cut`` up above any heading that would otherwise end the page with nothing of
    what it heads after it (a section title, a table's column headings)."""
    moved = True
    while moved:
        moved = False
        for top, bottom in keep:
            if not (start + 1e-6 < top < cut and bottom <= cut + 1e-6):
                continue
            followed = any(line_top >= bottom - 1e-6 and line_bottom <= cut + 1e-6
                           for line_top, line_bottom in lines)
            if not followed:
                cut, moved = top, True
    return cut


def page_breaks(total: float, page_height: Callable[[float], float], lines: Iterable[Interval],
                rows: Iterable[Interval] = (), min_fill: float = 0.4,
                keep: Iterable[Interval] = ()) -> list[float]:
    """Start positions of the pages of a document ``total`` units tall.

    Args:
        page_height: room on a page that starts at the given position (a page that
            continues a table gives some of it to the repeated column headings).
        lines: (top, bottom) of every line of text.
        rows: (top, bottom) of table rows. A break that would fall inside a row moves
            up to the row's top when the page stays at least ``min_fill`` full;
            otherwise the page is filled and the row continues on the next page,
            broken between two lines.
        keep: (top, bottom) of headings that must not end a page (kept with what follows).
    """
    unsafe = merge_intervals(lines)
    row_list = sorted(rows)
    keep_list = sorted(keep)
    starts = [0.0]
    while total - starts[-1] > page_height(starts[-1]) + 1e-6:
        start = starts[-1]
        room = page_height(start)
        cut = safe_cut(start + room, unsafe)
        row = _row_around(cut, row_list)
        if row is not None and row[0] > start + min_fill * room:
            cut = row[0]
        cut = keep_with_next(cut, start, keep_list, unsafe)
        if cut <= start + 1e-6:  # one line taller than a page: nothing better than cutting it
            cut = start + room
        starts.append(cut)
    return starts
