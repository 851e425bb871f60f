"""Entities, events, topics, quotes and diffs on the gold seeds (NLP runs once per session)."""
from __future__ import annotations

import pytest

from viewer.compare.diffing import DELETE, EQUAL, INSERT, word_diff
from viewer.analysis.entities import entity_differences
from viewer.library.library import Library
from viewer.analysis.topics import topic_by_name, topic_passages
from viewer.compare.comparison import compare_paths

from conftest import SEEDS


@pytest.fixture(scope="module")
def library():
    return Library.open([str(SEEDS)])


def _name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def test_events_match_gold(library, gold):
    got = sorted(sorted(_name(p) for p in e.articles) for e in library.events)
    expected = sorted(sorted(v) for v in gold["events"].values())
    assert got == expected


def test_event_labels_name_participants_and_dates(library):
    labels = {_name(e.articles[0]): e for e in library.events}
    assert labels["000_e65eb759a08d3853.txt"].label == "Trump – Xi call, 2020-03-27"
    assert labels["000_e65eb759a08d3853.txt"].date == "2020-03-27"
    assert labels["002_da053de626068850.txt"].label.startswith("Biden – Xi call")
    assert all(e.id for e in library.events) and len({e.id for e in library.events}) == len(library.events)


def test_alias_groups_are_one_entity(library, gold):
    for group in gold["entity_aliases"]["groups"]:
        keys = {library.entities.resolve(form) for form in group}
        assert len(keys) == 1 and None not in keys, (group, keys)


def test_mislabelled_names_resolved_by_majority(library):
    for entity in library.entities.entities:
        if entity.name in ("Joe Biden", "Xi Jinping", "Donald Trump"):
            assert entity.label == "PERSON"
    assert sum(1 for e in library.entities.entities if e.name == "Xi Jinping") == 1


def test_entity_differences_match_gold(library, gold):
    paths = {_name(a.path): a.path for a in library.articles}
    a, b = paths["002_da053de626068850.txt"], paths["003_0ca16b3c0b738ea6.txt"]
    comparison = compare_paths(library, [a, b])
    only = entity_differences(comparison.entities, [a, b])
    for path, key in ((a, "only_in_002"), (b, "only_in_003")):
        keys = {e.key for e in only[path]}
        for name in gold["entity_differences"][key]:
            assert comparison.entities.resolve(name) in keys, (key, name)


def test_topics_floor(library, gold):
    for name, per_article in gold["topics"].items():
        if name == "about":
            continue
        view = topic_passages(topic_by_name(name), library.articles)
        for file, paragraphs in per_article.items():
            found = {p.paragraph for path, ps in view.passages.items() if _name(path) == file for p in ps}
            assert set(paragraphs) <= found, (name, file, set(paragraphs) - found)


def test_quotes_have_speakers(library):
    paths = {_name(a.path): a.path for a in library.articles}
    quotes = library.analyses[paths["004_98f127979d69c2d2.txt"]].quotes
    by_text = {q.text[:22]: q.speaker for q in quotes}
    assert by_text["I just spoke to Chairm"] == "Trump"
    assert by_text["President Xi and I wil"] in ("Trump", "Donald Trump")
    shi = [q for q in library.analyses[paths["002_da053de626068850.txt"]].quotes if q.speaker == "Shi Feng"]
    assert shi


def test_word_diff_is_word_level_and_lossless():
    a = "Prior to the call, a senior official said the White House was dissatisfied."
    b = "Ahead of the call, senior officials said the White House was unhappy."
    diff = word_diff(a, b)
    assert "".join(t for op, t in diff if op != INSERT) == a
    assert "".join(t for op, t in diff if op != DELETE) == b
    assert (DELETE, "official") in diff and (INSERT, "officials") in diff
    assert any(op == EQUAL and "White House" in t for op, t in diff)


def test_cache_skips_nlp_on_second_open(monkeypatch):
    Library.open([str(SEEDS)])  # warm
    import viewer.analysis.pipeline as analysis
    monkeypatch.setattr(analysis, "get_nlp", lambda: pytest.fail("NLP ran despite the cache"))
    again = Library.open([str(SEEDS)])
    assert len(again.analyses) == 5


def test_changed_file_is_reanalysed(tmp_path, monkeypatch):
    article = tmp_path / "a.txt"
    article.write_text("Leaders talk\n\nThe two presidents spoke by phone on Monday about trade.\n", encoding="utf-8")
    first = Library.open([str(article)])
    article.write_text("Leaders talk\n\nThe two presidents spoke by phone on Monday about Taiwan and fentanyl.\n",
                       encoding="utf-8")
    second = Library.open([str(article)])
    lemmas = {lemma for _, lemma in second.analyses[str(article)].lemmas}
    assert "fentanyl" in lemmas and "fentanyl" not in {lemma for _, lemma in first.analyses[str(article)].lemmas}


def test_sentences_and_mentions_point_into_the_text(library):
    for article in library.articles:
        analysis = library.analyses[article.path]
        for s in analysis.sentences:
            assert 0 <= s.start < s.end <= len(article.text)
            assert article.text[s.start:s.end].strip() == article.text[s.start:s.end]
        for m in analysis.mentions:
            assert article.text[m.start:m.end] == m.text
        for q in analysis.quotes:
            assert article.text[q.start:q.end] == q.text


def test_bylines_and_headers_are_not_entity_differences(tmp_path):
    body = ("President Biden spoke with President Xi Jinping of China on Thursday about trade.\n\n"
            "The White House said the two leaders discussed Taiwan and climate change.\n")
    for name, outlet, date in (("a.txt", "Evening Herald", "2022-02-22"), ("b.txt", "Morning Register", "2022-02-23")):
        (tmp_path / name).write_text(f"Title: Leaders talk\nOutlet: {outlet}\nDate: {date}\n\n"
                                     f"By Jane Porter\n\n{body}", encoding="utf-8")
    from viewer.library.library import Library
    paths = [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    library = Library.open(paths, use_cache=False)
    comparison = compare_paths(library, paths)
    only = {e.name for found in comparison.only_in.values() for e in found}
    only |= {e.name for found in comparison.only_in_values.values() for e in found}
    assert not only & {"Evening Herald", "Morning Register", "2022-02-22", "2022-02-23"}, only
    # what the articles report is still compared
    assert any(e.name == "Xi Jinping" for e in comparison.entities.for_article(paths[0]))
