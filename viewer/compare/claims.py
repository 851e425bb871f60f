"""Conflicting claims: sentences about the same point with opposite polarity or modality,
and "X was not discussed" against another outlet's report of X being discussed (Qt-free).

These are *candidates*: negation is easy to see and hard to interpret ("did not rule
out" is not "ruled out"), so the summary says "check" and the score stays below
figures and names.
"""
from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Optional

from .align import stem
from .comparison import Comparison
from .diffing import DiffBudget, budgeted_diff
from .sentence_pairs import SentenceRef, SentenceSpace, outlet_label

if TYPE_CHECKING:
    from .key_difference import KeyDifference

NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|none|nothing|without|yet to|refused|declined|denied|"
                      r"rejected|failed to|ruled out|cannot)\b|n['’]t\b", re.I)
# "may"/"might" are modal only before a verb: not "military might." nor "May 10"
_MODAL_NEXT = r"(?=\s+(?!(?:is|was|are|were|and|or|of|in|to|the|a|an|its|his|her|their|has|had)\b)[a-z]|\s*$)"
HEDGE = re.compile(rf"\b(?:[Mm]ay|[Mm]ight){_MODAL_NEXT}|\b(?i:could|possibly|perhaps|reportedly|expected to|"
                   r"likely|unlikely|plans? to|hopes? to|considering|would consider|allegedly)\b")
# Verbs that deny what follows them: "downplayed any new tensions" asserts no tensions either.
IMPLICIT_NEGATORS = re.compile(r"\b(?:downplay\w*|den(?:y|ies|ied)|reject\w*|dismiss\w*|avoid\w*|rul\w+ out|"
                               r"refus\w*|oppos\w*|against|without|ward\w* off|prevent\w*|ease\w*|"
                               r"play\w* down)\b", re.I)
_CONTENT = re.compile(r"[A-Za-z][\w'’-]*")
_FUNCTION = {"the", "a", "an", "any", "of", "to", "and", "or", "in", "on", "at", "for", "with", "by", "be", "been",
             "being", "is", "are", "was", "were", "has", "have", "had", "do", "does", "did", "will", "would", "should",
             "can", "could", "that", "this", "there", "it", "its", "their", "his", "her", "he", "she", "they", "we",
             "i", "you", "so", "as", "such", "yet", "also", "even", "ever", "very", "more", "new", "said", "says"}
_BACKSHIFT = (("can", "could"), ("may", "might"), ("will", "would"))
SCOPE_WORDS = 3  # content words after a negation that say what is denied
CLAIM_SIMILARITY = 0.5  # sentences at least this alike make the same point
COPY_SIMILARITY = 0.6  # a counter-report this close to the claim is the claim copied
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


def _stems(text: str) -> list[str]:
    return [stem(w.lower().replace("’", "'")) for w in _CONTENT.findall(text) if w.lower() not in _FUNCTION]


def negated_scope(text: str) -> list[str]:
    """Stems of the first content words after the last negation of ``text``, within its clause:
    what the sentence denies ("has not upheld the ban" → upheld, ban)."""
    cues = list(NEGATION.finditer(text))
    if not cues:
        return []
    rest = re.split(r"[,;:.!?—–(]", text[cues[-1].end():], maxsplit=1)[0]
    return _stems(rest)[:SCOPE_WORDS]


def asserts(text: str, scope: list[str]) -> bool:
    """``text`` states what ``scope`` (a denied point) says, without denying it in other words.

    At least two thirds of the denied words must be there, and the first of them must not
    follow a verb that denies it ("downplayed any new tensions").
    """
    if not scope:
        return False
    words = _CONTENT.findall(text)
    stems = [stem(w.lower().replace("’", "'")) for w in words]
    hits = [k for k, s in enumerate(stems) if s in scope]
    if len({stems[k] for k in hits}) < math.ceil(len(scope) * 2 / 3):
        return False
    first = hits[0]
    before = " ".join(words[max(0, first - 4):first])
    return not IMPLICIT_NEGATORS.search(before) and not NEGATION.search(before)


def opposite(a: str, b: str, budget: Optional[DiffBudget] = None) -> Optional[str]:
    """Why two sentences making one point may contradict each other, or None.

    Negation counts only when what one sentence denies is what the other asserts: "no new
    Cold War" against "downplayed any new tensions" is the same point, not a conflict.
    ``budget``: the comparison's budget for sentence diffs (see ``diffing.budgeted_diff``).
    """
    only_a, only_b = _changed_words(a, b, budget)
    # one side negates and the other does not ("not fought and cannot be won" is not a double negative)
    neg_a, neg_b = bool(NEGATION.search(only_a)), bool(NEGATION.search(only_b))
    if neg_a != neg_b and bool(NEGATION.search(a)) != bool(NEGATION.search(b)):
        negated, other = (a, b) if NEGATION.search(a) else (b, a)
        return "negation" if asserts(other, negated_scope(negated)) else None
    for present, past in _BACKSHIFT:  # reported speech: "we can push" → "they could push" is no hedge
        if re.search(rf"\b{present}\b", only_a, re.I) and re.search(rf"\b{past}\b", only_b, re.I) or \
                re.search(rf"\b{present}\b", only_b, re.I) and re.search(rf"\b{past}\b", only_a, re.I):
            only_a = re.sub(rf"\b(?:{present}|{past})\b", " ", only_a, flags=re.I)
            only_b = re.sub(rf"\b(?:{present}|{past})\b", " ", only_b, flags=re.I)
            a = re.sub(rf"\b(?:{present}|{past})\b", " ", a, flags=re.I)
            b = re.sub(rf"\b(?:{present}|{past})\b", " ", b, flags=re.I)
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
    for sa, sb, _score in space.pairs(CLAIM_SIMILARITY):
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


def discussed_object(text: str) -> Optional[tuple[int, int]]:
    """Where, in a "not discussed" sentence, the thing said not to be discussed is.

    "X was not mentioned" → X (the clause before); "did not raise X" and "no mention of X"
    → X (the words after, up to the clause's end or a "with"/"during"/"in" phrase).
    """
    m = NOT_DISCUSSED.search(text)
    if not m:
        return None
    if re.match(r"\s*did|\s*no mention", m.group(), re.I):
        after = text[m.end():]
        stop = re.search(r"[,;:.!?—–(]|\s(?:with|during|in|at|on|when|while|but|and|according)\s", after)
        end = m.end() + (stop.start() if stop else len(after))
        return (m.end(), end) if text[m.end():end].strip() else None
    start = max(text.rfind(c, 0, m.start()) for c in ",;:—–") + 1
    lead = re.match(r"\s*(?:but|and|while|although|though|however|yet)\b", text[start:m.start()], re.I)
    if lead:
        start += lead.end()
    return (start, m.start()) if text[start:m.start()].strip() else None


# A noun that stands for a topic named just before ("That conflict was not mentioned").
_ANAPHOR = re.compile(r"^\s*(?:that|this|the|these|those)\s+(?:conflict|war|issue|matter|crisis|question|topic|"
                      r"subject|dispute|situation|invasion|fighting|trip|visit|plan|idea)s?\s*$", re.I)
_GENERIC_HEADS = {"issu", "matter", "question", "topic", "subject"}


def _not_discussed(comparison: Comparison, space: SentenceSpace) -> list["KeyDifference"]:
    """"Ukraine was not mentioned" in one article; another reports a leader discussing Ukraine.

    What was not discussed is the phrase the negated verb governs: its entities (or, for
    "that conflict", the topic named in the sentence before) and its other content words
    ("the Moscow trip": Moscow *and* trip). A counter-report must name the same.
    """
    from .key_difference import CLAIM, KeyDifference, snippet
    found = []
    participants = _participants(comparison)
    for article in comparison.articles:
        analysis = comparison.article_analyses[article.path]
        refs = space.sentences[article.path]
        for ref in refs:
            text = space.text(ref)
            negation = NOT_DISCUSSED.search(text)
            if not negation:
                continue
            span = discussed_object(text)
            if span is None:
                continue
            clause_start = max(text.rfind(c, 0, negation.start()) for c in ",;:—–") + 1
            subjects = {key for m in analysis.mentions
                        if ref.start + clause_start <= m.start < ref.start + negation.start() and m.label == "PERSON"
                        and (key := comparison.entities.key_of(article.path, m)) is not None}
            subjects -= _topic_keys(comparison, article.path, analysis, ref.start + span[0], ref.start + span[1])
            phrase = text[span[0]:span[1]]
            topics = _topic_keys(comparison, article.path, analysis, ref.start + span[0], ref.start + span[1])
            heads = set(_stems(_without_mentions(phrase, analysis, ref.start + span[0]))) - _GENERIC_HEADS
            if not topics and _ANAPHOR.match(phrase) and ref.index > 0:
                before = refs[ref.index - 1]
                named = [key for m in analysis.mentions if before.start <= m.start < before.end
                         and m.label in TOPIC_LABELS and (key := comparison.entities.key_of(article.path, m))
                         and key not in participants]
                if named:  # the topic named last before "that conflict"
                    topics = {named[-1]}
                    heads = set()
            topics -= participants  # the leaders themselves are not the topic
            if not topics:
                continue
            for other in comparison.articles:
                if other.path == article.path:
                    continue
                counter = _discussing(comparison, space, other.path, topics, heads, subjects, ref)
                if counter is None:
                    continue
                summary = (f"Claims may conflict: {outlet_label(article)}: “{snippet(text)}” · "
                           f"{outlet_label(other)}: “{snippet(space.text(counter))}”")
                found.append(KeyDifference(CLAIM, summary, {article.path: (ref.start, ref.end),
                                                            other.path: (counter.start, counter.end)},
                                           0.68, {"how": "not discussed"}))
    return found


def _topic_keys(comparison: Comparison, path: str, analysis, start: int, end: int) -> set[str]:
    keys = {comparison.entities.key_of(path, m) for m in analysis.mentions
            if start <= m.start < end and m.label in TOPIC_LABELS}
    return {key for key in keys if key is not None}


def _without_mentions(phrase: str, analysis, offset: int) -> str:
    """``phrase`` with its entity mentions blanked (their words are matched as entities)."""
    chars = list(phrase)
    for m in analysis.mentions:
        for k in range(max(m.start, offset), min(m.end, offset + len(phrase))):
            chars[k - offset] = " "
    return "".join(chars)


def _participants(comparison: Comparison) -> set[str]:
    """Entity keys every article names: the event's protagonists, never the topic of a claim."""
    paths = set(comparison.paths)
    return {e.key for e in comparison.entities.entities if e.label == "PERSON" and set(e.mentions) >= paths}


_BACKGROUND = re.compile(r"\b(?:amid|after|since|despite|before|following|as|while|because|over the)\b", re.I)


def _governed(text: str, at: int) -> bool:
    """A verb of saying or discussing governs the words at ``at``: it comes within a few words
    before them, with no "amid"/"since"/"despite" clause in between."""
    window = text[max(0, at - 90):at]
    verbs = list(DISCUSS_VERBS.finditer(window))
    return bool(verbs) and not _BACKGROUND.search(window[verbs[-1].end():])


_NO_REFERENCE = re.compile(r"\bno\s+(?:mention|reference|word)\b|\bwithout\s+(?:mentioning|referring)", re.I)


def _discussing(comparison: Comparison, space: SentenceSpace, path: str, topics: set[str], heads: set[str],
                subjects: set[str], claim: SentenceRef) -> Optional[SentenceRef]:
    """A sentence of ``path`` reporting the topic discussed (by the claim's subject, if it names one).

    It must name the topic and at least half of the phrase's other content words, and must
    not itself say the topic went unmentioned ("there was no reference to …").
    """
    analysis = comparison.article_analyses[path]
    similarity = space.similarity_matrix(claim.path, path)
    for ref in space.sentences[path]:
        text = space.text(ref)
        if NOT_DISCUSSED.search(text) or _NO_REFERENCE.search(text) or not DISCUSS_VERBS.search(text) \
                or NEGATION.search(text[:40]):
            continue
        if similarity.size and similarity[claim.index, ref.index] >= COPY_SIMILARITY:
            continue  # the same sentence, copied: it cannot contradict itself
        keys = {comparison.entities.key_of(path, m) for m in analysis.mentions
                if ref.start <= m.start < ref.end}
        if not (keys & topics) or (subjects and not keys & subjects):
            continue
        named = [m.start - ref.start for m in analysis.mentions
                 if ref.start <= m.start < ref.end and comparison.entities.key_of(path, m) in topics]
        if not any(_governed(text, at) for at in named):
            continue  # "spoke … amid the invasion of Ukraine" reports no talk of Ukraine
        if heads and len(heads & set(_stems(text))) < math.ceil(len(heads) / 2):
            continue
        return ref
    return None
