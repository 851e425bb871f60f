"""Comparison-level rules of the key differences, each on its own lines of two reports written
for the project: a stray partner name, a weekday, a claim's object ("that conflict", "the Lisbon
trip"), a change against a total."""
from __future__ import annotations

import pytest

from viewer.compare.comparison import compare_paths
from viewer.compare.key_differences import CLAIM, FIGURE, NAME, key_differences
from viewer.library.library import Library

REPORTS = {
    "harbour_post.txt": """Title: Ferry talks end without a deal
Outlet: Harbour Post

Mayor Karen Holt and union leader Tomas Berg met for more than three hours late Tuesday at the town hall.

Berg stressed his support for a fair wage deal during a meeting with Holt at the harbour in Galway on Saturday.

Karen Holt and Tomas Berg also discussed the new ferry timetable.

Berg has long campaigned for the fishing families of Ukraine. That conflict was not mentioned at all in the talks, officials said.

In her short statement, Holt did not mention the Lisbon trip, aides said.

The city raised fees on $200 million of cargo last year.
""",  # noqa: E501 (report text: a paragraph is one line)
    "coast_daily.txt": """Title: Mayor and union still apart on ferries
Outlet: Coast Daily

LISBON - Mayor Karen Holt spoke for three hours on Monday with union leader Tomas Berg amid a long strike.

Berg stressed his support for a fair wage deal in a meeting Sunday with Holt in Galway.

Karen Holt and John Murphy also discussed the new ferry timetable.

Holt told Berg that any peace talks on Ukraine would be hard.

The city now charges fees on $250 million of cargo.

Holt's deputy Ann Walsh and Tomas Berg signed the minutes.

Last week, the Gazette reported an angry call between Karen Holt and Dublin Mayor Sean Kelly.
""",
}


@pytest.fixture(scope="module")
def differences(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rules")
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    library = Library.open([str(folder)])
    return key_differences(compare_paths(library, sorted(a.path for a in library.articles)))


@pytest.mark.parametrize("kind, words, present", [
    # "Karen Holt and John Murphy" where the other pairs Holt with Berg
    (NAME, ("John Murphy where the others say Tomas Berg", "Coast Daily", "Harbour Post"), True),
    # "Holt's deputy Ann Walsh and Tomas Berg": the usual partner is named right there, no slip
    (NAME, ("Ann Walsh",), False),
    # "Holt and Dublin Mayor Sean Kelly": a person introduced with an office, in a point no one else reports
    (NAME, ("Sean Kelly",), False),
    # "in Galway on Saturday" / "in a meeting Sunday"
    (FIGURE, ("Day", "Saturday", "Sunday"), True),
    # "That conflict was not mentioned" (the conflict named just before: Ukraine) / "told Berg … on Ukraine"
    (CLAIM, ("That conflict was not mentioned", "peace talks on Ukraine"), True),
    # "did not mention the Lisbon trip" is not contradicted by a dateline "LISBON -"
    (CLAIM, ("Lisbon trip",), False),
    # "raised fees on $200 million" is a change, "fees on $250 million" a total
    (FIGURE, ("$200 million",), False),
])
def test_rule(differences, kind, words, present):
    hits = [d for d in differences if d.kind == kind and all(w in d.summary for w in words)]
    assert bool(hits) is present, [d.summary for d in differences]
