"""Issue 18.6: the word diffs of one pair of articles share a time budget.

Before, every link was diffed in full (diff-match-patch, up to 0.3 s a pair): two
999-paragraph articles took ~25 s of word diffs, growing with the links. Now the links of
one article pair share a budget (DIFF_BUDGET_SECONDS); once it is spent, the remaining
links get a coarse diff in linear time, which still concatenates back to both passages.
"""
from __future__ import annotations

import random
import time

import pytest

from viewer.compare.diffing import (DELETE, EQUAL, INSERT, DiffBudget, coarse_diff, link_diff, word_diff)
from viewer.model import PassageLink

from conftest import seed


def _sides(ops):
    return ("".join(t for op, t in ops if op != INSERT), "".join(t for op, t in ops if op != DELETE))


def _shuffled_pair(rng: random.Random, words: int = 80) -> tuple[str, str]:
    vocabulary = [f"word{n}" for n in range(200)]
    a = [rng.choice(vocabulary) for _ in range(words)]
    b = a[:]
    rng.shuffle(b)
    return " ".join(a) + ".", " ".join(b) + "."


def _link(texts: tuple[str, str], budget) -> PassageLink:
    link = PassageLink("a", "b", 0, 0, (0, len(texts[0])), (0, len(texts[1])), 0.5, texts=texts)
    link.diff_budget = budget
    return link


@pytest.mark.parametrize("n", range(30))
def test_coarse_diff_concatenates_back_exactly(n):
    rng = random.Random(n)
    a = "".join(rng.choice("ab  ,.\n’'é") for _ in range(rng.randrange(0, 40)))
    b = "".join(rng.choice("ab  ,.\n’'é") for _ in range(rng.randrange(0, 40)))
    ops = coarse_diff(a, b)
    assert _sides(ops) == (a, b)
    assert all(text for _, text in ops)


def test_coarse_diff_keeps_the_shared_beginning_and_end():
    ops = coarse_diff("The leaders met on Monday in Bali.", "The leaders spoke on Tuesday in Bali.")
    assert ops[0] == (EQUAL, "The leaders ") and ops[-1] == (EQUAL, " in Bali.")
    assert {op for op, _ in ops[1:-1]} == {DELETE, INSERT}


def test_links_diffed_after_the_budget_is_spent_get_the_coarse_diff():
    rng = random.Random(3)
    budget = DiffBudget(0.2)
    links = [_link(_shuffled_pair(rng), budget) for _ in range(300)]
    start = time.perf_counter()
    for link in links:
        assert _sides(link_diff(link)) == link.texts
    elapsed = time.perf_counter() - start
    assert budget.coarse > 0  # before: all 300 in full (~6 s on the reference machine)
    full = len(links) - budget.coarse
    assert full < len(links)
    print(f"\n{full} full diffs, {budget.coarse} coarse, {elapsed:.2f} s")


def test_a_budget_that_is_not_spent_changes_nothing():
    rng = random.Random(4)
    budget = DiffBudget(60.0)
    for _ in range(20):
        texts = _shuffled_pair(rng, 30)
        assert link_diff(_link(texts, budget)) == word_diff(*texts)
    assert budget.coarse == 0


def test_the_links_of_an_article_pair_share_one_budget():
    from viewer.compare.comparison import compare_paths
    from viewer.library.library import Library

    library = Library.open([seed("002"), seed("003"), seed("004")])
    comparison = compare_paths(library, [a.path for a in library.articles])
    for pair_links in comparison.links.values():
        budgets = {id(link.diff_budget) for link in pair_links}
        assert len(budgets) <= 1
    every = {id(link.diff_budget) for link in comparison.all_links()}
    assert len(every) == sum(1 for links in comparison.links.values() if links)
    for link in comparison.all_links():
        assert isinstance(link.diff_budget, DiffBudget)
        link_diff(link)
        assert link.diff_budget.coarse == 0  # news articles never reach it
