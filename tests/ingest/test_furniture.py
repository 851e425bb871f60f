"""classify_boilerplate (viewer/ingest/furniture.py): which paragraphs of a page are
furniture (credits, share prompts, comment widgets, tag lists) and which are the article.
Each case is a page written for the test, paragraph by paragraph, and the flags expected."""
from __future__ import annotations

import pytest

from viewer.ingest.furniture import classify_boilerplate
from viewer.ingest.segment import paragraph_spans

BODY = "The ministers met for four hours in Lisbon on Tuesday and agreed on a shared patrol."
MORE = "Fishing crews in both ports said they would wait for the details before judging the deal."


def _flags(paragraphs: list[str]) -> list[bool]:
    text = "\n\n".join(paragraphs)
    spans = paragraph_spans(text)
    assert len(spans) == len(paragraphs)
    return classify_boilerplate(text, spans)


@pytest.mark.parametrize("paragraphs, expected", [
    # credits
    ([BODY, "Photo: Harbour Times/Ana Lima"], [False, True]),
    (["Image source: AP/Rep.", BODY], [True, False]),
    (["Image source, Harbour Photos", BODY], [True, False]),
    (["Image caption, The ministers after the signing", BODY], [True, False]),
    ([BODY, "Source: Harbour Times/Getty Images"], [False, True]),
    # a standfirst with a credit on its last line is still text: every line must be furniture
    (["The ministers met for hours.\nPhoto: Reuters", BODY], [False, False]),
    # prompts and widgets
    ([BODY, "Share this article"], [False, True]),
    ([BODY, "Share on Facebook"], [False, True]),
    ([BODY, "Print"], [False, True]),
    ([BODY, "Advertisement"], [False, True]),
    ([BODY, "Subscribe to our newsletter"], [False, True]),
    ([BODY, "Follow us on Twitter @harbourtimes"], [False, True]),
    ([BODY, "Read more: Ministers in Lisbon"], [False, True]),
    ([BODY, "12 Comments"], [False, True]),
    ([BODY, "© 2024 Harbour Times. All rights reserved."], [False, True]),
    ([BODY, "Tags: Lisbon, fisheries"], [False, True]),
    # a bare tag list; but a list that ends a sentence is text
    ([BODY, "Lisbon, fisheries, Malta, Tunisia, harbour deal, patrols"], [False, True]),
    ([BODY, "Lisbon, fisheries, Malta, Tunisia, harbour deal, patrols."], [False, False]),
    # sentences that only start like furniture are text
    ([BODY, "Share prices rose by three percent after the deal was announced."], [False, False]),
    ([BODY, "Subscribers to the harbour service will pay less from April."], [False, False]),
    ([BODY, "Comments by the minister were welcomed by the fishing crews."], [False, False]),
    ([BODY, "The minister shared a photo of the signing with reporters on Tuesday."], [False, False]),
    # an over-long "Source:" line is not a credit
    ([BODY, "Source: " + "harbour " * 40], [False, False]),
    # a comment thread: everything from a "Comments" heading in the page's second half on
    ([BODY, MORE, BODY, "Comments", "Great article, thanks!", "I disagree with the minister."],
     [False, False, False, True, True, True]),
    # ... but a "Comments" line near the top is a heading of the article: only itself is furniture
    (["Comments", BODY, MORE, BODY, MORE, BODY], [True, False, False, False, False, False]),
])
def test_classify_boilerplate(paragraphs, expected):
    assert _flags(paragraphs) == expected
