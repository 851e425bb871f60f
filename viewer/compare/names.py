"""Different names: aligned sentences that name different people, places or organisations
in the same slot, one person given different titles, one name spelt differently (Qt-free).
"""
from __future__ import annotations

import bisect

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Optional

from .comparison import Comparison
from .diffing import DELETE, EQUAL, INSERT, budgeted_diff
from .sentence_pairs import SentenceSpace, outlet_label
from ..model import Mention

if TYPE_CHECKING:
    from .key_difference import KeyDifference

# Offices as they precede a name ("Chinese Premier Li Qiang"); longest first.
OFFICES = sorted((
    "president", "vice president", "president-elect", "premier", "vice premier", "prime minister",
    "deputy prime minister", "foreign minister", "vice foreign minister", "commerce minister",
    "vice commerce minister", "defence minister", "defense minister", "finance minister", "minister",
    "state councillor", "state councilor", "chairman", "general secretary", "secretary of state",
    "secretary", "national security adviser", "national security advisor", "ambassador", "spokesman",
    "spokeswoman", "spokesperson", "chancellor", "king", "senator", "governor", "dictator", "strongman",
    "director", "envoy", "treasury secretary", "trade representative", "chief of staff", "leader", "mayor",
    "deputy mayor", "judge", "justice", "chief justice", "general", "admiral", "commissioner", "chief executive",
    "vice chairman", "speaker", "crown prince", "queen", "emperor", "sheikh", "emir",
), key=len, reverse=True)
GENERIC_OFFICES = {"leader"}  # true of any head of state or party: never a difference on its own
_OFFICE_ALIASES = {"state councilor": "state councillor", "defense minister": "defence minister",
                   "national security advisor": "national security adviser"}
SLOT_SIMILARITY = 0.45  # sentences this alike report one point, so a swapped name is a difference
# The names whose slot in a sentence can hold a different name in another report (a subset of
# ``analysis.entities.NAME_LABELS``).
SLOT_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC")


@dataclass
class TitleUse:
    path: str
    office: str
    start: int  # span of the title and the name
    end: int


def office_before(text: str, start: int) -> Optional[tuple[str, int]]:
    """The office written just before a name at ``start`` and where it begins, if any."""
    before = text[max(0, start - 60):start]
    lowered = before.lower()
    for office in OFFICES:
        pattern = re.compile(r"(?:^|[\s(\"“'‘])" + re.escape(office) + r"\s+$")
        m = pattern.search(lowered)
        if m:
            begin = start - len(before) + m.start() + (1 if m.group()[0] != office[0] else 0)
            return _OFFICE_ALIASES.get(office, office), begin
    return None


def title_uses(comparison: Comparison) -> dict[str, list[TitleUse]]:
    """Canonical person key → every office written before that person's name."""
    uses: dict[str, list[TitleUse]] = {}
    for article in comparison.articles:
        analysis = comparison.article_analyses.get(article.path)
        if not analysis:
            continue
        for m in analysis.mentions:
            if m.label != "PERSON":
                continue
            key = comparison.entities.key_of(article.path, m)
            found = office_before(article.text, m.start)
            if key and found:
                uses.setdefault(key, []).append(TitleUse(article.path, found[0], found[1], m.end))
    return uses


def name_differences(comparison: Comparison, space: SentenceSpace) -> list["KeyDifference"]:
    return (_title_differences(comparison) + _spelling_differences(comparison) + _form_spellings(comparison)
            + _slot_differences(comparison, space) + _partner_swaps(comparison, space))


def person_pairs(comparison: Comparison, path: str) -> list[tuple[str, str, Mention, Mention]]:
    """People named as a pair ("Biden and Putin", "Biden and Russian President Putin"): (key, key, mention, mention)."""
    analysis = comparison.article_analyses.get(path)
    if not analysis:
        return []
    text = next(a.text for a in comparison.articles if a.path == path)
    people = sorted((m for m in analysis.mentions if m.label == "PERSON"), key=lambda m: m.start)
    pairs = []
    for m1, m2 in zip(people, people[1:]):
        if re.fullmatch(r"\s+(?:and|&)\s+(?:[\w.-]+\s+){0,3}", text[m1.end:m2.start]):  # "and union leader Berg"
            k1, k2 = comparison.entities.key_of(path, m1), comparison.entities.key_of(path, m2)
            if k1 and k2 and k1 != k2:
                pairs.append((k1, k2, m1, m2))
    return pairs


def _reported_elsewhere(space: SentenceSpace, path: str, mention: Mention) -> bool:
    """Another article reports the point of the sentence naming ``mention`` (the slip stands where
    the others report the same thing with the right name)."""
    ref = space.sentence_at(path, mention.start)
    if ref is None:
        return False
    for other in space.sentences:
        if other != path and space.sentences[other]:
            if float(space.context_matrix(path, other)[ref.index].max()) >= PARTNER_POINT:
                return True
    return False


PARTNER_POINT = 0.3  # context score at which another article's sentence reports the same point


def _partner_swaps(comparison: Comparison, space: SentenceSpace) -> list["KeyDifference"]:
    """"Biden and Trump exchanged views" where the others pair Biden with Putin: a wrong name for
    one of the two people the event is about. The stray name is named by this article alone,
    which names the usual partner elsewhere too (a slip, not another story)."""
    from .key_difference import NAME, KeyDifference, snippet
    articles = {a.path: a for a in comparison.articles}
    named_in = {e.key: set(e.mentions) for e in comparison.entities.entities}
    names = {e.key: e.name for e in comparison.entities.entities}
    pairs = {p: person_pairs(comparison, p) for p in comparison.paths}
    found = []
    for path, own in pairs.items():
        for k1, k2, m1, m2 in own:
            for keep, stray, stray_m in ((k1, k2, m2), (k2, k1, m1)):
                if named_in.get(stray) != {path} or len(named_in.get(keep, ())) < 2:
                    continue
                if office_before(articles[path].text, stray_m.start) or not _reported_elsewhere(space, path, stray_m):
                    continue  # "… and Australian Prime Minister Turnbull": introduced on purpose, or another story
                partners: dict[str, dict[str, Mention]] = {}
                for other, theirs in pairs.items():
                    if other == path:
                        continue
                    for o1, o2, n1, n2 in theirs:
                        if keep in (o1, o2):
                            partner, pm = (o2, n2) if o1 == keep else (o1, n1)
                            if partner != stray and path in named_in.get(partner, ()):
                                partners.setdefault(partner, {}).setdefault(other, pm)
                if not partners:
                    continue
                partner, where = max(partners.items(), key=lambda kv: len(kv[1]))
                text = articles[path].text
                sentence_start = max(text.rfind(c, 0, stray_m.start) for c in ".!?\n") + 1
                sentence_end = min((k for k in (text.find(c, stray_m.end) for c in ".!?\n") if k >= 0),
                                   default=len(text))
                if any(comparison.entities.key_of(path, m) == partner
                       for m in comparison.article_analyses[path].mentions
                       if sentence_start <= m.start < sentence_end):
                    continue  # "Trump's adviser John Bolton and Xi": the partner is named right there
                summary = (f"{names.get(stray, stray_m.text)} where the others say {names.get(partner, partner)}: "
                           f"{outlet_label(articles[path])}: “{snippet(text[sentence_start:stray_m.end + 40])}” · "
                           + " · ".join(f"{outlet_label(articles[p])}: {m.text}" for p, m in where.items()))
                spans = {path: (stray_m.start, stray_m.end), **{p: (m.start, m.end) for p, m in where.items()}}
                found.append(KeyDifference(NAME, summary, spans, 0.85, {"how": "partner"}))
    return found


def _title_differences(comparison: Comparison) -> list["KeyDifference"]:
    from .key_difference import NAME, KeyDifference
    articles = {a.path: a for a in comparison.articles}
    found = []
    for key, uses in title_uses(comparison).items():
        offices_by_path: dict[str, dict[str, TitleUse]] = {}
        for use in uses:
            offices_by_path.setdefault(use.path, {}).setdefault(use.office, use)
        if len(offices_by_path) < 2:
            continue
        name = comparison.entities.by_key[key].name if key in comparison.entities.by_key else key.split(":", 1)[-1]
        for path, offices in offices_by_path.items():
            others = {o for p, os_ in offices_by_path.items() if p != path for o in os_}
            for office, use in offices.items():
                if office in GENERIC_OFFICES or office in others:
                    continue
                # Other articles call this person something else, and none of them this.
                alternatives = {o for o in others if o not in GENERIC_OFFICES and o not in offices}
                if not alternatives:
                    continue
                holders = {p: next(u for o, u in os_.items() if o in alternatives)
                           for p, os_ in offices_by_path.items() if p != path and set(os_) & alternatives}
                spans = {path: (use.start, use.end), **{p: (u.start, u.end) for p, u in holders.items()}}
                summary = (f"{name} called “{office.title()}” by {outlet_label(articles[path])}; "
                           + " · ".join(f"{outlet_label(articles[p])}: “{u.office.title()}”"
                                        for p, u in holders.items()))
                score = 0.62 + 0.08 * min(3, len(holders))
                found.append(KeyDifference(NAME, summary, spans, score, {"how": "title"}))
    return found


def _spelling_differences(comparison: Comparison) -> list["KeyDifference"]:
    """One name spelt two ways in two articles ("Antony"/"Anthony", "Mamallapuram"/"Mahabalipuram")."""
    from .key_difference import NAME, KeyDifference
    articles = {a.path: a for a in comparison.articles}
    entities = [e for e in comparison.entities.entities if e.label in SLOT_LABELS and len(e.name) >= 5]
    found = []
    for n, a in enumerate(entities):
        for b in entities[n + 1:]:
            if _label_group(a.label) != _label_group(b.label) or set(a.mentions) & set(b.mentions):
                continue  # one article naming both is two names, not two spellings
            ratio = SequenceMatcher(None, a.name.lower(), b.name.lower()).ratio()
            if _letters(a.name) == _letters(b.name):
                continue  # "G-20" / "G20", "Fentanyl" / "fentanyl" are one spelling
            if ratio < 0.8 and not (ratio >= 0.68 and same_shape(a.name, b.name)):
                continue
            if _generic_suffix(a.name, b.name):
                continue  # "the APEC forum" / "the APEC forum summit": one name, one more word
            if a.label == "PERSON" and a.name.split()[-1].lower() != b.name.split()[-1].lower() and \
                    a.name.split()[0].lower() != b.name.split()[0].lower():
                continue
            spans: dict[str, tuple[int, int]] = {}
            forms = []
            for entity in (a, b):
                for path, mentions in entity.mentions.items():
                    spans.setdefault(path, (mentions[0].start, mentions[0].end))
                    forms.append(f"{outlet_label(articles[path])}: {mentions[0].text}")
            summary = "Name spelt differently: " + " · ".join(forms)
            found.append(KeyDifference(NAME, summary, spans, 0.5 + 0.2 * ratio, {"how": "spelling"}))
    return found


_OFFICE_WORDS = {w for office in OFFICES for w in office.split()}


def given_name_before(text: str, start: int) -> Optional[str]:
    """The capitalised word just before a surname ("… State Anthony Blinken" → "Anthony"), unless it is
    part of an office or a sentence's first word."""
    m = re.search(r"(?<![.!?]\s)(?<=\s)([A-Z][a-z]{2,})\s+$", text[max(0, start - 30):start])
    if not m or m.group(1).lower() in _OFFICE_WORDS or m.group(1).lower() in ("the", "said", "says", "and", "but"):
        return None
    return m.group(1)


def _form_spellings(comparison: Comparison) -> list["KeyDifference"]:
    """One person whose given name two articles spell differently ("Antony" / "Anthony")."""
    from .key_difference import NAME, KeyDifference
    articles = {a.path: a for a in comparison.articles}
    found = []
    for entity in comparison.entities.entities:
        if entity.label != "PERSON" or len(entity.mentions) < 2:
            continue
        firsts: dict[str, dict[str, Mention]] = {}
        for path, mentions in entity.mentions.items():
            text = next(a.text for a in comparison.articles if a.path == path)
            for m in mentions:
                words = m.text.split()
                if len(words) >= 2 and words[0][:1].isupper():
                    firsts.setdefault(words[0], {}).setdefault(path, m)
                elif len(words) == 1:
                    given = given_name_before(text, m.start)
                    if given:
                        start = text.rfind(given, 0, m.start)
                        firsts.setdefault(given, {}).setdefault(path, Mention(start, m.end, text[start:m.end],
                                                                             m.label))
        names = list(firsts)
        for n, a in enumerate(names):
            for b in names[n + 1:]:
                if a.lower() == b.lower() or SequenceMatcher(None, a.lower(), b.lower()).ratio() < 0.75:
                    continue
                if set(firsts[a]) & set(firsts[b]):
                    continue  # one article writes both: a typo of its own, not a difference
                spans = {p: (m.start, m.end) for p, m in {**firsts[a], **firsts[b]}.items()}
                forms = [f"{outlet_label(articles[p])}: {m.text}" for p, m in {**firsts[a], **firsts[b]}.items()]
                found.append(KeyDifference(NAME, "Name spelt differently: " + " · ".join(forms), spans, 0.66,
                                           {"how": "spelling"}))
    return found


def _slot_differences(comparison: Comparison, space: SentenceSpace) -> list["KeyDifference"]:
    """Close sentences that name a different person/place/organisation where the other has another."""
    from .key_difference import NAME, KeyDifference
    articles = {a.path: a for a in comparison.articles}
    mentions: dict[str, list[Mention]] = {
        p: sorted((m for m in a.mentions if m.label in SLOT_LABELS), key=lambda m: m.start)
        for p, a in comparison.article_analyses.items()}
    starts = {p: [m.start for m in ms] for p, ms in mentions.items()}
    named_in: dict[str, set[str]] = {}
    for entity in comparison.entities.entities:
        named_in[entity.key] = set(entity.mentions)
    found = []
    seen: set[tuple] = set()
    for sa, sb, score in space.pairs(SLOT_SIMILARITY):
        if space.similarity_matrix(sa.path, sb.path)[sa.index, sb.index] < SLOT_SIMILARITY:
            continue
        ta, tb = space.text(sa), space.text(sb)
        ops = budgeted_diff(ta, tb, space.diff_budget)
        pos_a = pos_b = 0
        for n, (op, text) in enumerate(ops):
            if op == DELETE and n + 1 < len(ops) and ops[n + 1][0] == INSERT:
                other = ops[n + 1][1]
                ma = _mentions_in(mentions[sa.path], sa.start + pos_a, sa.start + pos_a + len(text),
                                  starts[sa.path])
                mb = _mentions_in(mentions[sb.path], sb.start + pos_b, sb.start + pos_b + len(other),
                                  starts[sb.path])
                hit = _swapped(comparison, sa.path, ma, sb.path, mb, named_in)
                if hit and hit[1][1] is None and not _names_or_role(text if hit[1][0] == sa.path else other, hit[0][1]):
                    hit = None
                if hit:
                    (pa, m_a), (pb, m_b) = hit
                    chunk = {sa.path: (sa.start + pos_a, sa.start + pos_a + len(text), text),
                             sb.path: (sb.start + pos_b, sb.start + pos_b + len(other), other)}
                    key = (pa, m_a.start, pb)
                    if key not in seen:
                        seen.add(key)
                        shown_b = m_b.text if m_b else chunk[pb][2].strip()
                        summary = (f"Different name in the same place: {outlet_label(articles[pa])}: {m_a.text}"
                                   f" · {outlet_label(articles[pb])}: {shown_b}")
                        spans = {pa: (m_a.start, m_a.end),
                                 pb: (m_b.start, m_b.end) if m_b else chunk[pb][:2]}
                        found.append(KeyDifference(NAME, summary, spans, 0.6 + 0.3 * min(1.0, score),
                                                   {"how": "slot"}))
            if op in (EQUAL, DELETE):
                pos_a += len(text)
            if op in (EQUAL, INSERT):
                pos_b += len(text)
    return found


_PLACE_LIKE = {"GPE", "LOC", "FAC", "ORG"}  # spaCy labels one venue differently in two articles


def _label_group(label: str) -> str:
    return "place" if label in _PLACE_LIKE else label


def same_shape(a: str, b: str) -> bool:
    """Two long one-word names that begin and end alike: transliterations of one name
    ("Mamallapuram" / "Mahabalipuram"), not two names that merely share letters."""
    a, b = _letters(a), _letters(b)
    return (" " not in a + b and min(len(a), len(b)) >= 8 and a[0] == b[0] and a[-3:] == b[-3:]
            and abs(len(a) - len(b)) <= 3)


def _names_or_role(chunk: str, mention: Mention) -> bool:
    """What stands where the other article has a name is itself a name or an office, and not
    the same name in other letters ("fentanyl" for "Fentanyl")."""
    if _letters(chunk) == _letters(mention.text) or _letters(mention.text) in _letters(chunk):
        return False
    lowered = chunk.lower()
    return bool(re.search(r"\b[A-Z][a-z]", chunk)) or any(re.search(rf"\b{re.escape(o)}", lowered) for o in OFFICES)


_GENERIC_TAILS = {"summit", "forum", "meeting", "conference", "talks", "estate", "garden", "gardens", "house",
                  "city", "province", "region", "county", "district", "airport", "hotel", "palace", "hall", "centre",
                  "center", "group", "bloc", "organization", "organisation", "south", "north", "east", "west"}


def _generic_suffix(a: str, b: str) -> bool:
    """One name is the other plus a generic word at the end ("… Cooperation" / "… Cooperation Summit")."""
    wa, wb = a.lower().split(), b.lower().split()
    short, long_ = (wa, wb) if len(wa) < len(wb) else (wb, wa)
    return (long_[:len(short)] == short and all(w in _GENERIC_TAILS for w in long_[len(short):])
            and len(long_) > len(short))


def _letters(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _mentions_in(mentions: list[Mention], start: int, end: int,
                 starts: Optional[list[int]] = None) -> list[Mention]:
    """The mentions inside ``start``..``end`` (+1); with ``starts`` (``mentions`` sorted by
    start, and their starts), found by bisection rather than by a scan of them all."""
    if starts is None:
        return [m for m in mentions if start <= m.start and m.end <= end + 1]
    lo, hi = bisect.bisect_left(starts, start), bisect.bisect_right(starts, end + 1)
    return [m for m in mentions[lo:hi] if m.end <= end + 1]


def _swapped(comparison: Comparison, path_a: str, ma: list[Mention], path_b: str, mb: list[Mention],
             named_in: dict[str, set[str]]):
    """A name of one side that the other article never uses, where the other side has a name or a role."""
    keys_a = [(m, comparison.entities.key_of(path_a, m)) for m in ma]
    keys_b = [(m, comparison.entities.key_of(path_b, m)) for m in mb]
    for (m1, k1), p1, others, p2 in ((x, path_a, keys_b, path_b) for x in keys_a):
        if not k1 or p2 in named_in.get(k1, set()):
            continue
        # the name is unknown to the other article and, in this comparison, to most others
        if len(named_in.get(k1, set())) > max(1, len(comparison.articles) // 3):
            continue
        if m1.label != "PERSON":
            continue  # places and organisations swap for legitimate reasons (Kazan / Russia)
        replacement = next((m2 for m2, k2 in others if k2 and k2 != k1 and m2.label == m1.label
                            and p1 not in named_in.get(k2, set()) and _letters(m2.text) != _letters(m1.text)), None)
        if replacement is not None or not others:
            return (p1, m1), (p2, replacement)
    for (m2, k2) in keys_b:
        if not k2 or path_a in named_in.get(k2, set()) or m2.label != "PERSON":
            continue
        if len(named_in.get(k2, set())) > max(1, len(comparison.articles) // 3):
            continue
        replacement = next((m1 for m1, k1 in keys_a if k1 and k1 != k2 and m1.label == m2.label
                            and path_b not in named_in.get(k1, set()) and _letters(m1.text) != _letters(m2.text)), None)
        if replacement is not None or not keys_a:
            return (path_b, m2), (path_a, replacement)
    return None
