"""Quality harness: how the viewer's grouping, event days and alignment score against a gold file.

``python -m viewer.eval CORPUS_DIR --gold GOLD.json [--json] [--events-subset half-a|half-b]``
(or ``make eval``). Qt-free, like the rest of the core. The gold's shape is that of
``shared/dev/gold.json``; the seeds' ``tests/gold_seeds.json`` is read too (see ``gold``).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional, Union

from .gold import SUBSETS, Gold, GoldAlignment, gold_blocks, gold_from_dict, load_gold
from .metrics import (AlignmentScore, DateResult, GroupingScore, bcubed, block_of, event_dates,
                      score_alignment, summary_counts)

__all__ = ["SUBSETS", "Gold", "GoldAlignment", "load_gold", "gold_from_dict", "gold_blocks",
           "evaluate", "corpus_files", "bcubed", "event_dates", "score_alignment", "block_of",
           "GroupingScore", "DateResult", "AlignmentScore", "summary_counts"]


def corpus_files(corpus: Union[str, Path], gold: Gold, subset: Optional[str] = None) -> list[str]:
    """The article files of ``corpus``; with a subset, only those of its gold events.

    ``gold`` is the whole gold file (the subset is taken here).
    """
    from ..ingest.loading import expand_paths
    files, _ = expand_paths([str(corpus)])
    if subset:
        names = set(gold.subset(subset).event_of)
        files = [f for f in files if Path(f).name in names]
    return files


def evaluate(corpus: Union[str, Path], gold: Gold, subset: Optional[str] = None,
             use_cache: bool = True, alignments: bool = True, first_pass: bool = False) -> dict:
    """Open ``corpus`` as a library, as a user would, and score it against ``gold``.

    With ``subset`` (``half-a``/``half-b``) only that half's articles are opened and
    scored. Returns a JSON-ready dict (the shape ``--json`` prints).
    """
    from ..library import Library
    files = corpus_files(corpus, gold, subset)
    gold = gold.subset(subset)
    library = Library.open(files, use_cache=use_cache, first_pass=first_pass)
    name_of = {a.path: Path(a.path).name for a in library.articles}
    predicted = [([name_of[p] for p in e.articles if p in name_of], e.date) for e in library.events]
    grouping = bcubed([members for members, _ in predicted], gold.events)
    dates = event_dates(predicted, gold.events, gold.event_dates)
    exact, near = summary_counts(dates)
    report: dict[str, Any] = {
        "corpus": str(corpus),
        "subset": subset or "all",
        "first_pass": first_pass,
        "articles": len(library.articles),
        "gold_events": len(gold.events),
        "grouping": {"precision": grouping.precision, "recall": grouping.recall, "f1": grouping.f1,
                     "split": grouping.split, "merged": grouping.merged},
        "dates": {"exact": exact, "within_1_day": near,
                  "events": [r.__dict__ for r in dates]},
        "events": [{"label": e.label, "date": e.date, "articles": [name_of.get(p, p) for p in e.articles]}
                   for e in library.events],
        "alignments": [],
    }
    if alignments:
        for pair in gold.alignments:
            score = _alignment(library, name_of, pair)
            if score is not None:
                report["alignments"].append({**score.__dict__, "sure_recall": score.sure_recall,
                                             "precision": score.precision})
    return report


def _alignment(library, name_of: dict[str, str], pair: GoldAlignment) -> Optional[AlignmentScore]:
    path_of = {name: path for path, name in name_of.items()}
    if pair.a not in path_of or pair.b not in path_of:
        return None
    a, b = library.article(path_of[pair.a]), library.article(path_of[pair.b])
    from ..compare.comparison import compare_paths
    comparison = compare_paths(library, [a.path, b.path])
    blocks_a, blocks_b = gold_blocks(a.text), gold_blocks(b.text)
    predicted: set[tuple[int, int]] = set()
    for link in comparison.all_links():
        if {link.a_path, link.b_path} != {a.path, b.path}:
            continue
        span_a, span_b = (link.a_span, link.b_span) if link.a_path == a.path else (link.b_span, link.a_span)
        x, y = block_of(blocks_a, span_a), block_of(blocks_b, span_b)
        if x is not None and y is not None:
            predicted.add((x, y))
    return score_alignment(pair.a, pair.b, predicted, pair.sure, pair.possible)
