"""Quote matching and variant kinds: tables of cases written for the project."""
from __future__ import annotations

import pytest

from viewer.compare.quote_ledger import (SHORTENED, SPELLING, WORDED, containment, quote_words, similarity,
                                         variant_kind)


@pytest.mark.parametrize("a, b, kind", [
    ("We will honour the agreement", "We will honor the agreement", SPELLING),
    ("The storm is not something we expected", "The storm is not something we expected.", None),
    ("Nobody wants a trade war, and nobody wins one", "nobody wins one", SHORTENED),
    ("The harbour project is not something we want", "The project at the harbour is something we don't want",
     WORDED),
    ("There was no shouting", "Neither side raised its voice", WORDED),
])
def test_variant_kind(a, b, kind):
    assert variant_kind(a, b) == kind


def test_words_fold_contractions_and_apostrophes():
    assert quote_words("We don’t agree") == ["we", "do", "not", "agree"]


@pytest.mark.parametrize("a, b, low, high", [
    ("the two leaders agreed to meet again soon", "the two presidents agreed to meet again soon", 0.8, 1.0),
    ("markets rallied", "the ferry was late", 0.0, 0.2),
])
def test_similarity(a, b, low, high):
    assert low <= similarity(quote_words(a), quote_words(b)) <= high


def test_containment_of_a_shortened_quote():
    assert containment(quote_words("agreed to meet"), quote_words("they agreed to meet in spring")) == 1.0
