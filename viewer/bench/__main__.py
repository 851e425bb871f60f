"""``python -m viewer.bench [--size tiny|small|full]``: the performance figures of issue #7.

Generates libraries from the seeds (seeded, deterministic), then measures
  1. analysis throughput of our pipeline vs plain ``spacy.load(model)`` + ``nlp.pipe``,
     and the share of our work spent beyond spaCy;
  2. cold open vs reopening from the cache;
  3. compare time over event sizes and article lengths; cold grouping time and
     peak memory per library size;
  4. GUI launch-to-seeds-shown and the longest GUI-thread stall during a background open.
Prints a table and writes the figures as JSON (``benchmarks/results-SIZE.json``).
Everything runs against a throwaway cache folder; no network is needed.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .corpus import generate_event, generate_library, read_seeds

ROOT = Path(__file__).resolve().parent.parent.parent


@dataclass(frozen=True)
class Size:
    libraries: tuple[tuple[int, int], ...]  # (articles, events)
    throughput_articles: int
    event_sizes: tuple[int, ...]
    word_counts: tuple[int, ...]
    gui_folder_articles: int


SIZES = {
    "tiny": Size(((12, 3),), 6, (2, 3), (300, 600), 12),
    "small": Size(((200, 40),), 200, (2, 5, 10, 20), (500, 1000, 2000, 4000, 8000), 200),
    "full": Size(((1000, 200), (5000, 1000)), 500, (2, 5, 10, 20), (500, 1000, 2000, 4000, 8000), 1000),
}


@dataclass(frozen=True)
class Goal:
    key: str
    label: str
    unit: str
    limit: float
    at_least: bool  # True: value must be >= limit


GOALS = (
    Goal("throughput_ratio", "analysis throughput, ours / plain spaCy", "×", 1.5, True),
    Goal("beyond_spacy_share", "our work beyond spaCy, share of analysis", "", 0.10, False),
    Goal("reopen_speedup", "cold open / reopen from cache (largest library)", "×", 20.0, True),
    Goal("compare_pair_2000_s", "compare two 2,000-word articles", "s", 0.100, False),
    Goal("compare_event_20_s", "compare a 20-article event", "s", 2.0, False),
    Goal("key_differences_6_s", "key differences of a 6-article event, after analysis", "s", 1.0, False),
    Goal("open_1000_s", "open + group 1,000 articles, cold, incl. NLP", "s", 60.0, False),
    Goal("open_5000_s", "open + group 5,000 articles, cold, incl. NLP", "s", 360.0, False),
    Goal("peak_rss_5000_mb", "peak memory, 5,000 articles", "MB", 1536.0, False),
    Goal("launch_to_shown_s", "GUI launch to seeds shown (warm cache)", "s", 2.0, False),
    Goal("longest_stall_ms", "longest GUI-thread stall, background open", "ms", 100.0, False),
)
# Every figure key the JSON carries (None when this size does not measure it).
FIGURE_KEYS = tuple(g.key for g in GOALS) + (
    "ours_tokens_per_s", "plain_tokens_per_s", "launch_to_shown_cold_s", "compare_events", "compare_words",
    "word_vectors_load_s",
    "libraries")


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def measure_throughput(paths: list[str]) -> dict:
    """Ours (``analyse_articles``, no cache) vs the model's default pipeline, same texts, same run."""
    import spacy

    from ..analysis.pipeline import _build_analysis, _units, analyse_articles
    from ..ingest.loading import load_paths
    from ..analysis.nlp import MODEL_PACKAGE, get_nlp

    articles, _ = load_paths(paths)
    texts = [text for _, _, text in _units(articles)]
    ours_nlp = get_nlp()
    plain = spacy.load(MODEL_PACKAGE)
    ours_nlp("Warm up.")
    plain("Warm up.")

    start = time.perf_counter()
    plain_tokens = sum(len(doc) for doc in plain.pipe(texts))
    plain_s = time.perf_counter() - start
    del plain

    start = time.perf_counter()
    analyses = analyse_articles(articles, cache=None)
    ours_s = time.perf_counter() - start
    ours_tokens = sum(a.token_count for a in analyses.values())

    # Our work beyond spaCy: turning docs into analyses, timed on its own over the same docs.
    units = list(_units(articles))
    start = time.perf_counter()
    docs = list(ours_nlp.pipe([t for _, _, t in units], batch_size=64))
    spacy_s = time.perf_counter() - start
    grouped: dict[int, list] = {}
    for (index, offset, _), doc in zip(units, docs):
        grouped.setdefault(index, []).append((offset, doc))
    start = time.perf_counter()
    for index, article_docs in grouped.items():
        _build_analysis(articles[index], article_docs)
    beyond_s = time.perf_counter() - start
    ours_tps = ours_tokens / ours_s
    plain_tps = plain_tokens / plain_s
    return {
        "throughput_articles": len(articles),
        "ours_tokens": ours_tokens, "plain_tokens": plain_tokens,
        "ours_s": round(ours_s, 2), "plain_s": round(plain_s, 2),
        "ours_tokens_per_s": round(ours_tps), "plain_tokens_per_s": round(plain_tps),
        "throughput_ratio": round(ours_tps / plain_tps, 2),
        "spacy_only_s": round(spacy_s, 2), "beyond_spacy_s": round(beyond_s, 2),
        "beyond_spacy_share": round(beyond_s / (beyond_s + spacy_s), 3),
    }


def _timed_compare(library, paths: list[str], repeats: int) -> tuple[float, float]:
    from ..compare.comparison import compare_paths
    from ..compare.diffing import link_diff
    """Median seconds to align, diff every link and list entity differences; and without the diffs
    (the window computes a link's diff only when it shows it)."""
    times, without_diffs = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        comparison = compare_paths(library, paths)
        without_diffs.append(time.perf_counter() - start)
        for link in comparison.all_links():
            link_diff(link)
        times.append(time.perf_counter() - start)
    return statistics.median(times), statistics.median(without_diffs)


def measure_compare(event_paths: list[str], event_sizes: tuple[int, ...], word_pairs: dict[int, list[str]]
                    ) -> dict:
    from ..analysis import embeddings
    from ..library.library import Library

    library = Library.open(event_paths + [p for pair in word_pairs.values() for p in pair])
    # The word vectors load once per process, on the first comparison: timed on their own
    # so the compare figures below are the steady state a user sees after that.
    start = time.perf_counter()
    loaded = embeddings.get_embedder() is not None
    vectors_load = round(time.perf_counter() - start, 4) if loaded else None
    events, events_align = {}, {}
    for size in sorted(event_sizes):
        total, align = _timed_compare(library, event_paths[:size], 3 if size <= 10 else 1)
        events[str(size)], events_align[str(size)] = round(total, 4), round(align, 4)
    words, words_align = {}, {}
    for n, pair in sorted(word_pairs.items()):
        total, align = _timed_compare(library, pair, 3)
        words[str(n)], words_align[str(n)] = round(total, 4), round(align, 4)
    return {"compare_events": events, "compare_words": words,
            "compare_events_without_diffs": events_align, "compare_words_without_diffs": words_align,
            "compare_pair_2000_s": words.get("2000"), "compare_event_20_s": events.get("20"),
            "key_differences_6_s": _timed_key_differences(library, event_paths[:6]) if len(event_paths) >= 6 else None,
            "word_vectors_load_s": vectors_load}


def _timed_key_differences(library, paths: list[str], repeats: int = 3) -> float:
    """Median seconds for every difference finder on one comparison (alignment not counted)."""
    from ..compare.comparison import compare_paths
    from ..compare.key_differences import key_differences
    times = []
    for _ in range(repeats):
        comparison = compare_paths(library, paths)
        start = time.perf_counter()
        key_differences(comparison)
        times.append(time.perf_counter() - start)
    return round(statistics.median(times), 4)


def _run_json(args: list[str], env: dict[str, str], timeout: float = 3600) -> dict:
    done = subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, timeout=timeout,
                          cwd=str(ROOT))
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_gui(seeds: Path, folder: Optional[Path], folder_articles: int, cache: Path) -> dict:
    env = {**os.environ, "VIEWER_CACHE_DIR": str(cache), "VIEWER_DATA_DIR": str(cache.parent / "data-gui")}
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    first = _run_json(["-m", "viewer.bench.gui_probe", repr(time.time()), str(seeds)]
                      + ([str(folder)] if folder else []), env)
    again = _run_json(["-m", "viewer.bench.gui_probe", repr(time.time()), str(seeds)], env)
    return {"gui_window": first["window"], "gui_platform": env.get("QT_QPA_PLATFORM", "native"),
            "launch_to_shown_cold_s": first["launch_to_shown_s"], "launch_to_shown_s": again["launch_to_shown_s"],
            "longest_stall_ms": first.get("longest_stall_ms"), "p99_gap_ms": first.get("p99_gap_ms"),
            "stall_folder_articles": folder_articles if folder else None,
            "worst_stalls": first.get("worst_stalls"),
            "background_open_s": first.get("background_open_s")}


def run(size_name: str, seeds: Path, with_gui: bool = True, seed: int = 7) -> dict:
    size = SIZES[size_name]
    figures: dict = {key: None for key in FIGURE_KEYS}
    with tempfile.TemporaryDirectory(prefix="viewer-bench-") as tmp:
        base = Path(tmp)
        os.environ["VIEWER_CACHE_DIR"] = str(base / "cache-main")  # never the user's cache or settings
        os.environ["VIEWER_DATA_DIR"] = str(base / "data-main")
        _log("reading seeds")
        seed_texts = read_seeds(seeds)
        libraries = {}
        for articles, events in size.libraries:
            _log(f"generating {articles} articles in {events} events")
            libraries[articles] = generate_library(seeds, base / f"library-{articles}", articles, events,
                                                   seed=seed, seeds=seed_texts)
        event = generate_event(seeds, base / "event", max(size.event_sizes), seed=seed + 1, seeds=seed_texts)
        word_pairs = {n: generate_event(seeds, base / f"words-{n}", 2, words=n, seed=seed + n, seeds=seed_texts)
                      for n in size.word_counts}

        smallest = libraries[min(libraries)]
        _log(f"throughput on {size.throughput_articles} articles")
        figures.update(measure_throughput(smallest.paths[:size.throughput_articles]))
        _log("compare curves")
        figures.update(measure_compare(event, size.event_sizes, word_pairs))

        figures["libraries"] = {}
        for articles, corpus in sorted(libraries.items()):
            _log(f"cold open and reopen of {articles} articles (own process)")
            env = {**os.environ, "VIEWER_CACHE_DIR": str(base / f"cache-{articles}")}
            scale = _run_json(["-m", "viewer.bench.scale", str(corpus.folder)], env)
            figures["libraries"][str(articles)] = scale
            _log(json.dumps(scale))
        largest = figures["libraries"][str(max(libraries))]
        figures["reopen_speedup"] = largest["reopen_speedup"]
        for articles in (1000, 5000):
            if str(articles) in figures["libraries"]:
                figures[f"open_{articles}_s"] = figures["libraries"][str(articles)]["cold_open_s"]
        if "5000" in figures["libraries"]:
            figures["peak_rss_5000_mb"] = figures["libraries"]["5000"]["peak_rss_mb"]

        if with_gui:
            _log("GUI launch and stall (own process)")
            folder = next((c.folder for n, c in libraries.items() if n == size.gui_folder_articles), None)
            figures.update(measure_gui(seeds, folder, size.gui_folder_articles, base / "cache-gui"))
    return figures


def machine() -> dict:
    import spacy
    from ..analysis.nlp import MODEL_PACKAGE
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(), "spacy": spacy.__version__,
            "model": MODEL_PACKAGE}


def verdict(goal: Goal, value) -> str:
    if value is None:
        return "not measured"
    met = value >= goal.limit if goal.at_least else value <= goal.limit
    return "met" if met else "MISSED"


def table(figures: dict) -> str:
    lines = [f"{'figure':52} {'value':>12} {'goal':>12}  verdict"]
    for goal in GOALS:
        value = figures.get(goal.key)
        shown = "—" if value is None else f"{value:g} {goal.unit}".strip()
        limit = f"{'≥' if goal.at_least else '≤'} {goal.limit:g} {goal.unit}".strip()
        lines.append(f"{goal.label:52} {shown:>12} {limit:>12}  {verdict(goal, value)}")
    lines.append("")
    lines.append(f"throughput: ours {figures.get('ours_tokens_per_s')} tokens/s, "
                 f"plain {figures.get('plain_tokens_per_s')} tokens/s")
    lines.append("compare by event size (articles: s): " + ", ".join(
        f"{k}: {v}" for k, v in (figures.get("compare_events") or {}).items()))
    lines.append("compare by length (words per article: s): " + ", ".join(
        f"{k}: {v}" for k, v in (figures.get("compare_words") or {}).items()))
    lines.append("  the same without computing diffs (the window diffs a link when shown): " + ", ".join(
        f"{k}: {v}" for k, v in (figures.get("compare_words_without_diffs") or {}).items()))
    lines.append(f"word vectors, one-time load (s): {figures.get('word_vectors_load_s')}")
    for n, lib in (figures.get("libraries") or {}).items():
        lines.append(f"library {n}: cold {lib['cold_open_s']} s (load {lib['load_s']}, analyse {lib['analyse_s']}, "
                     f"group {lib['group_s']}), reopen {lib['reopen_s']} s, peak {lib['peak_rss_mb']} MB, "
                     f"{lib['events_found']}/{lib['events_true']} events, pair P/R "
                     f"{lib.get('pair_precision')}/{lib.get('pair_recall')}")
    if figures.get("launch_to_shown_cold_s") is not None:
        lines.append(f"GUI ({figures.get('gui_window')}, {figures.get('gui_platform')}): launch cold cache "
                     f"{figures['launch_to_shown_cold_s']} s, warm {figures['launch_to_shown_s']} s; stall p99 "
                     f"{figures.get('p99_gap_ms')} ms over a {figures.get('stall_folder_articles')}-article open")
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m viewer.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small",
                        help="tiny: smoke test; small: 200 articles (default); full: 1,000 and 5,000")
    parser.add_argument("--out", type=Path, help="JSON output (default benchmarks/results-SIZE.json)")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--no-gui", action="store_true", help="skip the GUI figures")
    args = parser.parse_args(argv)
    started = time.time()
    figures = run(args.size, args.seeds, with_gui=not args.no_gui)
    result = {"size": args.size, "machine": machine(), "seconds": round(time.time() - started, 1),
              "command": f"python -m viewer.bench --size {args.size}",
              "goals": {g.key: {"limit": g.limit, "at_least": g.at_least, "verdict": verdict(g, figures.get(g.key))}
                        for g in GOALS},
              "figures": figures}
    out = args.out or ROOT / "benchmarks" / f"results-{args.size}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(table(figures))
    print(f"\nwritten to {out} in {result['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
