"""The Qt-free part of the comparison view: link orientation and the difference list."""
from __future__ import annotations

import pytest

from conftest import SEEDS
from viewer.library.library import Library
from viewer.compare.differences import DifferenceKind, find_differences, pair_links
from viewer.compare.comparison import compare_paths

GOLD_A, GOLD_B = str(SEEDS / "002_da053de626068850.txt"), str(SEEDS / "003_0ca16b3c0b738ea6.txt")


@pytest.fixture(scope="module")
def comparison():
    library = Library.open([GOLD_A, GOLD_B], group=False)
    return compare_paths(library, [GOLD_A, GOLD_B])


def test_pair_links_seen_from_either_side_swap_paragraphs_and_diff(comparison):
    forward = pair_links(comparison, GOLD_A, GOLD_B)
    backward = pair_links(comparison, GOLD_B, GOLD_A)
    assert forward and len(forward) == len(backward)
    assert {(o.left_paragraph, o.right_paragraph) for o in forward} == \
        {(o.right_paragraph, o.left_paragraph) for o in backward}
    link = forward[0].link
    mirrored = next(o for o in backward if o.link is link)
    assert [(-op, text) for op, text in forward[0].diff()] == mirrored.diff()
    # the left side's text is rebuilt from its ops: equal + only-left
    left_text = "".join(text for op, text in forward[0].diff() if op <= 0)
    assert left_text == comparison.articles[0].text[link.a_span[0]:link.a_span[1]]


def test_differences_cover_unmatched_passages_and_changed_pairs(comparison):
    differences = find_differences(comparison)
    unmatched = {(d.column, d.paragraph) for d in differences if d.kind == DifferenceKind.UNMATCHED}
    for column, article in enumerate(comparison.articles):
        assert {(column, p) for p in comparison.unmatched(article.path)} == unmatched & {
            (column, p) for p in range(len(article.paragraphs))}
    changed = [d for d in differences if d.kind == DifferenceKind.WORDING]
    assert changed and all(d.link is not None and d.other_column == 1 for d in changed)
    assert all("¶" in d.description for d in differences)
    orders = [round(d.order, 3) for d in differences]
    assert orders == sorted(orders)  # reading order
