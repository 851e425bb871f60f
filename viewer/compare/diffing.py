"""Word-level wording differences between two aligned passages (diff-match-patch).

diff-match-patch diffs characters; to diff words we map each word token (and each
run of whitespace/punctuation) to one private-use character, diff those strings,
and map back — the same trick its line mode uses. Semantic clean-up then merges
the confetti of tiny equalities into readable changes.
"""
from __future__ import annotations

import re
import threading
import time
from typing import TYPE_CHECKING, Iterable, Optional

from diff_match_patch import diff_match_patch

if TYPE_CHECKING:
    from ..model import PassageLink

DELETE, EQUAL, INSERT = -1, 0, 1
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|\s+|[^\w\s]", re.U)
_BASE = 0xF0000  # supplementary private-use area: never in article text we compare


# Seconds the word diffs of one pair of compared articles may take in all (issue 18.6).
# Two long news articles (~150 paragraphs) spend well under 0.1 s; two 1,000-paragraph
# articles whose every link pairs rewritten paragraphs spent ~12 s (25 s with the links
# the aligner made before it was bounded). Once spent, the pair's remaining links get a
# coarse diff (shared beginning and end, the middle as one change), in linear time.
DIFF_BUDGET_SECONDS = 3.0
PAIR_TIMEOUT = 0.3  # seconds for one pair (diff-match-patch's own deadline)


class DiffBudget:
    """The seconds left for the word diffs of one pair of articles (shared by its links)."""

    def __init__(self, seconds: float = DIFF_BUDGET_SECONDS) -> None:
        self.seconds = seconds
        self.spent = 0.0
        self.coarse = 0  # links that got the coarse diff
        self._lock = threading.Lock()

    @property
    def exhausted(self) -> bool:
        return self.spent >= self.seconds

    def __getstate__(self) -> dict:  # a copied or pickled link keeps the figures, not the lock
        return {k: v for k, v in self.__dict__.items() if k != "_lock"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def charge(self, seconds: float, coarse: bool = False) -> None:
        with self._lock:
            self.spent += seconds
            self.coarse += coarse


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def word_diff(a: str, b: str, timeout: float = 0.3) -> list[tuple[int, str]]:
    """Ops (-1 delete, 0 equal, 1 insert) turning ``a`` into ``b``; texts concatenate back exactly."""
    vocabulary: dict[str, int] = {}
    table: list[str] = []

    def encode(text: str) -> str:
        out = []
        for tok in tokens(text):
            code = vocabulary.get(tok)
            if code is None:
                code = vocabulary[tok] = len(table)
                table.append(tok)
            out.append(chr(_BASE + code) if _BASE + code <= 0x10FFFF else "\uFFFD")
        return "".join(out)

    ea, eb = encode(a), encode(b)
    if len(table) > 0x10FFFF - _BASE:  # absurdly many distinct words: fall back to characters
        ea, eb, table = a, b, []
    dmp = diff_match_patch()
    dmp.Diff_Timeout = timeout
    diffs = dmp.diff_main(ea, eb, False)
    dmp.diff_cleanupSemantic(diffs)  # on word codes, so a change never splits a word
    if table:
        diffs = [(op, "".join(table[ord(ch) - _BASE] for ch in text)) for op, text in diffs]
    return _merge([(op, text) for op, text in diffs if text])


def _merge(diffs: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    merged: list[tuple[int, str]] = []
    for op, text in diffs:
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        else:
            merged.append((op, text))
    return merged


def diff_stats(diffs: Iterable[tuple[int, str]]) -> dict[str, int]:
    """Words equal / deleted / inserted, for summaries."""
    counts = {"equal": 0, "deleted": 0, "inserted": 0}
    names = {EQUAL: "equal", DELETE: "deleted", INSERT: "inserted"}
    for op, text in diffs:
        counts[names[op]] += sum(1 for t in tokens(text) if t.strip() and re.match(r"\w", t))
    return counts


def side_spans(diffs: Iterable[tuple[int, str]], a_start: int, b_start: int
               ) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]]:
    """Absolute (start, end, op) spans of changes on each side, for highlighting."""
    a_pos, b_pos = a_start, b_start
    a_spans, b_spans = [], []
    for op, text in diffs:
        if op == EQUAL:
            a_pos += len(text)
            b_pos += len(text)
        elif op == DELETE:
            if text.strip():
                a_spans.append((a_pos, a_pos + len(text), op))
            a_pos += len(text)
        else:
            if text.strip():
                b_spans.append((b_pos, b_pos + len(text), op))
            b_pos += len(text)
    return a_spans, b_spans


def coarse_diff(a: str, b: str) -> list[tuple[int, str]]:
    """A word diff in linear time: the words both texts begin and end with are equal, the
    rest one deletion and one insertion. Concatenates back exactly, like :func:`word_diff`."""
    ta, tb = tokens(a), tokens(b)
    # the tokenizer may skip nothing; if it ever did, fall back to the texts themselves
    if "".join(ta) != a or "".join(tb) != b:
        ta, tb = list(a), list(b)
    start = 0
    while start < len(ta) and start < len(tb) and ta[start] == tb[start]:
        start += 1
    end = 0
    while end < len(ta) - start and end < len(tb) - start and ta[-1 - end] == tb[-1 - end]:
        end += 1
    ops = [(EQUAL, "".join(ta[:start])), (DELETE, "".join(ta[start:len(ta) - end])),
           (INSERT, "".join(tb[start:len(tb) - end])), (EQUAL, "".join(ta[len(ta) - end:]))]
    return _merge([(op, text) for op, text in ops if text])


def link_diff(link: "PassageLink") -> list[tuple[int, str]]:
    """The word diff of a link's two passages, computed on first use and kept on the link.

    With a :class:`DiffBudget` on the link (a comparison's links share one), a link diffed
    after the budget is spent gets :func:`coarse_diff` instead.
    """
    if link.diff_cache is None:
        budget: Optional[DiffBudget] = getattr(link, "diff_budget", None)
        if not link.texts:
            link.diff_cache = []
        elif budget is None:
            link.diff_cache = word_diff(*link.texts, timeout=PAIR_TIMEOUT)
        elif budget.exhausted:
            start = time.perf_counter()
            link.diff_cache = coarse_diff(*link.texts)
            budget.charge(time.perf_counter() - start, coarse=True)
        else:
            start = time.perf_counter()
            link.diff_cache = word_diff(*link.texts, timeout=PAIR_TIMEOUT)
            budget.charge(time.perf_counter() - start)
    return link.diff_cache
