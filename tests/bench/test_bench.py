"""The benchmark's corpus generator and a tiny end-to-end run (figures present, never timings)."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from viewer.bench.__main__ import FIGURE_KEYS, GOALS
from viewer.bench.corpus import FIRST_NAMES, LAST_NAMES, generate_library, read_seeds
from viewer.bench.scale import pair_scores

from conftest import ROOT, SEEDS


@pytest.fixture(scope="module")
def seed_texts():
    return read_seeds(SEEDS)


def _texts(folder):
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


def test_same_seed_same_corpus_other_seed_other_corpus(tmp_path, seed_texts):
    a = generate_library(SEEDS, tmp_path / "a", 15, 4, seed=3, seeds=seed_texts)
    b = generate_library(SEEDS, tmp_path / "b", 15, 4, seed=3, seeds=seed_texts)
    c = generate_library(SEEDS, tmp_path / "c", 15, 4, seed=4, seeds=seed_texts)
    assert _texts(a.folder) == _texts(b.folder)
    assert _texts(a.folder) != _texts(c.folder)
    assert len(a.paths) == 15 and len(a.events) == 4
    assert json.loads((a.folder / "truth.json").read_text()) == a.events


def test_people_renamed_and_dates_moved(tmp_path, seed_texts):
    corpus = generate_library(SEEDS, tmp_path / "lib", 30, 6, seed=5, seeds=seed_texts)
    original = {t for s in seed_texts for person in s.people for t in person} - set(FIRST_NAMES + LAST_NAMES)
    assert original, "the seeds name people"
    seed_dates = {s.date.isoformat() for s in seed_texts if s.date}
    dates = set()
    for text in _texts(corpus.folder).values():
        words = set(re.findall(r"[A-Za-z]+", text))
        assert not words & original
        dates.add(re.search(r"^Date: (\S+)$", text, re.M).group(1))
    assert len(dates) >= 6 and not dates & seed_dates


def test_articles_of_one_event_differ(tmp_path, seed_texts):
    corpus = generate_library(SEEDS, tmp_path / "lib", 10, 2, seed=9, seeds=seed_texts)
    for files in corpus.events.values():
        bodies = [Path(f).read_text(encoding="utf-8") for f in files]
        assert len(set(bodies)) == len(bodies)


@pytest.mark.parametrize("found, truth, expected", [
    ([["a", "b"], ["c"]], [["a", "b"], ["c"]], (1.0, 1.0, 1.0)),
    ([["a", "b", "c"]], [["a", "b"], ["c"]], (1 / 3, 1.0, 0.0)),
    ([["a"], ["b"], ["c"]], [["a", "b"], ["c"]], (1.0, 0.0, 0.5)),
])
def test_pair_scores(found, truth, expected):
    scores = pair_scores(found, truth)
    got = (scores["pair_precision"], scores["pair_recall"], scores["exact_events"])
    assert got == pytest.approx(expected, abs=1e-3)


def test_tiny_benchmark_writes_every_figure(tmp_path):
    out = tmp_path / "results.json"
    done = subprocess.run([sys.executable, "-m", "viewer.bench", "--size", "tiny", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(out.read_text())
    figures = result["figures"]
    assert set(FIGURE_KEYS) <= set(figures)
    measured_here = ["throughput_ratio", "beyond_spacy_share", "reopen_speedup", "launch_to_shown_s",
                     "launch_to_shown_cold_s", "longest_stall_ms", "ours_tokens_per_s", "plain_tokens_per_s"]
    for key in measured_here:
        assert isinstance(figures[key], (int, float)) and figures[key] > 0, key
    assert set(figures["compare_events"]) == {"2", "3"} and set(figures["compare_words"]) == {"300", "600"}
    assert figures["libraries"]["12"]["articles"] == 12
    assert {g.key for g in GOALS} == set(result["goals"])
    for goal in GOALS:
        assert goal.label in done.stdout
