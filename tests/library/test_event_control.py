"""The reader's control over events: names, days, removals and suggested merges survive
reopening the library, and the CLI sees them."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import SEEDS
from viewer.library.library import Library
from viewer.library.merge_suggestions import suggest_merges
from viewer.library.userstate import StateError, UserState

A, B = "002_da053de626068850.txt", "003_0ca16b3c0b738ea6.txt"


@pytest.fixture
def folder(tmp_path) -> Path:
    target = tmp_path / "library"
    shutil.copytree(SEEDS, target)
    return target


def _open(folder: Path, state_path: Path) -> tuple[Library, UserState]:
    state = UserState.load(state_path)
    library = Library.open(sorted(str(p) for p in folder.glob("*.txt")))
    state.apply_to_library(library)
    return library, state


def test_a_name_and_a_day_given_to_an_event_survive_reopening(folder, tmp_path):
    library, state = _open(folder, tmp_path / "state.json")
    event = library.event_of(str(folder / A))
    state.rename_event(event.id, "The autumn call")
    state.redate_event(library.event_of(str(folder / A)).id, "2021-09-09")
    again, _ = _open(folder, tmp_path / "state.json")
    event = again.event_of(str(folder / A))
    assert (event.label, event.date) == ("The autumn call", "2021-09-09")
    assert again.event_of(str(folder / B)) is event


@pytest.mark.parametrize("label, date", [("   ", None), (None, "next week"), (None, "2021-02-30")])
def test_a_name_must_be_text_and_a_day_a_real_day(folder, tmp_path, label, date):
    library, state = _open(folder, tmp_path / "state.json")
    event = library.events[0]
    with pytest.raises(StateError):
        if label is not None:
            state.rename_event(event.id, label)
        else:
            state.redate_event(event.id, date)


def test_removed_articles_stay_out_until_restored(folder, tmp_path):
    library, state = _open(folder, tmp_path / "state.json")
    gone = str(folder / A)
    count = len(library.articles)
    state.remove_articles([gone])
    assert gone not in {a.path for a in library.articles} and library.event_of(gone) is None
    assert all(gone not in e.articles for e in library.events)
    again, state = _open(folder, tmp_path / "state.json")
    assert len(again.articles) == count - 1 and (folder / A).exists()
    state.restore_removed()
    back, _ = _open(folder, tmp_path / "state.json")
    assert len(back.articles) == count


def test_two_halves_of_one_event_are_suggested_for_merging(folder, tmp_path):
    library, state = _open(folder, tmp_path / "state.json")
    whole = library.event_of(str(folder / A))
    assert str(folder / B) in whole.articles
    state.split_event(whole.id, [str(folder / B)])
    left, right = library.event_of(str(folder / A)), library.event_of(str(folder / B))
    suggested = [s.other_id for s in suggest_merges(library, left.id)]
    assert suggested and suggested[0] == right.id
    # events of other leaders are not suggested, however many names they share
    others = [e for e in library.events if e.id not in (left.id, right.id)
              and set(e.participants) != set(left.participants)]
    assert not {e.id for e in others} & set(suggested)
