"""Alignment quality on the gold pair, and the structure of links."""
from __future__ import annotations

import pytest

from viewer.compare.diffing import link_diff
from viewer.compare.align import _monotone_matches, _ordered_chain, select_links, stem
from viewer.library.library import Library
from viewer.compare.comparison import compare_paths

from conftest import SEEDS


def _gold_pair(gold):
    pair = gold["alignments"][0]
    return pair, {tuple(x) for x in pair["sure"]}, {tuple(x) for x in pair["possible"]}


def _quality(links, sure, possible):
    found = {(link.a_paragraph, link.b_paragraph) for link in links}
    recall = len(found & sure) / len(sure)
    precision = len(found & (sure | possible)) / max(1, len(found))
    return recall, precision


@pytest.mark.parametrize("library_scope", ["pair", "all seeds"])
def test_gold_pair_recall_and_precision(gold, library_scope):
    pair, sure, possible = _gold_pair(gold)
    a, b = str(SEEDS / pair["a"]), str(SEEDS / pair["b"])
    library = Library.open([a, b] if library_scope == "pair" else [str(SEEDS)])
    pa = next(x.path for x in library.articles if x.path.endswith(pair["a"]))
    pb = next(x.path for x in library.articles if x.path.endswith(pair["b"]))
    comparison = compare_paths(library, [pa, pb])
    recall, precision = _quality(comparison.links[(pa, pb)], sure, possible)
    assert recall >= 0.9, recall
    assert precision >= 0.85, precision


def test_links_carry_spans_scores_and_diffs(gold):
    pair, _, _ = _gold_pair(gold)
    library = Library.open([str(SEEDS / pair["a"]), str(SEEDS / pair["b"])])
    a, b = library.articles
    links = compare_paths(library, [a.path, b.path]).links[(a.path, b.path)]
    assert links
    for link in links:
        assert a.paragraphs[link.a_paragraph].span == link.a_span
        assert b.paragraphs[link.b_paragraph].span == link.b_span
        assert 0 < link.score <= 1
        a_text = a.text[link.a_span[0]:link.a_span[1]]
        assert "".join(t for op, t in link_diff(link) if op <= 0) == a_text


def test_out_of_order_passages_are_linked():
    # The same three points told in a different order by the second outlet.
    import numpy as np
    scores = np.array([[0.1, 0.0, 0.6], [0.7, 0.05, 0.0], [0.0, 0.5, 0.1]], dtype=np.float32)
    links = {(i, j) for i, j, _ in select_links(scores, ["body"] * 3, ["body"] * 3)}
    assert links == {(0, 2), (1, 0), (2, 1)}


def test_gap_filling_keeps_order_and_floor():
    import numpy as np
    scores = np.array([[0.5, 0.0, 0.0, 0.0],
                       [0.0, 0.08, 0.07, 0.0],
                       [0.0, 0.09, 0.02, 0.0],
                       [0.0, 0.0, 0.0, 0.5]], dtype=np.float32)
    links = {(i, j) for i, j, _ in select_links(scores, ["body"] * 4, ["body"] * 4)}
    # (1,1) and (2,2) would cross nothing but (2,2) is below the floor; (2,1) conflicts with (1,1)
    assert (0, 0) in links and (3, 3) in links
    assert (1, 1) in links or (2, 1) in links
    assert not ((1, 2) in links and (2, 1) in links)
    assert _ordered_chain([(0, 0), (1, 3), (2, 1), (3, 3)], scores) == [(0, 0), (2, 1), (3, 3)]
    assert _monotone_matches(scores, [1, 2], [1, 2], 0.06) in ([(2, 1)], [(1, 1)])


def test_stem_joins_word_families():
    assert stem("directly") == stem("direct")
    assert stem("discussions") == stem("discussion")
    assert stem("Xi") == "Xi"


# --- one-to-many links, headlines, quotes, word vectors (texts written for these tests) ---

def _write(folder, name: str, paragraphs: list[str]) -> str:
    path = folder / name
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return str(path)


def _links(tmp_path, a: list[str], b: list[str]) -> set[tuple[int, int]]:
    pa, pb = _write(tmp_path, "a.txt", a), _write(tmp_path, "b.txt", b)
    library = Library.open([pa, pb], use_cache=False)
    pa, pb = (next(x.path for x in library.articles if x.path.endswith(n)) for n in ("a.txt", "b.txt"))
    return {(link.a_paragraph, link.b_paragraph) for link in compare_paths(library, [pa, pb]).links[(pa, pb)]}


HARBOUR_A = [
    "Harbour deal signed after night of talks in Valletta",
    "Negotiators from Malta and Tunisia signed a fisheries and harbour agreement in Valletta on Tuesday "
    "after talks that ran through the night.",
    "The agreement opens the port of Marsaxlokk to Tunisian trawlers for six months of the year and sets "
    "a joint patrol of the shared fishing grounds, with inspectors from both navies on every patrol boat.",
    "Tunisia's envoy Karim Belhadj called the accord \"a harbour for both our fleets, not a wall between "
    "them\", and said the patrols would start in April.",
    "Environmental groups in Malta said the quotas were still too high for the bluefin stock to recover.",
]
HARBOUR_B = [
    "Malta and Tunisia agree fisheries pact",
    "Malta and Tunisia reached a harbour and fisheries accord in Valletta on Tuesday, officials said, "
    "following overnight negotiations.",
    "Under the deal, Tunisian trawlers may use the port of Marsaxlokk six months a year.",
    "The two navies will also run joint patrols of the fishing grounds they share, each boat carrying "
    "inspectors from both sides.",
    "\"A harbour for both our fleets, not a wall between them,\" Belhadj said of the agreement.",
]


def test_a_paragraph_split_in_two_by_the_other_outlet_links_to_both(tmp_path):
    links = _links(tmp_path, HARBOUR_A, HARBOUR_B)
    assert {(2, 2), (2, 3)} <= links
    assert (4, 4) not in links  # the environmental groups are only in the first report


def test_headlines_link_to_each_other_and_quotes_link_by_their_words(tmp_path):
    links = _links(tmp_path, HARBOUR_A, HARBOUR_B)
    assert (0, 0) in links
    assert (3, 4) in links  # same quoted words, otherwise little wording in common
    assert not any(i == 0 and j > 0 or j == 0 and i > 0 for i, j in links)


def test_headline_links_to_the_lead_when_the_other_report_has_none(tmp_path):
    # Without a headline-like first paragraph the second article starts with its lead.
    untitled = ["Malta and Tunisia reached a harbour and fisheries accord in Valletta on Tuesday, "
                "officials said, following overnight negotiations."] + HARBOUR_B[2:]
    links = _links(tmp_path, HARBOUR_A, untitled)
    assert (0, 0) in links and (1, 0) in links


def test_split_needs_words_of_its_own():
    import numpy as np
    # a0 matches b0 strongly; b1 sits next to b0 and is a0's second best.
    scores = np.array([[0.8, 0.5], [0.0, 0.1]], dtype=np.float32)
    kinds = ["body", "body"]
    covered = [{"port", "trawler", "patrol", "navy"}, {"weather"}]
    parts = [{"port", "trawler"}, {"patrol", "navy"}]
    borrowed = [{"port", "trawler", "patrol", "navy"}, {"port"}]
    origins: dict = {}
    found = {(i, j) for i, j, _ in select_links(scores, kinds, kinds, terms_a=covered, terms_b=parts,
                                                  origins=origins)}
    assert found >= {(0, 0), (0, 1)} and origins[(0, 1)] == "split"
    found = {(i, j) for i, j, _ in select_links(scores, kinds, kinds, terms_a=covered, terms_b=borrowed)}
    assert (0, 1) not in found


def test_alignment_without_word_vectors_still_works(tmp_path, monkeypatch):
    from viewer.compare import align
    monkeypatch.setattr(align, "USE_EMBEDDINGS", False)
    links = _links(tmp_path, HARBOUR_A, HARBOUR_B)
    assert {(0, 0), (1, 1), (2, 2)} <= links


# --- acceptance of weak links and split parts (hand-made score matrices) ---

def test_a_split_part_does_not_leap_over_a_paragraph():
    import numpy as np
    # a0 is linked to b0 and b1; a1 matches b3 best. a0 scoring well against b3 (two
    # paragraphs past its own partners) must not become a "part" of b3's split.
    scores = np.array([[0.9, 0.85, 0.0, 0.6],
                       [0.0, 0.0, 0.0, 0.9]], dtype=np.float32)
    kinds = ["body", "body"]
    origins: dict = {}
    found = {(i, j) for i, j, _ in select_links(scores, kinds, ["body"] * 4, origins=origins)}
    assert {(0, 0), (0, 1), (1, 3)} <= found
    assert (0, 3) not in found


def test_weak_links_need_shared_content_and_to_stand_out():
    import numpy as np
    from viewer.compare.align import select_links
    # Two confident links frame a gap holding one weak pair (1, 1).
    scores = np.full((3, 3), 0.03, dtype=np.float32)
    scores[0, 0] = scores[2, 2] = 0.8
    scores[1, 1] = 0.2
    kinds = ["body"] * 3
    assert (1, 1) in {(i, j) for i, j, _ in select_links(scores, kinds, kinds)}
    names_only = np.ones((3, 3), dtype=bool)
    names_only[1, 1] = False
    assert (1, 1) not in {(i, j) for i, j, _ in select_links(scores, kinds, kinds, support=names_only)}
    # the same cell where every pair of the two articles scores about as much: chance likeness
    flat = np.full((3, 3), 0.2, dtype=np.float32)
    flat += np.asarray([[0.0, 0.01, -0.02], [0.02, 0.0, -0.01], [-0.01, 0.02, 0.0]], dtype=np.float32)
    flat[0, 0] = flat[2, 2] = 0.8
    assert (1, 1) not in {(i, j) for i, j, _ in select_links(flat, kinds, kinds)}


def test_support_counts_content_words_phrases_quotes_and_figures():
    import numpy as np
    from viewer.compare.align import supported
    zero = np.zeros((1, 5))
    signals = {"content": np.asarray([[0.0, 0.3, 0.0, 0.0, 0.0]]),
               "phrase": np.asarray([[0.0, 0.0, 0.2, 0.0, 0.0]]),
               "quote": zero, "figures": np.asarray([[0.0, 0.0, 0.0, 1.0, 0.0]]),
               "embedding": zero, "anchors": np.ones((1, 5))}
    assert supported(signals).tolist() == [[False, True, True, True, False]]


def test_names_alone_are_no_shared_phrase():
    from viewer.compare.align import _trigrams
    from viewer.model import Mention
    text = "Officials at the White House said the talks on the harbour deal would resume."
    start = text.index("White")
    grams, _ = _trigrams(text, 0, len(text), [], [Mention(start, start + 11, "White House", "ORG")])
    assert ("the", "white", "house") not in grams
    assert ("white", "house", "said") in grams and ("the", "harbour", "deal") in grams


def test_a_name_common_to_both_articles_weighs_less(tmp_path):
    # "Tunisia" is in every paragraph of both reports: sharing it says little.
    a = ["Tunisia talks", "Tunisia and Malta met in Valletta.", "Tunisia sent its envoy Karim Belhadj.",
         "Tunisia asked for six months."]
    b = ["Talks with Tunisia", "Malta hosted Tunisia in Valletta.", "Tunisia's envoy Karim Belhadj came.",
         "Tunisia wants six months."]
    pa, pb = _write(tmp_path, "a.txt", a), _write(tmp_path, "b.txt", b)
    library = Library.open([pa, pb], use_cache=False)
    from viewer.compare import align
    arts = {x.path: x for x in library.articles}
    units = {p: align.article_units(arts[p], library.analyses[p], library.entities) for p in arts}
    space = align.AlignmentSpace(units, align.BackgroundStats(n=400))  # a library where both are rare
    ua, ub = (units[x.path] for x in library.articles)
    info = space._anchor_information(ua, ub)
    tunisia = [v for k, v in info.items() if "tunisia" in k]
    belhadj = [v for k, v in info.items() if "belhadj" in k]
    assert tunisia and belhadj and max(tunisia) < min(belhadj)


def test_a_second_comparison_reuses_the_articles_features(monkeypatch):
    from viewer.compare import align
    library = Library.open([str(SEEDS)])
    paths = [a.path for a in library.articles[:3]]
    first = compare_paths(library, paths)
    built = []
    original = align.article_units
    monkeypatch.setattr(align, "article_units", lambda *a, **k: built.append(a[0].path) or original(*a, **k))
    again = compare_paths(library, paths)
    assert built == []
    assert {k: [(link.a_paragraph, link.b_paragraph) for link in v] for k, v in again.links.items()} == \
        {k: [(link.a_paragraph, link.b_paragraph) for link in v] for k, v in first.links.items()}
