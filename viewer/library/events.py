"""Group articles into events (one phone call, summit... each).

Signals, combined: who takes part (the people the article is mostly about),
when (publication date, dateline, "on Thursday"), and what it says (weighted
lemma vectors). Dates far apart forbid a merge; otherwise average-linkage
clustering on the combined similarity decides.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Mapping, Optional, Sequence

import numpy as np
from scipy import sparse

from ..analysis.dates import article_date, event_day
from ..analysis.entities import EntityIndex
from ..gcpause import collector_paused
from ..model import Analysis, Article, Event
from ..analysis.vectors import tfidf_matrix

MERGE_THRESHOLD = 0.24
MAX_DAYS_APART = 4
# Up to this many articles the whole similarity matrix is clustered at once (exact for
# undated articles too); above it, by date block (see ``date_blocks``).
BLOCK_ABOVE = 1500
_KINDS = {"call": "call", "phone": "call", "telephone": "call", "summit": "summit",
          "meeting": "meeting", "visit": "visit", "talk": "talks"}


@dataclass
class ArticleProfile:
    path: str
    date: Optional[str]
    participants: list[str]  # canonical PERSON keys, most mentioned first
    entities: set[str]  # canonical keys of names and values the article mentions
    lemmas: list[str]


def profile_articles(articles: Sequence[Article], analyses: Mapping[str, Analysis],
                     index: EntityIndex) -> list[ArticleProfile]:
    profiles = []
    for article in articles:
        analysis = analyses[article.path]
        people: Counter = Counter()
        entities: set[str] = set()
        for m in analysis.mentions:
            key = index.key_of(article.path, m)
            if not key:
                continue
            if key.split(":", 1)[0] in _EVIDENCE_LABELS:
                entities.add(key)
            if key.startswith("PERSON:"):
                people[key] += 1
        total = sum(people.values()) or 1
        participants = [k for k, n in people.most_common(4) if n >= 2 and n / total >= 0.12]
        published = article_date(article)
        profiles.append(ArticleProfile(article.path, event_day(article, published), participants,
                                       entities, [l for _, l in analysis.lemmas]))
    return profiles


_EVIDENCE_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT",
                    "WORK_OF_ART", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "DATE"}


def _binary_idf_rows(sets: Sequence[set[str]]) -> sparse.csr_matrix:
    """Rows: L2-normalised binary vectors weighted by inverse document frequency."""
    vocab: dict[str, int] = {}
    df: Counter = Counter()
    for items in sets:
        df.update(items)
    n = len(sets)
    rows, cols, vals = [], [], []
    for r, items in enumerate(sets):
        for item in items:
            rows.append(r)
            cols.append(vocab.setdefault(item, len(vocab)))
            vals.append(math.log((n + 1) / (df[item] + 0.5)))
    matrix = sparse.csr_matrix((np.asarray(vals, dtype=np.float32), (rows, cols)),
                               shape=(n, max(1, len(vocab))))
    norms = np.sqrt(matrix.multiply(matrix).sum(axis=1)).A.ravel()
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms).dot(matrix).tocsr()


@dataclass
class ProfileVectors:
    """Everything pair similarities are computed from, built once over the whole library
    (so word and name weights reflect the library even when pairs are scored by block)."""
    words: sparse.csr_matrix
    names: sparse.csr_matrix
    people: sparse.csr_matrix
    has_people: np.ndarray
    days: np.ndarray  # ordinal day, NaN when unknown

    @classmethod
    def of(cls, profiles: Sequence[ArticleProfile]) -> "ProfileVectors":
        words, _ = tfidf_matrix([p.lemmas for p in profiles])
        return cls(words, _binary_idf_rows([p.entities for p in profiles]),
                   _binary_idf_rows([set(p.participants) for p in profiles]),
                   np.asarray([bool(p.participants) for p in profiles]),
                   np.asarray([_ordinal(p.date) for p in profiles], dtype=np.float64))


def similarity_matrix(profiles: Sequence[ArticleProfile]) -> np.ndarray:
    """How likely each pair reports the same event, 0..1 (dense, float32)."""
    vectors = ProfileVectors.of(profiles)
    return block_similarity(vectors, np.arange(len(profiles)))


def block_similarity(vectors: ProfileVectors, rows: np.ndarray) -> np.ndarray:
    """``similarity_matrix`` restricted to ``rows`` (dense, float32, len(rows)²)."""
    words = vectors.words[rows]
    names = vectors.names[rows]
    # Shared distinctive names (Tianjin, Kerry) and wording are the evidence...
    sim = (words @ words.T).toarray().astype(np.float32)
    sim *= 0.5
    shared_names = (names @ names.T).toarray().astype(np.float32)
    sim += 0.5 * np.minimum(1.0, 2.0 * shared_names)
    del shared_names
    # ...scaled by how far the main participants agree (the same two leaders talk often).
    people = vectors.people[rows]
    has_people = vectors.has_people[rows]
    same_people = (people @ people.T).toarray().astype(np.float32)
    same_people[~has_people, :] = 0.5
    same_people[:, ~has_people] = 0.5
    sim *= 0.5 + 0.5 * np.minimum(1.0, same_people * 1.2)
    del same_people
    # Dates: far apart forbids a merge, the same day supports it.
    days = vectors.days[rows]
    known = ~np.isnan(days)
    if known.any():
        gap = np.abs(days[:, None] - days[None, :])
        both = known[:, None] & known[None, :]
        sim[both & (gap > MAX_DAYS_APART)] = 0.0
        sim[both & (gap <= 1)] += 0.1
    np.fill_diagonal(sim, 1.0)
    return np.clip(sim, 0.0, 1.0)


def date_blocks(vectors: ProfileVectors) -> list[np.ndarray]:
    """Rows split where consecutive known dates are more than MAX_DAYS_APART apart.

    Dated articles of different blocks have similarity 0, so average linkage could
    never merge them: clustering block by block gives the same groups for them in
    far less time and memory than the whole n² matrix. An undated article joins the
    block of the dated article most like it (by wording and names).
    """
    days = vectors.days
    dated = np.nonzero(~np.isnan(days))[0]
    undated = np.nonzero(np.isnan(days))[0]
    if not len(dated):
        return [np.arange(len(days))]
    order = dated[np.argsort(days[dated], kind="stable")]
    cuts = np.nonzero(np.diff(days[order]) > MAX_DAYS_APART)[0] + 1
    block_of = np.empty(len(days), dtype=np.int64)
    for number, members in enumerate(np.split(order, cuts)):
        block_of[members] = number
    if len(undated):
        likeness = 0.5 * (vectors.words[undated] @ vectors.words[dated].T).toarray() \
            + 0.5 * (vectors.names[undated] @ vectors.names[dated].T).toarray()
        block_of[undated] = block_of[dated[likeness.argmax(axis=1)]]
    blocks: dict[int, list[int]] = {}
    for row, number in enumerate(block_of):
        blocks.setdefault(int(number), []).append(row)
    return [np.asarray(rows) for rows in blocks.values()]


def _ordinal(date: Optional[str]) -> float:
    if not date:
        return float("nan")
    try:
        return float(dt.date.fromisoformat(date).toordinal())
    except ValueError:
        return float("nan")


def cluster(sim: np.ndarray, threshold: float = MERGE_THRESHOLD) -> list[list[int]]:
    """Average-linkage clusters: merge while the mean similarity between groups ≥ threshold."""
    n = sim.shape[0]
    if n == 0:
        return []
    if n == 1:
        return [[0]]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform
    distance = np.clip(1.0 - sim, 0.0, None).astype(np.float64)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    labels = fcluster(tree, t=1.0 - threshold, criterion="distance")
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(int(label), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def cluster_profiles(profiles: Sequence[ArticleProfile], block_above: int = BLOCK_ABOVE) -> list[list[int]]:
    """Groups of profile indices; libraries larger than ``block_above`` are clustered by date block."""
    vectors = ProfileVectors.of(profiles)
    blocks = date_blocks(vectors) if len(profiles) > block_above else [np.arange(len(profiles))]
    groups = []
    for rows in blocks:
        groups.extend([int(rows[i]) for i in group] for group in cluster(block_similarity(vectors, rows)))
    return sorted(groups, key=lambda g: g[0])


def group_events(articles: Sequence[Article], analyses: Mapping[str, Analysis],
                 index: EntityIndex) -> list[Event]:
    with collector_paused():
        return _group_events(articles, analyses, index)


def _group_events(articles: Sequence[Article], analyses: Mapping[str, Analysis],
                  index: EntityIndex) -> list[Event]:
    profiles = profile_articles(articles, analyses, index)
    groups = cluster_profiles(profiles)
    events = [_make_event([profiles[i] for i in group], index) for group in groups]
    return order_events(events)


def order_events(events: list[Event]) -> list[Event]:
    """Sort events by date then label and make their ids unique (suffix -2, -3...)."""
    events.sort(key=lambda e: (e.date or "9999", e.label))
    seen: Counter = Counter()
    for event in events:
        seen[event.id] += 1
        if seen[event.id] > 1:
            event.id = f"{event.id}-{seen[event.id]}"
    return events


def describe_event(paths: Sequence[str], articles: Sequence[Article], analyses: Mapping[str, Analysis],
                   index: EntityIndex) -> Event:
    """An event made of exactly ``paths`` (after the user merged, split or moved articles):
    label, date, participants and topics recomputed from its members."""
    wanted = set(paths)
    members = [a for a in articles if a.path in wanted]
    profiles = profile_articles(members, analyses, index)
    return _make_event(profiles, index)


def _make_event(members: Sequence[ArticleProfile], index: EntityIndex) -> Event:
    people: Counter = Counter()
    for p in members:
        people.update({k: 1 for k in p.participants})
    participants = [k for k, n in people.most_common() if n >= max(1, len(members) / 2)][:3]
    if not participants:
        participants = [k for k, _ in people.most_common(2)]
    names = sorted(_short_name(index, k, [p.path for p in members]) for k in participants[:2])
    dates = Counter(p.date for p in members if p.date)
    date = dates.most_common(1)[0][0] if dates else None
    # "talks" is also what leaders hold by phone: it only names the event when nothing else does
    weights = {k: 0.4 if k == "talks" else 1.0 for k in _KINDS.values()}
    kinds = Counter(dict.fromkeys(_KINDS.values(), 0))  # fixed order: ties break the same way every run
    for p in members:
        for l in p.lemmas:
            kind = _KINDS.get(l)
            if kind:
                kinds[kind] += weights[kind]
    kind, weight = kinds.most_common(1)[0]
    kind = kind if weight > 0 else "event"
    from ..analysis.topics import topics_for_lemmas
    topics = topics_for_lemmas([l for p in members for l in p.lemmas])
    who = " – ".join(names) if names else "Unknown participants"
    label = f"{who} {kind}" + (f", {date}" if date else (f": {', '.join(topics[:3])}" if topics else ""))
    slug = re.sub(r"[^a-z0-9]+", "-", f"{'-'.join(names)}-{kind}-{date or ''}".lower()).strip("-")
    return Event(id=slug or "event", label=label, date=date, articles=[p.path for p in members],
                 participants=[index.by_key[k].name for k in participants if k in index.by_key],
                 topics=topics)


def _short_name(index: EntityIndex, key: str, paths: Sequence[str]) -> str:
    """How the articles call a person when brief: "Xi", "Biden"."""
    entity = index.by_key.get(key)
    if entity is None:
        return key.split(":", 1)[-1].title()
    forms: Counter = Counter()
    for path in paths:
        for m in entity.mentions.get(path, []):
            forms[m.text] += 1
    single = [(n, f) for f, n in forms.items() if len(f.split()) == 1 and f[:1].isupper()]
    return max(single)[1] if single else entity.name
