"""Scores against a gold file: pure functions over names, days and paragraph pairs."""
from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from typing import Mapping, Optional, Sequence


@dataclass
class GroupingScore:
    precision: float
    recall: float
    f1: float
    split: dict[str, int]  # gold event -> how many predicted events hold its articles
    merged: list[list[str]]  # gold events that share one predicted event


def bcubed(predicted: Sequence[Sequence[str]], gold: Mapping[str, Sequence[str]]) -> GroupingScore:
    """B-cubed precision/recall/F1 of ``predicted`` groups over the articles the gold names.

    Articles the gold does not name are left out (a corpus may hold extra files), so an
    extra file neither helps nor hurts.
    """
    gold_of = {name: event for event, names in gold.items() for name in names}
    pred_of: dict[str, int] = {}
    for number, group in enumerate(predicted):
        for name in group:
            if name in gold_of:
                pred_of[name] = number
    # An article the prediction lost counts as a group of its own.
    for name in gold_of:
        pred_of.setdefault(name, -1 - len(pred_of))
    pred_members: dict[int, list[str]] = {}
    for name, number in pred_of.items():
        pred_members.setdefault(number, []).append(name)
    precision = recall = 0.0
    for name, event in gold_of.items():
        mine = pred_members[pred_of[name]]
        same = sum(1 for other in mine if gold_of[other] == event)
        precision += same / len(mine)
        recall += same / len(gold[event])
    n = max(1, len(gold_of))
    precision, recall = precision / n, recall / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    split = {event: len({pred_of[x] for x in names}) for event, names in gold.items()}
    merged = sorted(sorted({gold_of[x] for x in members}) for members in pred_members.values()
                    if len({gold_of[x] for x in members}) > 1)
    return GroupingScore(precision, recall, f1, {e: k for e, k in split.items() if k > 1}, merged)


@dataclass
class DateResult:
    event: str
    gold: str
    predicted: Optional[str]
    off_by: Optional[int]  # days; None when no day was predicted


def event_dates(predicted: Sequence[tuple[Sequence[str], Optional[str]]],
                gold_events: Mapping[str, Sequence[str]], gold_dates: Mapping[str, str]) -> list[DateResult]:
    """Each gold event's day against the day of the predicted event holding most of its articles.

    ``predicted``: (article names, day) per predicted event, in the app's order (which
    breaks ties between predicted events holding equally many articles).
    """
    results = []
    for event, day in sorted(gold_dates.items()):
        names = set(gold_events.get(event, ()))
        counts = [(len(names & set(members)), -i) for i, (members, _) in enumerate(predicted)]
        best = max(counts, default=(0, 0))
        guess = predicted[-best[1]][1] if best[0] else None
        results.append(DateResult(event, day, guess, _days_between(guess, day)))
    return results


def _days_between(a: Optional[str], b: Optional[str]) -> Optional[int]:
    if not a or not b:
        return None
    try:
        return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)
    except ValueError:
        return None


@dataclass
class AlignmentScore:
    a: str
    b: str
    sure: int
    possible: int
    predicted: int
    sure_found: int
    correct: int  # predicted links in sure ∪ possible

    @property
    def sure_recall(self) -> float:
        return self.sure_found / self.sure if self.sure else 1.0

    @property
    def precision(self) -> float:
        # Predicting nothing is not wrong, only incomplete: recall carries that.
        return self.correct / self.predicted if self.predicted else 1.0


def score_alignment(a: str, b: str, predicted: set[tuple[int, int]], sure: set[tuple[int, int]],
                    possible: set[tuple[int, int]]) -> AlignmentScore:
    return AlignmentScore(a, b, len(sure), len(possible), len(predicted), len(predicted & sure),
                          len(predicted & (sure | possible)))


def block_of(blocks: Sequence[tuple[int, int]], span: tuple[int, int]) -> Optional[int]:
    """Index of the gold block that holds most of ``span`` (character offsets)."""
    starts = [s for s, _ in blocks]
    first = max(0, bisect.bisect_right(starts, span[0]) - 1)
    best, best_overlap = None, 0
    for i in range(first, len(blocks)):
        s, e = blocks[i]
        if s >= span[1]:
            break
        overlap = min(e, span[1]) - max(s, span[0])
        if overlap > best_overlap:
            best, best_overlap = i, overlap
    return best


def summary_counts(results: Sequence[DateResult]) -> tuple[float, float]:
    """(exact share, within-one-day share) of the events."""
    if not results:
        return 1.0, 1.0
    exact = sum(1 for r in results if r.off_by == 0) / len(results)
    near = sum(1 for r in results if r.off_by is not None and r.off_by <= 1) / len(results)
    return exact, near


__all__ = ["GroupingScore", "bcubed", "DateResult", "event_dates", "AlignmentScore",
           "score_alignment", "block_of", "summary_counts"]
