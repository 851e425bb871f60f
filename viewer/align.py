"""Align the passages of articles that report the same point, in any order.

Units are paragraphs (titles included, in-article repeats and furniture left out).
For every pair of units the score mixes:
  * lexical similarity: weighted lemma vectors of the whole paragraph, and the best
    sentence-to-sentence match (a paragraph often shares one sentence's point);
  * anchors: the distinctive entities and numbers both units name, and shared quotes;
  * a soft order prior (outlets mostly keep the story's order, but not always).
A link is kept when its score clears a floor and is close to the best score of
both of its units, so one paragraph may match two that split its content.
"""
from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Mapping, Optional, Sequence

import numpy as np

from .entities import EntityIndex, VALUE_LABELS
from .model import BODY, TITLE, Analysis, Article, PassageLink
from .vectors import tfidf_matrix

MIN_SCORE = 0.22
NEAR_BEST = 0.72
ORDER_WEIGHT = 0.06
_WORD = re.compile(r"\w+", re.U)


@dataclass
class Unit:
    path: str
    paragraph: int
    span: tuple[int, int]
    kind: str
    lemmas: list[str]
    sentences: list[list[str]]
    anchors: set[str]
    quote_words: list[set[str]]
    position: float  # 0..1 within the article


def article_units(article: Article, analysis: Analysis, index: Optional[EntityIndex]) -> list[Unit]:
    offsets = [o for o, _ in analysis.lemmas]
    body = [p for p in article.paragraphs if p.kind in (TITLE, BODY) and p.duplicate_of is None]
    units = []
    for n, p in enumerate(body):
        lo, hi = bisect.bisect_left(offsets, p.start), bisect.bisect_left(offsets, p.end)
        lemmas = analysis.lemmas[lo:hi]
        sentences = []
        for s in analysis.sentences:
            if s.paragraph == p.index:
                a, b = bisect.bisect_left(offsets, s.start), bisect.bisect_left(offsets, s.end)
                sentences.append([l for _, l in analysis.lemmas[a:b]])
        anchors = set()
        for m in analysis.mentions:
            if p.start <= m.start < p.end:
                key = index.key_of(article.path, m) if index else None
                key = key or f"{m.label}:{m.text.lower()}"
                if key.split(":", 1)[0] in ("DATE", "TIME", "ORDINAL"):
                    continue  # "Thursday", "first": too common to anchor a passage
                anchors.add(key)
        quotes = [set(w.lower() for w in _WORD.findall(q.text)) for q in analysis.quotes
                  if p.start <= q.start < p.end]
        units.append(Unit(article.path, p.index, p.span, p.kind, [l for _, l in lemmas],
                          [s for s in sentences if s], anchors, quotes,
                          n / max(1, len(body) - 1)))
    return units


def score_matrix(a: Sequence[Unit], b: Sequence[Unit], background: Sequence[Unit] = ()) -> np.ndarray:
    """Scores in 0..1 for every unit pair of two articles."""
    if not a or not b:
        return np.zeros((len(a), len(b)), dtype=np.float32)
    pool = list(a) + list(b) + [u for u in background if u not in a and u not in b]
    paragraph_vectors, _ = tfidf_matrix([u.lemmas for u in pool])
    lexical = (paragraph_vectors[:len(a)] @ paragraph_vectors[len(a):len(a) + len(b)].T).toarray()

    sentences = [(i, s) for i, u in enumerate(a) for s in u.sentences]
    sentences_b = [(j, s) for j, u in enumerate(b) for s in u.sentences]
    best_sentence = np.zeros_like(lexical)
    if sentences and sentences_b:
        vectors, _ = tfidf_matrix([s for _, s in sentences] + [s for _, s in sentences_b]
                                  + [u.lemmas for u in background])
        sim = (vectors[:len(sentences)] @ vectors[len(sentences):len(sentences) + len(sentences_b)].T).toarray()
        rows = np.asarray([i for i, _ in sentences])
        cols = np.asarray([j for j, _ in sentences_b])
        for i in range(len(a)):
            sub = sim[rows == i]
            if sub.size:
                np.maximum.at(best_sentence[i], cols, sub.max(axis=0))

    anchor_df = Counter(k for u in pool for k in u.anchors)
    n_units = len(pool)
    anchors = np.zeros_like(lexical)
    quotes = np.zeros_like(lexical)
    for i, ua in enumerate(a):
        for j, ub in enumerate(b):
            shared = ua.anchors & ub.anchors
            if shared:
                weight = sum(_anchor_weight(k, anchor_df[k], n_units) for k in shared)
                anchors[i, j] = 1.0 - math.exp(-weight)
            if ua.quote_words and ub.quote_words:
                quotes[i, j] = max(_overlap(x, y) for x in ua.quote_words for y in ub.quote_words)

    lexical_score = np.maximum(lexical, 0.85 * best_sentence)
    score = 0.62 * lexical_score + 0.23 * anchors + 0.15 * np.where(quotes >= 0.5, quotes, 0.0)
    positions_a = np.asarray([u.position for u in a])[:, None]
    positions_b = np.asarray([u.position for u in b])[None, :]
    score += ORDER_WEIGHT * (1.0 - np.abs(positions_a - positions_b)) * (score > 0.1)
    kinds_a = np.asarray([u.kind == TITLE for u in a])[:, None]
    kinds_b = np.asarray([u.kind == TITLE for u in b])[None, :]
    score[kinds_a != kinds_b] *= 0.7  # a headline rarely reports what a paragraph reports
    return np.clip(score, 0.0, 1.0).astype(np.float32)


def _anchor_weight(key: str, df: int, n: int) -> float:
    idf = math.log((n + 1) / (df + 0.5))
    label = key.split(":", 1)[0]
    return idf * (0.8 if label in VALUE_LABELS else 0.5)


def _overlap(x: set[str], y: set[str]) -> float:
    return len(x & y) / min(len(x), len(y)) if x and y else 0.0


def select_links(scores: np.ndarray, min_score: float = MIN_SCORE, near_best: float = NEAR_BEST
                 ) -> list[tuple[int, int, float]]:
    """Pairs whose score clears the floor and is near the best of both their row and column."""
    if scores.size == 0:
        return []
    row_best = scores.max(axis=1, keepdims=True)
    col_best = scores.max(axis=0, keepdims=True)
    keep = (scores >= min_score) & (scores >= near_best * row_best) & (scores >= near_best * col_best)
    return [(int(i), int(j), float(scores[i, j])) for i, j in zip(*np.nonzero(keep))]


def align_pair(a: Article, b: Article, units_a: Sequence[Unit], units_b: Sequence[Unit],
               background: Sequence[Unit] = ()) -> list[PassageLink]:
    scores = score_matrix(units_a, units_b, background)
    links = []
    for i, j, score in select_links(scores):
        ua, ub = units_a[i], units_b[j]
        links.append(PassageLink(a.path, b.path, ua.paragraph, ub.paragraph, ua.span, ub.span,
                                 round(score, 4)))
    return sorted(links, key=lambda l: (l.a_paragraph, l.b_paragraph))


def align_articles(articles: Sequence[Article], analyses: Mapping[str, Analysis],
                   index: Optional[EntityIndex] = None) -> dict[tuple[str, str], list[PassageLink]]:
    """Links for every pair of ``articles`` (in the given order: a before b)."""
    units = {a.path: article_units(a, analyses[a.path], index) for a in articles}
    everything = [u for us in units.values() for u in us]
    result = {}
    for x in range(len(articles)):
        for y in range(x + 1, len(articles)):
            a, b = articles[x], articles[y]
            others = [u for u in everything if u.path not in (a.path, b.path)]
            result[(a.path, b.path)] = align_pair(a, b, units[a.path], units[b.path], others)
    return result
