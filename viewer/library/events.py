"""Group articles into events (one phone call, summit... each).

Signals, combined by a logistic model: who takes part (the people the article is
mostly about), when (publication date, dateline, "on Thursday"), what it says
(weighted lemma vectors, the names of its lead) and how the event took place (a call
or in person). Confident dates far
apart forbid a merge; otherwise average-linkage clustering on the pair probabilities
decides, and a second round judges the groups as wholes.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Mapping, Optional, Sequence

import numpy as np
from scipy import sparse

from ..analysis.dates import STATED, DateEvidence, date_evidence, event_date, lead_spans, with_group_year
from ..analysis.entities import NAME_LABELS, EntityIndex
from ..analysis.meeting_format import IN_PERSON, REMOTE, meeting_format
from ..gcpause import collector_paused
from ..model import BOILERPLATE, BYLINE, Analysis, Article, Event
from ..analysis.vectors import prior_document_frequency, smoothed_tfidf_matrix

# Articles are grouped when the model below gives their pair (on average over two
# groups) at least this probability of reporting one event.
MERGE_THRESHOLD = 0.5
# Two articles confidently dated further apart than this never report one event.
MAX_DAYS_APART = 4
# Imaginary articles at the prior word frequencies that every library starts with (see
# ``vectors.smoothed_tfidf_matrix``): a small library is judged by the prior alone.
PSEUDO_ARTICLES = 50.0
# Logistic weights of the pair signals, fitted on one half of the development events (the
# other half held out) and the project's seeds, whose contrasts (other leaders, other years)
# a half may lack: ``python -m viewer.eval.fit ../shared/dev --gold ../shared/dev/gold.json
# --also seeds:tests/gold_seeds.json``; see the closing note of issue 11.
FEATURE_WEIGHTS = {"words": 21.69, "words_library": 30.61, "names": 1.56, "people": 6.63,
                   "other_meeting": -7.16, "lead_names": 2.65, "same_day": 9.66, "days_apart": -2.52,
                   "same_weekday": 1.56, "other_weekday": -7.91, "year_conflict": -4.25,
                   "same_month_day": 6.01, "other_month_day": -1.71}
FEATURE_BIAS = -12.96
# The second stage (``merge_groups``): the same signals between whole groups (a group's
# words and names summed over its members, its day voted by them), weighted by a model
# fitted on groups cut at random from the events of the same half (``viewer.eval.fit
# --groups``), since sums of several reports share more words than two reports do.
GROUP_WEIGHTS = {"words": 13.33, "words_library": 28.06, "names": -0.63, "people": 8.09,
                 "other_meeting": -6.89, "lead_names": 4.92, "same_day": 9.91, "days_apart": -3.13,
                 "same_weekday": 1.37, "other_weekday": -7.98, "year_conflict": -4.4, "same_month_day": 5.64,
                 "other_month_day": -1.93}
GROUP_BIAS = -13.27
# How the pair signals are encoded (``pair_features``). The weights above were fitted by the
# quality harness (``python -m viewer.eval.fit``, scored by ``python -m viewer.eval``) on signals
# encoded this way since the logistic model came in (5f3d37d): change one and refit.
UNKNOWN_PEOPLE = 0.5  # "same participants" of a pair where either names none: neither for nor against
SAME_DAY_GAP = 1  # days between possible event days still "the same day" (outlets differ by a day)
DAYS_APART_GAP = 3  # more days than this between them: "days apart"
# Two confidently dated articles more than MAX_DAYS_APART apart: a logit that makes their
# probability nil (sigmoid(-50) < 1e-21). ``viewer.eval.fit`` leaves such pairs out by testing
# for a similarity <= 1e-12, so it must stay far below -27.
FAR_APART_LOGIT = -50.0
# Who takes part (``profile_articles``): the people an article mentions most, at most
# PARTICIPANTS of them, each at least PARTICIPANT_MENTIONS times and at least
# PARTICIPANT_SHARE of all its mentions of people. Set with the first engine (4e8b7b2) and
# kept since: every grouping score of ``python -m viewer.eval`` has been measured with them.
PARTICIPANTS = 4
PARTICIPANT_MENTIONS = 2
PARTICIPANT_SHARE = 0.12
# A member of a group that names no day but whose weekday or (month, day) fits the group's day
# adds this much confidence to it (``group_evidence``; the second stage, 5eaf106, fitted with it).
FITTING_CONFIDENCE = 0.5
# Up to this many articles the whole similarity matrix is clustered at once (exact for
# undated articles too); above it, by date block (see ``date_blocks``).
BLOCK_ABOVE = 1500
_KINDS = {"call": "call", "phone": "call", "telephone": "call", "summit": "summit",
          "meeting": "meeting", "visit": "visit", "talk": "talks"}


@dataclass
class ArticleProfile:
    path: str
    date: Optional[str]  # the event's day as the article reports it (see ``dates``)
    participants: list[str]  # canonical PERSON keys, most mentioned first
    entities: set[str]  # canonical keys of names and values the article mentions
    lemmas: list[str]
    # what the text says about when; None (as given) is replaced by one made from ``date``
    evidence: DateEvidence = None  # type: ignore[assignment]  # never None after __post_init__
    lead_names: set[str] = field(default_factory=set)  # names of ``entities`` the title and lead give
    meeting: Optional[str] = None  # ``meeting_format.REMOTE`` or ``IN_PERSON``, when the lead tells

    def __post_init__(self) -> None:
        if self.evidence is None:
            day = dt.date.fromisoformat(self.date) if self.date else None
            self.evidence = DateEvidence(day=day, confidence=STATED if day else 0.0)


def profile_articles(articles: Sequence[Article], analyses: Mapping[str, Analysis],
                     index: EntityIndex) -> list[ArticleProfile]:
    profiles = []
    for article in articles:
        analysis = analyses[article.path]
        # An outlet's reporters and its own name are no part of the story: bylines are left out.
        skip = [p.span for p in article.paragraphs if p.kind in (BYLINE, BOILERPLATE)]
        lead = lead_spans(article)
        people: Counter = Counter()
        entities: set[str] = set()
        lead_names: set[str] = set()
        for m in analysis.mentions:
            if any(s <= m.start < e for s, e in skip):
                continue
            key = index.key_of(article.path, m)
            if not key:
                continue
            if key.split(":", 1)[0] in _EVIDENCE_LABELS:
                entities.add(key)
                if key.startswith(_NAME_LABELS) and any(s <= m.start < e for s, e in lead):
                    lead_names.add(key)
            if key.startswith("PERSON:"):
                people[key] += 1
        total = sum(people.values()) or 1
        participants = [k for k, n in people.most_common(PARTICIPANTS)
                        if n >= PARTICIPANT_MENTIONS and n / total >= PARTICIPANT_SHARE]
        evidence = date_evidence(article)
        profiles.append(ArticleProfile(article.path, evidence.iso, participants, entities,
                                       [lemma for o, lemma in analysis.lemmas if not any(s <= o < e for s, e in skip)],
                                       evidence, lead_names, meeting_format(article)))
    return profiles


# What an article's profile keeps of its entities: the names, and the values that tell one
# event from another (not a time of day or an ordinal).
_EVIDENCE_LABELS = frozenset(NAME_LABELS) | {"CARDINAL", "MONEY", "PERCENT", "QUANTITY", "DATE"}
_NAME_LABELS = tuple(f"{label}:" for label in NAME_LABELS)  # prefixes of the canonical keys of names


def _binary_rows(sets: Sequence[set[str]], weight) -> sparse.csr_matrix:
    """Rows: L2-normalised binary vectors, each item weighted by ``weight(item)``."""
    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for r, items in enumerate(sets):
        for item in items:
            rows.append(r)
            cols.append(vocab.setdefault(item, len(vocab)))
            vals.append(weight(item))
    matrix = sparse.csr_matrix((np.asarray(vals, dtype=np.float32), (rows, cols)),
                               shape=(len(sets), max(1, len(vocab))))
    norms = np.sqrt(matrix.multiply(matrix).sum(axis=1)).A.ravel()
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms).dot(matrix).tocsr()


def _name_weight(key: str) -> float:
    """A name is as telling as it is rare in general text ("Filoli" over "China")."""
    return float(-math.log(prior_document_frequency(key)))


_MEETING_SIGN = {REMOTE: 1, IN_PERSON: -1}


def _library_name_weight(sets: Sequence[set[str]]):
    """A name's weight as rare as it is in this library, smoothed by its prior rarity (as
    ``smoothed_tfidf_matrix`` weighs words): in a library of US–China coverage "China"
    tells nothing and "Lima" much; in a library of two articles the prior decides."""
    df = Counter(k for names in sets for k in names)
    n = len(sets)

    def weight(key: str) -> float:
        prior = PSEUDO_ARTICLES * prior_document_frequency(key)
        return max(0.0, math.log((n + PSEUDO_ARTICLES) / (df[key] + prior)))
    return weight


@dataclass
class ProfileVectors:
    """Everything pair similarities are computed from, built once over the whole library
    (so word weights reflect the library even when pairs are scored by block)."""
    words: sparse.csr_matrix
    names: sparse.csr_matrix
    people: sparse.csr_matrix
    lead: sparse.csr_matrix  # the names of the title and lead, other than the participants
    has_people: np.ndarray
    meeting: np.ndarray  # +1 remote, -1 in person, 0 unknown (a group's: the sign of its members' sum)
    days: np.ndarray  # ordinal of the event's day, NaN when unknown
    earliest: np.ndarray  # ordinal of the earliest day the event may be on (≤ ``days``)
    confidence: np.ndarray  # of ``days``
    weekdays: np.ndarray  # bit mask of the weekdays the event may be on (bit 0 = Monday); 0 when unknown
    month_days: np.ndarray  # month * 32 + day, -1 when unknown
    years: np.ndarray  # the event's year; NaN when undated
    named_years: np.ndarray  # the latest year the text names (a report is no older); NaN when none
    library_weight: float  # how far word weights come from the library rather than the prior

    @classmethod
    def of(cls, profiles: Sequence[ArticleProfile]) -> "ProfileVectors":
        names = [{k for k in p.entities if k.startswith(_NAME_LABELS)} for p in profiles]
        words = smoothed_tfidf_matrix([p.lemmas + sorted(n) for p, n in zip(profiles, names)], PSEUDO_ARTICLES)
        # The participants have a signal of their own: here, the other names (places, bodies).
        names = [n - set(p.participants) for p, n in zip(profiles, names)]
        return cls(words, _binary_rows(names, _name_weight),
                   _binary_rows([set(p.participants) for p in profiles], lambda _: 1.0),
                   _binary_rows(leads := [p.lead_names - set(p.participants) for p in profiles],
                                _library_name_weight(leads)),
                   np.asarray([bool(p.participants) for p in profiles]),
                   np.asarray([_MEETING_SIGN.get(p.meeting or "", 0) for p in profiles], dtype=np.int8),
                   *_date_arrays([p.evidence for p in profiles]),
                   len(profiles) / (len(profiles) + PSEUDO_ARTICLES))

    def of_groups(self, groups: Sequence[Sequence[int]], evidence: Sequence[DateEvidence]) -> "ProfileVectors":
        """One row per group of rows, as if each group were one article: its words, names
        and people are the normalised sums of its members' (what the event says as a
        whole), its date what its members say together (``group_evidence``)."""
        membership = sparse.csr_matrix(
            (np.ones(sum(len(g) for g in groups), dtype=np.float32),
             ([k for k, g in enumerate(groups) for _ in g], [i for g in groups for i in g])),
            shape=(len(groups), self.words.shape[0]))
        return ProfileVectors(_normalised(membership @ self.words), _normalised(membership @ self.names),
                              _normalised(membership @ self.people), _normalised(membership @ self.lead),
                              np.asarray([bool(self.has_people[list(g)].any()) for g in groups]),
                              np.sign([int(self.meeting[list(g)].sum()) for g in groups]).astype(np.int8),
                              *_date_arrays([group_evidence([evidence[i] for i in g]) for g in groups]),
                              self.library_weight)


def _normalised(matrix: sparse.spmatrix) -> sparse.csr_matrix:
    matrix = sparse.csr_matrix(matrix)
    norms = np.sqrt(matrix.multiply(matrix).sum(axis=1)).A.ravel()
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms).dot(matrix).tocsr()


def group_evidence(members: Sequence[DateEvidence]) -> DateEvidence:
    """What a group of reports says together about when: the day they vote for
    (``event_date``), as sure as the surest member that backs it; else the weekday, the
    (month, day) and the latest year its members name."""
    if len(members) == 1:
        return members[0]
    latest = max((e.latest_year for e in members if e.latest_year), default=None)
    day = event_date(members) if any(e.day for e in members) else None
    if day is not None:
        years = [y for y, _ in Counter(e.day.year for e in members if e.day).most_common()]
        members = [with_group_year(e, years) for e in members]
        backers = [e for e in members if e.day and _first_day(e) <= day + dt.timedelta(days=1)
                   and day - dt.timedelta(days=1) <= e.day]
        # Reports that agree corroborate each other: two half-sure ones make a sure day, and
        # so does one whose weekday or (month, day) fits it (as in ``event_date``'s vote).
        fitting = [e for e in members if e.day is None and (e.weekday == day.weekday()
                                                             or e.month_day == (day.month, day.day))]
        confidence = min(STATED, sum(e.confidence for e in backers) + FITTING_CONFIDENCE * len(fitting))
        pinned = [e for e in backers if _pinned(e)]
        earliest = day if pinned else min(_first_day(e) for e in backers) if backers else day
        return DateEvidence(day=day, confidence=confidence, earliest=min(earliest, day), latest_year=latest)
    weekdays = Counter(e.weekday for e in members if e.weekday is not None)
    month_days = Counter(e.month_day for e in members if e.month_day is not None)
    return DateEvidence(weekday=weekdays.most_common(1)[0][0] if weekdays else None,
                        month_day=month_days.most_common(1)[0][0] if month_days else None,
                        latest_year=latest)


def _date_arrays(evidence: Sequence[DateEvidence]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                                                            np.ndarray, np.ndarray, np.ndarray]:
    return (np.asarray([e.day.toordinal() if e.day else np.nan for e in evidence], dtype=np.float64),
                   np.asarray([(e.earliest or e.day).toordinal() if e.day else np.nan for e in evidence],
                              dtype=np.float64),
                   np.asarray([e.confidence if e.day else 0.0 for e in evidence], dtype=np.float32),
                   np.asarray([_weekday_mask(e) for e in evidence], dtype=np.int64),
                   np.asarray([(e.day.month * 32 + e.day.day) if e.day is not None and _pinned(e) else
                               (e.month_day[0] * 32 + e.month_day[1] if e.month_day else -1)
                               for e in evidence], dtype=np.int64),
                   np.asarray([e.day.year if e.day else np.nan for e in evidence], dtype=np.float64),
                   np.asarray([e.latest_year or np.nan for e in evidence], dtype=np.float64))


def _first_day(evidence: DateEvidence) -> dt.date:
    """The earliest day the event of dated ``evidence`` may be on."""
    first = evidence.earliest or evidence.day
    assert first is not None, "only for evidence with a day"
    return first


def _pinned(evidence: DateEvidence) -> bool:
    """The event's day itself is known (not only a publication day and the days before it)."""
    return evidence.day is not None and evidence.earliest == evidence.day


def _weekday_mask(evidence: DateEvidence) -> int:
    """The weekdays the event may fall on: its day's, the one the lead names, or those of the
    days a publication date leaves open; 0 when nothing is known."""
    if evidence.day is not None:
        span = (evidence.day - (evidence.earliest or evidence.day)).days
        return sum(1 << ((evidence.day.weekday() - k) % 7) for k in range(min(span, 6) + 1))
    return 0 if evidence.weekday is None else 1 << evidence.weekday


_SINGLE = {1 << k: k for k in range(7)}


def similarity_matrix(profiles: Sequence[ArticleProfile]) -> np.ndarray:
    """How likely each pair reports the same event, 0..1 (dense, float32)."""
    vectors = ProfileVectors.of(profiles)
    return block_similarity(vectors, np.arange(len(profiles)))


def pair_features(vectors: ProfileVectors, rows: np.ndarray):
    """(name, len(rows)² matrix) for each signal of ``FEATURE_WEIGHTS``, one at a time
    (so only two dense matrices are alive at once)."""
    words = vectors.words[rows]
    sim = (words @ words.T).toarray().astype(np.float32)
    yield "words", sim
    # A library's own counts spread word scores lower than the prior alone does.
    yield "words_library", sim * np.float32(vectors.library_weight)
    del sim
    names = vectors.names[rows]
    yield "names", (names @ names.T).toarray().astype(np.float32)
    people = vectors.people[rows]
    has_people = vectors.has_people[rows]
    same_people = (people @ people.T).toarray().astype(np.float32)
    same_people[~has_people, :] = UNKNOWN_PEOPLE
    same_people[:, ~has_people] = UNKNOWN_PEOPLE
    yield "people", same_people
    del same_people
    meeting = vectors.meeting[rows].astype(np.int16)
    yield "other_meeting", ((meeting[:, None] * meeting[None, :]) < 0).astype(np.float32)
    # Where a story happened and what it is about come first: the places and bodies of a
    # lead ("met in Lima, Peru", "on the sidelines of the G20 in Bali") tell one meeting
    # from another of the same leaders better than the background further down.
    lead = vectors.lead[rows]
    yield "lead_names", (lead @ lead.T).toarray().astype(np.float32)
    days = vectors.days[rows]
    known = ~np.isnan(days)
    both = known[:, None] & known[None, :]
    gap = _interval_gap(vectors, rows)
    sure = np.minimum(vectors.confidence[rows][:, None], vectors.confidence[rows][None, :])
    yield "same_day", np.where(both & (gap <= SAME_DAY_GAP), sure, 0.0).astype(np.float32)
    yield "days_apart", np.where(both & (gap > DAYS_APART_GAP), sure, 0.0).astype(np.float32)
    del gap, sure
    masks = vectors.weekdays[rows]
    told = (masks[:, None] > 0) & (masks[None, :] > 0) & ~both
    single = np.asarray([m in _SINGLE for m in masks])
    which = np.asarray([_SINGLE.get(int(m), -9) for m in masks])
    apart = np.abs(which[:, None] - which[None, :]) % 7
    apart = np.minimum(apart, 7 - apart)
    singles = single[:, None] & single[None, :]
    yield "same_weekday", (told & singles & (apart == 0)).astype(np.float32)
    # Outlets name the day in their own time zone ("late Monday (early Tuesday in Beijing)"):
    # two named weekdays tell of other events only two or more days apart; a weekday
    # outside the days a publication date leaves open tells it too.
    disjoint = (masks[:, None] & masks[None, :]) == 0
    yield "other_weekday", (told & np.where(singles, apart >= 2, disjoint)).astype(np.float32)
    # A report that names a year well after the other's event is not about that event.
    years, named = vectors.years[rows], vectors.named_years[rows]
    with np.errstate(invalid="ignore"):
        later = (named[:, None] - years[None, :] >= 2) | (named[None, :] - years[:, None] >= 2)
    yield "year_conflict", later.astype(np.float32)
    month_days = vectors.month_days[rows]
    yield "same_month_day", ((month_days[:, None] == month_days[None, :]) & (month_days[:, None] >= 0)
                             & ~both).astype(np.float32)
    # Two dates of the month two or more days apart ("November 14" and "November 16"),
    # when the year of one is not known: other events (outlets differ by a day at most).
    told_days = (month_days[:, None] >= 0) & (month_days[None, :] >= 0) & ~both
    yield "other_month_day", (told_days & (_month_day_gap(month_days) >= 2)).astype(np.float32)


def _month_day_gap(month_days: np.ndarray) -> np.ndarray:
    """Days between two (month, day)s in the same (non-leap) year, around the year's end too."""
    ordinal = np.asarray([_CUMULATIVE[max(m // 32, 1) - 1] + m % 32 if m >= 0 else 0 for m in month_days])
    gap = np.abs(ordinal[:, None] - ordinal[None, :])
    return np.minimum(gap, 365 - gap)


_CUMULATIVE = np.cumsum([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30])


def _interval_gap(vectors: ProfileVectors, rows: np.ndarray) -> np.ndarray:
    """Days between the pair's possible event days: an article dated only by its
    publication may report any day of the few before it (0 where either is undated)."""
    hi = vectors.days[rows]
    lo = vectors.earliest[rows]
    known = ~np.isnan(hi)
    hi, lo = np.where(known, hi, 0.0), np.where(known, lo, 0.0)
    gap = np.maximum(lo[:, None] - hi[None, :], lo[None, :] - hi[:, None])
    return np.maximum(gap, 0.0)


def block_similarity(vectors: ProfileVectors, rows: np.ndarray, weights: Optional[Mapping[str, float]] = None,
                     bias: Optional[float] = None) -> np.ndarray:
    """``similarity_matrix`` restricted to ``rows`` (dense, float32, len(rows)²).

    A logistic model over the signals of ``pair_features``: the probability that the
    pair reports one event. Two confidently dated articles far apart never merge.
    """
    weights = FEATURE_WEIGHTS if weights is None else weights
    logit = np.full((len(rows), len(rows)), FEATURE_BIAS if bias is None else bias, dtype=np.float32)
    for name, values in pair_features(vectors, rows):
        logit += np.float32(weights[name]) * values
    days = vectors.days[rows]
    sure = vectors.confidence[rows] >= STATED
    dated = sure & ~np.isnan(days)
    if dated.any():
        far = _interval_gap(vectors, rows) > MAX_DAYS_APART
        logit[far & dated[:, None] & dated[None, :]] = FAR_APART_LOGIT
    sim = 1.0 / (1.0 + np.exp(-logit))
    np.fill_diagonal(sim, 1.0)
    return sim.astype(np.float32)


def date_blocks(vectors: ProfileVectors) -> list[np.ndarray]:
    """Rows split where consecutive confident dates are more than MAX_DAYS_APART apart.

    Confidently dated articles of different blocks have similarity 0, so average linkage could
    never merge them: clustering block by block gives the same groups for them in
    far less time and memory than the whole n² matrix. An undated article joins the
    block of the dated article most like it (by wording and names).
    """
    days = np.where(vectors.confidence >= STATED, vectors.days, np.nan)
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
    for row, block in enumerate(block_of):
        blocks.setdefault(int(block), []).append(row)
    return [np.asarray(rows) for rows in blocks.values()]


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
    evidence = [p.evidence for p in profiles]
    groups = []
    for rows in blocks:
        found = [[int(rows[i]) for i in group] for group in cluster(block_similarity(vectors, rows))]
        groups.extend(merge_groups(vectors, found, evidence))
    return sorted(groups, key=lambda g: g[0])


def merge_groups(vectors: ProfileVectors, groups: list[list[int]], evidence: Sequence[DateEvidence],
                 threshold: float = MERGE_THRESHOLD) -> list[list[int]]:
    """Groups that, each taken as a whole (``ProfileVectors.of_groups``), the group model
    gives at least ``threshold`` of reporting one event, merged (average linkage again).

    Second-order evidence: an article that matches one member of an event well and the
    others weakly (a star around a full report, two pairs of reports worded apart) is
    judged by what the event says as a whole. One round over the first stage's groups, so
    the cost is that of clustering the groups (far fewer than the articles)."""
    if len(groups) < 2:
        return groups
    whole = vectors.of_groups(groups, evidence)
    merged = cluster(block_similarity(whole, np.arange(len(groups)), GROUP_WEIGHTS, GROUP_BIAS), threshold)
    return [sorted(i for k in group for i in groups[k]) for group in merged]


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
    day = event_date([p.evidence for p in members])
    date = day.isoformat() if day else None
    # "talks" is also what leaders hold by phone: it only names the event when nothing else does
    weights = {k: 0.4 if k == "talks" else 1.0 for k in _KINDS.values()}
    kinds = dict.fromkeys(_KINDS.values(), 0.0)  # fixed order: ties break the same way every run
    for p in members:
        for lemma in p.lemmas:
            kind = _KINDS.get(lemma)
            if kind:
                kinds[kind] += weights[kind]
    kind, weight = max(kinds.items(), key=lambda kv: kv[1])  # the first of equals, as Counter.most_common(1)
    kind = kind if weight > 0 else "event"
    from ..analysis.topics import topics_for_lemmas
    topics = topics_for_lemmas([lemma for p in members for lemma in p.lemmas])
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
