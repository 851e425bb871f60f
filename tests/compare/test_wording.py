"""wording_spans (viewer/compare/wording.py): the words of one side of a word diff that the
other side lacks, as character spans with their highlight. Diffs are written by hand:
(-1, text) only on the left, (0, text) on both, (1, text) only on the right."""
from __future__ import annotations

import pytest

from viewer.compare.highlights import CHANGED, DELETED, INSERTED
from viewer.compare.wording import wording_spans

NUMBER = [(0, "The talks lasted "), (-1, "two"), (1, "three"), (0, " hours.")]
DROPPED = [(0, "They met"), (-1, " at length"), (0, " in Lisbon.")]
ADDED = [(0, "They met"), (1, " at length"), (0, " in Lisbon.")]
MOVED = [(-1, "Lima said "), (0, "the deal holds"), (1, ", Lima said")]


def _marked(diff, start, left):
    """(text of this side under each span, highlight name)."""
    side = "".join(t for op, t in diff if op == 0 or op == (-1 if left else 1))
    return [(side[s - start:e - start], h.name) for s, e, h in wording_spans(diff, start, left)]


@pytest.mark.parametrize("diff, start, left, expected", [
    # a replaced word is "changed" on both sides, each side marking its own word
    (NUMBER, 0, True, [("two", CHANGED.name)]),
    (NUMBER, 0, False, [("three", CHANGED.name)]),
    # words only the left has are "dropped"; only the right has, "added"; the other side marks nothing
    (DROPPED, 0, True, [("at length", DELETED.name)]),
    (DROPPED, 0, False, []),
    (ADDED, 0, False, [("at length", INSERTED.name)]),
    (ADDED, 0, True, []),
    # a run of new words separated by spaces or commas is one mark
    ([(0, "They met"), (-1, " on Tuesday, in Geneva"), (0, ".")], 0, True, [("on Tuesday, in Geneva", DELETED.name)]),
    # a word the other side has elsewhere is not marked and splits the run
    ([(0, "They met the press"), (-1, " at the summit"), (0, ".")], 0, True,
     [("at", DELETED.name), ("summit", DELETED.name)]),
    # words that merely moved are no difference, case aside
    (MOVED, 0, True, []),
    (MOVED, 0, False, []),
    ([(0, "A "), (-1, "TRADE"), (0, " call about "), (1, "trade")], 0, True, []),
    # hyphens and dots stay inside a word
    ([(0, "A "), (-1, "U.S.-China"), (1, "Sino-US"), (0, " call.")], 0, True, [("U.S.-China", CHANGED.name)]),
    # nothing to mark
    ([(0, "They met.")], 0, True, []),
    ([], 0, True, []),
])
def test_wording_spans(diff, start, left, expected):
    assert _marked(diff, start, left) == expected


@pytest.mark.parametrize("start", [0, 7, 1000])
def test_wording_spans_are_offsets_into_the_article(start):
    """Spans count from the passage's start in its article, and skip the other side's text."""
    spans = wording_spans(NUMBER, start, False)
    assert [(s - start, e - start) for s, e, _ in spans] == [(17, 22)]
