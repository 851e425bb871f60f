"""Tiered opening of one generated library, cold then reopened, in a process of its own.

``python -m viewer.bench.tiered FOLDER`` with ``VIEWER_CACHE_DIR`` pointing at an empty
throwaway folder. Prints one JSON object: seconds until the events are listed (first
pass), until the first listed event's full analysis landed (it is prioritised), until
the full analysis and regrouping are done; then the same library reopened through the
library index (seconds until listed, analyses decoded); peak memory; grouping quality of
the first pass and of the final grouping against the generator's truth.
"""
from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def measure(folder: Path) -> dict:
    from ..library.index import LibraryIndex
    from ..library.tiered import open_tiered
    from .scale import pair_scores

    truth_file = folder / "truth.json"
    truth = list(json.loads(truth_file.read_text(encoding="utf-8")).values()) if truth_file.exists() else None
    marks: dict[str, float] = {}
    state: dict = {}
    start = time.perf_counter()

    def listed(library) -> None:
        marks["listed_s"] = time.perf_counter() - start
        state["first"] = [list(e.articles) for e in library.events]
        state["priority"] = list(library.events[len(library.events) // 2].articles) if library.events else []

    def refined(paths) -> None:
        marks.setdefault("opened_event_full_s", time.perf_counter() - start)

    index = LibraryIndex()
    library = open_tiered([str(folder)], listed, refined, lambda: state.get("priority", ()), index=index)
    marks["full_s"] = time.perf_counter() - start
    library.remember(index)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    reopened: dict = {}
    start = time.perf_counter()

    def relisted(again) -> None:
        reopened["listed_s"] = time.perf_counter() - start
        reopened["from_index"] = again.from_index
        reopened["decoded_when_listed"] = getattr(again.analyses, "decoded", None)

    again = open_tiered([str(folder)], relisted, index=index)
    reopened["complete_s"] = time.perf_counter() - start
    reopened["same_events"] = [e.articles for e in again.events] == [e.articles for e in library.events]
    index.close()
    figures = {
        "articles": len(library.articles),
        "events_found": len(library.events),
        **{k: round(v, 2) for k, v in marks.items()},
        "reopen_listed_s": round(reopened["listed_s"], 3),
        "reopen_complete_s": round(reopened["complete_s"], 2),
        "reopen_from_index": reopened["from_index"],
        "reopen_decoded_when_listed": reopened["decoded_when_listed"],
        "reopen_same_events": reopened["same_events"],
        "peak_rss_mb": round(peak, 1),
        "worker_peak_rss_mb": round(workers_peak, 1),
    }
    if truth is not None:
        figures["first_pass_quality"] = pair_scores(state.get("first", []), truth)
        figures["final_quality"] = pair_scores([e.articles for e in library.events], truth)
    return figures


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]))))
