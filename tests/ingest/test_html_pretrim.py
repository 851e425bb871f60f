"""Issue 18.6: a page with very many elements is trimmed before extraction.

trafilatura walks the whole tree a dozen times: a page of 19,900 ``<p>x</p>`` and 179,000
``<div>x</div>`` around a twelve-paragraph article (under the 200,000-element and
20,000-``<p>`` limits) took ~16 s in the command line. Childless block elements with
almost no text are now dropped first on such pages, so the extractor sees the article.
"""
from __future__ import annotations

import pytest
import trafilatura

from viewer.ingest import htmlextract
from viewer.ingest.htmlextract import extract_html

PRETRIM_ELEMENTS = getattr(htmlextract, "PRETRIM_ELEMENTS", 20_000)

_ARTICLE = "".join(f"<p>Paragraph {i} of the report says the leaders spoke about trade, climate "
                   f"and technology for ninety minutes.</p>" for i in range(12))
_HEAD = "<!DOCTYPE html><html><head><title>Leaders talk trade</title></head><body>"


def _page(filler: str) -> str:
    return (f"{_HEAD}<article><h1>Leaders talk trade</h1><div class=\"byline\">By Ann Lee</div>{_ARTICLE}"
            f"</article><div>{filler}</div></body></html>")


@pytest.fixture
def extractor_sees(monkeypatch):
    """How many elements the tree handed to trafilatura has."""
    seen: list[int] = []
    real = trafilatura.bare_extraction

    def spy(tree, *args, **kwargs):
        seen.append(sum(1 for _ in tree.iter()))
        return real(tree, *args, **kwargs)

    monkeypatch.setattr(trafilatura, "bare_extraction", spy)
    return seen


def test_a_page_of_many_tiny_elements_is_trimmed_before_extraction(extractor_sees):
    page = _page("<p>x</p>" * 19_880 + "<div>x</div>" * 178_960)
    text, meta = extract_html(page)
    assert extractor_sees and extractor_sees[0] < PRETRIM_ELEMENTS  # before: ~199,000
    for i in range(12):
        assert f"Paragraph {i} of the report" in text
    assert "\nx\n" not in text
    assert meta.title == "Leaders talk trade"


def test_trimming_keeps_text_that_follows_a_dropped_element_and_metadata_hints():
    page = _page("<div>ok</div>A sentence of loose text after the filler that is long enough to keep."
                 + "<div>x</div>" * (PRETRIM_ELEMENTS + 10))
    tree = htmlextract._parse(page)
    dropped = htmlextract._trim(tree)
    assert dropped >= PRETRIM_ELEMENTS
    from lxml.html import tostring
    kept = tostring(tree, encoding="unicode")
    assert "A sentence of loose text after the filler" in kept
    assert "By Ann Lee" in kept  # class="byline": trafilatura reads the author there
    assert all(f"Paragraph {i} of" in kept for i in range(12))


def test_a_usual_page_is_not_trimmed(monkeypatch, extractor_sees):
    def refuse(tree):
        raise AssertionError("a page of a few elements was trimmed")

    monkeypatch.setattr(htmlextract, "_trim", refuse)
    text, _ = extract_html(_page("<div>x</div>" * 100))
    assert "Paragraph 11 of the report" in text
    assert extractor_sees[0] > 100
