"""The user's saved work (viewer/userstate.py): persistence, safety, re-application. No Qt."""
from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, in_copy, seed
from viewer.analysis.dates import days_apart
from viewer.library.library import Library
from viewer.model import Article, ArticleMeta, PassageLink
from viewer.library.userstate import STATE_VERSION, StateError, UserState, default_state_path
from viewer.compare.comparison import compare_paths
from viewer.compare.diffing import link_diff


def _article(path: str = "/news/a.txt", text: str = "Some text.") -> Article:
    return Article(path, text, ArticleMeta(title="Original"), [], hashlib.sha256(text.encode()).hexdigest())


def _open(folder: Path) -> Library:
    return Library.open(sorted(str(p) for p in folder.glob("*.txt")))


# ----------------------------------------------------------------------- file handling

def test_default_location_is_the_data_dir():
    assert default_state_path() == Path(os.environ["VIEWER_DATA_DIR"]) / "state.json"


def test_round_trip(tmp_path):
    path = tmp_path / "state.json"
    state = UserState.load(path)
    article = _article()
    state.set_meta(article, "title", "Corrected title")
    state.set_meta(article, "date", "2021-09-10")
    state.set_meta(article, "authors", "Ana Li, Bo Chen and Cy Ma")
    state.set_encoding("/news/b.txt", "gb18030")
    again = UserState.load(path)
    assert again.problems == []
    assert again.overrides(article) == {"title": "Corrected title", "published": "2021-09-10",
                                        "authors": ["Ana Li", "Bo Chen", "Cy Ma"]}
    assert again.encodings() == {"/news/b.txt": "gb18030"}
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == STATE_VERSION
    assert article.meta.title == "Corrected title" and article.meta.published == "2021-09-10"


def test_clearing_an_override_restores_the_files_value(tmp_path):
    state = UserState.load(tmp_path / "state.json")
    article = _article()
    state.set_meta(article, "title", "Corrected")
    state.set_meta(article, "title", "")
    assert article.meta.title == "Original"
    assert UserState.load(tmp_path / "state.json").overrides(article) == {}


@pytest.mark.parametrize("bad", ["10/09/2021", "2021-9-10", "2021-02-30", "yesterday"])
def test_bad_dates_are_refused_with_a_clear_message(tmp_path, bad):
    state = UserState.load(tmp_path / "state.json")
    article = _article()
    with pytest.raises(StateError, match="YYYY-MM-DD|not a real day"):
        state.set_meta(article, "published", bad)
    assert article.meta.published is None and state.overrides(article) == {}


def test_unknown_field_and_encoding_are_refused(tmp_path):
    state = UserState.load(tmp_path / "state.json")
    with pytest.raises(StateError):
        state.set_meta(_article(), "text", "x")
    with pytest.raises(StateError):
        state.set_encoding("/a.txt", "no-such-codec")


def test_corrupt_file_is_moved_aside_and_reported(tmp_path):
    path = tmp_path / "state.json"
    path.write_text('{"version": 1, "articles": [', encoding="utf-8")
    state = UserState.load(path)
    aside = list(tmp_path.glob("state.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == '{"version": 1, "articles": ['
    assert len(state.problems) == 1 and str(aside[0]) in state.problems[0]
    state.set_encoding("/a.txt", "cp1252")  # saving afterwards starts a fresh, valid file
    assert UserState.load(path).encodings() == {"/a.txt": "cp1252"}
    assert aside[0].exists()


@pytest.mark.parametrize("content", [
    '{"version": 1, "articles": [{"nohash": 1}]}',
    '{"version": 1, "articles": [{"hash": "h", "path": "/a", "meta": {"title": 5}}]}',
    '{"version": 1, "articles": [{"hash": "h", "path": "/a", "meta": {"published": "May 5"}}]}',
    '{"version": 1, "encodings": {"/a.txt": "klingon-8"}}',
    '{"version": 1, "event_edits": [{"op": "explode"}]}',
    '{"version": 1, "event_edits": [{"op": "split", "articles": []}]}',
    '{"version": 1, "links": [{"a": {"hash": "h", "paragraph": "2"}, "b": {"hash": "g", "paragraph": 1}, '
    '"linked": true}]}',
    '[1, 2, 3]',
    '{"articles": []}',
])
def test_file_of_unexpected_shape_is_moved_aside(tmp_path, content):
    path = tmp_path / "state.json"
    path.write_text(content, encoding="utf-8")
    state = UserState.load(path)
    assert len(state.problems) == 1 and len(list(tmp_path.glob("state.json.corrupt-*"))) == 1
    assert not path.exists() and state.encodings() == {} and state.event_edits() == []


def test_newer_version_is_left_untouched(tmp_path):
    path = tmp_path / "state.json"
    newer = json.dumps({"version": STATE_VERSION + 1, "future": "data"})
    path.write_text(newer, encoding="utf-8")
    state = UserState.load(path)
    assert state.problems and "newer version" in state.problems[0]
    state.set_encoding("/a.txt", "big5")
    assert path.read_text(encoding="utf-8") == newer
    # this version keeps its own edits beside it, and finds them again next time
    again = UserState.load(path)
    assert again.encodings() == {"/a.txt": "big5"}
    assert again.path != path and path.read_text(encoding="utf-8") == newer


def test_unreadable_file_is_not_overwritten(tmp_path):
    path = tmp_path / "state.json"
    path.mkdir()  # something that cannot be read as a file
    (path / "keep").write_text("x", encoding="utf-8")
    state = UserState.load(path)
    assert state.problems and "left as it is" in state.problems[0]
    state.set_encoding("/a.txt", "utf-16")
    assert (path / "keep").exists() and state.path != path
    assert UserState.load(state.path).encodings() == {"/a.txt": "utf-16"}


_WRITER = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from viewer.model import Article, ArticleMeta
from viewer.library.userstate import UserState
state = UserState.load(Path(sys.argv[1]))
article = Article("/a.txt", "text", ArticleMeta(), [], "hash")
n = 0
while True:
    state.set_meta(article, "title", f"{n}:" + "x" * 3_000_000)
    print(n, flush=True)
    n += 1
"""


def test_a_crash_mid_write_leaves_a_complete_file(tmp_path):
    path = tmp_path / "state.json"
    rng = random.Random(7)
    for _ in range(4):
        writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(path), str(ROOT)],
                                  stdout=subprocess.PIPE, text=True)
        try:
            writer.stdout.readline()  # at least one complete save happened
            time.sleep(rng.uniform(0.0, 0.3))  # then kill it at an arbitrary point of a later save
        finally:
            writer.send_signal(signal.SIGKILL)
            writer.wait()
            writer.stdout.close()
        state = UserState.load(path)
        assert state.problems == []
        title = state.overrides(Article("/a.txt", "text", ArticleMeta(), [], "hash"))["title"]
        number, _, body = title.partition(":")
        assert number.isdigit() and body == "x" * 3_000_000


_STOPPED_WRITER = """
import os, sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from viewer.model import Article, ArticleMeta
from viewer.library.userstate import UserState
state = UserState.load(Path(sys.argv[1]))
article = Article("/a.txt", "text", ArticleMeta(), [], "hash")
state.set_meta(article, "title", "first complete version")
real_replace = os.replace
def stop_before_replacing(src, dst):
    print("new file written, not yet in place", flush=True)
    sys.stdin.readline()  # wait here until killed
    real_replace(src, dst)
os.replace = stop_before_replacing
state.set_meta(article, "title", "second version " + "y" * 1_000_000)
"""


def test_a_crash_before_the_rename_keeps_the_old_file(tmp_path):
    path = tmp_path / "state.json"
    writer = subprocess.Popen([sys.executable, "-c", _STOPPED_WRITER, str(path), str(ROOT)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().startswith("new file written")
        assert len(list(tmp_path.glob(".state.json.*.tmp"))) == 1
    finally:
        writer.kill()
        writer.wait()
        writer.stdout.close()
        writer.stdin.close()
    state = UserState.load(path)
    assert state.problems == []
    assert state.overrides(Article("/a.txt", "text", ArticleMeta(), [], "hash")) == \
        {"title": "first complete version"}


# ----------------------------------------------------------------------- applied to a library

def _fingerprints(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}


def test_overrides_survive_reopening_a_moved_library(tmp_path, library_copy):
    state_path = tmp_path / "state.json"
    library = _open(library_copy)
    state = UserState.load(state_path)
    state.apply_to_library(library)
    target = library.article(in_copy(library_copy, "002"))
    before = _fingerprints(library_copy)
    state.set_meta(target, "title", "Biden and Xi talk for 90 minutes")
    state.set_meta(target, "outlet", "Example Wire")
    assert _fingerprints(library_copy) == before, "source files must never be written"

    moved = tmp_path / "moved"
    library_copy.rename(moved)
    reopened = _open(moved)
    UserState.load(state_path).apply_to_library(reopened)
    article = reopened.article(in_copy(moved, "002"))
    assert article.meta.title == "Biden and Xi talk for 90 minutes"
    assert article.meta.outlet == "Example Wire"
    untouched = reopened.article(in_copy(moved, "003"))
    assert untouched.meta.title != "Biden and Xi talk for 90 minutes"


def test_overrides_follow_the_path_when_the_text_changed(tmp_path, library_copy):
    state_path = tmp_path / "state.json"
    library = _open(library_copy)
    state = UserState.load(state_path)
    state.apply_to_library(library)
    path = in_copy(library_copy, "001")
    state.set_meta(library.article(path), "outlet", "Corrected Outlet")
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("\n\nA correction appended by the publisher.\n")
    reopened = _open(library_copy)
    UserState.load(state_path).apply_to_library(reopened)
    assert reopened.article(path).meta.outlet == "Corrected Outlet"
    # re-keyed to the new text, so it now also survives a move
    saved = json.loads(state_path.read_text(encoding="utf-8"))
    assert saved["articles"][0]["hash"] == reopened.article(path).content_hash


def test_moving_an_article_to_another_event_persists(tmp_path, library_copy):
    state_path = tmp_path / "state.json"
    library = _open(library_copy)
    state = UserState.load(state_path)
    state.apply_to_library(library)
    mover, member = in_copy(library_copy, "000"), in_copy(library_copy, "002")
    old_event = library.event_of(mover)
    assert mover not in library.event_of(member).articles
    new_id = state.move_article(mover, library.event_of(member).id)
    assert library.event_of(mover).id == new_id == library.event_of(member).id
    assert all(mover not in e.articles for e in library.events if e.id != new_id)
    assert old_event.articles == [mover]  # a one-article event disappears
    assert not any(e.articles == [mover] for e in library.events)

    reopened = _open(library_copy)
    fresh = UserState.load(state_path)
    fresh.apply_to_library(reopened)
    event = reopened.event_of(mover)
    assert event is reopened.event_of(member)
    assert sorted(event.articles) == sorted([mover, member, in_copy(library_copy, "003")])
    assert sum(len(e.articles) for e in reopened.events) == len(reopened.articles)


def test_split_and_merge_persist(tmp_path, library_copy):
    state_path = tmp_path / "state.json"
    library = _open(library_copy)
    state = UserState.load(state_path)
    state.apply_to_library(library)
    a, b = in_copy(library_copy, "002"), in_copy(library_copy, "003")
    assert library.event_of(a) is library.event_of(b)
    split_id = state.split_event(library.event_of(a).id, [b])
    assert library.event_of(b).id == split_id and library.event_of(a) is not library.event_of(b)
    assert library.event_of(b).label  # relabelled from its member

    reopened = _open(library_copy)
    UserState.load(state_path).apply_to_library(reopened)
    assert reopened.event_of(a) is not reopened.event_of(b)

    state = UserState.load(state_path)
    state.apply_to_library(reopened)
    merged = state.merge_events([reopened.event_of(a).id, reopened.event_of(b).id,
                                 reopened.event_of(in_copy(library_copy, "004")).id])
    assert reopened.event_of(a).id == merged
    assert reopened.event_of(b) is reopened.event_of(in_copy(library_copy, "004")) is reopened.event_of(a)

    again = _open(library_copy)
    UserState.load(state_path).apply_to_library(again)
    assert again.event_of(a) is again.event_of(b) is again.event_of(in_copy(library_copy, "004"))
    assert len({e.id for e in again.events}) == len(again.events)


def test_event_edits_need_real_events(tmp_path, library_copy):
    state = UserState.load(tmp_path / "state.json")
    with pytest.raises(StateError):
        state.merge_events(["x", "y"])
    library = _open(library_copy)
    state.apply_to_library(library)
    with pytest.raises(StateError):
        state.move_article(in_copy(library_copy, "000"), "no-such-event")
    with pytest.raises(StateError):
        state.merge_events([library.events[0].id])


def test_a_corrected_date_regroups(tmp_path, library_copy):
    """The date is evidence for grouping: a corrected date is used on the next open too."""
    state_path = tmp_path / "state.json"
    library = _open(library_copy)
    state = UserState.load(state_path)
    state.apply_to_library(library)
    path = in_copy(library_copy, "000")
    before = library.event_of(path).date
    state.set_meta(library.article(path), "published", "2019-01-02")
    event_date = library.event_of(path).date  # the call's day: "on Friday" counts back from it
    assert event_date != before and days_apart(event_date, "2019-01-02") < 7
    reopened = _open(library_copy)
    UserState.load(state_path).apply_to_library(reopened)
    assert reopened.article(path).meta.published == "2019-01-02"
    assert reopened.event_of(path).date == event_date


# ----------------------------------------------------------------------- manual links

def test_manual_link_and_unlink_are_reapplied_to_a_fresh_comparison(tmp_path, library_copy):
    state_path = tmp_path / "state.json"
    library = _open(library_copy)
    a, b = in_copy(library_copy, "002"), in_copy(library_copy, "003")
    comparison = compare_paths(library, [a, b])
    linked = {(link.a_paragraph, link.b_paragraph) for link in comparison.all_links()}
    art_a, art_b = library.article(a), library.article(b)
    new_pair = next((pa.index, pb.index) for pa in art_a.body_paragraphs for pb in art_b.body_paragraphs
                    if (pa.index, pb.index) not in linked)
    pa, pb = art_a.paragraphs[new_pair[0]], art_b.paragraphs[new_pair[1]]
    auto = comparison.all_links()[0]

    state = UserState.load(state_path)
    state.add_link(comparison, PassageLink(a, b, pa.index, pb.index, pa.span, pb.span, 1.0))
    state.remove_link(comparison, auto)

    fresh = compare_paths(_open(library_copy), [a, b])
    assert (auto.a_paragraph, auto.b_paragraph) in {(link.a_paragraph, link.b_paragraph) for link in fresh.all_links()}
    assert UserState.load(state_path).apply_to_comparison(fresh) == 2
    pairs = {(link.a_paragraph, link.b_paragraph): link for link in fresh.all_links()}
    assert new_pair in pairs and pairs[new_pair].manual
    assert pairs[new_pair].a_span == pa.span and link_diff(pairs[new_pair])
    assert (auto.a_paragraph, auto.b_paragraph) not in pairs

    # compared the other way round, the link keeps its ends
    reversed_cmp = compare_paths(_open(library_copy), [b, a])
    UserState.load(state_path).apply_to_comparison(reversed_cmp)
    ends = {(link.a_path, link.a_paragraph, link.b_path, link.b_paragraph) for link in reversed_cmp.all_links()}
    assert (b, new_pair[1], a, new_pair[0]) in ends


# ----------------------------------------------------------------------- any sequence of edits

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
_edit = st.one_of(
    st.tuples(st.just("meta"), st.integers(0, 3), st.sampled_from(["title", "outlet", "dateline"]), _text),
    st.tuples(st.just("meta"), st.integers(0, 3), st.just("published"),
              st.one_of(st.just(""), st.dates().map(lambda d: d.isoformat()))),
    st.tuples(st.just("meta"), st.integers(0, 3), st.just("authors"), st.lists(_text, max_size=3)),
    st.tuples(st.just("encoding"), st.integers(0, 3), st.sampled_from([None, "utf-8", "gb18030", "big5"]),
              st.none()),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(_edit, max_size=12))
def test_any_sequence_of_edits_reads_back_the_same(tmp_path, edits):
    path = tmp_path / "state.json"
    path.unlink(missing_ok=True)
    articles = [Article(f"/news/{n}.txt", f"text {n}", ArticleMeta(), [], f"hash{n}") for n in range(4)]
    state = UserState.load(path)
    for kind, n, field, value in edits:
        if kind == "meta":
            state.set_meta(articles[n], field, value)
        else:
            state.set_encoding(articles[n].path, field)
    again = UserState.load(path)
    assert again.problems == []
    for article in articles:
        assert again.overrides(article) == state.overrides(article)
        fields = state.overrides(article)
        assert all(getattr(article.meta, k) == v for k, v in fields.items())
    assert again.encodings() == state.encodings()
    saved, reread = state.to_json(), again.to_json()
    saved.pop("saved_at"), reread.pop("saved_at")
    assert saved == reread


def test_identical_copies_keep_their_own_corrections(tmp_path, library_copy):
    """A syndicated story saved from two sites has the same text: correcting one leaves the other."""
    copy = library_copy / ("copy_of_" + Path(seed("002")).name)
    shutil.copy(in_copy(library_copy, "002"), copy)
    state_path = tmp_path / "state.json"
    library = _open(library_copy)
    state = UserState.load(state_path)
    state.apply_to_library(library)
    original, duplicate = library.article(in_copy(library_copy, "002")), library.article(str(copy))
    assert original.content_hash == duplicate.content_hash
    state.set_meta(original, "outlet", "Wire A")
    state.set_meta(duplicate, "outlet", "Site B")
    assert (original.meta.outlet, duplicate.meta.outlet) == ("Wire A", "Site B")

    moved = tmp_path / "moved"
    library_copy.rename(moved)
    reopened = _open(moved)
    UserState.load(state_path).apply_to_library(reopened)
    assert reopened.article(in_copy(moved, "002")).meta.outlet == "Wire A"
    assert reopened.article(str(moved / copy.name)).meta.outlet == "Site B"
