"""Polarity, modality and titles: tables of cases written for the project."""
from __future__ import annotations

import pytest

from viewer.compare.claims import NOT_DISCUSSED, opposite
from viewer.compare.names import office_before
from viewer.compare.sentence_pairs import outlet_label
from viewer.model import Article, ArticleMeta


@pytest.mark.parametrize("a, b, why", [
    ("The court upheld the ban on Friday.", "The court has not upheld the ban on Friday.", "negation"),
    ("The mayor will sign the budget this week.", "The mayor may sign the budget this week.", "modality"),
    ("The mayor signed the budget this week.", "The mayor signed the city budget this week.", None),
    ("Nobody was hurt, police said.", "Nobody was hurt, the police said.", None),
])
def test_opposite(a, b, why):
    assert opposite(a, b) == why


@pytest.mark.parametrize("text, found", [
    ("The harbour dispute was not mentioned directly in the talks.", True),
    ("The minister did not raise the fishing quota.", True),
    ("Fishing quotas were not discussed.", True),
    ("The minister raised the fishing quota.", False),
    ("The road will not be smooth, she said.", False),
])
def test_not_discussed(text, found):
    assert bool(NOT_DISCUSSED.search(text)) is found


@pytest.mark.parametrize("text, office", [
    ("Chinese Premier Li Qiang", "premier"),
    ("U.S. Secretary of State Jane Roe", "secretary of state"),
    ("State Councilor Wang Yi", "state councillor"),
    ("the visiting President Ana Lima", "president"),
    ("Vice President Ana Lima", "vice president"),
    ("a reporter, Ana Lima", None),
])
def test_office_before(text, office):
    name_start = len(text) - len(" ".join(text.split()[-2:]))
    found = office_before(text, name_start)
    assert (found[0] if found else None) == office


@pytest.mark.parametrize("outlet, title, name, label", [
    ("Harbour Post", "Ferry strike ends", "a.txt", "Harbour Post"),
    (None, "Ferry strike ends", "a.txt", "Ferry strike ends"),
    (None, None, "a.txt", "a.txt"),
])
def test_outlet_label_never_the_file_name_when_known(outlet, title, name, label):
    article = Article(name, "", ArticleMeta(title=title, outlet=outlet), [], "h")
    assert outlet_label(article) == label


@pytest.mark.parametrize("a, b, close", [
    ("The council approved the new ferry timetable on Monday evening.",
     "The council approved the revised ferry timetable on Monday night.", True),
    ("The council approved the new ferry timetable on Monday evening.",
     "Boats will keep their old hours, a spokesman for the city hall told us.", False),
])
def test_close_rewrite_or_paraphrase(a, b, close):
    from viewer.compare.diffing import word_diff
    from viewer.compare.wording import is_close_rewrite, quiet_wording_spans
    diff = word_diff(a, b)
    assert is_close_rewrite(diff) is close
    assert bool(quiet_wording_spans(diff, 0, True)) is close
