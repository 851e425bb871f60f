"""An article that gives one quantity two values, against another that gives one of them:
reports written for the project, one pair per case."""
from __future__ import annotations

import pytest

from viewer.compare.comparison import compare_paths
from viewer.compare.key_differences import FIGURE, key_differences
from viewer.library.library import Library

CASES = [
    # "$540 million" spared, later "roughly $500 million" threatened, of the same freight: one
    # quantity, two values; the other report gives $500 million
    ("The council agreed not to charge new fees on $540 million of river freight while the talks go on.\n\n"
     "Existing fees stay in place, the mayor said.\n\n"
     "Before the talks, the council threatened to charge fees on roughly $500 million of river freight, "
     "nearly all the remaining cargo.",
     "The council had threatened to charge fees on all remaining river freight, worth $500 million, "
     "unless the union gave way.",
     ("$540 million", "$500 million"), True),
    # values too far apart are two quantities ("$400 million" of one cargo, "$500 million" of another)
    ("The council agreed not to charge new fees on $400 million of river freight while the talks go on.\n\n"
     "Existing fees stay in place, the mayor said.\n\n"
     "Before the talks, the council threatened to charge fees on $500 million of river freight, "
     "nearly all the remaining cargo.",
     "The council had threatened to charge fees on all remaining river freight, worth $500 million, "
     "unless the union gave way.",
     ("$400 million",), False),
    # "over two hours" and "2 hours and 10 minutes" say the same thing twice
    ("The mayor and the union leader met for over two hours at the harbour office.\n\n"
     "Their meeting at the harbour office lasted 2 hours and 10 minutes, aides said.",
     "The mayor and the union leader met for more than two hours at the harbour office on Friday.",
     ("2 hours and 10 minutes",), False),
]


@pytest.mark.parametrize("first, second, words, present", CASES)
def test_restated_figure(tmp_path, first, second, words, present):
    (tmp_path / "harbour_post.txt").write_text("Title: Harbour fees\nOutlet: Harbour Post\n\n" + first + "\n",
                                               encoding="utf-8")
    (tmp_path / "coast_daily.txt").write_text("Title: Harbour fees talks\nOutlet: Coast Daily\n\n" + second + "\n",
                                              encoding="utf-8")
    library = Library.open([str(tmp_path)], use_cache=False)
    differences = key_differences(compare_paths(library, sorted(a.path for a in library.articles)))
    hits = [d for d in differences if d.kind == FIGURE and all(w in d.summary for w in words)]
    assert bool(hits) is present, [d.summary for d in differences]
