"""state.json is validated on read (keep what holds, set aside what fails), stores any path
losslessly, never lets one failed save poison the next, and cannot hang start-up."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import pytest

from viewer.compare.comparison import compare_paths
from viewer.library.library import Library
from viewer.library.userstate import StateError, UserState
from viewer.model import Article, ArticleMeta

from conftest import ROOT, seed

PATHS = [seed("002"), seed("003")]


@pytest.fixture(scope="module")
def library():
    return Library.open(PATHS, use_cache=False)


def _good_link(library) -> dict:
    a, b = library.articles[0], library.articles[1]
    pa, pb = a.body_paragraphs[0], b.body_paragraphs[0]
    return {"a": {"hash": a.content_hash, "path": a.path, "paragraph": pa.index, "span": list(pa.span)},
            "b": {"hash": b.content_hash, "path": b.path, "paragraph": pb.index, "span": list(pb.span)},
            "linked": True, "score": 1.0}


def _load(path, content: str | bytes) -> UserState:
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return UserState.load(path)


@pytest.mark.parametrize("content", [
    '{"version": 1, "links": ' + "[" * 100_000 + "]" * 100_000 + "}",
    '{"version": 1, "links": [{"a": {"hash": "h", "paragraph": 1' + "0" * 5000 + '}}]}',
    '{"version": 1' + "0" * 5000 + "}",
    '{"version": 1, "encodings": {"/a.txt": "undefined"}, "x": NaN}',
])
def test_poisoned_files_are_set_aside_without_an_exception(tmp_path, content):
    state = _load(tmp_path / "state.json", content)
    assert len(state.problems) == 1
    assert len(list(tmp_path.glob("state.json.corrupt-*"))) == 1
    assert state.event_edits() == [] and state.manual_links() == [] and state.encodings() == {}


def test_a_bad_link_is_dropped_and_the_good_ones_kept(tmp_path, library):
    good = _good_link(library)
    bad = json.loads(json.dumps(good))
    bad["a"]["span"] = "xy"
    bad["a"]["paragraph"] = good["a"]["paragraph"] + 1
    path = tmp_path / "state.json"
    state = _load(path, json.dumps({"version": 1, "links": [good, bad],
                                    "encodings": {"/a.txt": "cp1252", "/b.txt": "undefined", "/c.txt": 7}}))
    assert state.manual_links() == [good]
    assert state.encodings() == {"/a.txt": "cp1252"}
    assert len(state.problems) == 1 and "3" in state.problems[0]
    aside = list(tmp_path.glob("state.json.corrupt-*"))
    assert len(aside) == 1 and json.loads(aside[0].read_text())["links"][1]["a"]["span"] == "xy"
    assert UserState.load(path).manual_links() == [good]  # what held was saved back at once
    comparison = compare_paths(library, [a.path for a in library.articles])
    assert state.apply_to_comparison(comparison) == 1


@pytest.mark.parametrize("record", [
    {"a": {"hash": "h", "path": "/a", "paragraph": 0, "span": "xy"}, "b": {"hash": "g", "paragraph": 1},
     "linked": True},
    {"a": {"hash": "h", "paragraph": -3}, "b": {"hash": "g", "paragraph": 1}, "linked": True},
    {"a": {"hash": "h", "paragraph": 0, "span": [5, 2]}, "b": {"hash": "g", "paragraph": 1}, "linked": True},
    {"a": {"hash": "h", "paragraph": 0}, "b": {"hash": "g", "paragraph": 1}, "linked": True, "score": "high"},
    {"a": {"hash": "h", "paragraph": True}, "b": {"hash": "g", "paragraph": 1}, "linked": True},
    {"a": ["h", 0], "b": {"hash": "g", "paragraph": 1}, "linked": True},
])
def test_link_records_of_the_wrong_shape_never_reach_a_comparison(tmp_path, library, record):
    good = _good_link(library)
    state = _load(tmp_path / "state.json", json.dumps({"version": 1, "links": [record, good]}))
    assert state.manual_links() == [good]
    comparison = compare_paths(library, [a.path for a in library.articles])
    state.apply_to_comparison(comparison)


@pytest.mark.parametrize("edits", [
    {"articles": [{"hash": "h", "path": "/a", "meta": {"title": "x" * 17_000_000}}]},
    {"articles": [{"hash": 5, "path": "/a", "meta": {"title": "T"}}]},
    {"articles": [{"hash": "h", "path": "/a", "meta": {"authors": ["A", 3]}}]},
    {"event_edits": [{"op": "move", "article": {"hash": "h"}, "to": "everywhere"}]},
    {"event_edits": [{"op": "merge", "groups": [[{"hash": 1}], [{"path": "/b"}]]}]},
    {"event_edits": [{"op": "split", "articles": [{"hash": "h", "path": ["/a"]}]}]},
    {"encodings": {"/a.txt": "rot13"}},
    {"encodings": ["/a.txt", "utf-8"]},
])
def test_each_kind_of_record_is_checked(tmp_path, edits):
    state = _load(tmp_path / "state.json", json.dumps({"version": 1, **edits}))
    assert len(state.problems) == 1
    assert state.to_json()["articles"] == [] and state.event_edits() == [] and state.encodings() == {}


def test_a_fifo_at_the_state_path_cannot_hang_startup(tmp_path):
    path = tmp_path / "state.json"
    os.mkfifo(path)
    loaded = []
    thread = threading.Thread(target=lambda: loaded.append(UserState.load(path)), daemon=True)
    thread.start()
    thread.join(5)
    if thread.is_alive():  # unblock the reader so the test run can go on, then fail
        with open(path, "wb"):
            pass
        pytest.fail("UserState.load blocked on a FIFO")
    state = loaded[0]
    assert state.problems and "not a regular file" in state.problems[0]
    state.set_encoding("/a.txt", "cp1252")  # saved beside it; the FIFO is left alone
    assert path.is_fifo() and state.path != path


def test_non_utf8_file_names_are_saved_losslessly(tmp_path):
    path = tmp_path / "state.json"
    name = os.fsdecode(b"/news/x\xe9.txt")  # a file name that is not UTF-8: surrogate-escaped
    article = Article(name, "Some text.", ArticleMeta(title="Original"), [], "hash-x")
    other = Article("/news/plain.txt", "Other text.", ArticleMeta(), [], "hash-p")
    state = UserState.load(path)
    state.set_meta(article, "title", "Corrected")
    state.set_encoding(name, "cp1252")
    state.set_meta(other, "title", "Also saved")
    assert state.problems == []
    again = UserState.load(path)
    assert again.problems == []
    assert again.overrides(article) == {"title": "Corrected"} and again.encodings() == {name: "cp1252"}
    assert again.overrides(other) == {"title": "Also saved"}
    assert os.fsencode(again.to_json()["articles"][0]["path"]) == b"/news/x\xe9.txt"


def test_a_failed_save_does_not_poison_later_saves(tmp_path):
    path = tmp_path / "state.json"
    state = UserState.load(path)
    first = Article("/news/a.txt", "A text.", ArticleMeta(), [], "hash-a")
    state.set_meta(first, "title", "Kept")
    state._meta.append({"hash": "hash-b", "path": "/news/b.txt", "fields": {"title": object()}})
    second = Article("/news/c.txt", "C text.", ArticleMeta(), [], "hash-c")
    state.set_meta(second, "title", "Saved too")
    assert len(state.problems) == 1 and "could not be saved" in state.problems[0]
    third = Article("/news/d.txt", "D text.", ArticleMeta(), [], "hash-d")
    state.set_meta(third, "title", "And this")
    assert len(state.problems) == 1  # the bad record was dropped; later saves work
    again = UserState.load(path)
    assert [again.overrides(a) for a in (first, second, third)] == [
        {"title": "Kept"}, {"title": "Saved too"}, {"title": "And this"}]


def test_unusable_codec_names_are_refused(tmp_path):
    state = UserState.load(tmp_path / "state.json")
    for name in ("undefined", "rot13", "base64", "no-such-codec"):
        with pytest.raises(StateError):
            state.set_encoding("/a.txt", name)
    library = Library.open([PATHS[0]], use_cache=False, encodings={PATHS[0]: "undefined"})
    assert library.articles == [] and "undefined" in library.errors[0].message


@pytest.mark.parametrize("name", ["undefined", "rot13", "klingon-8"])
def test_cli_refuses_an_unusable_encoding_clearly(tmp_path, name):
    env = {**os.environ, "VIEWER_CACHE_DIR": str(tmp_path / "c"), "VIEWER_DATA_DIR": str(tmp_path / "d"),
           "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-m", "viewer", "groups", PATHS[0], "--encoding", name, "--json"],
                         env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert f"error: --encoding {name}:" in run.stderr


def test_permission_failures_are_reported_and_do_not_poison_later_saves(tmp_path):
    """As root without its file-access override (setpriv), like an ordinary user."""
    import shutil
    probe = ROOT / "tests" / "library" / "_state_permissions_probe.py"
    command = [sys.executable, str(probe), str(ROOT), str(tmp_path)]
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("root without setpriv cannot drop its file-access override")
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"] + command
    os.chmod(tmp_path, 0o777)
    run = subprocess.run(command, capture_output=True, text=True, timeout=120)
    os.chmod(tmp_path / "b", 0o755)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert "Permission denied" in lines[0] and "state.json.new" in lines[0]
    assert lines[1].startswith("read-only save: Could not save your edits")
    assert lines[2] == "after: 1 {'title': 'T2'}"
