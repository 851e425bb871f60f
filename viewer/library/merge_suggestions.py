"""Events that are probably one: the reader decides, the viewer only points them out
("shares 80% of its names, 1 day apart")."""
from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from ..analysis.entities import NAME_LABELS

if TYPE_CHECKING:
    from .library import Library

MIN_SHARED_NAMES = 0.2  # weighted share; independent reports of one call share few names (0.16-0.66 on real coverage)
MAX_DAYS_APART = 3  # reports of one meeting carry dates a day or two apart (time zones, "late on Monday")


@dataclass(frozen=True)
class MergeSuggestion:
    event_id: str
    other_id: str
    shared: float  # share of the smaller event's names that the other names too, by distinctiveness
    days_apart: Optional[int]  # None when either event has no date

    def describe(self, other_label: str) -> str:
        when = ("same day" if self.days_apart == 0 else
                f"{self.days_apart} day{'s' if self.days_apart != 1 else ''} apart"
                if self.days_apart is not None else "one of them undated")
        return f"{other_label} — shares {self.shared:.0%} of its names, {when}"


def names_by_article(library: "Library") -> dict[str, set[str]]:
    """Canonical keys of the people, places and organisations each article names."""
    names: dict[str, set[str]] = {}
    for entity in library.entities.entities:
        if entity.label in NAME_LABELS:
            for path in entity.mentions:
                names.setdefault(path, set()).add(entity.key)
    return names


def _days_apart(a: Optional[str], b: Optional[str]) -> Optional[int]:
    if not a or not b:
        return None
    try:
        return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)
    except ValueError:
        return None


def _same_people(a: list[str], b: list[str]) -> bool:
    """Participants agree when one list holds the other (a report may name only one side)."""
    return not a or not b or set(a) <= set(b) or set(b) <= set(a)


def suggest_merges(library: "Library", event_id: str, limit: int = 3) -> list[MergeSuggestion]:
    """The events most like ``event_id`` by shared names and close dates, best first."""
    event = next((e for e in library.events if e.id == event_id), None)
    if event is None:
        return []
    by_article = names_by_article(library)
    names = {e.id: set().union(*(by_article.get(p, set()) for p in e.articles)) for e in library.events}
    # Names every event carries ("China", "Xi") say nothing about which event is which.
    spread = Counter(name for found in names.values() for name in found)
    weight = {name: math.log((1 + len(names)) / (1 + n)) for name, n in spread.items()}
    mine = names[event_id]
    found = []
    for other in library.events:
        if other.id == event_id or not _same_people(event.participants, other.participants):
            continue
        days = _days_apart(event.date, other.date)
        if days is not None and days > MAX_DAYS_APART:
            continue
        theirs = names[other.id]
        smaller = min(sum(weight[n] for n in mine), sum(weight[n] for n in theirs))
        if smaller <= 0:
            continue
        shared = sum(weight[n] for n in mine & theirs) / smaller
        if shared >= MIN_SHARED_NAMES:
            found.append(MergeSuggestion(event_id, other.id, shared, days))
    found.sort(key=lambda s: (-s.shared, s.days_apart if s.days_apart is not None else MAX_DAYS_APART + 1))
    return found[:limit]
