"""Conflicting claims: sentences about the same point with opposite polarity or modality,
and "X was not discussed" against another outlet's report of X being discussed (Qt-free).

These are *candidates*: negation is easy to see and hard to interpret ("did not rule
out" is not "ruled out"), so the summary says "check" and the score stays below
figures and names.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional

from .comparison import Comparison
from .diffing import EQUAL, DiffBudget, budgeted_diff
from .sentence_pairs import SentenceRef, SentenceSpace, outlet_label

if TYPE_CHECKING:
    from .key_difference import KeyDifference

NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|none|nothing|without|yet to|refused|declined|denied|"
                      r"rejected|failed to|ruled out)\b|n['’]t\b", re.I)
HEDGE = re.compile(r"\b(?:may|might|could|possibly|perhaps|reportedly|expected to|likely|unlikely|plans? to|"
                   r"hopes? to|considering|would consider|allegedly)\b", re.I)
CLAIM_SIMILARITY = 0.5
COPY_SIMILARITY = 0.6  # a counter-report this close to the claim is the claim copied  # sentences at least this alike make the same point
_DISCUSS = r"(?:mentioned|discussed|raised|brought up|addressed|touched on|on the agenda|a topic|among the topics)"
NOT_DISCUSSED = re.compile(
    rf"\b(?:was|were|is|are|has|have|had)?\s*(?:not|never|n['’]t)\s+(?:been\s+)?(?:directly\s+|explicitly\s+|even\s+)?{_DISCUSS}"
    rf"|\bdid\s*(?:not|n['’]t)\s+(?:directly\s+)?(?:mention|discuss|raise|bring up|address|touch on)\b"
    rf"|\bnot\s+discussed\b|\bno mention of\b", re.I)
DISCUSS_VERBS = re.compile(r"\b(?:discuss\w*|rais\w*|told|tell\w*|talk\w*|said|say\w*|mention\w*|address\w*|urg\w*|"
                           r"stress\w*|warn\w*|spoke|speak\w*|express\w*|exchang\w*|emphasi\w*|call\w* (?:on|for))\b",
                           re.I)
TOPIC_LABELS = ("GPE", "ORG", "PERSON", "EVENT", "NORP", "LOC", "FAC", "LAW", "PRODUCT")


def polarity(text: str) -> tuple[int, int]:
    """(negations, hedges) in a sentence."""
    return len(NEGATION.findall(text)), len(HEDGE.findall(text))


def _changed_words(a: str, b: str, budget: Optional[DiffBudget] = None) -> tuple[str, str]:
    """The words of each sentence that the other lacks (diff chunks), for locating the polarity cue."""
    ops = budgeted_diff(a, b, budget)
    return (" ".join(t for op, t in ops if op < 0), " ".join(t for op, t in ops if op > 0))


def opposite(a: str, b: str, budget: Optional[DiffBudget] = None) -> Optional[str]:
    """Why two sentences making one point may contradict each other, or None."""
    only_a, only_b = _changed_words(a, b, budget)
    neg_a, neg_b = len(NEGATION.findall(only_a)), len(NEGATION.findall(only_b))
    if (neg_a % 2) != (neg_b % 2) and (neg_a or neg_b) and \
            (len(NEGATION.findall(a)) % 2) != (len(NEGATION.findall(b)) % 2):
        return "negation"
    hedge_a, hedge_b = bool(HEDGE.search(only_a)), bool(HEDGE.search(only_b))
    if hedge_a != hedge_b and bool(HEDGE.search(a)) != bool(HEDGE.search(b)):
        return "modality"
    return None


def conflicting_claims(comparison: Comparison, space: SentenceSpace) -> list["KeyDifference"]:
    return _opposite_sentences(comparison, space) + _not_discussed(comparison, space)


def _opposite_sentences(comparison: Comparison, space: SentenceSpace) -> list["KeyDifference"]:
    from .key_difference import CLAIM, KeyDifference, snippet
    articles = {a.path: a for a in comparison.articles}
    found = []
    for sa, sb, score in space.pairs(CLAIM_SIMILARITY):
        sim = float(space.similarity_matrix(sa.path, sb.path)[sa.index, sb.index])
        if sim < CLAIM_SIMILARITY:
            continue
        ta, tb = space.text(sa), space.text(sb)
        why = opposite(ta, tb, space.diff_budget)
        if not why:
            continue
        what = "one says no, the other yes" if why == "negation" else "one hedges, the other states"
        summary = (f"Claims may conflict ({what}): {outlet_label(articles[sa.path])}: “{snippet(ta)}” · "
                   f"{outlet_label(articles[sb.path])}: “{snippet(tb)}”")
        weight = 0.5 if why == "negation" else 0.35
        found.append(KeyDifference(CLAIM, summary, {sa.path: (sa.start, sa.end), sb.path: (sb.start, sb.end)},
                                   weight + 0.2 * min(1.0, sim), {"how": why}))
    return found


def _not_discussed(comparison: Comparison, space: SentenceSpace) -> list["KeyDifference"]:
    """"Ukraine was not mentioned" in one article; another reports a leader discussing Ukraine."""
    from .key_difference import CLAIM, KeyDifference, snippet
    articles = {a.path: a for a in comparison.articles}
    found = []
    for article in comparison.articles:
        analysis = comparison.article_analyses[article.path]
        for ref in space.sentences[article.path]:
            text = space.text(ref)
            if not NOT_DISCUSSED.search(text):
                continue
            negation = NOT_DISCUSSED.search(text)
            clause_start = max(text.rfind(c, 0, negation.start()) for c in ",;:—–") + 1
            subjects = {comparison.entities.key_of(article.path, m) for m in analysis.mentions
                        if ref.start + clause_start <= m.start < ref.start + negation.start() and m.label == "PERSON"}
            subjects.discard(None)
            topics = {comparison.entities.key_of(article.path, m) for m in analysis.mentions
                      if ref.start <= m.start < ref.end and m.label in TOPIC_LABELS}
            topics.discard(None)
            # the leaders themselves are not the topic
            topics -= _participants(comparison)
            if not topics:
                continue
            for other in comparison.articles:
                if other.path == article.path:
                    continue
                counter = _discussing(comparison, space, other.path, topics, subjects, ref)
                if counter is None:
                    continue
                summary = (f"Claims may conflict: {outlet_label(article)}: “{snippet(text)}” · "
                           f"{outlet_label(other)}: “{snippet(space.text(counter))}”")
                found.append(KeyDifference(CLAIM, summary, {article.path: (ref.start, ref.end),
                                                            other.path: (counter.start, counter.end)},
                                           0.68, {"how": "not discussed"}))
    return found


def _participants(comparison: Comparison) -> set[str]:
    """Entity keys every article names: the event's protagonists, never the topic of a claim."""
    paths = set(comparison.paths)
    return {e.key for e in comparison.entities.entities if e.label == "PERSON" and set(e.mentions) >= paths}


def _discussing(comparison: Comparison, space: SentenceSpace, path: str, topics: set[str], subjects: set[str],
                claim: SentenceRef) -> Optional[SentenceRef]:
    """A sentence of ``path`` reporting the topic discussed (by the claim's subject, if it names one)."""
    analysis = comparison.article_analyses[path]
    similarity = space.similarity_matrix(claim.path, path)
    for ref in space.sentences[path]:
        text = space.text(ref)
        if NOT_DISCUSSED.search(text) or not DISCUSS_VERBS.search(text) or NEGATION.search(text[:40]):
            continue
        if similarity.size and similarity[claim.index, ref.index] >= COPY_SIMILARITY:
            continue  # the same sentence, copied: it cannot contradict itself
        keys = {comparison.entities.key_of(path, m) for m in analysis.mentions
                if ref.start <= m.start < ref.end}
        if keys & topics and (not subjects or keys & subjects):
            return ref
    return None
