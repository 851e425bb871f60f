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
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Mapping, Optional, Sequence

import numpy as np

from ..analysis.embeddings import get_embedder
from ..analysis.entities import EntityIndex
from ..analysis.vectors import tfidf_matrix
from ..model import BODY, TITLE, Analysis, Article, Paragraph, PassageLink

CONFIDENT = 0.3        # pass 1 floor
NEAR_BEST = 0.9        # pass 1: share of the row's and column's best score
GAP_FLOOR = 0.06       # pass 2 floor
LEFTOVER_FLOOR = 0.15  # pass 3 floor
SPLIT_FLOOR = 0.2      # a paragraph split off a linked one scores at least this
SPLIT_SHARE = 0.4      # ... and this share of the confident link it extends
SPLIT_NOVEL = 2        # ... and shares this many content words with the passage that the other part lacks
HEADLINE_FLOOR = 0.05  # headlines of two reports of one event are linked unless unrelated
LEAD_PARAGRAPHS = 2    # where an article has no headline, its first paragraphs stand in
EXTENDED_REPEAT = 1.5  # length ratio from which an in-article repeat counts as new text
SENTENCE_WEIGHT = 0.8
ANCHOR_WEIGHT = 0.2
ANCHOR_MAX_SHARE = 0.15  # an anchor in more than this share of units is not distinctive
PHRASE_SCALE = 4.0     # shared verbatim trigrams for ~63 % of the phrase signal
QUOTE_SCALE = 3.0      # quoted trigrams found in the other passage, likewise
USE_EMBEDDINGS = True  # False: align without the word-vector model (as when it is not installed)
# Chosen on half of the dev pairs; quote identity measured no gain over verbatim phrases
# (same quoted words are shared trigrams already), so it is computed but weighs 0.
WEIGHTS = {"phrase": 0.3, "quote": 0.0, "embedding": 0.3}
SIGNALS = ("lexical", "anchors", "phrase", "quote", "embedding")
BACKGROUND_UNITS = 400   # paragraphs of other articles used to estimate how common words are

# Relative dates and ordinals ("Thursday", "first") recur in unrelated paragraphs.
_WEAK_ANCHOR_LABELS = {"DATE", "TIME", "ORDINAL"}
# Trigrams made only of these say nothing about what a passage reports ("one of the").
_FUNCTION_WORDS = frozenset(
    "a an the and or but of to in on at for from by with as is was are were be been has have had it its "
    "this that these those he she they his her their them we our you i not no s t".split())
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
    text: str = ""
    grams: frozenset = frozenset()         # word trigrams of the surface text (verbatim wording)
    quoted_grams: frozenset = frozenset()  # the trigrams that lie inside quotation marks
    lead: int = -1                         # rank among the article's body units (0 = first)
    repeat_of: Optional[int] = None        # paragraph this one restates (and extends)


def is_unit(paragraph: Paragraph, article: Optional[Article] = None) -> bool:
    """Whether a paragraph is aligned: titles and body text, not in-article repeats.

    A "repeat" much longer than what it repeats (a standfirst restated and extended
    further down) carries text of its own, which another outlet may report: it stays.
    """
    if paragraph.kind not in (TITLE, BODY):
        return False
    if paragraph.duplicate_of is None:
        return True
    if article is None:
        return False
    original = article.paragraphs[paragraph.duplicate_of]
    return paragraph.end - paragraph.start >= EXTENDED_REPEAT * (original.end - original.start)


def article_units(article: Article, analysis: Analysis, index: Optional[EntityIndex],
                  wording: bool = True) -> list[Unit]:
    """The aligned units of one article; ``wording=False`` leaves out the verbatim trigrams
    (background units only lend word and name frequencies, and trigrams cost the most)."""
    offsets = [o for o, _ in analysis.lemmas]
    stems = [stem(l) for _, l in analysis.lemmas]
    sentences_by_paragraph: dict[int, list] = {}
    for s in analysis.sentences:
        sentences_by_paragraph.setdefault(s.paragraph, []).append(s)
    mentions = sorted(analysis.mentions, key=lambda m: m.start)
    mention_starts = [m.start for m in mentions]
    quotes = sorted((q.start, q.end) for q in analysis.quotes)
    units = []
    body_rank = 0
    for p in article.paragraphs:
        if not is_unit(p, article):
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
        grams, quoted = _trigrams(article.text, p.start, p.end, quotes) if wording else (frozenset(), frozenset())
        lead = -1
        if p.kind == BODY:
            lead, body_rank = body_rank, body_rank + 1
        units.append(Unit(article.path, p.index, p.span, p.kind, terms, sentences, anchors,
                          article.text[p.start:p.end], grams, quoted, lead, p.duplicate_of))
    return units


_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _trigrams(text: str, start: int, end: int, quotes: Sequence[tuple[int, int]]
              ) -> tuple[frozenset, frozenset]:
    """Word trigrams of ``text[start:end]`` (lower-cased, punctuation and quote style ignored),
    leaving out those made only of function words; and the subset inside quotation marks."""
    matches = list(_WORD.finditer(text.lower(), start, end))
    words = [m.group() for m in matches]
    function = _FUNCTION_WORDS
    grams = frozenset(g for g in zip(words, words[1:], words[2:])
                      if not (g[0] in function and g[1] in function and g[2] in function))
    inside_spans = [(s, e) for s, e in quotes if s < end and e > start]
    if not inside_spans:
        return grams, frozenset()
    inside = [any(s <= m.start() < e for s, e in inside_spans) for m in matches]
    quoted = frozenset(g for n, g in enumerate(zip(words, words[1:], words[2:]))
                       if inside[n] and inside[n + 2] and g in grams)
    return grams, quoted


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
        # Paragraph vectors only: sentence-level vectors were measured and added nothing.
        embedder = get_embedder() if USE_EMBEDDINGS and WEIGHTS.get("embedding") else None
        self.embeddings = embedder.embed([u.text for u in order]) if embedder is not None else None

    def scores(self, a: Sequence[Unit], b: Sequence[Unit]) -> np.ndarray:
        """Scores in 0..1 for every unit pair of two articles."""
        return combine(self.signals(a, b))

    def signals(self, a: Sequence[Unit], b: Sequence[Unit]) -> dict[str, np.ndarray]:
        """Each kind of evidence, as a matrix in 0..1 over the unit pairs of two articles."""
        shape = (len(a), len(b))
        if not a or not b:
            return {k: np.zeros(shape, dtype=np.float32) for k in SIGNALS}
        rows_a = [self._row[(u.path, u.paragraph)] for u in a]
        rows_b = [self._row[(u.path, u.paragraph)] for u in b]
        lexical = (self.paragraph_vectors[rows_a] @ self.paragraph_vectors[rows_b].T).toarray()
        best_sentence = self._best_sentence(rows_a, rows_b)
        anchors = np.zeros(shape)
        phrase = np.zeros(shape)
        quote = np.zeros(shape)
        limit = ANCHOR_MAX_SHARE * self.pool_size
        for i, ua in enumerate(a):
            for j, ub in enumerate(b):
                if ua.anchors:
                    shared = [k for k in ua.anchors & ub.anchors if self.anchor_df[k] <= limit]
                    if shared:
                        weight = sum(math.log((self.pool_size + 1) / (self.anchor_df[k] + 0.5)) for k in shared)
                        anchors[i, j] = 1.0 - math.exp(-0.5 * weight)
                common = len(ua.grams & ub.grams)
                if common:
                    phrase[i, j] = 1.0 - math.exp(-common / PHRASE_SCALE)
                    quoted = len(ua.quoted_grams & ub.grams) + len(ub.quoted_grams & ua.grams)
                    if quoted:
                        quote[i, j] = 1.0 - math.exp(-quoted / QUOTE_SCALE)
        return {"lexical": np.maximum(lexical, SENTENCE_WEIGHT * best_sentence), "anchors": anchors,
                "phrase": phrase, "quote": quote, "embedding": self._embedding(rows_a, rows_b)}

    def _embedding(self, rows_a: list[int], rows_b: list[int]) -> np.ndarray:
        """Cosine of the paragraphs' mean word vectors (zeros without the model)."""
        if self.embeddings is None:
            return np.zeros((len(rows_a), len(rows_b)))
        # Elementwise rather than a BLAS call: for a few dozen rows this avoids waking
        # BLAS threads, which on a busy machine costs more than the product itself.
        a, b = self.embeddings[rows_a].astype(np.float64), self.embeddings[rows_b].astype(np.float64)
        return np.einsum("ik,jk->ij", a, b, optimize=False)

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


def combine(signals: Mapping[str, np.ndarray], weights: Optional[Mapping[str, float]] = None
            ) -> np.ndarray:
    """One score in 0..1 per unit pair from the separate kinds of evidence."""
    w = dict(WEIGHTS if weights is None else weights)
    base = (1 - ANCHOR_WEIGHT) * signals["lexical"] + ANCHOR_WEIGHT * signals["anchors"]
    score = base + w.get("phrase", 0) * signals["phrase"] + w.get("quote", 0) * signals["quote"]
    score = score + w.get("embedding", 0) * _relative(signals["embedding"])
    return np.clip(score, 0.0, 1.0).astype(np.float32)


def _relative(cosines: np.ndarray) -> np.ndarray:
    """Cosines rescaled against the pair's own baseline: every paragraph about one call is
    close to every other in a general-purpose space, so only the excess over the typical
    pair (the median) says "same point"."""
    if cosines.size == 0 or not cosines.any():
        return np.zeros_like(cosines)
    base = float(np.median(cosines))
    return np.clip((cosines - base) / max(1e-6, 1.0 - base), 0.0, 1.0)


def select_links(scores: np.ndarray, kinds_a: Sequence[str], kinds_b: Sequence[str],
                 leads_a: Optional[Sequence[int]] = None, leads_b: Optional[Sequence[int]] = None,
                 repeats_a: Sequence[tuple[int, int]] = (), repeats_b: Sequence[tuple[int, int]] = (),
                 terms_a: Optional[Sequence[set[str]]] = None, terms_b: Optional[Sequence[set[str]]] = None,
                 origins: Optional[dict[tuple[int, int], str]] = None) -> list[tuple[int, int, float]]:
    """The passes described in the module docstring; returns (row, column, score).

    ``leads_*``: each unit's rank among its article's body units (for headline ↔ lead);
    ``repeats_*``: pairs of units of one article where one restates the other;
    ``terms_*``: each unit's content words (a split part must cover words of its own);
    ``origins``: if given, filled with the pass that made each link (for tests and tuning).
    """
    if scores.size == 0:
        return []
    body_a = np.asarray([k == BODY for k in kinds_a])
    body_b = np.asarray([k == BODY for k in kinds_b])
    # Body text aligns with body text; headlines are handled on their own (last pass):
    # a headline sums up the whole story, so it looks a little like every paragraph.
    body = np.where(body_a[:, None] & body_b[None, :], scores, 0.0)
    row_best = body.max(axis=1, keepdims=True)
    col_best = body.max(axis=0, keepdims=True)
    confident = (body >= CONFIDENT) & (body >= NEAR_BEST * row_best) & (body >= NEAR_BEST * col_best)
    links = {(int(i), int(j)) for i, j in zip(*np.nonzero(confident))}
    origin = {link: "confident" for link in links}
    links |= _split_links(body, links, row_best.ravel(), col_best.ravel(), repeats_a, repeats_b,
                          terms_a, terms_b)
    origin.update({link: "split" for link in links if link not in origin})

    chain = _ordered_chain(sorted(links), body)
    bounds = [(-1, -1)] + chain + [body.shape]
    linked_a = {i for i, _ in links}
    linked_b = {j for _, j in links}
    for (i0, j0), (i1, j1) in zip(bounds, bounds[1:]):
        rows = [i for i in range(i0 + 1, i1) if i not in linked_a and body_a[i]]
        cols = [j for j in range(j0 + 1, j1) if j not in linked_b and body_b[j]]
        if rows and cols:
            links.update(_monotone_matches(body, rows, cols, GAP_FLOOR))
    origin.update({link: "gap" for link in links if link not in origin})

    linked_a = {i for i, _ in links}
    linked_b = {j for _, j in links}
    rows = [i for i in range(body.shape[0]) if i not in linked_a and body_a[i]]
    cols = [j for j in range(body.shape[1]) if j not in linked_b and body_b[j]]
    if rows and cols:
        sub = body[np.ix_(rows, cols)]
        for x, i in enumerate(rows):
            y = int(sub[x].argmax())
            if sub[x, y] >= LEFTOVER_FLOOR and int(sub[:, y].argmax()) == x:
                links.add((i, cols[y]))
    origin.update({link: "leftover" for link in links if link not in origin})
    links |= _headline_links(scores, kinds_a, kinds_b, leads_a, leads_b, same_story=bool(confident.any()))
    origin.update({link: "headline" for link in links if link not in origin})
    if origins is not None:
        origins.update(origin)
    return sorted((i, j, float(scores[i, j])) for i, j in links)


def _split_links(scores: np.ndarray, links: set[tuple[int, int]], row_best: np.ndarray,
                 col_best: np.ndarray, repeats_a: Sequence[tuple[int, int]] = (),
                 repeats_b: Sequence[tuple[int, int]] = (), terms_a: Optional[Sequence[set[str]]] = None,
                 terms_b: Optional[Sequence[set[str]]] = None) -> set[tuple[int, int]]:
    """Links to the neighbours of a linked passage that continue the same point.

    One outlet often splits into two or three consecutive paragraphs what another says
    in one: each part then matches that one paragraph best, if less strongly than the
    part the confident pass found. A neighbour joins when it is (near) best matched by
    the same passage and scores at least SPLIT_SHARE of the link it extends. A passage
    an article restates elsewhere counts as a neighbour of its restatement.

    A part must also cover some of the passage the other part does not: at least
    SPLIT_NOVEL content words that the passage shares with it and not with the part
    already linked. A paragraph that merely sits next to a rewritten one and borrows a
    word or two from it is not a part of it.
    """
    echo_a: dict[int, set[int]] = {}
    echo_b: dict[int, set[int]] = {}
    for echo, pairs in ((echo_a, repeats_a), (echo_b, repeats_b)):
        for x, y in pairs:
            echo.setdefault(x, set()).add(y)
            echo.setdefault(y, set()).add(x)
    found = set(links)
    # (link, score of the confident link it descends from): every part of a split must
    # score SPLIT_SHARE of that root, so a chain of ever weaker neighbours stops.
    frontier = [(link, float(scores[link])) for link in sorted(links)]
    n_rows, n_cols = scores.shape
    while frontier:
        (i, j), root = frontier.pop()
        near = [(i, j - 1, False), (i, j + 1, False), (i - 1, j, False), (i + 1, j, False)]
        near += [(i, y, True) for y in echo_b.get(j, ())] + [(x, j, True) for x in echo_a.get(i, ())]
        for x, y, echo in near:
            if not (0 <= x < n_rows and 0 <= y < n_cols) or (x, y) in found:
                continue
            value = scores[x, y]
            if value < SPLIT_FLOOR or value < SPLIT_SHARE * root:
                continue
            # the new paragraph's best partner must be the passage it is split from
            best = col_best[y] if y != j else row_best[x]
            if value < NEAR_BEST * best:
                continue
            if not echo and terms_a is not None and terms_b is not None:
                if x == i:  # b's paragraph y joins b's j under a's i
                    novel = (terms_a[i] & terms_b[y]) - terms_b[j]
                else:       # a's paragraph x joins a's i under b's j
                    novel = (terms_b[j] & terms_a[x]) - terms_a[i]
                if len(novel) < SPLIT_NOVEL:
                    continue
            found.add((x, y))
            frontier.append(((x, y), root))
    return found - links


def _headline_links(scores: np.ndarray, kinds_a: Sequence[str], kinds_b: Sequence[str],
                    leads_a: Optional[Sequence[int]], leads_b: Optional[Sequence[int]],
                    same_story: bool = False) -> set[tuple[int, int]]:
    """Headline ↔ headline; where one article has no headline, its lead stands in.

    Two reports that share at least one confidently linked passage tell one story, and
    their headlines sum it up even when they share no word ("harbour deal signed" /
    "fisheries pact agreed"); otherwise the headlines must show some likeness themselves.
    """
    titles_a = [i for i, k in enumerate(kinds_a) if k == TITLE]
    titles_b = [j for j, k in enumerate(kinds_b) if k == TITLE]
    found: set[tuple[int, int]] = set()
    if titles_a and titles_b:
        i, j = max(((i, j) for i in titles_a for j in titles_b), key=lambda c: scores[c])
        if same_story or scores[i, j] >= HEADLINE_FLOOR:
            found.add((i, j))
        return found
    if titles_a or titles_b:
        leads = leads_b if titles_a else leads_a
        ranks = leads if leads is not None else []
        lead = [k for k, r in enumerate(ranks) if 0 <= r < LEAD_PARAGRAPHS]
        for t in titles_a or titles_b:
            cells = [(t, k) if titles_a else (k, t) for k in lead]
            if cells:
                best = max(cells, key=lambda c: scores[c])
                if scores[best] >= HEADLINE_FLOOR:
                    found.add(best)
    return found


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
            chosen = select_links(scores, [u.kind for u in ua], [u.kind for u in ub],
                                  [u.lead for u in ua], [u.lead for u in ub], _repeats(ua), _repeats(ub),
                                  [set(u.terms) for u in ua], [set(u.terms) for u in ub])
            links = [PassageLink(a.path, b.path, ua[i].paragraph, ub[j].paragraph, ua[i].span, ub[j].span,
                                 round(score, 4))
                     for i, j, score in chosen]
            result[(a.path, b.path)] = sorted(links, key=lambda l: (l.a_paragraph, l.b_paragraph))
    return result


def _repeats(units: Sequence[Unit]) -> list[tuple[int, int]]:
    """(unit, unit) pairs where the second restates the first, as unit positions."""
    where = {u.paragraph: n for n, u in enumerate(units)}
    return [(where[u.repeat_of], n) for n, u in enumerate(units) if u.repeat_of in where]


def _background_units(background: Iterable[tuple[Article, Analysis]], index: Optional[EntityIndex],
                      exclude: set[str]) -> list[Unit]:
    """An even, deterministic sample of BACKGROUND_UNITS units of the other articles.

    Units are built only for the articles the sample falls in: the cost of a
    comparison must not grow with the size of the library.
    """
    pairs = [(article, analysis) for article, analysis in background if article.path not in exclude]
    counts = [sum(1 for p in article.paragraphs if is_unit(p, article)) for article, _ in pairs]
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
            built = article_units(article, analysis, index, wording=False)
            units.extend(built[i] for i in local)
        start += count
    return units
