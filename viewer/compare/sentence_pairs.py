"""Sentences of the compared articles and how alike they are across articles (Qt-free).

The difference finders compare *points*, and a point is usually one sentence: a
figure, a name or a claim sits in a sentence that another outlet reports in its own
words, often in a paragraph the aligner linked, sometimes elsewhere. ``SentenceSpace``
gives every body sentence a TF-IDF vector of stemmed content lemmas plus the
canonical entities it names (IDF over the compared articles' sentences), and a
context score that adds a bonus when the two sentences' paragraphs are linked.
"""
from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

import numpy as np

from .align import stem
from .diffing import DiffBudget
from .comparison import Comparison
from ..model import BODY, TITLE, Analysis, Article

LINK_BONUS = 0.15  # added to a sentence pair whose paragraphs the aligner linked
_NUMBERISH = re.compile(r"^[\d.,½¼¾]+$")


@dataclass(frozen=True)
class SentenceRef:
    """One sentence of one article."""
    path: str
    index: int  # position in SentenceSpace.sentences[path]
    start: int
    end: int
    paragraph: int


def outlet_label(article: Article, limit: int = 40) -> str:
    """How a reader names an article: its outlet, else its title, else the file name."""
    name = (article.meta.outlet or article.meta.title or "").strip()
    if not name or name == article.name.rsplit(".", 1)[0]:
        name = article.display_name
    return name if len(name) <= limit else name[:limit - 1].rstrip() + "…"


class SentenceSpace:
    """Every body/title sentence of a comparison's articles, vectorised once."""

    def __init__(self, comparison: Comparison):
        self.comparison = comparison
        self.articles = {a.path: a for a in comparison.articles}
        self.sentences: dict[str, list[SentenceRef]] = {}
        self.terms: dict[str, list[list[str]]] = {}
        self._linked: set[tuple[str, int, str, int]] = set()
        self._similarities: dict[tuple[str, str], np.ndarray] = {}
        # The difference finders' sentence-level word diffs share one time budget (issue
        # 18.6): two 1,000-paragraph articles can pair tens of thousands of sentences.
        self.diff_budget = DiffBudget()
        for link in comparison.all_links():
            self._linked.add((link.a_path, link.a_paragraph, link.b_path, link.b_paragraph))
            self._linked.add((link.b_path, link.b_paragraph, link.a_path, link.a_paragraph))
        for article in comparison.articles:
            analysis = comparison.article_analyses.get(article.path)
            refs, terms = _article_sentences(article, analysis, comparison) if analysis else ([], [])
            self.sentences[article.path] = refs
            self.terms[article.path] = terms
        self._vectors = self._vectorise()
        self._lemmas: dict[str, tuple[list[int], list[str]]] = {}
        for path, analysis in comparison.article_analyses.items():
            self._lemmas[path] = ([o for o, _ in analysis.lemmas], [stem(lemma) for _, lemma in analysis.lemmas])

    def nearby_stems(self, path: str, start: int, end: int, window: int = 4) -> set[str]:
        """Stems of the ``window`` content words either side of a span, within its sentence."""
        offsets, stems = self._lemmas.get(path, ([], []))
        sentence = self.sentence_at(path, start)
        lo_limit = sentence.start if sentence else start - 200
        hi_limit = sentence.end if sentence else end + 200
        lo, hi = bisect.bisect_left(offsets, start), bisect.bisect_left(offsets, end)
        before = [k for k in range(max(0, lo - window), lo) if offsets[k] >= lo_limit]
        after = [k for k in range(hi, min(len(offsets), hi + window)) if offsets[k] < hi_limit]
        return {stems[k] for k in before + after if not _NUMBERISH.match(stems[k])}

    def _vectorise(self) -> dict[str, np.ndarray]:
        df: Counter = Counter()
        total = 0
        for terms in self.terms.values():
            for sentence in terms:
                df.update(set(sentence))
                total += 1
        vocabulary = {t: i for i, t in enumerate(df)}
        idf = np.array([math.log((1 + total) / (1 + df[t])) + 1.0 for t in vocabulary]) if vocabulary else np.zeros(0)
        vectors = {}
        for path, terms in self.terms.items():
            matrix = np.zeros((len(terms), len(vocabulary)))
            for row, sentence in enumerate(terms):
                for term, count in Counter(sentence).items():
                    matrix[row, vocabulary[term]] = (1 + math.log(count)) * idf[vocabulary[term]]
            norms = np.linalg.norm(matrix, axis=1, keepdims=True)
            norms[norms == 0] = 1.0
            vectors[path] = matrix / norms
        return vectors

    def similarity_matrix(self, path_a: str, path_b: str) -> np.ndarray:
        """Cosine of every sentence of ``path_a`` with every sentence of ``path_b`` (read-only).

        Computed once per pair of articles: the difference finders ask for one cell at a
        time, per quote, claim or name pair (two 1,000-paragraph articles: thousands of
        products of two 2,500-sentence matrices)."""
        cache = self._similarities
        if (path_b, path_a) in cache:
            return cache[(path_b, path_a)].T
        if (path_a, path_b) not in cache:
            a, b = self._vectors[path_a], self._vectors[path_b]
            matrix = np.zeros((len(a), len(b))) if not len(a) or not len(b) else a @ b.T
            matrix.setflags(write=False)
            cache[(path_a, path_b)] = matrix
        return cache[(path_a, path_b)]

    def context_matrix(self, path_a: str, path_b: str) -> np.ndarray:
        """Similarity plus ``LINK_BONUS`` where the sentences' paragraphs are linked."""
        scores = self.similarity_matrix(path_a, path_b).copy()
        rows = [sa.paragraph for sa in self.sentences[path_a]]
        cols = [sb.paragraph for sb in self.sentences[path_b]]
        pairs = {(pa, pb) for a, pa, b, pb in self._linked if a == path_a and b == path_b}
        if pairs and rows and cols:
            # which (row paragraph, column paragraph) pairs are linked, over the distinct ones
            row_ids = {p: n for n, p in enumerate(sorted(set(rows)))}
            col_ids = {p: n for n, p in enumerate(sorted(set(cols)))}
            linked = np.zeros((len(row_ids), len(col_ids)), dtype=bool)
            for pa, pb in pairs:
                if pa in row_ids and pb in col_ids:
                    linked[row_ids[pa], col_ids[pb]] = True
            mask = linked[np.ix_([row_ids[p] for p in rows], [col_ids[p] for p in cols])]
            scores[mask] += LINK_BONUS
        return scores

    def linked(self, a: SentenceRef, b: SentenceRef) -> bool:
        return (a.path, a.paragraph, b.path, b.paragraph) in self._linked

    def sentence_at(self, path: str, offset: int) -> Optional[SentenceRef]:
        refs = self.sentences.get(path, [])
        starts = [r.start for r in refs]
        k = bisect.bisect_right(starts, offset) - 1
        if 0 <= k < len(refs) and refs[k].start <= offset < max(refs[k].end, refs[k].start + 1):
            return refs[k]
        return None

    def text(self, ref: SentenceRef) -> str:
        return self.articles[ref.path].text[ref.start:ref.end]

    def pairs(self, floor: float) -> Iterable[tuple[SentenceRef, SentenceRef, float]]:
        """Sentence pairs of different articles whose context score is at least ``floor``."""
        paths = [a.path for a in self.comparison.articles]
        for x, pa in enumerate(paths):
            for pb in paths[x + 1:]:
                scores = self.context_matrix(pa, pb)
                for i, j in zip(*np.nonzero(scores >= floor)):
                    yield self.sentences[pa][i], self.sentences[pb][j], float(scores[i, j])


def _article_sentences(article: Article, analysis: Analysis, comparison: Comparison
                       ) -> tuple[list[SentenceRef], list[list[str]]]:
    kinds = {p.index: p for p in article.paragraphs}
    offsets = [o for o, _ in analysis.lemmas]
    mentions = sorted(analysis.mentions, key=lambda m: m.start)
    mention_starts = [m.start for m in mentions]
    refs: list[SentenceRef] = []
    terms: list[list[str]] = []
    for sentence in analysis.sentences:
        paragraph = kinds.get(sentence.paragraph)
        if paragraph is None or paragraph.kind not in (BODY, TITLE) or paragraph.duplicate_of is not None:
            continue
        lo, hi = bisect.bisect_left(offsets, sentence.start), bisect.bisect_left(offsets, sentence.end)
        words = [stem(lemma) for _, lemma in analysis.lemmas[lo:hi] if not _NUMBERISH.match(lemma)]
        first = bisect.bisect_left(mention_starts, sentence.start)
        last = bisect.bisect_left(mention_starts, sentence.end)
        for m in mentions[first:last]:
            if m.label in ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"):
                key = comparison.entities.key_of(article.path, m)
                if key:
                    words.append(key)
        refs.append(SentenceRef(article.path, len(refs), sentence.start, sentence.end, sentence.paragraph))
        terms.append(words)
    return refs, terms


def paths_in_order(comparison: Comparison) -> list[str]:
    return [a.path for a in comparison.articles]


def union_find(items: Sequence, edges: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Connected groups of ``items`` (by index) joined by ``edges``."""
    parent = list(range(len(items)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra
    groups: dict[int, list[int]] = {}
    for i in range(len(items)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())
