"""Scale paths of the engine give the same results as the simple ones."""
from __future__ import annotations

import random

from viewer.analysis.entities import build_entities
from viewer.library.events import ArticleProfile, cluster_profiles
from viewer.model import Analysis, Mention


def _profiles(events: int, per_event: int, undated_every: int, seed: int = 1) -> list[ArticleProfile]:
    rng = random.Random(seed)
    vocabulary = [f"word{n}" for n in range(400)]
    profiles = []
    for e in range(events):
        day = f"2020-{1 + (e * 7) // 28 % 12:02d}-{1 + (e * 7) % 28:02d}"
        topic = rng.sample(vocabulary, 40)
        people = [f"PERSON:leader{e % 5}", f"PERSON:other{e}"]
        for k in range(per_event):
            lemmas = rng.sample(topic, 30) + rng.sample(vocabulary, 10)
            undated = (e * per_event + k) % undated_every == 0
            profiles.append(ArticleProfile(f"e{e}_{k}", None if undated else day, people,
                                           {f"GPE:place{e}", f"ORG:org{e % 7}"}, lemmas))
    return profiles


def test_date_blocks_give_the_dense_grouping():
    profiles = _profiles(events=30, per_event=4, undated_every=17)
    dense = cluster_profiles(profiles, block_above=10 ** 9)
    blocked = cluster_profiles(profiles, block_above=0)
    assert blocked == dense
    assert len(dense) >= 25  # the test data does have many events


def test_bare_surname_joins_the_most_mentioned_full_name():
    def mention(start, text):
        return Mention(start, start + len(text), text, "PERSON")
    analyses = {
        "a": Analysis([], [mention(0, "Janet Yellen"), mention(20, "Janet Yellen"), mention(40, "Yellen")], [], [], 0),
        "b": Analysis([], [mention(0, "Jack Yellen"), mention(20, "Yellen")], [], [], 0),
    }
    index = build_entities(analyses)
    assert index.mention_key[("a", 40)] == "PERSON:janet yellen"
    scoped = build_entities(analyses, [["a"], ["b"]])
    assert scoped.mention_key[("b", 20)] == "PERSON:jack yellen"
    assert scoped.mention_key[("a", 40)] == "PERSON:janet yellen"


def test_background_sample_is_the_even_sample_of_all_units(monkeypatch):
    from viewer.compare import align
    from viewer.library.library import Library

    from conftest import SEEDS

    library = Library.open([str(SEEDS)])
    background = [(a, library.analyses[a.path]) for a in library.articles]
    every = [u for a, analysis in background for u in align.article_units(a, analysis, library.entities)]
    for size in (7, 20, len(every) + 5):
        monkeypatch.setattr(align, "BACKGROUND_UNITS", size)
        step = len(every) / size if len(every) > size else 1.0
        expected = [every[int(k * step)] for k in range(min(len(every), size))]
        got = align._background_units(background, library.entities, set())
        assert [(u.path, u.paragraph) for u in got] == [(u.path, u.paragraph) for u in expected]
        assert [u.terms for u in got] == [u.terms for u in expected]
