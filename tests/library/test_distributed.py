"""``python -m viewer index`` on a 2-worker Dask local cluster (small, first pass: no spaCy)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT, SEEDS

pytest.importorskip("distributed")


def test_index_on_two_workers_then_open_it(tmp_path):
    from viewer.bench.corpus import generate_library
    from viewer.bench.scale import pair_scores
    corpus = tmp_path / "corpus"
    generate_library(SEEDS, corpus, 60, 12, seed=5)
    env = {**os.environ, "VIEWER_CACHE_DIR": str(tmp_path / "cache"), "VIEWER_DATA_DIR": str(tmp_path / "data"),
           "PYTHONPATH": str(ROOT)}
    out = tmp_path / "index"
    built = subprocess.run([sys.executable, "-m", "viewer", "index", str(corpus), "--out", str(out),
                            "--workers", "2", "--first-pass", "--batch", "10", "--json"],
                           env=env, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    figures = json.loads(built.stdout)
    assert figures["workers"] == 2 and figures["articles"] == 60 and len(figures["worker_peak_rss_mb"]) == 2
    opened = subprocess.run([sys.executable, "-m", "viewer", "groups", str(out), "--json"],
                            env=env, capture_output=True, text=True, timeout=300)
    assert opened.returncode == 0, opened.stderr
    events = json.loads(opened.stdout)["events"]
    assert sum(len(e["articles"]) for e in events) == 60 == figures["articles"]
    assert len(events) == figures["events"]
    truth = list(json.loads((corpus / "truth.json").read_text(encoding="utf-8")).values())
    scores = pair_scores([e["articles"] for e in events], truth)
    assert scores["pair_precision"] >= 0.7 and scores["pair_recall"] >= 0.7
