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
import threading
import weakref
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Mapping, Optional, Sequence

import numpy as np
from scipy import sparse

from ..analysis.embeddings import get_embedder
from ..analysis.entities import EntityIndex
from ..analysis.vectors import tfidf_rows
from ..model import BODY, TITLE, Analysis, Article, Paragraph, PassageLink

CONFIDENT = 0.3        # pass 1 floor
NEAR_BEST = 0.9        # pass 1: share of the row's and column's best score
GAP_FLOOR = 0.06       # pass 2 floor
LEFTOVER_FLOOR = 0.15  # pass 3 floor
CONTENT_FLOOR = 0.1    # passes 2 and 3: likeness of the words outside names, at least this ...
REQUIRE_SUPPORT = True  # ... or a shared phrase, quote or figure (see ``supported``)
PARAPHRASE_SUPPORT = 0.4  # ... or word vectors this far above the pair's typical likeness (None: off)
WEAK_Z = 1.0           # passes 2 and 3: robust z-score over the pair's own cells, at least this
SPLIT_FLOOR = 0.2      # a paragraph split off a linked one scores at least this
SPLIT_SHARE = 0.4      # ... and this share of the confident link it extends
SPLIT_NOVEL = 2        # ... and shares this many content words with the passage that the other part lacks
HEADLINE_FLOOR = 0.05  # headlines of two reports of one event are linked unless unrelated
LEAD_PARAGRAPHS = 2    # where an article has no headline, its first paragraphs stand in
EXTENDED_REPEAT = 1.5  # length ratio from which an in-article repeat counts as new text
SENTENCE_WEIGHT = 0.8
ANCHOR_WEIGHT = 0.2
PAIR_RARITY = True     # an anchor's weight is also capped by how common it is in the two articles
ANCHOR_MAX_SHARE = 0.15  # an anchor in more than this share of units is not distinctive
PHRASE_SCALE = 4.0     # shared verbatim trigrams for ~63 % of the phrase signal
QUOTE_SCALE = 3.0      # quoted trigrams found in the other passage, likewise
USE_EMBEDDINGS = True  # False: align without the word-vector model (as when it is not installed)
# Chosen on half of the dev pairs; quote identity measured no gain over verbatim phrases
# (same quoted words are shared trigrams already), so it is computed but weighs 0.
WEIGHTS = {"phrase": 0.3, "quote": 0.0, "embedding": 0.3}
SIGNALS = ("lexical", "anchors", "phrase", "quote", "embedding", "content", "figures")
BACKGROUND_UNITS = 400   # paragraphs of other articles used to estimate how common words are
# Bounds on pathological input (issue 16): articles whose paragraphs reuse the same
# sentences make every paragraph (near) best matched by dozens of others. News articles
# give a paragraph at most three confident partners (the dev corpus: at most 3 per row,
# 2 per column), so keeping the best few leaves them as they are.
CONFIDENT_PER_PARAGRAPH = 3  # pass 1: a paragraph keeps at most its best this many links
LINKS_PER_PARAGRAPH = 6      # ... and joins no split once it has this many (dev corpus: at most 6)
CHAIN_EXACT_LINKS = 1_000    # up to this many links the story's order is found by the plain O(n²) scan

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
    content: Optional[list[str]] = None    # stemmed content words outside names, numbers and dates
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
    stems = [stem(lemma) for _, lemma in analysis.lemmas]
    sentences_by_paragraph: dict[int, list] = {}
    for s in analysis.sentences:
        sentences_by_paragraph.setdefault(s.paragraph, []).append(s)
    mentions = sorted(analysis.mentions, key=lambda m: m.start)
    mention_starts = [m.start for m in mentions]
    in_mention = _inside(offsets, [(m.start, m.end) for m in mentions])
    quotes = sorted((q.start, q.end) for q in analysis.quotes)
    units = []
    body_rank = 0
    for p in article.paragraphs:
        if not is_unit(p, article):
            continue
        lo, hi = bisect.bisect_left(offsets, p.start), bisect.bisect_left(offsets, p.end)
        terms = stems[lo:hi]
        content = [t for t, named in zip(terms, in_mention[lo:hi]) if not named]
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
        grams, quoted = (_trigrams(article.text, p.start, p.end, quotes, mentions[first:last]) if wording
                         else (frozenset(), frozenset()))
        lead = -1
        if p.kind == BODY:
            lead, body_rank = body_rank, body_rank + 1
        units.append(Unit(article.path, p.index, p.span, p.kind, terms, sentences, anchors,
                          article.text[p.start:p.end], grams, quoted, content, lead, p.duplicate_of))
    return units


_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _inside(offsets: Sequence[int], spans: Sequence[tuple[int, int]]) -> list[bool]:
    """For each sorted offset, whether it falls inside one of the sorted ``spans``."""
    flags = []
    k = 0
    for offset in offsets:
        while k < len(spans) and spans[k][1] <= offset:
            k += 1
        flags.append(k < len(spans) and spans[k][0] <= offset)
    return flags


def _trigrams(text: str, start: int, end: int, quotes: Sequence[tuple[int, int]],
              mentions: Sequence = ()) -> tuple[frozenset, frozenset]:
    """Word trigrams of ``text[start:end]`` (lower-cased, punctuation and quote style ignored),
    leaving out those made only of function words and names; and the subset inside
    quotation marks.

    A name ("the White House", "Chinese President Xi") is the anchors' evidence: as a
    shared phrase it would count twice and say nothing of what the passages report.
    Name words are those inside an entity mention or capitalised in the text; dates
    ("on Thursday") are no anchors, so a phrase that holds one still counts.
    """
    matches = list(_WORD.finditer(text, start, end))
    words = [m.group().lower() for m in matches]
    starts = [m.start() for m in matches]
    names = sorted((m.start, m.end) for m in mentions if m.label not in _WEAK_ANCHOR_LABELS)
    dates = sorted((m.start, m.end) for m in mentions if m.label in _WEAK_ANCHOR_LABELS)
    named = _inside(starts, names) if names else [False] * len(matches)
    dated = _inside(starts, dates) if dates else [False] * len(matches)
    weak = [w in _FUNCTION_WORDS or n or (m.group()[0].isupper() and not d)
            for w, n, d, m in zip(words, named, dated, matches)]
    grams = frozenset(g for n, g in enumerate(zip(words, words[1:], words[2:]))
                      if not (weak[n] and weak[n + 1] and weak[n + 2]))
    inside_spans = [(s, e) for s, e in quotes if s < end and e > start]
    if not inside_spans:
        return grams, frozenset()
    inside = [any(s <= m.start() < e for s, e in inside_spans) for m in matches]
    quoted = frozenset(g for n, g in enumerate(zip(words, words[1:], words[2:]))
                       if inside[n] and inside[n + 2] and g in grams)
    return grams, quoted


@dataclass
class BackgroundStats:
    """How common words and names are across other articles' units: ``n`` units, ``df``
    (in how many of them each term occurs) and ``anchor_df`` (likewise for names)."""
    n: int = 0
    df: Counter = field(default_factory=Counter)
    anchor_df: Counter = field(default_factory=Counter)

    @classmethod
    def of(cls, units: Iterable[Unit]) -> "BackgroundStats":
        stats = cls()
        for u in units:
            stats.add(u)
        return stats

    def add(self, unit: Unit, sign: int = 1) -> None:
        self.n += sign
        self.df.update({t: sign for t in set(unit.terms)})
        self.anchor_df.update({k: sign for k in unit.anchors})

    def without(self, units: Iterable[Unit]) -> "BackgroundStats":
        """A copy less ``units`` (the compared articles' own units, when sampled)."""
        units = list(units)
        if not units:
            return self
        copy = BackgroundStats(self.n, Counter(self.df), Counter(self.anchor_df))
        for u in units:
            copy.add(u, -1)
        return copy


class AlignmentSpace:
    """Vectors for every unit and sentence of the compared articles, computed once.

    ``background``: other articles' units, or their statistics (:class:`BackgroundStats`);
    ``embeddings``: each article's unit vectors, if already known (path -> rows).
    """

    def __init__(self, units: Mapping[str, Sequence[Unit]],
                 background: "Sequence[Unit] | BackgroundStats" = (),
                 embeddings: Optional[Mapping[str, Optional[np.ndarray]]] = None):
        self.units = units
        stats = background if isinstance(background, BackgroundStats) else BackgroundStats.of(background)
        order = [u for us in units.values() for u in us]
        self._row = {(u.path, u.paragraph): i for i, u in enumerate(order)}
        self.paragraph_vectors = tfidf_rows([u.terms for u in order], stats.df, stats.n)
        sentences = [(i, s) for i, u in enumerate(order) for s in u.sentences]
        self._sentence_owner = np.asarray([i for i, _ in sentences], dtype=np.int64)
        self.sentence_vectors = tfidf_rows([s for _, s in sentences], stats.df, stats.n)
        self.content_vectors = tfidf_rows([u.content or [] for u in order], stats.df, stats.n)
        self.anchor_df = Counter(stats.anchor_df)
        self.anchor_df.update(k for u in order for k in u.anchors)
        self.pool_size = len(order) + stats.n
        # Which trigrams and names each unit holds, as 0/1 matrices over the compared units'
        # own vocabularies: a pair's shared counts are then one sparse product of two slices.
        self.grams = _incidence([u.grams for u in order])
        vocab = self.grams.vocab
        self.quoted = _incidence([u.quoted_grams for u in order], vocab)
        self.names = _incidence([u.anchors for u in order])
        self._blocks: dict[tuple, dict[str, np.ndarray]] = {}
        # Paragraph vectors only: sentence-level vectors were measured and added nothing.
        self.embeddings: Optional[np.ndarray] = None
        if USE_EMBEDDINGS and WEIGHTS.get("embedding"):
            if embeddings is None:
                embedder = get_embedder()
                embeddings = {path: embedder.embed([u.text for u in us]) for path, us in units.items()
                              } if embedder is not None else None
            if embeddings is not None and all(embeddings.get(path) is not None for path in units):
                parts = [vectors for path in units if (vectors := embeddings[path]) is not None]  # all: checked above
                self.embeddings = np.concatenate(parts) if order else None

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
        block = self._block(rows_a)
        columns = _columns(rows_b)
        lexical = block["lexical"][:, columns]
        best_sentence = block["sentence"][:, columns]
        anchors = np.zeros(shape)
        figures = np.zeros(shape)  # 1 where both give the same figure ("1,300", "90 minutes")
        phrase = np.zeros(shape)
        quote = np.zeros(shape)
        common = block["grams"][:, columns]
        if common.any():
            phrase = 1.0 - np.exp(-common / PHRASE_SCALE)
            quoted = block["quoted"][:, columns]
            quote = np.where(quoted > 0, 1.0 - np.exp(-quoted / QUOTE_SCALE), 0.0)
        info = self._anchor_information(a, b)
        if info:
            where = self.names.vocab
            keys = list(info)
            cols = [where[k] for k in keys]
            na = self.names.matrix[_columns(rows_a)][:, cols].toarray()
            nb = self.names.matrix[columns][:, cols].toarray()
            value = np.asarray([info[k] for k in keys])
            weight = np.einsum("ik,jk->ij", na * value, nb, optimize=False)
            anchors = np.where(weight > 0, 1.0 - np.exp(-0.5 * weight), 0.0)
            numbers = np.asarray([_is_figure(k) for k in keys], dtype=np.float64)
            if numbers.any():
                figures = np.minimum(np.einsum("ik,jk->ij", na * numbers, nb, optimize=False), 1.0)
        return {"lexical": np.maximum(lexical, SENTENCE_WEIGHT * best_sentence), "anchors": anchors,
                "phrase": phrase, "quote": quote, "embedding": self._embedding(rows_a, rows_b),
                "content": block["content"][:, columns], "figures": figures}

    def _anchor_information(self, a: Sequence[Unit], b: Sequence[Unit]) -> dict[str, float]:
        """The names both articles give, each with how surprising it is that two passages
        share it: rare in the library, and rare in these two articles too ("India" is rare
        in a library, not in two reports of a Modi–Xi meeting, where it fills half the
        paragraphs of both)."""
        limit = ANCHOR_MAX_SHARE * self.pool_size
        in_a = Counter(k for u in a for k in u.anchors)
        in_b = Counter(k for u in b for k in u.anchors)
        info = {}
        for k in in_a.keys() & in_b.keys():
            if self.anchor_df[k] <= limit:
                library = math.log((self.pool_size + 1) / (self.anchor_df[k] + 0.5))
                pair = -math.log(in_a[k] / len(a) * in_b[k] / len(b)) if PAIR_RARITY else library
                info[k] = min(library, pair)
        return info

    def _block(self, rows: list[int]) -> dict[str, np.ndarray]:
        """Dense products of these units (one article's) with every compared unit, computed
        once per article: its pairs with each other article are then column slices."""
        key = tuple(rows)
        if key in self._blocks:
            return self._blocks[key]
        r = _columns(rows)
        g = self.grams.matrix
        q = self.quoted.matrix
        block = {
            "lexical": (self.paragraph_vectors[r] @ self.paragraph_vectors.T).toarray(),
            "content": (self.content_vectors[r] @ self.content_vectors.T).toarray(),
            "grams": (g[r] @ g.T).toarray(),
            "quoted": (q[r] @ g.T).toarray() + (g[r] @ q.T).toarray(),
            "sentence": self._best_sentence(rows),
        }
        self._blocks[key] = block
        return block

    def _embedding(self, rows_a: list[int], rows_b: list[int]) -> np.ndarray:
        """Cosine of the paragraphs' mean word vectors (zeros without the model)."""
        if self.embeddings is None:
            return np.zeros((len(rows_a), len(rows_b)))
        # Elementwise rather than a BLAS call: for a few dozen rows this avoids waking
        # BLAS threads, which on a busy machine costs more than the product itself.
        a = self.embeddings[_columns(rows_a)].astype(np.float64)
        b = self.embeddings[_columns(rows_b)].astype(np.float64)
        return np.einsum("ik,jk->ij", a, b, optimize=False)

    def _best_sentence(self, rows: list[int]) -> np.ndarray:
        """For each of these units and every compared unit, the best sentence-pair likeness."""
        n_units = len(self._row)
        best = np.zeros((len(rows), n_units))
        owner = self._sentence_owner
        mine = np.nonzero(np.isin(owner, rows))[0] if len(owner) else owner
        if not len(mine):
            return best
        sim = (self.sentence_vectors[mine] @ self.sentence_vectors.T).toarray()
        # max over sentence pairs, grouped by (unit of these rows, unit of all)
        per_row = np.zeros((len(rows), sim.shape[1]))
        np.maximum.at(per_row, np.searchsorted(rows, owner[mine]), sim)
        starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
        reduced = np.maximum.reduceat(per_row, starts, axis=1)
        best[:, owner[starts]] = reduced
        return best


_FIGURE_LABELS = ("CARDINAL:", "MONEY:", "PERCENT:", "QUANTITY:")


def _is_figure(key: str) -> bool:
    """An anchor that is a number written in figures ("CARDINAL:1,300"), not "two" or "one"."""
    return key.startswith(_FIGURE_LABELS) and any(c.isdigit() for c in key)


def supported(signals: Mapping[str, np.ndarray]) -> np.ndarray:
    """Where a pair of passages shares what it reports, not only whom it names.

    Names say who and where; two paragraphs that name the same people may still make
    different points ("the White House did not comment" / "Trump returned to the White
    House"). Evidence of content is: words outside names that the two share
    (CONTENT_FLOOR), a verbatim phrase that is not a name, quoted words, or a figure.
    """
    evidence = ((signals["content"] >= CONTENT_FLOOR) | (signals["phrase"] > 0) | (signals["quote"] > 0)
                | (signals["figures"] > 0))
    if PARAPHRASE_SUPPORT is not None:
        evidence |= _relative(signals["embedding"]) >= PARAPHRASE_SUPPORT
    return evidence


@dataclass
class _Incidence:
    matrix: sparse.csr_matrix  # units × items, 1 where the unit holds the item
    vocab: dict                # item -> column


def _incidence(items: Sequence[Iterable], vocab: Optional[dict] = None) -> _Incidence:
    """Which items each unit holds; with ``vocab``, only those items (columns fixed)."""
    grow = vocab is None
    vocab = {} if vocab is None else vocab
    rows, cols = [], []
    for r, unit_items in enumerate(items):
        for item in unit_items:
            c = vocab.get(item)
            if c is None:
                if not grow:
                    continue
                c = vocab[item] = len(vocab)
            rows.append(r)
            cols.append(c)
    matrix = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(items), max(1, len(vocab))))
    return _Incidence(matrix, vocab)


def _columns(rows: list[int]):
    """An index for ``rows``: a cheap slice when they are consecutive (one article's units)."""
    if rows and rows[-1] - rows[0] == len(rows) - 1:
        return slice(rows[0], rows[-1] + 1)
    return rows


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
                 origins: Optional[dict[tuple[int, int], str]] = None,
                 support: Optional[np.ndarray] = None) -> list[tuple[int, int, float]]:
    """The passes described in the module docstring; returns (row, column, score).

    ``leads_*``: each unit's rank among its article's body units (for headline ↔ lead);
    ``repeats_*``: pairs of units of one article where one restates the other;
    ``terms_*``: each unit's content words (a split part must cover words of its own);
    ``origins``: if given, filled with the pass that made each link (for tests and tuning);
    ``support``: where passages share content and not only names (see :func:`supported`);
    the weak passes (gap filling, leftovers) link only there. None: everywhere.

    On pathological input (paragraphs that reuse one another's sentences) the first two
    passes are bounded: a paragraph keeps at most CONFIDENT_PER_PARAGRAPH confident links
    and takes part in at most LINKS_PER_PARAGRAPH once splits are added; the later passes
    are one-to-one. Links thus grow with the paragraphs, not with their square.
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
    confident = _best_few(body, confident, CONFIDENT_PER_PARAGRAPH)
    links = {(int(i), int(j)) for i, j in zip(*np.nonzero(confident))}
    origin = {link: "confident" for link in links}
    links |= _split_links(body, links, row_best.ravel(), col_best.ravel(), repeats_a, repeats_b,
                          terms_a, terms_b)
    origin.update({link: "split" for link in links if link not in origin})

    weak_floor = _chance_level(body, body_a[:, None] & body_b[None, :])
    weak = body if support is None else np.where(support, body, 0.0)
    chain = _ordered_chain(sorted(links), body)
    bounds = [(-1, -1)] + chain + [body.shape]
    linked_a = {i for i, _ in links}
    linked_b = {j for _, j in links}
    for (i0, j0), (i1, j1) in zip(bounds, bounds[1:]):
        rows = [i for i in range(i0 + 1, i1) if i not in linked_a and body_a[i]]
        cols = [j for j in range(j0 + 1, j1) if j not in linked_b and body_b[j]]
        if rows and cols:
            # the order-preserving choice is made on every plausible cell; a chosen cell
            # that does not stand out from the pair's chance level is then dropped
            links.update(m for m in _monotone_matches(weak, rows, cols, GAP_FLOOR) if body[m] >= weak_floor)
    origin.update({link: "gap" for link in links if link not in origin})

    linked_a = {i for i, _ in links}
    linked_b = {j for _, j in links}
    rows = [i for i in range(body.shape[0]) if i not in linked_a and body_a[i]]
    cols = [j for j in range(body.shape[1]) if j not in linked_b and body_b[j]]
    if rows and cols:
        sub = weak[np.ix_(rows, cols)]
        for x, i in enumerate(rows):
            y = int(sub[x].argmax())
            if sub[x, y] >= max(LEFTOVER_FLOOR, weak_floor) and int(sub[:, y].argmax()) == x:
                links.add((i, cols[y]))
    origin.update({link: "leftover" for link in links if link not in origin})
    links |= _headline_links(scores, kinds_a, kinds_b, leads_a, leads_b, same_story=bool(confident.any()))
    origin.update({link: "headline" for link in links if link not in origin})
    if origins is not None:
        origins.update(origin)
    return sorted((i, j, float(scores[i, j])) for i, j in links)


def _best_few(scores: np.ndarray, chosen: np.ndarray, k: int) -> np.ndarray:
    """``chosen`` less every cell that is not among the ``k`` best chosen cells of both its
    row and its column (by score; on equal scores the earlier paragraph first)."""
    counts_rows, counts_cols = chosen.sum(axis=1), chosen.sum(axis=0)
    if counts_rows.max(initial=0) <= k and counts_cols.max(initial=0) <= k:
        return chosen
    kept = np.zeros_like(chosen)
    for axis, counts in ((1, counts_rows), (0, counts_cols)):
        top = np.zeros_like(chosen)
        for n in np.flatnonzero(counts):
            line = chosen[n] if axis == 1 else chosen[:, n]
            cells = np.flatnonzero(line)
            if len(cells) > k:
                values = scores[n, cells] if axis == 1 else scores[cells, n]
                cells = cells[np.argsort(-values, kind="stable")[:k]]
            if axis == 1:
                top[n, cells] = True
            else:
                top[cells, n] = True
        kept = top if axis == 1 else kept & top
    return kept


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
    by_row: dict[int, set[int]] = {}  # found, indexed both ways (a split check must not scan it all)
    by_col: dict[int, set[int]] = {}
    for x, y in found:
        by_row.setdefault(x, set()).add(y)
        by_col.setdefault(y, set()).add(x)
    # (link, score of the confident link it descends from): every part of a split must
    # score SPLIT_SHARE of that root, so a chain of ever weaker neighbours stops.
    frontier = [(link, float(scores[link])) for link in sorted(links)]
    n_rows, n_cols = scores.shape
    while frontier:
        (i, j), root = frontier.pop()
        near = [(i, j - 1, False), (i, j + 1, False), (i - 1, j, False), (i + 1, j, False)]
        near += [(i, y, True) for y in echo_b.get(j, ())] + [(x, j, True) for x in echo_a.get(i, ())]
        for x, y, echoed in near:
            if not (0 <= x < n_rows and 0 <= y < n_cols) or (x, y) in found:
                continue
            value = scores[x, y]
            if value < SPLIT_FLOOR or value < SPLIT_SHARE * root:
                continue
            # the new paragraph's best partner must be the passage it is split from
            best = col_best[y] if y != j else row_best[x]
            if value < NEAR_BEST * best:
                continue
            # a split's parts are consecutive: a paragraph already linked elsewhere joins
            # only where its own links end next to the new partner (else the split would
            # leap over a paragraph and take the next point too)
            if len(by_row.get(x, ())) >= LINKS_PER_PARAGRAPH or len(by_col.get(y, ())) >= LINKS_PER_PARAGRAPH:
                continue
            if not echoed and not _contiguous(by_row, by_col, x, y, x == i):
                continue
            if not echoed and terms_a is not None and terms_b is not None:
                if x == i:  # b's paragraph y joins b's j under a's i
                    novel = (terms_a[i] & terms_b[y]) - terms_b[j]
                else:       # a's paragraph x joins a's i under b's j
                    novel = (terms_b[j] & terms_a[x]) - terms_a[i]
                if len(novel) < SPLIT_NOVEL:
                    continue
            found.add((x, y))
            by_row.setdefault(x, set()).add(y)
            by_col.setdefault(y, set()).add(x)
            frontier.append(((x, y), root))
    return found - links


def _chance_level(body: np.ndarray, mask: np.ndarray) -> float:
    """The score a weak link must reach to stand out from this pair's unrelated passages.

    Most cells of a pair's matrix pair passages that report different points, so the
    bulk of the scores is what chance likeness looks like for these two articles (two
    reports of one call share names and vocabulary everywhere; a rewrite shares less
    outside its matches). A weak link must exceed the median by WEAK_Z robust standard
    deviations (1.4826 × the median absolute deviation).
    """
    values = body[mask]
    if values.size < 4:
        return 0.0
    median = float(np.median(values))
    spread = 1.4826 * float(np.median(np.abs(values - median)))
    return median + WEAK_Z * spread


def _contiguous(by_row: Mapping[int, set[int]], by_col: Mapping[int, set[int]], x: int, y: int,
                new_column: bool) -> bool:
    """Whether linking (x, y) keeps the new part's own links in one run.

    ``by_row``/``by_col``: the links so far, as row -> columns and column -> rows.
    ``new_column``: the new paragraph is column ``y`` (joining row ``x``'s split);
    otherwise it is row ``x``. The new paragraph's other links must include a
    neighbour of its new partner, or there must be none.
    """
    if new_column:
        partners = by_col.get(y, set())
        return not partners or bool(partners & {x - 1, x + 1})
    partners = by_row.get(x, set())
    return not partners or bool(partners & {y - 1, y + 1})


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
    """The heaviest subset of links increasing in both articles (the story's shared order).

    ``links`` sorted. Up to CHAIN_EXACT_LINKS links by a plain scan of every earlier link
    (quadratic); beyond, by :func:`_ordered_chain_fast`, which finds a chain of the same
    weight in n log n but may settle ties between equally heavy chains otherwise.
    """
    if not links:
        return []
    if len(links) > CHAIN_EXACT_LINKS:
        return _ordered_chain_fast(links, scores)
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


def _ordered_chain_fast(links: list[tuple[int, int]], scores: np.ndarray) -> list[tuple[int, int]]:
    """:func:`_ordered_chain` in n log n: links in row order, each extending the heaviest
    chain that ends in an earlier row and column (a prefix maximum over columns, kept in a
    Fenwick tree; rows are entered a whole row at a time, so a row never extends itself)."""
    size = max(j for _, j in links) + 2
    tree: list[tuple[float, int]] = [(0.0, -1)] * (size + 1)  # (total, link index) maxima

    def best_before(j: int) -> tuple[float, int]:  # heaviest chain ending in a column < j
        found, n = (0.0, -1), j  # Fenwick position j+1 holds column j: columns < j are 1..j
        while n > 0:
            if tree[n][0] > found[0]:
                found = tree[n]
            n -= n & -n
        return found

    def enter(j: int, value: tuple[float, int]) -> None:
        n = j + 1
        while n <= size:
            if value[0] > tree[n][0]:
                tree[n] = value
            n += n & -n

    best: list[tuple[float, int]] = []
    k = 0
    while k < len(links):
        row = links[k][0]
        end = k
        while end < len(links) and links[end][0] == row:
            end += 1
        for m in range(k, end):
            i, j = links[m]
            before, previous = best_before(j)
            best.append((before + float(scores[i, j]), previous))
        for m in range(k, end):
            enter(links[m][1], (best[m][0], m))
        k = end
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
    # table[x, y] = max(table[x-1, y], table[x, y-1], table[x-1, y-1] + weight[x-1, y-1]),
    # a row at a time: the middle term makes each row a running maximum of the other two.
    for x in range(1, r + 1):
        above = table[x - 1]
        step = np.empty(c + 1)
        step[0] = 0.0
        np.maximum(above[1:], above[:-1] + weight[x - 1], out=step[1:])
        np.maximum.accumulate(step, out=table[x])
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
    units = {a.path: cached_units(a, analyses[a.path], index) for a in articles}
    stats = _background_stats(list(background), background_index or index, set(units))
    embeddings = None
    if USE_EMBEDDINGS and WEIGHTS.get("embedding"):
        embeddings = {a.path: _cached_embeddings(a, units[a.path]) for a in articles}
    space = AlignmentSpace(units, stats, embeddings)
    result = {}
    for x in range(len(articles)):
        for y in range(x + 1, len(articles)):
            a, b = articles[x], articles[y]
            ua, ub = units[a.path], units[b.path]
            signals = space.signals(ua, ub)
            scores = combine(signals)
            chosen = select_links(scores, [u.kind for u in ua], [u.kind for u in ub],
                                  [u.lead for u in ua], [u.lead for u in ub], _repeats(ua), _repeats(ub),
                                  [set(u.terms) for u in ua], [set(u.terms) for u in ub],
                                  support=supported(signals) if REQUIRE_SUPPORT else None)
            links = [PassageLink(a.path, b.path, ua[i].paragraph, ub[j].paragraph, ua[i].span, ub[j].span,
                                 round(score, 4))
                     for i, j, score in chosen]
            result[(a.path, b.path)] = sorted(links, key=lambda link: (link.a_paragraph, link.b_paragraph))
    return result


# Per-article features, computed once and kept for later comparisons: the units (word
# stems, sentences, names, trigrams) and their word vectors. A comparison then costs
# only what depends on the pair. Bounded, and keyed by content so an edited file is new.
_CACHE_ARTICLES = 512
_cache_lock = threading.Lock()
_unit_cache: "OrderedDict[tuple, tuple]" = OrderedDict()
_vector_cache: "OrderedDict[tuple, Optional[np.ndarray]]" = OrderedDict()
_background_cache: "OrderedDict[tuple, tuple]" = OrderedDict()


def _lru_get(cache: OrderedDict, key: tuple):
    with _cache_lock:
        value = cache.get(key)
        if value is not None:
            cache.move_to_end(key)
        return value


def _lru_put(cache: OrderedDict, key: tuple, value, limit: int = _CACHE_ARTICLES) -> None:
    with _cache_lock:
        cache[key] = value
        cache.move_to_end(key)
        while len(cache) > limit:
            cache.popitem(last=False)


def _index_key(index: Optional[EntityIndex]) -> tuple:
    """Names resolve through the library's entity index: units built with another index
    (another library, or this one regrouped) are not reused."""
    return (None,) if index is None else (id(index),)


def _same_index(ref, index: Optional[EntityIndex]) -> bool:
    return (ref is None and index is None) or (ref is not None and ref() is index)


def cached_units(article: Article, analysis: Analysis, index: Optional[EntityIndex],
                 wording: bool = True) -> list[Unit]:
    """:func:`article_units`, computed once per article text, analysis and entity index."""
    key = _index_key(index) + (article.path, article.content_hash, wording, len(analysis.lemmas))
    hit = _lru_get(_unit_cache, key)
    if hit is not None and _same_index(hit[0], index):
        return hit[1]
    units = article_units(article, analysis, index, wording)
    _lru_put(_unit_cache, key, (weakref.ref(index) if index is not None else None, units))
    return units


def _cached_embeddings(article: Article, units: Sequence[Unit]) -> Optional[np.ndarray]:
    """The word vectors of an article's units (they depend on its text alone)."""
    key = (article.content_hash, tuple(u.span for u in units))
    with _cache_lock:
        if key in _vector_cache:
            _vector_cache.move_to_end(key)
            return _vector_cache[key]
    embedder = get_embedder()
    vectors = embedder.embed([u.text for u in units]) if embedder is not None else None
    _lru_put(_vector_cache, key, vectors)
    return vectors


def _background_stats(background: Sequence[tuple[Article, Analysis]], index: Optional[EntityIndex],
                      compared: set[str]) -> BackgroundStats:
    """Statistics of the background sample (see :func:`_background_units`), less any unit
    of the compared articles. The sample is drawn from the whole background as given, so
    one library's sample is drawn once and reused by every comparison in it."""
    key = _index_key(index) + (BACKGROUND_UNITS, tuple((a.path, a.content_hash) for a, _ in background))
    hit = _lru_get(_background_cache, key)
    if hit is not None and _same_index(hit[0], index):
        by_path: dict[str, list[Unit]]
        stats, by_path = hit[1], hit[2]
    else:
        units = _background_units(background, index, set())
        stats = BackgroundStats.of(units)
        by_path = {}
        for u in units:
            by_path.setdefault(u.path, []).append(u)
        _lru_put(_background_cache, key, (weakref.ref(index) if index is not None else None, stats, by_path),
                 limit=4)
    return stats.without(u for path in compared for u in by_path.get(path, ()))


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
            built = cached_units(article, analysis, index, wording=False)
            units.extend(built[i] for i in local)
        start += count
    return units
