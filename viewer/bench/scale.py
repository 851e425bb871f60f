"""Open one generated library cold, then again from the cache, in a process of its own.

Run by the benchmark as ``python -m viewer.bench.scale FOLDER`` with
``VIEWER_CACHE_DIR`` pointing at an empty throwaway folder, so that the peak
memory it reports is this library's alone. Prints one JSON object.
"""
from __future__ import annotations

import json
import resource
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Optional, Sequence


def pair_scores(found: Sequence[Sequence[str]], truth: Sequence[Sequence[str]]) -> dict[str, float]:
    """Pairwise precision/recall of a grouping against the true events, and exact-event share."""
    def pairs(groups: Sequence[Sequence[str]]) -> set[tuple[str, str]]:
        return {(min(a, b), max(a, b)) for g in groups for a, b in combinations(g, 2)}
    got, want = pairs(found), pairs(truth)
    precision = len(got & want) / len(got) if got else 1.0
    recall = len(got & want) / len(want) if want else 1.0
    exact = len({frozenset(g) for g in found} & {frozenset(g) for g in truth}) / max(1, len(truth))
    return {"pair_precision": round(precision, 4), "pair_recall": round(recall, 4),
            "exact_events": round(exact, 4)}


def measure(folder: Path) -> dict:
    from ..library.library import Library

    stages: dict[str, float] = defaultdict(float)
    current: list[Optional[str]] = [None]  # the stage being timed
    since = [time.perf_counter()]  # when it started

    def progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if current[0] is not None:
            stages[current[0]] += now - since[0]
        current[0], since[0] = stage, now

    start = time.perf_counter()
    library = Library.open([str(folder)], progress=progress)
    cold = time.perf_counter() - start
    # What follows the last progress call is grouping (entities + events); timed again alone.
    group_start = time.perf_counter()
    library.regroup()
    regroup = time.perf_counter() - group_start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    start = time.perf_counter()
    reopened = Library.open([str(folder)])
    warm = time.perf_counter() - start

    truth_file = folder / "truth.json"
    quality = {}
    if truth_file.exists():
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        quality = pair_scores([e.articles for e in library.events], list(truth.values()))
    tokens = sum(a.token_count for a in library.analyses.values())
    return {
        "articles": len(library.articles),
        "tokens": tokens,
        "events_found": len(library.events),
        "events_true": len(json.loads(truth_file.read_text())) if truth_file.exists() else None,
        "cold_open_s": round(cold, 3),
        "load_s": round(stages.get("load", 0.0), 3),
        "analyse_s": round(stages.get("analyse", 0.0), 3),
        "group_s": round(cold - stages.get("load", 0.0) - stages.get("analyse", 0.0), 3),
        "regroup_s": round(regroup, 3),
        "reopen_s": round(warm, 3),
        "reopen_speedup": round(cold / warm, 1) if warm else None,
        "same_events_on_reopen": [e.articles for e in reopened.events] == [e.articles for e in library.events],
        "peak_rss_mb": round(peak_mb, 1),
        # the largest analysis worker process that has exited (each holds a spaCy model)
        "worker_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        **quality,
    }


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]))))
