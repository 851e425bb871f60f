"""``python -m viewer.eval CORPUS_DIR --gold GOLD.json [--json] [--events-subset half-a|half-b]``."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Optional, Sequence

from . import SUBSETS, evaluate, load_gold


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m viewer.eval",
                                     description="Score grouping, event days and alignment against a gold file.")
    parser.add_argument("corpus", metavar="CORPUS_DIR", help="folder of articles")
    parser.add_argument("--gold", required=True, metavar="GOLD.json", help="gold annotations")
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    parser.add_argument("--events-subset", choices=SUBSETS,
                        help="only one half of the gold events (sorted ids: even positions are half-a)")
    parser.add_argument("--no-cache", action="store_true", help="ignore the analysis cache")
    parser.add_argument("--no-align", action="store_true", help="skip the alignment scores")
    parser.add_argument("--first-pass", action="store_true",
                        help="group from the quick first pass (no neural model), as the window lists events "
                             "before the full analysis lands")
    args = parser.parse_args(argv)
    for path in (args.corpus, args.gold):
        if not Path(path).exists():
            print(f"error: {path}: no such file or folder", file=sys.stderr)
            return 2
    report = evaluate(args.corpus, load_gold(args.gold), args.events_subset,
                      use_cache=not args.no_cache, alignments=not args.no_align, first_pass=args.first_pass)
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print_report(report)
    return 0


def print_report(report: dict) -> None:
    g, d = report["grouping"], report["dates"]
    print(f"{report['corpus']} ({report['subset']}): {report['articles']} articles, "
          f"{report['gold_events']} gold events, {len(report['events'])} predicted")
    print(f"grouping  B-cubed P {g['precision']:.3f}  R {g['recall']:.3f}  F1 {g['f1']:.3f}")
    for event, parts in sorted(g["split"].items()):
        print(f"  split:  {event} into {parts} events")
    for events in g["merged"]:
        print(f"  merged: {' + '.join(events)}")
    print(f"dates     exact {d['exact']:.3f}  within 1 day {d['within_1_day']:.3f}")
    for r in d["events"]:
        if r["off_by"] != 0:
            off = "no day" if r["off_by"] is None else f"{r['off_by']} days off"
            print(f"  {r['event']}: gold {r['gold']}, predicted {r['predicted']} ({off})")
    for a in report["alignments"]:
        print(f"align     {a['a']} ~ {a['b']}: sure-recall {a['sure_recall']:.2f} "
              f"({a['sure_found']}/{a['sure']})  precision {a['precision']:.2f} "
              f"({a['correct']}/{a['predicted']})")


if __name__ == "__main__":
    sys.exit(main())
