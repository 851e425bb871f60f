"""Cache rows are validated on read: a row that decodes but is wrong (too deep, wrong types,
out of range, a compression bomb) is deleted, recomputed, counted and reported once."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest

from viewer.analysis.cache import AnalysisCache, MAX_ROW_BYTES, decode_analysis, encode_analysis
from viewer.analysis.pipeline import analysis_key
from viewer.library.library import Library

from conftest import ROOT, seed

PATHS = [seed("002"), seed("003")]


@pytest.fixture(scope="module")
def cold():
    return Library.open(PATHS, use_cache=False)


def _warm_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("VIEWER_CACHE_DIR", str(tmp_path / "cache"))
    Library.open(PATHS)
    return tmp_path / "cache" / "analysis.sqlite"


def _rewrite(db_path, article, blob) -> None:
    db = sqlite3.connect(db_path)
    changed = db.execute("UPDATE analysis SET data = ? WHERE key = ?", (blob, analysis_key(article))).rowcount
    db.commit()
    db.close()
    assert changed == 1


def _json_row(data) -> bytes:
    return zlib.compress(json.dumps(data).encode("utf-8"))


def _bomb(megabytes: int) -> bytes:
    packer = zlib.compressobj(9)
    parts = [packer.compress(b'{"s":[],"m":[],"q":[],"l":[],"t":0}')]
    block = b" " * (1 << 20)
    parts += [packer.compress(block) for _ in range(megabytes)]
    parts.append(packer.flush())
    return b"".join(parts)


def _poisoned_rows(cold, article) -> dict[str, bytes]:
    good = json.loads(zlib.decompress(encode_analysis(cold.analyses[article.path])))
    wrong_type = json.loads(json.dumps(good))
    wrong_type["m"][0][2] = 12345  # an int where the mention's surface string belongs
    out_of_range = json.loads(json.dumps(good))
    out_of_range["s"][0][1] = len(article.text) + 1000
    return {
        "deep": zlib.compress(b"[" * 100_000 + b"]" * 100_000),
        "wrong_type": _json_row(wrong_type),
        "out_of_range": _json_row(out_of_range),
        "bomb": _bomb(64),
        "text": "not bytes at all",
        "nan": zlib.compress(json.dumps(good).replace('"t":', '"t":NaN,"x":', 1).encode()),
    }


@pytest.mark.parametrize("case", ["deep", "wrong_type", "out_of_range", "bomb", "text", "nan"])
def test_a_damaged_row_is_rebuilt_counted_and_reported(case, cold, tmp_path, monkeypatch):
    db_path = _warm_cache(tmp_path, monkeypatch)
    article = cold.articles[0]
    _rewrite(db_path, article, _poisoned_rows(cold, article)[case])
    sources = {p: Path(p).read_bytes() for p in PATHS}
    library = Library.open(PATHS)
    assert library.analyses == cold.analyses
    assert [e.id for e in library.events] == [e.id for e in cold.events]
    messages = [e.message for e in library.errors]
    assert messages == ["1 cached analysis was damaged and was rebuilt"]
    assert {p: Path(p).read_bytes() for p in PATHS} == sources
    again = Library.open(PATHS)  # the row was replaced by a good one: nothing to report now
    assert again.errors == [] and again.analyses == cold.analyses


def test_a_compression_bomb_costs_no_more_than_the_cap():
    bomb = _bomb(512)  # half a gigabyte of spaces
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(ValueError):
        decode_analysis(bomb)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 2 * MAX_ROW_BYTES + (1 << 20)
    assert elapsed < 2


def test_a_row_must_fit_its_article(cold):
    article = cold.articles[0]
    blob = encode_analysis(cold.analyses[article.path])
    assert decode_analysis(blob, article) == cold.analyses[article.path]
    other = cold.articles[1]
    with pytest.raises(ValueError):  # its mentions' words are not at those offsets of the other text
        decode_analysis(blob, other)


def test_the_count_is_per_open_and_plural(cold, tmp_path, monkeypatch):
    db_path = _warm_cache(tmp_path, monkeypatch)
    for article in cold.articles:
        _rewrite(db_path, article, zlib.compress(b"[" * 5000 + b"]" * 5000))
    library = Library.open(PATHS)
    assert [e.message for e in library.errors] == ["2 cached analyses were damaged and were rebuilt"]
    assert library.analyses == cold.analyses


def test_get_on_a_damaged_row_deletes_it(tmp_path, cold):
    cache = AnalysisCache(tmp_path / "a.sqlite")
    cache.put("k", cold.analyses[PATHS[0]], zlib.compress(b"{}"))
    cache.commit()
    assert cache.get("k") is None and cache.damaged == 1
    assert cache.get("k") is None and cache.damaged == 1  # gone, so a plain miss now
    cache.close()


@pytest.mark.parametrize("case", ["deep", "wrong_type", "bomb"])
def test_cli_reports_rebuilt_rows_and_prints_the_cold_json(case, cold, tmp_path):
    env = {**os.environ, "VIEWER_CACHE_DIR": str(tmp_path / "cache"), "VIEWER_DATA_DIR": str(tmp_path / "data"),
           "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "viewer", "compare", *PATHS, "--json"]
    first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    _rewrite(tmp_path / "cache" / "analysis.sqlite", cold.articles[1], _poisoned_rows(cold, cold.articles[1])[case])
    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr
    assert "Traceback" not in second.stderr
    assert second.stderr.count("1 cached analysis was damaged and was rebuilt") == 1
    warm, rebuilt = json.loads(first.stdout), json.loads(second.stdout)
    assert [e["message"] for e in rebuilt.pop("errors")] == ["1 cached analysis was damaged and was rebuilt"]
    assert warm.pop("errors") == []
    assert rebuilt == warm
