"""Which words of an aligned passage to flag as a wording difference (Qt-free).

One rule for the window and the exports (both draw ``marks.column_marks``): only
words that appear nowhere in the counterpart passage are marked, because outlets
reorder and paraphrase and a word that merely moved is not a difference a reader
needs flagged. A run only on this side next to a run only on the other side is
``CHANGED``; alone it is ``DELETED`` (this is the left passage: the right one drops
it) or ``INSERTED`` (this passage adds it) — the highlights of ``highlights.py``.
"""
from __future__ import annotations

import re
from typing import Optional

from .diffing import DELETE, EQUAL, INSERT
from .highlights import CHANGED, DELETED, INSERTED, Highlight

_WORD = re.compile(r"\w[\w'’.-]*\w|\w")


def oriented_diff(diff: list[tuple[int, str]], flipped: bool) -> list[tuple[int, str]]:
    """``diff`` seen from the other side (ops negated) when ``flipped``."""
    return [(-op, text) for op, text in diff] if flipped else list(diff)


def wording_spans(diff: list[tuple[int, str]], this_start: int, this_is_left: bool
                  ) -> list[tuple[int, int, Highlight]]:
    """Character spans (start, end, highlight) of this side's words that the other side lacks.

    Args:
        diff: word diff oriented left → right (-1 only left, +1 only right).
        this_start: offset of this side's passage in its article text.
        this_is_left: whether this side is the diff's left side.
    """
    mine = DELETE if this_is_left else INSERT
    theirs = INSERT if this_is_left else DELETE
    other_words = {w.lower() for op, text in diff if op in (EQUAL, theirs) for w in _WORD.findall(text)}
    spans: list[tuple[int, int, Highlight]] = []
    pos = this_start
    for n, (op, text) in enumerate(diff):
        if op == theirs:
            continue
        if op == mine:
            neighbours = [diff[k][0] for k in (n - 1, n + 1) if 0 <= k < len(diff)]
            kind = CHANGED if theirs in neighbours else (DELETED if this_is_left else INSERTED)
            run: Optional[list[int]] = None
            for match in _WORD.finditer(text):
                if match.group().lower() in other_words:
                    run = None
                    continue
                if run is not None and not text[run[1]:match.start()].strip(" ,;:-–—"):
                    run[1] = match.end()  # one highlight for "added three words"
                    spans[-1] = (pos + run[0], pos + run[1], kind)
                else:
                    run = [match.start(), match.end()]
                    spans.append((pos + run[0], pos + run[1], kind))
        pos += len(text)
    return spans


REWRITE_SHARE = 0.6  # shared words / words of the shorter passage, for a close rewrite


def is_close_rewrite(diff: list[tuple[int, str]]) -> bool:
    """Whether two passages are close rewrites of each other (one edited from the other).

    Word-level marks help only there; between independent paraphrases nearly every word
    differs and underlining them all hides the differences that matter, so those are
    shown as one passage-level link and the word diff on demand.
    """
    counts = {EQUAL: 0, DELETE: 0, INSERT: 0}
    for op, text in diff:
        counts[op] += len(_WORD.findall(text))
    left, right = counts[EQUAL] + counts[DELETE], counts[EQUAL] + counts[INSERT]
    shorter = min(left, right)
    return shorter > 0 and counts[EQUAL] / shorter >= REWRITE_SHARE


def quiet_wording_spans(diff: list[tuple[int, str]], this_start: int, this_is_left: bool
                        ) -> list[tuple[int, int, Highlight]]:
    """``wording_spans`` for close rewrites; nothing for independent paraphrase."""
    return wording_spans(diff, this_start, this_is_left) if is_close_rewrite(diff) else []
