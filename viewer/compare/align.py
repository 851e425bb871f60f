"""Align the passages of articles that report the same point, in any order.

Units are paragraphs (titles included; in-article repeats and furniture left out).
Each pair of units gets a score from
  * lexical similarity of crudely stemmed content lemmas, TF-IDF weighted, for the
    whole paragraph and for its best sentence-to-sentence match (a paragraph often
    shares only one sentence's point with another);
  * anchors: distinctive entities and numbers both name (rare across the units, so
    "Biden" in a Biden story counts for nothing but "Tianjin" counts).
Links are then chosen in three passes, as a collation tool would:
  1. confident links: high scores that are (near) the best of their row and column,
     in any order — a paragraph may match two that split its content;
  2. gap filling: between consecutive confident links that keep the story's order,
     a monotone dynamic programme picks weaker pairs (paraphrases share few words,
     but sit between the same neighbours);
  3. leftovers: remaining paragraphs that are each other's best match.
"""
from __future__ import annotations

import bisect
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Mapping, Optional, Sequence

import numpy as np

from ..analysis.entities import EntityIndex
from ..model import BODY, TITLE, Analysis, Article, Paragraph, PassageLink
from ..analysis.vectors import tfidf_matrix

CONFIDENT = 0.25       # pass 1 floor
NEAR_BEST = 0.85       # pass 1: share of the row's and column's best score
GAP_FLOOR = 0.06       # pass 2 floor
LEFTOVER_FLOOR = 0.11  # pass 3 floor
SENTENCE_WEIGHT = 0.8
ANCHOR_WEIGHT = 0.2
ANCHOR_MAX_SHARE = 0.15  # an anchor in more than this share of units is not distinctive
BACKGROUND_UNITS = 400   # paragraphs of other articles used to estimate how common words are

# Relative dates and ordinals ("Thursday", "first") recur in unrelated paragraphs.
_WEAK_ANCHOR_LABELS = {"DATE", "TIME", "ORDINAL"}
_SUFFIXES = ("ations", "ation", "itions", "ition", "ions", "ion", "ments", "ment", "ness", "ingly",
             "edly", "ally", "ly", "ing", "ive", "ed", "es", "s")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Strip one common suffix so "directly"/"direct", "discussion"/"discuss" meet."""
    if len(word) < 6 or not word.isalpha():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[:-len(suffix)]
            break
    return word.rstrip("e")


@dataclass
class Unit:
    path: str
    paragraph: int
    span: tuple[int, int]
    kind: str
    terms: list[str]
    sentences: list[list[str]]
    anchors: set[str]


def is_unit(paragraph: Paragraph) -> bool:
    """Whether a paragraph is aligned: titles and body text, not in-article repeats."""
    return paragraph.kind in (TITLE, BODY) and paragraph.duplicate_of is None


def article_units(article: Article, analysis: Analysis, index: Optional[EntityIndex]) -> list[Unit]:
    offsets = [o for o, _ in analysis.lemmas]
    stems = [stem(l) for _, l in analysis.lemmas]
    sentences_by_paragraph: dict[int, list] = {}
    for s in analysis.sentences:
        sentences_by_paragraph.setdefault(s.paragraph, []).append(s)
    mentions = sorted(analysis.mentions, key=lambda m: m.start)
    mention_starts = [m.start for m in mentions]
    units = []
    for p in article.paragraphs:
        if not is_unit(p):
            continue
        lo, hi = bisect.bisect_left(offsets, p.start), bisect.bisect_left(offsets, p.end)
        terms = stems[lo:hi]
        sentences = []
        for s in sentences_by_paragraph.get(p.index, []):
            a, b = bisect.bisect_left(offsets, s.start), bisect.bisect_left(offsets, s.end)
            if b > a:
                sentences.append(stems[a:b])
        anchors = set()
        first, last = bisect.bisect_left(mention_starts, p.start), bisect.bisect_left(mention_starts, p.end)
        for m in mentions[first:last]:
            if m.label in _WEAK_ANCHOR_LABELS:
                continue
            key = index.key_of(article.path, m) if index else None
            anchors.add(key or f"{m.label}:{m.text.lower()}")
        units.append(Unit(article.path, p.index, p.span, p.kind, terms, sentences, anchors))
    return units


class AlignmentSpace:
    """Vectors for every unit and sentence of the compared articles, computed once."""

    def __init__(self, units: Mapping[str, Sequence[Unit]], background: Sequence[Unit] = ()):
        self.units = units
        order = [u for us in units.values() for u in us]
        pool = order + list(background)
        self._row = {(u.path, u.paragraph): i for i, u in enumerate(order)}
        vectors, _ = tfidf_matrix([u.terms for u in pool], rarity=0)
        self.paragraph_vectors = vectors[:len(order)]
        sentences = [(i, s) for i, u in enumerate(order) for s in u.sentences]
        self._sentence_owner = np.asarray([i for i, _ in sentences], dtype=np.int64)
        svectors, _ = tfidf_matrix([s for _, s in sentences] + [u.terms for u in background], rarity=0)
        self.sentence_vectors = svectors[:len(sentences)]
        self.anchor_df = Counter(k for u in pool for k in u.anchors)
        self.pool_size = len(pool)

    def scores(self, a: Sequence[Unit], b: Sequence[Unit]) -> np.ndarray:
        """Scores in 0..1 for every unit pair of two articles."""
        if not a or not b:
            return np.zeros((len(a), len(b)), dtype=np.float32)
        rows_a = [self._row[(u.path, u.paragraph)] for u in a]
        rows_b = [self._row[(u.path, u.paragraph)] for u in b]
        lexical = (self.paragraph_vectors[rows_a] @ self.paragraph_vectors[rows_b].T).toarray()
        best_sentence = self._best_sentence(rows_a, rows_b)
        anchors = np.zeros_like(lexical)
        limit = ANCHOR_MAX_SHARE * self.pool_size
        for i, ua in enumerate(a):
            if not ua.anchors:
                continue
            for j, ub in enumerate(b):
                shared = [k for k in ua.anchors & ub.anchors if self.anchor_df[k] <= limit]
                if shared:
                    weight = sum(math.log((self.pool_size + 1) / (self.anchor_df[k] + 0.5)) for k in shared)
                    anchors[i, j] = 1.0 - math.exp(-0.5 * weight)
        score = (1 - ANCHOR_WEIGHT) * np.maximum(lexical, SENTENCE_WEIGHT * best_sentence) \
            + ANCHOR_WEIGHT * anchors
        return np.clip(score, 0.0, 1.0).astype(np.float32)

    def _best_sentence(self, rows_a: list[int], rows_b: list[int]) -> np.ndarray:
        best = np.zeros((len(rows_a), len(rows_b)))
        owner = self._sentence_owner
        where_a = {r: n for n, r in enumerate(rows_a)}
        where_b = {r: n for n, r in enumerate(rows_b)}
        sa = np.nonzero(np.isin(owner, rows_a))[0]
        sb = np.nonzero(np.isin(owner, rows_b))[0]
        if not len(sa) or not len(sb):
            return best
        sim = (self.sentence_vectors[sa] @ self.sentence_vectors[sb].T).toarray()
        ia = np.asarray([where_a[r] for r in owner[sa]])
        ib = np.asarray([where_b[r] for r in owner[sb]])
        # max over sentence pairs, grouped by (paragraph a, paragraph b)
        per_a = np.full((len(rows_a), len(sb)), 0.0)
        np.maximum.at(per_a, ia, sim)
        np.maximum.at(best.T, ib, per_a.T)
        return best


def select_links(scores: np.ndarray, kinds_a: Sequence[str], kinds_b: Sequence[str]
                 ) -> list[tuple[int, int, float]]:
    """The three passes described in the module docstring; returns (row, column, score)."""
    if scores.size == 0:
        return []
    row_best = scores.max(axis=1, keepdims=True)
    col_best = scores.max(axis=0, keepdims=True)
    confident = (scores >= CONFIDENT) & (scores >= NEAR_BEST * row_best) & (scores >= NEAR_BEST * col_best)
    links = {(int(i), int(j)) for i, j in zip(*np.nonzero(confident))}

    body_a = [k == BODY for k in kinds_a]
    body_b = [k == BODY for k in kinds_b]
    chain = _ordered_chain(sorted(links), scores)
    bounds = [(-1, -1)] + chain + [scores.shape]
    linked_a = {i for i, _ in links}
    linked_b = {j for _, j in links}
    for (i0, j0), (i1, j1) in zip(bounds, bounds[1:]):
        rows = [i for i in range(i0 + 1, i1) if i not in linked_a and body_a[i]]
        cols = [j for j in range(j0 + 1, j1) if j not in linked_b and body_b[j]]
        if rows and cols:
            links.update(_monotone_matches(scores, rows, cols, GAP_FLOOR))

    linked_a = {i for i, _ in links}
    linked_b = {j for _, j in links}
    rows = [i for i in range(scores.shape[0]) if i not in linked_a and body_a[i]]
    cols = [j for j in range(scores.shape[1]) if j not in linked_b and body_b[j]]
    if rows and cols:
        sub = scores[np.ix_(rows, cols)]
        for x, i in enumerate(rows):
            y = int(sub[x].argmax())
            if sub[x, y] >= LEFTOVER_FLOOR and int(sub[:, y].argmax()) == x:
                links.add((i, cols[y]))
    return sorted((i, j, float(scores[i, j])) for i, j in links)


def _ordered_chain(links: list[tuple[int, int]], scores: np.ndarray) -> list[tuple[int, int]]:
    """The heaviest subset of links increasing in both articles (the story's shared order)."""
    if not links:
        return []
    best: list[tuple[float, int]] = []  # (total, previous index)
    for k, (i, j) in enumerate(links):
        total, previous = float(scores[i, j]), -1
        for m in range(k):
            i2, j2 = links[m]
            if i2 < i and j2 < j and best[m][0] + scores[i, j] > total:
                total, previous = best[m][0] + float(scores[i, j]), m
        best.append((total, previous))
    k = max(range(len(links)), key=lambda n: best[n][0])
    chain = []
    while k != -1:
        chain.append(links[k])
        k = best[k][1]
    return chain[::-1]


def _monotone_matches(scores: np.ndarray, rows: list[int], cols: list[int], floor: float
                      ) -> list[tuple[int, int]]:
    """Max-weight order-preserving one-to-one matching of the cells above ``floor``."""
    weight = scores[np.ix_(rows, cols)] - floor
    r, c = weight.shape
    table = np.zeros((r + 1, c + 1))
    for x in range(1, r + 1):
        for y in range(1, c + 1):
            table[x, y] = max(table[x - 1, y], table[x, y - 1],
                              table[x - 1, y - 1] + weight[x - 1, y - 1])
    found = []
    x, y = r, c
    while x > 0 and y > 0:
        w = weight[x - 1, y - 1]
        if w > 0 and math.isclose(table[x, y], table[x - 1, y - 1] + w):
            found.append((rows[x - 1], cols[y - 1]))
            x, y = x - 1, y - 1
        elif math.isclose(table[x, y], table[x - 1, y]):
            x -= 1
        else:
            y -= 1
    return found


def align_articles(articles: Sequence[Article], analyses: Mapping[str, Analysis],
                   index: Optional[EntityIndex] = None,
                   background: Iterable[tuple[Article, Analysis]] = (),
                   background_index: Optional[EntityIndex] = None
                   ) -> dict[tuple[str, str], list[PassageLink]]:
    """Links for every pair of ``articles`` (in the given order: a before b).

    ``background``: other articles of the library, used only to learn which words
    and names are common (a two-article comparison has too little text for that).
    """
    units = {a.path: article_units(a, analyses[a.path], index) for a in articles}
    space = AlignmentSpace(units, _background_units(background, background_index or index, set(units)))
    result = {}
    for x in range(len(articles)):
        for y in range(x + 1, len(articles)):
            a, b = articles[x], articles[y]
            ua, ub = units[a.path], units[b.path]
            scores = space.scores(ua, ub)
            links = [PassageLink(a.path, b.path, ua[i].paragraph, ub[j].paragraph, ua[i].span, ub[j].span,
                                 round(score, 4))
                     for i, j, score in select_links(scores, [u.kind for u in ua], [u.kind for u in ub])]
            result[(a.path, b.path)] = sorted(links, key=lambda l: (l.a_paragraph, l.b_paragraph))
    return result


def _background_units(background: Iterable[tuple[Article, Analysis]], index: Optional[EntityIndex],
                      exclude: set[str]) -> list[Unit]:
    """An even, deterministic sample of BACKGROUND_UNITS units of the other articles.

    Units are built only for the articles the sample falls in: the cost of a
    comparison must not grow with the size of the library.
    """
    pairs = [(article, analysis) for article, analysis in background if article.path not in exclude]
    counts = [sum(1 for p in article.paragraphs if is_unit(p)) for article, _ in pairs]
    total = sum(counts)
    step = total / BACKGROUND_UNITS if total > BACKGROUND_UNITS else 1.0
    wanted = [int(k * step) for k in range(min(total, BACKGROUND_UNITS))]
    units: list[Unit] = []
    start = 0
    w = 0
    for (article, analysis), count in zip(pairs, counts):
        local = []
        while w < len(wanted) and wanted[w] < start + count:
            local.append(wanted[w] - start)
            w += 1
        if local:
            built = article_units(article, analysis, index)
            units.extend(built[i] for i in local)
        start += count
    return units
