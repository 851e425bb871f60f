"""The aligner's work and output stay bounded on pathological input (issue 16).

Articles whose paragraphs reuse the same sentences make every paragraph (near) best
matched by dozens of others: before the bound, two generated 999-paragraph articles got
19,762 links and took ~240 s (the order search alone scanned every pair of links).
"""
from __future__ import annotations

import random

import numpy as np
import pytest

from viewer.bench.limits import distinct_paragraphs, reworded, seed_sentences
from viewer.compare.align import (CONFIDENT_PER_PARAGRAPH, LINKS_PER_PARAGRAPH, _monotone_matches, _ordered_chain,
                                  _ordered_chain_fast, select_links)


def _per_paragraph(links):
    rows, cols = {}, {}
    for i, j, _ in links:
        rows[i] = rows.get(i, 0) + 1
        cols[j] = cols.get(j, 0) + 1
    return max(rows.values()), max(cols.values())


def test_tied_scores_keep_a_few_confident_links_per_paragraph():
    # Every paragraph as like every other: before, all 3,600 cells were "confident".
    rng = np.random.default_rng(1)
    scores = (0.8 + 0.01 * rng.random((60, 60))).astype(np.float32)
    origins = {}
    links = select_links(scores, ["body"] * 60, ["body"] * 60, origins=origins)
    confident = [link for link in links if origins[(link[0], link[1])] == "confident"]
    assert _per_paragraph(confident)[0] <= CONFIDENT_PER_PARAGRAPH
    assert _per_paragraph(confident)[1] <= CONFIDENT_PER_PARAGRAPH
    # splits stop at LINKS_PER_PARAGRAPH; the later passes are one-to-one
    assert max(_per_paragraph(links)) <= LINKS_PER_PARAGRAPH + 1
    assert len(links) <= (LINKS_PER_PARAGRAPH + 1) * 60


def test_the_best_few_are_kept_by_score():
    scores = np.full((1, 6), 0.5, dtype=np.float32)
    scores[0, [1, 4]] = [0.55, 0.54]
    origins = {}
    select_links(scores, ["body"], ["body"] * 6, origins=origins)
    # 0.55 and 0.54 first, then the earliest of the equal rest
    assert {link for link, how in origins.items() if how == "confident"} == {(0, 1), (0, 4), (0, 0)}


def _weight(chain, scores):
    return sum(float(scores[c]) for c in chain)


def _increasing(chain):
    return all(i1 < i2 and j1 < j2 for (i1, j1), (i2, j2) in zip(chain, chain[1:]))


@pytest.mark.parametrize("seed", range(20))
def test_fast_order_search_finds_a_chain_as_heavy_as_the_plain_scan(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 40))
    scores = rng.random((n, n)).astype(np.float32)
    if seed % 3 == 0:
        scores = np.round(scores, 1)  # many equal scores
    cells = sorted({(int(i), int(j)) for i, j in rng.integers(0, n, size=(3 * n, 2))})
    exact = _ordered_chain(cells, scores)
    fast = _ordered_chain_fast(cells, scores)
    assert _increasing(fast) and set(fast) <= set(cells)
    assert _weight(fast, scores) == pytest.approx(_weight(exact, scores), abs=1e-6)


def _reference_monotone(scores, rows, cols, floor):
    """The gap-filling programme as first written (a Python loop over every cell)."""
    import math
    weight = scores[np.ix_(rows, cols)] - floor
    r, c = weight.shape
    table = np.zeros((r + 1, c + 1))
    for x in range(1, r + 1):
        for y in range(1, c + 1):
            table[x, y] = max(table[x - 1, y], table[x, y - 1], table[x - 1, y - 1] + weight[x - 1, y - 1])
    found = []
    x, y = r, c
    while x > 0 and y > 0:
        w = weight[x - 1, y - 1]
        if w > 0 and math.isclose(table[x, y], table[x - 1, y - 1] + w):
            found.append((rows[x - 1], cols[y - 1]))
            x, y = x - 1, y - 1
        elif math.isclose(table[x, y], table[x - 1, y]):
            x -= 1
        else:
            y -= 1
    return found


@pytest.mark.parametrize("seed", range(20))
def test_gap_filling_by_rows_is_the_same_programme(seed):
    rng = np.random.default_rng(seed)
    scores = (rng.random((30, 30)) * 0.2).astype(np.float32)
    if seed % 2:
        scores = np.round(scores, 2)
    rows = sorted(rng.choice(30, size=int(rng.integers(1, 30)), replace=False).tolist())
    cols = sorted(rng.choice(30, size=int(rng.integers(1, 30)), replace=False).tolist())
    assert _monotone_matches(scores, rows, cols, 0.06) == _reference_monotone(scores, rows, cols, 0.06)


def test_articles_reusing_sentences_get_about_one_link_per_paragraph(tmp_path, monkeypatch):
    # Two 150-paragraph articles of two or three sentences each, drawn from a small pool
    # (the benchmark's many-paragraphs case, smaller): the second lightly reworded.
    from viewer.compare.comparison import compare_paths
    from viewer.library.library import Library
    rng = random.Random(16)
    paragraphs = distinct_paragraphs(rng, seed_sentences(), 150)
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("\n\n".join(["Leaders talk trade at length"] + paragraphs) + "\n", encoding="utf-8")
    b.write_text("\n\n".join(["Leaders talk trade, at length"] + [reworded(rng, p) for p in paragraphs]) + "\n",
                 encoding="utf-8")
    library = Library.open([str(a), str(b)], use_cache=False)
    pa, pb = (x.path for x in library.articles)
    links = compare_paths(library, [pa, pb]).links[(pa, pb)]
    rows, cols = _per_paragraph([(link.a_paragraph, link.b_paragraph, link.score) for link in links])
    same = sum(1 for link in links if link.a_paragraph == link.b_paragraph)
    # a paragraph shares whole sentences with several others, so some pick a neighbour
    # that shares two of its three; but only a few links each, and most find their own
    assert len(links) <= 2 * 151, len(links)
    assert rows <= 5 and cols <= 5, (rows, cols)
    assert same >= 0.5 * 151
