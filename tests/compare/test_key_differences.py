"""Key differences end to end on three short reports written for the project."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from viewer.compare.comparison import compare_paths
from viewer.compare.key_differences import CLAIM, FIGURE, NAME, QUOTE, cached_key_differences, key_differences
from viewer.library.library import Library

from conftest import ROOT

REPORTS = {
    "harbour_post.txt": """Title: Port talks end with a deal on ferry fares
Outlet: Harbour Post
Date: 2031-04-02

Mayor Karen Holt and union leader Tomas Berg met for three hours on Tuesday to end the ferry strike.

"We have a fair deal and the boats will sail again," Berg told reporters after the talks.

Fares will rise by 4 percent in May, the city said.

Ireland was not mentioned in the talks, officials said.
""",
    "coast_daily.txt": """Title: Ferry strike over after marathon talks
Outlet: Coast Daily

Governor Karen Holt and union leader Tomas Berg met for three and a half hours on Tuesday to end the ferry strike.

"We have a good deal and the ferries will sail again," Berg told reporters after the talks.

Fares will rise by 9 percent in May, the city said.

Berg said the Ireland route had to wait, and Holt discussed Ireland with him at length.
""",
    "bay_radio.txt": """Title: Ferries to sail again
Outlet: Bay Radio

Mayor Karen Holt and union leader Tomas Berg met on Tuesday to end the ferry strike.

The union leader said the boats would sail again under a fair deal.

Ticket prices go up in May.
""",
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reports")
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def comparison(reports):
    library = Library.open([str(reports)])
    return compare_paths(library, sorted(a.path for a in library.articles))


def _find(differences, kind, *words):
    return [d for d in differences if d.kind == kind and all(w in d.summary for w in words)]


def test_conflicting_figures_are_found_and_named_by_outlet(comparison):
    differences = key_differences(comparison)
    assert _find(differences, FIGURE, "three hours", "three and a half hours", "Harbour Post", "Coast Daily")
    assert _find(differences, FIGURE, "4 percent", "9 percent")
    assert not any(".txt" in d.summary for d in differences)  # outlets, never file names


def test_title_quote_and_claim(comparison):
    differences = key_differences(comparison)
    assert _find(differences, NAME, "Governor", "Mayor")
    assert _find(differences, QUOTE, "fair deal", "good deal")
    assert _find(differences, CLAIM, "not mentioned")


def test_ranked_and_spans_point_at_the_words(comparison):
    differences = key_differences(comparison)
    assert [d.score for d in differences] == sorted((d.score for d in differences), reverse=True)
    texts = {a.path: a.text for a in comparison.articles}
    figure = _find(differences, FIGURE, "three hours")[0]
    spans = {texts[p][s:e] for p, (s, e) in figure.spans.items()}
    assert spans == {"three hours", "three and a half hours"}


def test_cache_follows_the_reference_and_links(comparison):
    first = cached_key_differences(comparison)
    assert cached_key_differences(comparison) is first
    comparison.remove_link("nowhere", 0, "nowhere", 1)  # no change: cache kept
    assert cached_key_differences(comparison) is first


def test_cli_json_lists_differences(reports):
    out = subprocess.run([sys.executable, "-m", "viewer", "compare", str(reports), "--json"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["differences"], data.keys()
    first = data["differences"][0]
    assert set(first) >= {"kind", "summary", "articles", "score"}
    for path, where in first["articles"].items():
        start, end = where["span"]
        text = Path(path).read_text(encoding="utf-8")
        assert where["text"] == text[start:end]


def test_key_differences_are_not_looked_for_in_book_length_texts(monkeypatch):
    from viewer.compare import key_differences as kd
    from viewer.compare.comparison import compare_paths
    from viewer.library.library import Library
    from conftest import SEEDS
    library = Library.open([str(SEEDS)])
    comparison = compare_paths(library, [a.path for a in library.articles])
    monkeypatch.setattr(kd, "MAX_SENTENCES", 10)
    assert kd.key_differences(comparison) == []
