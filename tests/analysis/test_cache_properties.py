"""Property tests: cache rows shaped like the real ones but wrong in one place (a type, a range,
a length, a key, the nesting) never raise, never touch the sources, and the library opened
over them equals a cold run."""
from __future__ import annotations

import json
import sqlite3
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from viewer.analysis.cache import AnalysisCache, encode_analysis
from viewer.analysis.pipeline import analyse_articles, analysis_key
from viewer.library.library import Library

from conftest import seed

PATHS = [seed("002"), seed("003")]


@pytest.fixture(scope="module")
def cold():
    return Library.open(PATHS, use_cache=False)


def _leaves(value, path=()):
    """Every position in a decoded row: (path, value)."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, path + (key,))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _leaves(item, path + (n,))


def _set(row, path, value):
    if not path:
        return value
    target = row
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return row


def _wrong_for(value, text_length: int):
    """Values that can never be right where ``value`` was."""
    other_types = [None, True, 1.5, "x", [], {}, [[1, 2]], {"k": 1}]
    if isinstance(value, bool) or value is None:
        return [v for v in other_types if type(v) is not type(value)] + [0, 1]
    if isinstance(value, int):
        return [v for v in other_types if not isinstance(v, int) or isinstance(v, bool)] + \
               [-1, -10**6, text_length + 1, 10**30, 2**63]
    if isinstance(value, str):
        return [v for v in other_types if not isinstance(v, str)] + [7, -1]
    if isinstance(value, list):
        return [None, 5, "list", {"a": 1}, value + [value[0]] if value and isinstance(value[0], (int, str))
                else [[[[]]]], [[[[[1]]]]]]
    return [None, 5, "dict", [value], {**value, "extra": 1}]


@st.composite
def damaged_rows(draw, good: dict, text_length: int):
    row = json.loads(json.dumps(good))
    positions = [(p, v) for p, v in _leaves(row)]
    path, value = draw(st.sampled_from(positions))
    kind = draw(st.sampled_from(["replace", "drop_key", "deep", "truncate"]))
    if kind == "drop_key" and path:
        parent = row
        for step in path[:-1]:
            parent = parent[step]
        if isinstance(parent, dict):
            del parent[path[-1]]
            return row
    if kind == "deep":
        return _set(row, path, json.loads("[" * 50 + "]" * 50))
    if kind == "truncate" and isinstance(value, list) and value and isinstance(value[0], (int, str)):
        return _set(row, path, value[:-1])  # a record of the wrong length
    return _set(row, path, draw(st.sampled_from(_wrong_for(value, text_length))))


def _row_bytes(row) -> bytes:
    return zlib.compress(json.dumps(row).encode("utf-8"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_a_row_wrong_in_one_place_is_rebuilt_to_the_cold_result(data, cold, tmp_path_factory):
    article = cold.articles[data.draw(st.integers(0, 1))]
    good = json.loads(zlib.decompress(encode_analysis(cold.analyses[article.path])))
    row = data.draw(damaged_rows(good, len(article.text)))
    if row == good:
        return
    folder = tmp_path_factory.mktemp("cache")
    cache = AnalysisCache(folder / "analysis.sqlite")
    for other in cold.articles:
        cache.put(analysis_key(other), cold.analyses[other.path])
    cache.commit()
    db = sqlite3.connect(folder / "analysis.sqlite")
    db.execute("UPDATE analysis SET data = ? WHERE key = ?", (_row_bytes(row), analysis_key(article)))
    db.commit()
    db.close()
    sources = {p: Path(p).read_bytes() for p in PATHS}
    result = analyse_articles(cold.articles, cache, workers=1)
    assert result == cold.analyses
    assert cache.damaged == 1
    cache.close()
    assert {p: Path(p).read_bytes() for p in PATHS} == sources


@settings(max_examples=60, deadline=None)
@given(blob=st.one_of(st.binary(max_size=200), st.binary(max_size=200).map(zlib.compress),
                      st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
                                   | st.text(max_size=8),
                                   lambda inner: st.lists(inner, max_size=4)
                                   | st.dictionaries(st.sampled_from("smqlt"), inner, max_size=5),
                                   max_leaves=30).map(lambda v: zlib.compress(json.dumps(v).encode()))))
def test_any_blob_is_a_miss_or_an_analysis_never_an_error(blob, cold, tmp_path_factory):
    cache = AnalysisCache(tmp_path_factory.mktemp("c") / "a.sqlite")
    article = cold.articles[0]
    cache.put("k", cold.analyses[article.path], blob)
    found = cache.get("k", article)
    assert found is None or found.token_count >= 0
    cache.close()
