"""A seeded, deterministic generator of realistic libraries for the benchmark.

Each generated event starts from one seed article with its people renamed, its
numbers changed and its dates moved to the event's day; each article of the event
is that text as another outlet would write it: sentences dropped, reordered and
reworded, a paragraph or two moved, an outlet header and footer added. Events made
from the same seed share most of their wording, so grouping must tell them apart
by date and names, and alignment must find passages that moved and changed.

Only the benchmark imports this module; the app never does.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

FIRST_NAMES = ["Martin", "Elena", "Victor", "Grace", "Henry", "Laura", "Oscar", "Nadia", "Peter", "Irene",
               "Samuel", "Clara", "Walter", "Diane", "Felix", "Hannah", "George", "Marta", "Lucas", "Rosa",
               "Arthur", "Helen", "Tomas", "Julia", "Edgar", "Sofia", "Conrad", "Vera", "Daniel", "Alice",
               "Wen", "Li", "Zhao", "Mei", "Jian", "Hui", "Ming", "Lan", "Qiang", "Yan"]
LAST_NAMES = ["Harlow", "Brennan", "Castillo", "Whitmore", "Okafor", "Lindqvist", "Moreau", "Patel",
              "Kowalski", "Fairbanks", "Delgado", "Thornton", "Nakamura", "Ashworth", "Rinaldi", "Mercer",
              "Halvorsen", "Quinlan", "Sandoval", "Pemberton", "Gallagher", "Ivanova", "Drummond", "Ferreira",
              "Zhou", "Tang", "Liang", "Feng", "Guo", "Cao", "Deng", "Shen", "Xu", "Peng", "Han", "Jiang"]
OUTLETS = ["Daily Courier", "Global Ledger", "Evening Herald", "Pacific Tribune", "Capital Wire",
           "Morning Register", "Harbour Times", "Continental Post", "The Observer Desk", "Metro Gazette",
           "North Star News", "Eastern Chronicle"]
# Rewordings an outlet's copy desk makes; applied to whole words, case kept.
REWORDINGS = {
    "said": "stated", "told": "informed", "spoke": "talked", "talked": "spoke", "called": "described",
    "important": "significant", "relations": "ties", "ties": "relations", "discussed": "addressed",
    "phone": "telephone", "conversation": "exchange", "leaders": "heads of state", "country": "nation",
    "countries": "nations", "issues": "matters", "also": "further", "however": "but", "after": "following",
    "hopes": "expects", "help": "assist", "meeting": "talks", "statement": "readout", "urged": "pressed",
    "agreed": "consented", "stressed": "emphasised", "noted": "observed", "warned": "cautioned",
    "cooperation": "collaboration", "economic": "financial", "pandemic": "outbreak", "added": "continued",
}
_SENTENCE_END = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])")
_NUMBER = re.compile(r"(?<![\w/.-])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\w/-])")
_YEAR = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]
_MONTH_DAY = re.compile(r"\b(" + "|".join(_MONTHS) + r")\s+(\d{1,2})\b")
_WORD = re.compile(r"[A-Za-z]+")
FIRST_DAY = dt.date(2012, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)


@dataclass
class SeedText:
    """One seed article, ready to vary: its paragraphs and the people it names."""
    name: str
    paragraphs: list[str]
    people: list[tuple[str, ...]]  # name tokens of each person, e.g. ("Joe", "Biden")
    date: Optional[dt.date]


@dataclass
class GeneratedCorpus:
    folder: Path
    events: dict[str, list[str]] = field(default_factory=dict)  # event id -> file paths

    @property
    def paths(self) -> list[str]:
        return [p for files in self.events.values() for p in files]


def read_seeds(seed_folder: Path) -> list[SeedText]:
    """The seeds with the people each names (found by the app's own entity analysis)."""
    from ..library.library import Library
    library = Library.open([str(seed_folder)], use_cache=False, group=False)
    seeds = []
    for article in sorted(library.articles, key=lambda a: a.path):
        paragraphs = [article.paragraph_text(p).strip() for p in article.paragraphs if p.kind != "boilerplate"]
        people = []
        for entity in library.entities.for_article(article.path):
            tokens = tuple(t for t in entity.name.split() if _WORD.fullmatch(t) and t[:1].isupper() and len(t) > 1)
            if entity.label == "PERSON" and tokens:
                people.append(tokens)
        published = article.meta.published
        if not published:
            from ..analysis.dates import article_date
            published = article_date(article)
        date = dt.date.fromisoformat(published) if published else None
        seeds.append(SeedText(article.name, [p for p in paragraphs if p], people, date))
    return seeds


class Rewriter:
    """Event-level changes (names, numbers, dates) then article-level rewording."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def event_text(self, seed: SeedText, day: dt.date) -> list[str]:
        rng = self.rng
        renames: dict[str, str] = {}
        for tokens in seed.people:
            for token in tokens:
                if token not in renames:
                    pool = FIRST_NAMES if token is not tokens[-1] else LAST_NAMES
                    unused = [n for n in pool if n not in renames.values()] or pool
                    renames[token] = rng.choice(unused)
        names = re.compile(r"\b(" + "|".join(map(re.escape, sorted(renames, key=len, reverse=True)))
                           + r")\b") if renames else None
        factor = rng.uniform(0.4, 2.5)
        shift = (day - seed.date).days if seed.date else 0

        def number(match: re.Match) -> str:
            whole = int(match.group(1).replace(",", ""))
            if 1900 <= whole <= 2049 and not match.group(2):
                return match.group(0)  # a year: moved with the dates below
            value = max(1, round(whole * factor))
            return f"{value:,}" if "," in match.group(1) else str(value)

        def month_day(match: re.Match) -> str:
            month = _MONTHS.index(match.group(1)) + 1
            try:
                moved = dt.date(seed.date.year if seed.date else day.year, month, int(match.group(2)))
            except ValueError:
                return match.group(0)
            moved += dt.timedelta(days=shift)
            return f"{_MONTHS[moved.month - 1]} {moved.day}"

        years = day.year - (seed.date.year if seed.date else day.year)
        out = []
        for paragraph in seed.paragraphs:
            text = names.sub(lambda m: renames[m.group(1)], paragraph) if names else paragraph
            text = _MONTH_DAY.sub(month_day, text)
            text = _NUMBER.sub(number, text)
            text = _YEAR.sub(lambda m: str(int(m.group(1)) + years), text)
            out.append(text)
        return out

    def article_text(self, paragraphs: Sequence[str], outlet: str, title_of: str, day: dt.date,
                     drop: float = 0.12, reword: float = 0.25) -> str:
        rng = self.rng
        body = []
        for paragraph in paragraphs[1:]:
            sentences = _SENTENCE_END.split(paragraph)
            kept = [s for s in sentences if rng.random() >= drop] or sentences[:1]
            if len(kept) > 1 and rng.random() < 0.25:
                i = rng.randrange(len(kept) - 1)
                kept[i], kept[i + 1] = kept[i + 1], kept[i]
            body.append(" ".join(self._reword(s, reword) for s in kept))
        for _ in range(max(1, len(body) // 8)):  # an outlet moves a paragraph or two
            if len(body) > 2 and rng.random() < 0.5:
                i = rng.randrange(len(body))
                body.insert(rng.randrange(len(body)), body.pop(i))
        if len(body) > 4 and rng.random() < 0.3:
            i = rng.randrange(1, len(body) - 1)
            body[i:i + 2] = [body[i] + " " + body[i + 1]]
        title = self._reword(paragraphs[0] if paragraphs else title_of, 0.3)
        day_shown = day + dt.timedelta(days=rng.choice((0, 0, 0, 1)))
        header = f"Title: {title}\nOutlet: {outlet}\nDate: {day_shown.isoformat()}"
        footer = f"Follow {outlet} on social media for more news."
        return "\n\n".join([header, title, *body, footer]) + "\n"

    def _reword(self, sentence: str, share: float) -> str:
        rng = self.rng

        def swap(match: re.Match) -> str:
            word = match.group(0)
            new = REWORDINGS.get(word.lower())
            if new is None or rng.random() >= share:
                return word
            return new[:1].upper() + new[1:] if word[:1].isupper() else new
        return _WORD.sub(swap, sentence)


def event_sizes(articles: int, events: int, rng: random.Random) -> list[int]:
    """Sizes from 1 to 12 (most events have a few reports), summing to ``articles``."""
    sizes = [1] * events
    for _ in range(articles - events):
        while True:
            i = rng.randrange(events)
            if sizes[i] < 12 or all(s >= 12 for s in sizes):
                sizes[i] += 1
                break
    return sizes


def generate_library(seed_folder: Path, out: Path, articles: int, events: int, seed: int = 7,
                     seeds: Optional[list[SeedText]] = None) -> GeneratedCorpus:
    """Write ``articles`` files in ``events`` events under ``out``; returns the true grouping."""
    rng = random.Random(seed)
    seeds = seeds if seeds is not None else read_seeds(seed_folder)
    rewriter = Rewriter(rng)
    out.mkdir(parents=True, exist_ok=True)
    corpus = GeneratedCorpus(out)
    span = (LAST_DAY - FIRST_DAY).days
    for number, size in enumerate(event_sizes(articles, events, rng)):
        seed_text = rng.choice(seeds)
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(span))
        base = rewriter.event_text(seed_text, day)
        event_id = f"event{number:04d}"
        files = []
        for k, outlet in enumerate(rng.sample(OUTLETS, size) if size <= len(OUTLETS)
                                   else [rng.choice(OUTLETS) for _ in range(size)]):
            path = out / f"{event_id}_{k:02d}.txt"
            path.write_text(rewriter.article_text(base, outlet, seed_text.name, day), encoding="utf-8")
            files.append(str(path))
        corpus.events[event_id] = files
    (out / "truth.json").write_text(json.dumps(corpus.events, indent=1), encoding="utf-8")
    return corpus


def generate_event(seed_folder: Path, out: Path, articles: int, words: Optional[int] = None, seed: int = 11,
                   seeds: Optional[list[SeedText]] = None) -> list[str]:
    """One event of ``articles`` reports; with ``words``, each about that long (seeds concatenated)."""
    rng = random.Random(seed)
    seeds = seeds if seeds is not None else read_seeds(seed_folder)
    rewriter = Rewriter(rng)
    day = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days))
    if words is None:
        base = rewriter.event_text(rng.choice(seeds), day)
    else:
        base, count = [], 0
        while count < words * 1.15:  # article-level dropping removes ~12 %
            for seed_text in seeds:
                for paragraph in rewriter.event_text(seed_text, day)[1:]:
                    if count >= words * 1.15:
                        break
                    # repeated seed material is reworded heavily so it is not an in-article repeat
                    paragraph = rewriter._reword(paragraph, 0.6) if count > 3000 else paragraph
                    base.append(paragraph)
                    count += len(paragraph.split())
        base.insert(0, f"A {words}-word report")
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(articles):
        path = out / f"report_{k:02d}.txt"
        path.write_text(rewriter.article_text(base, OUTLETS[k % len(OUTLETS)], "report", day), encoding="utf-8")
        paths.append(str(path))
    return paths
