"""Word-level wording differences between two aligned passages (diff-match-patch).

diff-match-patch diffs characters; to diff words we map each word token (and each
run of whitespace/punctuation) to one private-use character, diff those strings,
and map back — the same trick its line mode uses. Semantic clean-up then merges
the confetti of tiny equalities into readable changes.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable

from diff_match_patch import diff_match_patch

if TYPE_CHECKING:
    from ..model import PassageLink

DELETE, EQUAL, INSERT = -1, 0, 1
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|\s+|[^\w\s]", re.U)
_BASE = 0xF0000  # supplementary private-use area: never in article text we compare


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


def link_diff(link: "PassageLink") -> list[tuple[int, str]]:
    """The word diff of a link's two passages, computed on first use and kept on the link."""
    if link.diff_cache is None:
        link.diff_cache = word_diff(*link.texts) if link.texts else []
    return link.diff_cache
