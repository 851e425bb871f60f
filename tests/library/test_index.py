"""The library index (viewer/library/index.py): reopening lists events without decoding analyses."""
from __future__ import annotations

import os
from pathlib import Path

from conftest import in_copy
from viewer.library.index import LazyAnalyses, LibraryIndex, decode_article, encode_article, grouping_key
from viewer.library.library import Library
from viewer.library.userstate import UserState


def _open(folder: Path, index: LibraryIndex, state: UserState | None = None) -> Library:
    key = state.edits_key() if state else ""
    library = Library.open([str(folder)], index=index, edits_key=key)
    if state is not None:
        state.apply_to_library(library)
    if not library.from_index:
        library.remember(index, key)
    return library


def test_article_round_trip(seed_paths):
    from viewer.ingest.loading import load_article
    article = load_article(seed_paths[0])
    assert decode_article(encode_article(article)) == article


def test_reopen_lists_the_same_events_without_decoding_analyses(tmp_path, library_copy):
    index = LibraryIndex(tmp_path / "index.sqlite")
    first = _open(library_copy, index)
    assert not first.from_index
    again = _open(library_copy, index)
    assert again.from_index
    assert [(e.id, e.articles, e.label, e.date) for e in again.events] == \
        [(e.id, e.articles, e.label, e.date) for e in first.events]
    assert [a.text for a in again.articles] == [a.text for a in first.articles]
    assert isinstance(again.analyses, LazyAnalyses) and again.analyses.decoded == 0
    event = again.events[0]
    again.analyses.load(event.articles)  # one event's analyses, when it is opened
    assert again.analyses.decoded == len(event.articles)
    path = event.articles[0]
    assert again.analyses[path] == first.analyses[path]
    assert len(again.entities.entities) == len(first.entities.entities)  # built on first use


def test_a_changed_file_is_read_again_and_regrouped(tmp_path, library_copy):
    index = LibraryIndex(tmp_path / "index.sqlite")
    first = _open(library_copy, index)
    target = Path(first.articles[0].path)
    target.write_text(target.read_text(encoding="utf-8") + "\n\nA closing paragraph added later.\n",
                      encoding="utf-8")
    os.utime(target, ns=(1, 1))  # a new stamp even on a coarse clock
    again = _open(library_copy, index)
    assert not again.from_index
    assert again.article(str(target)).text.endswith("added later.\n")
    assert _open(library_copy, index).from_index


def test_the_readers_event_edits_are_kept_in_the_index(tmp_path, library_copy):
    index = LibraryIndex(tmp_path / "index.sqlite")
    state_path = tmp_path / "state.json"
    state = UserState.load(state_path)
    library = _open(library_copy, index, state)
    mover = in_copy(library_copy, "000")
    member = in_copy(library_copy, "002")
    state.move_article(mover, library.event_of(member).id)
    library.remember(index, state.edits_key())
    fresh = UserState.load(state_path)
    reopened = _open(library_copy, index, fresh)
    assert reopened.from_index
    assert reopened.event_of(mover).articles == library.event_of(member).articles
    assert grouping_key(reopened.articles, fresh.edits_key()) != grouping_key(reopened.articles, "")


def test_a_damaged_index_only_costs_speed(tmp_path, library_copy):
    path = tmp_path / "index.sqlite"
    path.write_bytes(b"not a database" * 100)
    library = _open(library_copy, LibraryIndex(path))
    assert library.events and not library.from_index


def test_a_file_name_that_is_not_utf8_is_indexed_and_reopened(tmp_path, library_copy):
    source = next(library_copy.glob("*.txt"))
    odd = os.path.join(os.fsencode(library_copy), b"latin1\xe9.txt")
    with open(odd, "wb") as handle:
        handle.write(source.read_bytes())
    index = LibraryIndex(tmp_path / "index.sqlite")
    first = _open(library_copy, index)
    again = _open(library_copy, index)
    assert again.from_index
    assert os.fsdecode(odd) in {a.path for a in again.articles}
    assert [e.articles for e in again.events] == [e.articles for e in first.events]
