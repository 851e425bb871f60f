"""Coverage of an official readout: which of its points each outlet kept, reworded or
dropped (Qt-free).

The reference is the article the reader chose, else the one that reads as an official
readout (a "Readout"/"Statement"/"Remarks" title, a government address, or a
formal opening such as "President X held a call with …" with no quotations).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

import numpy as np

from .comparison import Comparison
from .sentence_pairs import SentenceRef, SentenceSpace, outlet_label
from ..model import TITLE, Article

if TYPE_CHECKING:
    from .key_difference import KeyDifference

KEPT, REWORDED, DROPPED = "kept", "reworded", "dropped"
KEPT_SIMILARITY = 0.5
REWORDED_SIMILARITY = 0.2
MAX_OMISSIONS = 8  # the readout's first points matter most; the rest are in coverage_matrix
MIN_POINT_WORDS = 8
_READOUT_TITLE = re.compile(r"\b(?:read-?out|statement|remarks|transcript|press release|joint communiqu[eé]|"
                            r"fact sheet)\b", re.I)
_GOVERNMENT = re.compile(r"(?:\.gov(?:\.\w\w)?\b|whitehouse|fmprc|mfa\.gov|kremlin\.ru|state\.gov|mea\.gov\.in|"
                         r"\bministry of foreign affairs\b|\bwhite house\b|\bkremlin\b|\bstate department\b)", re.I)
_FORMAL_OPENING = re.compile(
    r"^(?:(?:U\.S\.|US|Chinese|Russian|Indian|the)\s+)?(?:President|Premier|Prime Minister|Secretary(?: of State)?|"
    r"Vice President|Chancellor|Foreign Minister|State Councilor|State Councillor)\s+(?:[A-Z][\w.-]+\s){1,3}"
    r"(?:held|had|spoke|met|talked|hosted|received)\b")


@dataclass
class Point:
    """One point (sentence) of the reference and what each outlet did with it."""
    ref: SentenceRef
    status: dict[str, str] = field(default_factory=dict)  # path -> KEPT / REWORDED / DROPPED
    match: dict[str, SentenceRef] = field(default_factory=dict)  # path -> best sentence


def readout_score(article: Article, quote_count: int, first_sentence: str) -> int:
    """How much an article reads as an official readout (2 or more: it does)."""
    score = 0
    title = article.meta.title or ""
    if _READOUT_TITLE.search(title):
        score += 2
    if _GOVERNMENT.search(" ".join(filter(None, (article.meta.url, article.meta.outlet)))):
        score += 2
    if _FORMAL_OPENING.search(first_sentence.strip()):
        score += 1
        if quote_count == 0:
            score += 1
    return score


def find_reference(comparison: Comparison, space: SentenceSpace) -> Optional[str]:
    best: Optional[tuple[int, str]] = None
    for article in comparison.articles:
        kinds = {p.index: p.kind for p in article.paragraphs}
        body = [r for r in space.sentences[article.path] if kinds.get(r.paragraph) != TITLE]
        first = space.text(body[0]) if body else ""
        quotes = sum(1 for q in comparison.quotes if q.path == article.path)
        score = readout_score(article, quotes, first)
        if score >= 2 and (best is None or score > best[0]):
            best = (score, article.path)
    return best[1] if best else None


def coverage_matrix(comparison: Comparison, space: SentenceSpace, reference: str) -> list[Point]:
    """Every point of ``reference`` with each other article's status."""
    article = next(a for a in comparison.articles if a.path == reference)
    kinds = {p.index: p.kind for p in article.paragraphs}
    points = []
    matrices = {p: space.similarity_matrix(reference, p) for p in comparison.paths if p != reference}
    for ref in space.sentences[reference]:
        if kinds.get(ref.paragraph) == TITLE or len(space.terms[reference][ref.index]) < MIN_POINT_WORDS:
            continue
        point = Point(ref)
        for path, matrix in matrices.items():
            row = matrix[ref.index] if matrix.size else np.zeros(0)
            best = int(np.argmax(row)) if row.size else -1
            sim = float(row[best]) if row.size else 0.0
            point.status[path] = KEPT if sim >= KEPT_SIMILARITY else REWORDED if sim >= REWORDED_SIMILARITY else DROPPED
            if best >= 0 and sim >= REWORDED_SIMILARITY:
                point.match[path] = space.sentences[path][best]
        points.append(point)
    return points


def omissions(comparison: Comparison, space: SentenceSpace, reference: Optional[str] = None
              ) -> list["KeyDifference"]:
    """Readout points that some outlets report and others drop (or that no outlet reports)."""
    from .key_difference import OMISSION, KeyDifference, snippet
    chosen = reference in comparison.paths
    reference = reference if chosen else find_reference(comparison, space)
    if not reference:
        return []
    role = "chosen as readout" if chosen else "readout"  # the reader chose it in the Readout box; else detected
    articles = {a.path: a for a in comparison.articles}
    found = []
    points = coverage_matrix(comparison, space, reference)
    for position, point in enumerate(points):
        dropped = [p for p, s in point.status.items() if s == DROPPED]
        reported = [p for p, s in point.status.items() if s != DROPPED]
        if not dropped:
            continue
        parts = []
        for status in (KEPT, REWORDED, DROPPED):
            names = [outlet_label(articles[p]) for p, s in point.status.items() if s == status]
            if names:
                parts.append(f"{status}: {', '.join(names)}")
        summary = (f"{outlet_label(articles[reference])} ({role}): “{snippet(space.text(point.ref))}” — "
                   + "; ".join(parts))
        spans = {reference: (point.ref.start, point.ref.end)}
        spans.update({p: (r.start, r.end) for p, r in point.match.items()})
        score = 0.3 + (0.12 if reported else 0.0) + 0.08 * (1 - position / max(1, len(points)))
        found.append(KeyDifference(OMISSION, summary, spans, score,
                                   {"reference": reference, "status": dict(point.status)}))
    found.sort(key=lambda d: -d.score)
    return found[:MAX_OMISSIONS]
