"""Figures in article text, normalised, and the ones that conflict across outlets (Qt-free).

A *figure* is a number with what it measures: a duration ("three-and-a-half-hour",
"3 hours and 24 minutes" → minutes), a time span ("five years"), a percentage, an
amount of money, a count of something ("175,000 troops"), a calendar date ("Jan. 1",
"1 January") or a weekday. ``find_figures`` reads them from text with their span;
``conflicting_figures`` pairs figures of the same kind of quantity that sit in
sentences reporting the same point in different articles and differ in value.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Optional

from .comparison import Comparison
from .sentence_pairs import SentenceRef, SentenceSpace, outlet_label, union_find

DURATION, PERIOD, PERCENT, MONEY, COUNT, DATE, WEEKDAY = (
    "duration", "period", "percent", "money", "count", "date", "weekday")
KIND_NOUNS = {DURATION: "Length", PERIOD: "Time span", PERCENT: "Percentage", MONEY: "Amount",
              COUNT: "Number", DATE: "Date", WEEKDAY: "Day"}
MORE, LESS, ABOUT, EXACT = ">", "<", "~", "="

_UNITS = {"zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
          "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
          "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000, "bn": 1_000_000_000, "mn": 1_000_000, "m": 1_000_000,
           "tn": 1_000_000_000_000}
_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75}
_MONTHS = {m: i + 1 for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"))}
_MONTH_ABBR = {m[:3]: i for m, i in _MONTHS.items()} | {"sept": 9}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_WORD_NUM = (r"(?:(?:" + "|".join(sorted(_TENS, key=len, reverse=True)) + r")(?:[-\s](?:one|two|three|four|five|six|"
             r"seven|eight|nine))?|" + "|".join(sorted((k for k in _UNITS if k not in ("a", "an")), key=len,
                                                       reverse=True)) + r"|a|an)")
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?[½¼¾]?|\d+(?:\.\d+)?[½¼¾]?"
_HALF = r"(?:[-\s]and[-\s](?:a[-\s])?half|[-\s]and[-\s]a[-\s]quarter)"
NUMBER = rf"(?:(?:{_DIGITS})|(?:{_WORD_NUM})(?:{_HALF})?|(?:{_DIGITS}){_HALF})"
_SCALE = r"(?:\s?(?:hundred|thousand|million|billion|trillion|bn|mn|tn)\b)"
_QUALIFIER = (r"(?P<q>more than|over|at least|upwards of|in excess of|nearly|almost|just under|just over|"
              r"under|less than|up to|about|around|roughly|some|approximately|an estimated|close to)\s+")
_DUR_UNIT = r"(?P<u>hours?|hrs?|minutes?|mins?)"
_PER_UNIT = r"(?P<u>years?|months?|weeks?|days?)"

_DURATION = re.compile(
    rf"\b(?:{_QUALIFIER})?(?P<n>{NUMBER}|half an?)[-\s]{_DUR_UNIT}\b"
    rf"(?:,?\s(?:and\s)?(?P<n2>{NUMBER})[-\s](?P<u2>minutes?|mins?)\b)?", re.I)
_PERIOD = re.compile(rf"\b(?:{_QUALIFIER})?(?P<n>{NUMBER})[-\s]{_PER_UNIT}\b", re.I)
_PERCENT = re.compile(rf"\b(?:{_QUALIFIER})?(?P<n>{NUMBER})(?:\s?%|\s(?:per\s?cent|percent)\b)", re.I)
_MONEY = re.compile(
    rf"(?:\b{_QUALIFIER})?(?P<cur>US\$|\$|€|£|¥)\s?(?P<n>{_DIGITS})(?P<s>{_SCALE})?"
    rf"|\b(?:{_QUALIFIER.replace('?P<q>', '?P<q3>')})?(?P<n3>{_DIGITS})(?P<s3>{_SCALE})?"
    r"\s(?P<cur3>dollars|yuan|euros|pounds|rupees|roubles|rubles)\b",
    re.I)
_COUNT = re.compile(
    rf"\b(?:{_QUALIFIER})?(?P<n>{_DIGITS}|(?:{_WORD_NUM}))(?P<s>{_SCALE})?\s"
    rf"(?P<w>(?:[a-z][a-z-]+\s){{0,2}}[a-z][a-z-]+)", re.I)
_MONTH_NAMES = (r"(?P<m>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
                r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DATE_MD = re.compile(rf"\b{_MONTH_NAMES}\.?\s?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s?(?:%|percent|,\d))", re.I)
_DATE_DM = re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s(?:of\s)?{_MONTH_NAMES.replace('?P<m>', '?P<m2>')}\b\.?",
                      re.I)
_RANGE_HEAD = re.compile(rf"(?:\$|\b)(?P<n>{NUMBER})(?P<s>{_SCALE})?\s?(?:%|percent|per cent)?"
                         r"\s?(?:to|and|or|-|–)\s?(?=[^\s]*$)", re.I)
_NUM_IN = re.compile(NUMBER, re.I)
_MONTH_ONLY = re.compile(r"\b(?:in|since|by|until|from|last|next|early|late|mid-?)\s(?P<m>January|February|March|April|"
                         r"June|July|August|September|October|November|December)\b(?!\s?\d)")
_WEEKDAY = re.compile(r"\b(?P<w>" + "|".join(_WEEKDAYS) + r")\b", re.I)
_TIME_UNITS = {"hour", "minute", "second", "day", "week", "month", "year", "hr", "min", "decade"}
_COUNT_STOP = {"of", "the", "and", "or", "to", "in", "on", "at", "for", "with", "by", "from", "as", "that",
               "which", "who", "per", "a", "an", "is", "are", "was", "were", "times", "time", "percent"}


@dataclass(frozen=True)
class Figure:
    """One figure in one article: its span, what it measures and its normalised value."""
    path: str
    start: int
    end: int
    text: str
    kind: str
    value: float
    unit: str = ""  # currency, counted noun, or "" when the kind says it all
    qualifier: str = EXACT

    def same_quantity(self, other: "Figure") -> bool:
        return self.kind == other.kind and self.unit == other.unit

    def same_value(self, other: "Figure") -> bool:
        return math.isclose(self.value, other.value, rel_tol=0.01, abs_tol=1e-9)

    def compatible(self, other: "Figure") -> bool:
        """Whether both can be true: "more than three hours" and "3 hours 24 minutes"."""
        if self.same_value(other):
            return self.qualifier == other.qualifier or EXACT in (self.qualifier, other.qualifier) \
                or ABOUT in (self.qualifier, other.qualifier)
        low, high = sorted((self, other), key=lambda f: f.value)
        if low.qualifier == MORE and high.qualifier in (EXACT, ABOUT, MORE):
            return True
        if high.qualifier == LESS and low.qualifier in (EXACT, ABOUT, LESS):
            return True
        if ABOUT in (low.qualifier, high.qualifier):
            return high.value <= low.value * 1.15
        return False


def parse_number(text: str) -> Optional[float]:
    """``"three-and-a-half"`` → 3.5, ``"1,333"`` → 1333, ``"6½"`` → 6.5, ``"twenty-five"`` → 25."""
    t = text.lower().strip().replace("\u2011", "-")
    if not t:
        return None
    extra = 0.0
    half = re.search(r"[-\s]and[-\s](a[-\s])?(half|quarter)$", t)
    if half:
        extra = 0.5 if half.group(2) == "half" else 0.25
        t = t[:half.start()]
    if t in ("half a", "half an"):
        return 0.5
    if t and t[-1] in _FRACTIONS:
        extra += _FRACTIONS[t[-1]]
        t = t[:-1]
        if not t:
            return extra
    if re.fullmatch(r"[\d,]+(\.\d+)?", t):
        return float(t.replace(",", "")) + extra
    words = re.split(r"[-\s]+", t)
    total = 0
    for word in words:
        if word in _UNITS:
            total += _UNITS[word]
        elif word in _TENS:
            total += _TENS[word]
        else:
            return None
    return total + extra


def _qualifier(match: re.Match) -> str:
    groups = match.groupdict()
    q = (groups.get("q") or groups.get("q3") or "").lower()
    if q in ("more than", "over", "at least", "upwards of", "in excess of", "just over"):
        return MORE
    if q in ("nearly", "almost", "just under", "under", "less than", "up to", "close to"):
        return LESS
    if q:
        return ABOUT
    return EXACT


def _scaled(number: Optional[float], scale: Optional[str]) -> Optional[float]:
    if number is None:
        return None
    if scale:
        number *= _SCALES[scale.strip().lower()]
    return number


def _plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith(("ss", "ous", "us", "is"))


def _singular(word: str) -> str:
    word = word.lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def find_figures(text: str, path: str = "") -> list[Figure]:
    """Every figure in ``text``, longest reading first where two readings overlap."""
    found: list[Figure] = []
    for m in _DURATION.finditer(text):
        n = parse_number(m.group("n"))
        if n is None:
            continue
        if re.match(r"\s+(?:longer|shorter|later|earlier|late|early|before|after|ahead|behind)\b"
                    r"(?!\s+(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|night|evening|"
                    r"morning|afternoon|in the day|that day|last|this)\b)", text[m.end():], re.I):
            continue  # "an hour longer than expected" is a difference of durations, not one ("late Monday" is a time)
        minutes = n * (60 if m.group("u").lower().startswith(("h", "hr")) else 1)
        if m.group("n2"):
            extra = parse_number(m.group("n2"))
            minutes += extra or 0
        found.append(Figure(path, m.start(), m.end(), m.group(), DURATION, minutes, "", _qualifier(m)))
    for m in _PERIOD.finditer(text):
        n = parse_number(m.group("n"))
        if n is None or (m.group("n").lower() in ("a", "an")):
            continue
        days = n * {"y": 365, "m": 30, "w": 7, "d": 1}[m.group("u")[0].lower()]
        found.append(Figure(path, m.start(), m.end(), m.group(), PERIOD, days, "", _qualifier(m)))
    for m in _PERCENT.finditer(text):
        n = parse_number(m.group("n"))
        if n is not None:
            found.append(Figure(path, m.start(), m.end(), m.group(), PERCENT, n, "", _qualifier(m)))
    for m in _MONEY.finditer(text):
        raw, scale, cur = (m.group("n"), m.group("s"), m.group("cur")) if m.group("n") else (
            m.group("n3"), m.group("s3"), m.group("cur3"))
        n = _scaled(parse_number(raw), scale)
        currency = {"$": "usd", "us$": "usd", "dollars": "usd", "€": "eur", "euros": "eur", "£": "gbp",
                    "pounds": "gbp", "¥": "cny", "yuan": "cny"}.get(cur.lower(), cur.lower())
        if n is not None:
            found.append(Figure(path, m.start(), m.end(), m.group().strip(), MONEY, n, currency, _qualifier(m)))
    for pattern in (_DATE_MD, _DATE_DM):
        for m in pattern.finditer(text):
            month_name = (m.groupdict().get("m") or m.groupdict().get("m2") or "").lower().rstrip(".")
            month = _MONTHS.get(month_name) or _MONTH_ABBR.get(month_name[:4]) or _MONTH_ABBR.get(month_name[:3])
            day = int(m.group("d"))
            if month_name == "may" and not text[m.start()].isupper():
                continue  # "may 5" is a verb
            before = text[max(0, m.start() - 24):m.start()]
            if re.search(r"(updated|published|posted|modified)\W*(on\W*)?$", before, re.I) or \
                    re.search(r"(^|\n)[A-Z][A-Z .'-]+,\s*$", before) or text[m.end():m.end() + 2] == " (":
                continue  # publication stamps and datelines are about the page, not the event
            if month and 1 <= day <= 31:
                found.append(Figure(path, m.start(), m.end(), m.group().strip(" ."), DATE, month * 100 + day))
    for m in _MONTH_ONLY.finditer(text):  # "in January": agrees with any day of January
        month = _MONTHS[m.group("m").lower()]
        found.append(Figure(path, m.start("m"), m.end("m"), m.group("m"), DATE, month * 100, "month"))
    for m in _WEEKDAY.finditer(text):
        if text[m.start()].isupper():
            found.append(Figure(path, m.start(), m.end(), m.group(), WEEKDAY,
                                _WEEKDAYS.index(m.group().lower())))
    # "from 15 to 25 percent": the first number of a range has the second's unit.
    for f in list(found):
        if f.kind not in (PERCENT, MONEY, DURATION, PERIOD):
            continue
        head = _RANGE_HEAD.search(text, max(0, f.start - 40), f.start)
        if head:
            n = parse_number(head.group("n"))
            if n is not None and f.kind == MONEY:
                n = _scaled(n, (re.search(_SCALE, f.text) or [None])[0]) if not head.group("s") else \
                    _scaled(n, head.group("s"))
            elif n is not None and f.kind == DURATION and re.search(r"hours?|hrs?", f.text, re.I):
                n *= 60
            elif n is not None and f.kind == PERIOD:
                number = _NUM_IN.search(f.text)  # a PERIOD figure's text holds its number
                n *= f.value / ((parse_number(number.group()) if number else None) or 1)
            if n is not None:
                found.append(Figure(path, head.start("n"), head.end("n"), head.group("n"), f.kind, n, f.unit,
                                    EXACT))
    for n, f in enumerate(found):  # "$200 to $250 billion": the first amount is in billions too
        if f.kind == MONEY and not re.search(_SCALE, f.text, re.I):
            nxt = next((g for g in found if g.kind == MONEY and 0 < g.start - f.end <= 6
                        and re.fullmatch(r"\s?(?:to|and|or|-|–)\s?", text[f.end:g.start])), None)
            scale = re.search(_SCALE, nxt.text, re.I) if nxt else None
            scaled = _scaled(f.value, scale.group()) if scale else None
            if scaled is not None:
                found[n] = Figure(f.path, f.start, f.end, f.text, MONEY, scaled, f.unit, f.qualifier)
    taken = sorted(found, key=lambda f: (-(f.end - f.start), f.start))
    kept: list[Figure] = []
    for figure in taken:
        if not any(f.start < figure.end and figure.start < f.end for f in kept):
            kept.append(figure)
    for m in _COUNT.finditer(text):
        if any(f.start < m.end("n") and m.start() < f.end for f in kept):
            continue
        raw = m.group("n")
        if raw.lower() in ("a", "an", "one") or re.fullmatch(r"(19|20)\d\d", raw):
            continue  # articles and years are not counts
        n = _scaled(parse_number(raw), m.group("s"))
        words = m.group("w").lower().split()
        noun_words = []
        for word in words:
            if word in _COUNT_STOP:
                break
            noun_words.append(word)
            if _plural(word):
                break
        if n is None or not noun_words or noun_words[-1] in _MONTHS or noun_words[-1] in _WEEKDAYS:
            continue
        if _singular(noun_words[-1]) in _TIME_UNITS:
            continue  # "three hours later" is an offset, not a count of hours
        end = m.start("w") + len(" ".join(noun_words))
        kept.append(Figure(path, m.start(), end, text[m.start():end], COUNT, n, _singular(noun_words[-1]),
                           _qualifier(m)))
    return sorted(kept, key=lambda f: f.start)


def display_value(figure: Figure) -> str:
    """The figure as the article words it, trimmed."""
    return " ".join(figure.text.split())


@dataclass
class FigureConflict:
    """Figures of one quantity that differ across articles: each article's figures, in text order."""
    figures: dict[str, list[Figure]]
    context: float  # how surely they are about the same thing (sentence context score)
    compatible: bool  # all values could be true together ("more than three hours" / "3 h 24 min")

    @property
    def kind(self) -> str:
        return next(iter(self.figures.values()))[0].kind


# Nouns and verbs that say a duration is the length of the meeting, call or talks.
_EVENT_WORDS = re.compile(r"\b(meeting|met|talks?|summit|call|conversation|dinner|session|discussion|"
                          r"lasted|lasting|spoke|chat|exchange|encounter|sit-down)\b", re.I)
# Words that make a figure the object of a change rather than a standing total.
_CHANGE_WORDS = re.compile(r"\b(?:increas\w*|rais\w*|hik\w*|add\w*|additional|extra|further|new|more|cut\w*|"
                           r"reduc\w*|lower\w*|from\s+[\d.]+\s*(?:%|percent|per cent)?\s+to)\b", re.I)
# How strongly the two sentences must agree on the point, per kind of figure.
_CONTEXT_FLOOR = {DURATION: 0.12, PERIOD: 0.3, PERCENT: 0.3, MONEY: 0.3, COUNT: 0.3, DATE: 0.35, WEEKDAY: 0.4}
# Words near a figure that say nothing about what it measures.
_WEAK_NEIGHBOURS = {"say", "said", "tell", "add", "accord", "report", "statement", "percent", "year", "month",
                    "week", "day", "time", "hour", "minut"}
MAX_RATIO = 4.0  # values further apart than this are different quantities, not a disagreement
# One article giving two values for one quantity: values this close …
RESTATED_RATIO = 1.15
# … with this many content words around both in common
RESTATED_WORDS = 3


def _given(figures) -> set:
    """What an article states: (kind, unit, value), and months of any date it names."""
    given = set()
    for f in figures:
        given.add((f.kind, f.unit, round(f.value, 2)))
        if f.kind == DATE:
            given.add((DATE, "month", float(int(f.value) // 100 * 100)))
    return given


def _key(f: Figure) -> tuple:
    return (f.kind, f.unit, round(f.value, 2))


def _comparable(a: Figure, b: Figure) -> bool:
    if a.kind == DATE and "month" in (a.unit, b.unit):
        return False
    if not a.same_quantity(b) or a.same_value(b):
        return False
    if a.kind in (DATE, WEEKDAY):
        return True
    low, high = sorted((abs(a.value), abs(b.value)))
    return low > 0 and high / low <= MAX_RATIO


def conflicting_figures(comparison: Comparison, space: Optional[SentenceSpace] = None) -> list[FigureConflict]:
    """Groups of figures of the same kind that differ between articles reporting one point."""
    space = space or SentenceSpace(comparison)
    figures: list[Figure] = []
    sentence_of: list[SentenceRef] = []
    for article in comparison.articles:
        for ref in space.sentences[article.path]:
            for f in find_figures(space.text(ref)):
                figures.append(Figure(article.path, ref.start + f.start, ref.start + f.end, f.text, f.kind, f.value,
                                      f.unit, f.qualifier))
                sentence_of.append(ref)
    by_path: dict[str, list[int]] = {}
    for i, f in enumerate(figures):
        by_path.setdefault(f.path, []).append(i)
    contexts = {}
    paths = [a.path for a in comparison.articles]
    for x, pa in enumerate(paths):
        for pb in paths[x + 1:]:
            contexts[(pa, pb)] = space.context_matrix(pa, pb)

    def context(i: int, j: int) -> float:
        a, b = sentence_of[i], sentence_of[j]
        if (a.path, b.path) in contexts:
            return float(contexts[(a.path, b.path)][a.index, b.index])
        return float(contexts[(b.path, a.path)][b.index, a.index])

    def about_event(i: int) -> bool:
        """The figure itself measures the meeting: an event word right next to it."""
        f = figures[i]
        text = comparison_texts[f.path]
        if f.kind == WEEKDAY:  # "a meeting with … in Lima on Saturday": the day ends the clause of the meeting
            ref = sentence_of[i]
            lo, hi = max(ref.start, f.start - 140), min(ref.end, f.end + 60)
            return bool(_EVENT_WORDS.search(text[lo:hi]))
        return bool(_EVENT_WORDS.search(text[max(0, f.start - 40):f.end + 40]))

    comparison_texts = {a.path: a.text for a in comparison.articles}

    def changed(i: int) -> bool:
        """The figure is what a change applies to ("increasing tariffs on $200 billion")."""
        f, ref = figures[i], sentence_of[i]
        text = comparison_texts[f.path]
        return bool(_CHANGE_WORDS.search(text[max(ref.start, f.start - 60):min(ref.end, f.end + 60)]))

    near = [space.nearby_stems(f.path, f.start, f.end) - _WEAK_NEIGHBOURS for f in figures]

    def restated(i: int, k: int) -> bool:
        """Two figures of one article give one quantity two values ("spared tariffs on $325
        billion", later "threatened tariffs on roughly $300 billion" of the same goods): close
        values, in different sentences, with the same words around them."""
        f, g = figures[i], figures[k]
        if f.kind not in (MONEY, COUNT, PERCENT, DURATION, PERIOD) or not f.same_quantity(g) or f.same_value(g):
            return False
        if {MORE, LESS} & {f.qualifier, g.qualifier} and f.compatible(g):
            return False  # "over three hours" and "3 hours 24 minutes": the second says how much over
        low, high = sorted((abs(f.value), abs(g.value)))
        return low > 0 and high / low <= RESTATED_RATIO and sentence_of[i] != sentence_of[k] and \
            len(near[i] & near[k]) >= RESTATED_WORDS

    edges: list[tuple[int, int]] = []
    edge_context: dict[tuple[int, int], float] = {}
    for x, pa in enumerate(paths):
        for pb in paths[x + 1:]:
            values_a = _given(figures[i] for i in by_path.get(pa, []))
            values_b = _given(figures[j] for j in by_path.get(pb, []))
            candidates = []
            for i in by_path.get(pa, []):
                for j in by_path.get(pb, []):
                    fa, fb = figures[i], figures[j]
                    if fa.same_quantity(fb) and fa.same_value(fb):
                        ctx = context(i, j)
                        if ctx >= _CONTEXT_FLOOR[fa.kind] or (fa.kind in (DURATION, WEEKDAY) and about_event(i)
                                                              and about_event(j)):
                            candidates.append((ctx + 0.05, i, j))  # agreement joins a group
                        continue
                    if not _comparable(fa, fb):
                        continue
                    # A value both articles give somewhere is no disagreement.
                    if _key(fb) in values_a or _key(fa) in values_b or (fa.kind == DATE and (
                            (DATE, "month", float(int(fb.value) // 100 * 100)) in values_a or
                            (DATE, "month", float(int(fa.value) // 100 * 100)) in values_b)):
                        continue
                    if fa.kind in (MONEY, COUNT) and changed(i) != changed(j):
                        continue  # "raised tariffs on $200 billion" is a change, "tariffs on $250 billion" a total
                    ctx = context(i, j)
                    events = about_event(i) and about_event(j)
                    if not (near[i] & near[j]) and not (fa.kind in (DURATION, WEEKDAY) and events):
                        continue  # the words around the two figures must share something
                    floor = _CONTEXT_FLOOR[fa.kind]
                    if fa.kind == DURATION:
                        floor = 0.0 if events else 0.35  # the length of the meeting, however worded
                    elif fa.kind == WEEKDAY and events:
                        floor = 0.2
                    if ctx >= floor:
                        candidates.append((ctx, i, j))
            # each figure keeps its best counterpart in the other article (both ways)
            best: dict[int, tuple[float, int, int]] = {}
            for ctx, i, j in candidates:
                for end in (i, j):
                    if end not in best or ctx > best[end][0]:
                        best[end] = (ctx, i, j)
            for ctx, i, j in sorted(set(best.values()), reverse=True):
                edges.append((i, j))
                edge_context[(i, j)] = ctx
    # An article that gives one quantity two values disagrees with itself: joined, its two
    # values meet the other articles' figures of that quantity (grouped only with them).
    for indices in by_path.values():
        for x, i in enumerate(indices):
            for k in indices[x + 1:]:
                if restated(i, k):
                    edges.append((i, k))
    conflicts: list[FigureConflict] = []
    for group in union_find(figures, edges):
        members = [figures[i] for i in group]
        if len({f.path for f in members}) < 2:
            continue
        chosen: dict[str, list[Figure]] = {}
        for i in sorted(group, key=lambda k: figures[k].start):
            if not any(f.same_value(figures[i]) for f in chosen.get(figures[i].path, [])):
                chosen.setdefault(figures[i].path, []).append(figures[i])
        distinct = {round(f.value, 2) for fs in chosen.values() for f in fs}
        if len(distinct) < 2:
            continue
        group_set = set(group)
        ctxs = [c for (i, j), c in edge_context.items() if i in group_set and j in group_set]
        values = [f for fs in chosen.values() for f in fs]
        compatible = all(a.compatible(b) for n, a in enumerate(values) for b in values[n + 1:])
        conflicts.append(FigureConflict(chosen, max(ctxs) if ctxs else 0.0, compatible))
    return conflicts


def describe(conflict: FigureConflict, comparison: Comparison) -> str:
    """"Length: Reuters: 3 hours and 24 minutes · AFP: more than three hours"."""
    articles = {a.path: a for a in comparison.articles}
    first = next(iter(conflict.figures.values()))[0]
    noun = KIND_NOUNS[first.kind] + (f" of {first.unit}s" if first.kind == COUNT else "")
    parts = [f"{outlet_label(articles[p])}: {' / '.join(display_value(f) for f in fs)}"
             for p, fs in sorted(conflict.figures.items(), key=lambda kv: kv[1][0].value)]
    return f"{noun}: " + " · ".join(parts)
