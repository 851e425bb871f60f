"""Property tests: a state file shaped like a real one but wrong anywhere never raises on load
or when its edits are applied to a library and a comparison; the sources are untouched."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from viewer.compare.comparison import compare_paths
from viewer.library.library import Library
from viewer.library.userstate import UserState

from conftest import seed

PATHS = [seed("002"), seed("003")]

_scalar = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(allow_nan=False),
                    st.text(max_size=6), st.sampled_from(["undefined", "rot13", "utf-8", "move", "split", "merge"]))
_any = st.recursive(_scalar, lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.sampled_from(["hash", "path", "paragraph", "span", "op", "article", "to",
                                                       "articles", "groups", "a", "b", "linked", "score", "meta",
                                                       "title", "authors", "published"]), inner, max_size=4),
                    max_leaves=12)


def _ref(library):
    return st.sampled_from([{"hash": a.content_hash, "path": a.path} for a in library.articles]) | _any


def _state(library):
    ref = _ref(library)
    side = st.fixed_dictionaries({"hash": st.sampled_from([a.content_hash for a in library.articles]) | _any,
                                  "paragraph": st.integers(-3, 40) | _any},
                                 optional={"path": _any, "span": st.lists(st.integers(-5, 5000), max_size=3) | _any})
    link = st.fixed_dictionaries({"a": side | _any, "b": side | _any, "linked": st.booleans() | _any},
                                 optional={"score": _any})
    meta = st.fixed_dictionaries({"hash": ref.map(lambda r: r.get("hash") if isinstance(r, dict) else r),
                                  "meta": st.dictionaries(st.sampled_from(["title", "outlet", "published", "authors",
                                                                           "dateline", "x"]), _any, max_size=3)},
                                 optional={"path": _any})
    op = st.one_of(
        st.fixed_dictionaries({"op": st.just("move"), "article": ref, "to": st.lists(ref, max_size=2) | _any}),
        st.fixed_dictionaries({"op": st.just("split"), "articles": st.lists(ref, max_size=2) | _any}),
        st.fixed_dictionaries({"op": st.just("merge"), "groups": st.lists(st.lists(ref, max_size=2), max_size=2)
                               | _any}),
        _any)
    return st.fixed_dictionaries({"version": st.just(1)}, optional={
        "articles": st.lists(meta | _any, max_size=3) | _any,
        "encodings": st.dictionaries(st.sampled_from(PATHS) | st.text(max_size=4), _any, max_size=2) | _any,
        "event_edits": st.lists(op, max_size=3) | _any,
        "links": st.lists(link | _any, max_size=3) | _any,
    })


@pytest.fixture(scope="module")
def library():
    return Library.open(PATHS, use_cache=False)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_any_state_file_loads_and_applies_without_an_exception(data, library, tmp_path_factory):
    content = data.draw(_state(library))
    path = tmp_path_factory.mktemp("state") / "state.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    sources = {p: Path(p).read_bytes() for p in PATHS}
    state = UserState.load(path)
    fresh = Library.open(PATHS, encodings=state.encodings())
    state.apply_to_library(fresh)
    if len(fresh.articles) >= 2:
        comparison = compare_paths(fresh, [a.path for a in fresh.articles])
        state.apply_to_comparison(comparison)
    assert state.save() or state.problems
    assert UserState.load(state.path).problems == []  # what was kept reads back cleanly
    assert {p: Path(p).read_bytes() for p in PATHS} == sources


def _good_state(library) -> dict:
    a, b = library.articles[0], library.articles[1]
    pa, pb = a.body_paragraphs[1], b.body_paragraphs[1]
    ref_a, ref_b = {"hash": a.content_hash, "path": a.path}, {"hash": b.content_hash, "path": b.path}
    return {"version": 1,
            "articles": [{**ref_a, "meta": {"title": "T", "authors": ["A B"], "published": "2021-09-10"}}],
            "encodings": {a.path: "utf-8"},
            "event_edits": [{"op": "split", "articles": [ref_b]}, {"op": "merge", "groups": [[ref_a], [ref_b]]},
                            {"op": "move", "article": ref_a, "to": [ref_b]}],
            "links": [{"a": {**ref_a, "paragraph": pa.index, "span": list(pa.span)},
                       "b": {**ref_b, "paragraph": pb.index, "span": list(pb.span)}, "linked": True, "score": 1.0}]}


def _positions(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _positions(item, path + (key,))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _positions(item, path + (n,))


HUGE = "HUGE_NUMBER_PLACEHOLDER"
_WRONG = [None, True, -1, 10**6, 1.5, "xy", "", [], {}, [1], {"x": 1}, [[["deep"]]], HUGE, "undefined"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_a_real_state_wrong_in_one_place_never_raises(data, library, tmp_path_factory):
    state_data = _good_state(library)
    path_in = data.draw(st.sampled_from([p for p in _positions(state_data) if p and p != ("version",)]))
    target = state_data
    for step in path_in[:-1]:
        target = target[step]
    target[path_in[-1]] = data.draw(st.sampled_from(_WRONG))
    text = json.dumps(state_data).replace(f'"{HUGE}"', "1" + "0" * 5000)
    path = tmp_path_factory.mktemp("state") / "state.json"
    path.write_text(text, encoding="utf-8")
    sources = {p: Path(p).read_bytes() for p in PATHS}
    state = UserState.load(path)
    fresh = Library.open(PATHS, encodings=state.encodings())
    state.apply_to_library(fresh)
    if len(fresh.articles) >= 2:
        state.apply_to_comparison(compare_paths(fresh, [a.path for a in fresh.articles]))
    assert UserState.load(state.path).problems == []
    assert {p: Path(p).read_bytes() for p in PATHS} == sources
