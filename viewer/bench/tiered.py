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


class _MemorySampler:
    """Peak memory of this process and its worker processes together, sampled from /proc.

    ``RUSAGE_CHILDREN``'s ``ru_maxrss`` is no measure of a worker: Linux keeps a process's
    high-water mark across ``exec``, so a spawned worker inherits the RSS its parent had
    when it forked (a replacement worker started late in a 5,000-article run "peaked" at
    the parent's 980 MB while it really held ~250 MB). Linux only; elsewhere nothing is sampled.
    """

    def __init__(self, every: float = 0.25) -> None:
        import threading
        self.total_peak_mb = 0.0
        self.worker_peak_mb = 0.0
        self._stop = threading.Event()
        self._every = every
        self._thread = threading.Thread(target=self._run, name="memory-sampler", daemon=True)
        self._thread.start()

    @staticmethod
    def _rss_mb(pid: int, field: str = "VmRSS") -> float:
        try:
            with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
                for line in status:
                    if line.startswith(field + ":"):
                        return int(line.split()[1]) / 1024
        except (OSError, ValueError, IndexError):
            pass
        return 0.0

    @staticmethod
    def _children(pid: int) -> list[int]:
        found: list[int] = []
        try:
            import os
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as children:
                    found += [int(c) for c in children.read().split()]
        except (OSError, ValueError):
            pass
        return found

    def _run(self) -> None:
        import os
        me = os.getpid()
        while not self._stop.wait(self._every):
            children = self._children(me)
            self.total_peak_mb = max(self.total_peak_mb,
                                     self._rss_mb(me) + sum(self._rss_mb(c) for c in children))
            for child in children:
                self.worker_peak_mb = max(self.worker_peak_mb, self._rss_mb(child, "VmHWM"))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


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
    sampler = _MemorySampler()
    library = open_tiered([str(folder)], listed, refined, lambda: state.get("priority", ()), index=index)
    marks["full_s"] = time.perf_counter() - start
    library.remember(index)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sampler.stop()

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
        "worker_peak_rss_mb": round(sampler.worker_peak_mb, 1),  # sampled; see _MemorySampler
        "total_peak_rss_mb": round(sampler.total_peak_mb, 1),  # this process and its workers together
    }
    if truth is not None:
        figures["first_pass_quality"] = pair_scores(state.get("first", []), truth)
        figures["final_quality"] = pair_scores([e.articles for e in library.events], truth)
    return figures


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]))))
