"""Quote matching and variant kinds: tables of cases written for the project."""
from __future__ import annotations

import pytest

from viewer.compare.quote_ledger import (PARTIAL, SHORTENED, SPELLING, WORDED, _agreed_speaker, best_window,
                                         containment, correspond, local_similarity, quote_words, same_remark,
                                         similarity, variant_kind)


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


@pytest.mark.parametrize("a, b, how, shown_a, shown_b", [
    # a short quote against the stretch of a long one it quotes
    ("show the region the warmth of our friendship",
     "We expect you in spring. It will show the whole region the depth of our friendship on every issue.",
     WORDED, "show the region the warmth of our friendship", "show the whole region the depth of our friendship"),
    # an exact fragment: a partial quote, and the long one is what the reader should see
    ("We expect you in spring.", "We expect you in spring. It will show the region our friendship.",
     PARTIAL, "We expect you in spring", "We expect you in spring. It will show the region our friendship"),
    # words cut from the middle
    ("on a scale of one to ten ... the talks were a twelve",
     "on a scale of one to ten, with ten the best, the talks were a twelve", SHORTENED, None, None),
    ("We will honour the agreement", "We will honor the agreement", SPELLING, None, None),
    ("The tide was late", "The tide was late", None, None, None),
])
def test_correspond(a, b, how, shown_a, shown_b):
    c = correspond(a, b)
    kind = PARTIAL if c.how == SHORTENED and not c.gap and len(quote_words(a)) < 0.8 * len(quote_words(b)) else c.how
    assert kind == how
    if shown_a:
        assert a[c.span_a[0]:c.span_a[1]] == shown_a and b[c.span_b[0]:c.span_b[1]] == shown_b


@pytest.mark.parametrize("short, long_, expected", [
    ("the depth of our ties", "we will show the world the strength of our ties today", "the strength of our ties"),
    ("ferries sail again", "the ferries sail again on Monday, the mayor said", "ferries sail again"),
])
def test_best_window(short, long_, expected):
    short_words, long_words = quote_words(short), quote_words(long_)
    lo, hi, _ = best_window(short_words, long_words)
    assert " ".join(long_words[lo:hi]) == expected


@pytest.mark.parametrize("a, b, low, high", [
    # one remark quoted in part by one outlet and in full by the other is one quote
    ("the strength of our ties", "we will show the world the strength of our ties today", 0.99, 1.0),
    # two remarks of one speaker that merely share little words are not
    ("we have a very good relationship", "the tariffs will go up in May and we will see", 0.0, 0.3),
])
def test_local_similarity(a, b, low, high):
    assert low <= local_similarity(quote_words(a), quote_words(b)) <= high


def test_a_contiguous_fragment_of_similar_length_is_a_partial_quote():
    c = correspond("described the risks if the port closes", "He described the risks if the port closes")
    assert c.how == SHORTENED and not c.gap


@pytest.mark.parametrize("speakers, speaker", [
    (["Ana Lima", "Ana Lima", "Harbour Board"], "Ana Lima"),
    (["Harbour Board", "Ana Lima"], "Ana Lima"),  # a tie goes to the person
    (["Ana Lima", "Tomas Berg"], None),  # two people: credited to nobody rather than by chance
    ([], None),
    (["Portugal", "Portugal", "Ana Lima"], "Ana Lima"),  # a country is an attribution gone wrong
    (["X"], None),
])
def test_agreed_speaker(speakers, speaker):
    assert _agreed_speaker(speakers, {"Ana Lima", "Tomas Berg"}, frozenset({"Portugal"})) == speaker


@pytest.mark.parametrize("a, b, same_speaker, gist, same", [
    ("the ferries will sail again next week", "the ferries will sail again next week, he said", True, None, True),
    # a spun copy credits someone else, but a long quote's words decide
    ("the harbour side stresses that the union side has said it never refused to talk",
     "the harbour side stresses that the union side has said it has never refused talks", False, None, True),
    # short quotes of different speakers are not joined by their words
    ("can and should", "can and must", False, None, False),
    # credited to the mayor by one, to the radio that aired it by the other: long, same gist, half the words
    ("respects the will of harbour firms and welcomes them to hold talks on the basis of harbour rules",
     "the council respects the will of companies and welcomes talks under harbour rules to reach a deal", False, 0.9,
     True),
    ("respects the will of harbour firms and welcomes them to hold talks on the basis of harbour rules",
     "the council respects the will of companies and welcomes talks under harbour rules to reach a deal", False, 0.5,
     False),
    # reworded, close in gist, some wording kept
    ("the council respects the will of the ferry firms and welcomes fair talks",
     "the city respects the wishes of each company involved", True, 0.8, True),
    ("the council respects the will of the ferry firms and welcomes fair talks",
     "the city respects the wishes of each company involved", True, 0.4, False),
])
def test_same_remark(a, b, same_speaker, gist, same):
    assert same_remark(quote_words(a), quote_words(b), same_speaker, gist) is same


@pytest.mark.parametrize("a, b, same_speaker, same", [
    # one outlet prints a long remark as one quote, the other quotes one stretch of it, a few words changed
    ("For two river towns like ours, closing the bridge between us is never an option",
     "Still it moves on through ups and downs. For the two towns, closing the bridge between us is never an "
     "option. It would be unrealistic for one town to remake the other", True, True),
    # a short stretch is not enough to call it one remark
    ("closing the bridge", "It would be unrealistic for one town to remake the other and closing the bridge hurts",
     True, False),
    # nor is a stretch of a long quote that shares only a few words
    ("For the two towns, the ferry must keep running every single night",
     "Still it moves on through ups and downs. For the two towns, closing the bridge between us is never an "
     "option", True, False),
])
def test_same_remark_by_a_stretch_of_a_longer_quote(a, b, same_speaker, same):
    assert same_remark(quote_words(a), quote_words(b), same_speaker, None) is same


@pytest.mark.parametrize("speaker_a, speaker_b, people, same", [
    ("Ana Lima", "Ana Lima", {"Ana Lima"}, True),
    ("Ana Lima", None, {"Ana Lima"}, True),
    ("Ana Lima", "Tomas Berg", {"Ana Lima", "Tomas Berg"}, False),
    # the radio (or ministry, or country) an outlet credits passes on a person's words
    ("Ana Lima", "Harbour Radio", {"Ana Lima", "Tomas Berg"}, True),
    ("Portugal", "Tomas Berg", {"Ana Lima", "Tomas Berg"}, True),
    # without the list of people, two names are two speakers
    ("Ana Lima", "Harbour Radio", None, False),
])
def test_same_speaker(speaker_a, speaker_b, people, same):
    from viewer.compare.comparison import QuoteInfo
    from viewer.compare.quote_ledger import _same_speaker
    from viewer.model import Quote
    a = QuoteInfo("a.txt", Quote(0, 5, "words", speaker_a), speaker_a)
    b = QuoteInfo("b.txt", Quote(0, 5, "words", speaker_b), speaker_b)
    assert _same_speaker(a, b, people) is same


def test_a_remark_split_in_two_gives_a_variant_per_reworded_stretch():
    from viewer.compare.comparison import QuoteInfo
    from viewer.compare.quote_ledger import LedgerEntry, entry_variants
    from viewer.model import Quote
    whole = ("Still it moves on through ups and downs. For the two towns, closing the bridge between us is never "
             "an option. It would be unrealistic for one town to remake the other, and a feud has dire costs for both.")
    first = "For two river towns like ours, closing the bridge between us is never an option"
    second = "It would be unrealistic for one town to remake the other, and a feud has grave costs for both"
    entry = LedgerEntry("Ana Lima", {
        "a.txt": [QuoteInfo("a.txt", Quote(100, 100 + len(whole), whole), "Ana Lima")],
        "b.txt": [QuoteInfo("b.txt", Quote(10, 10 + len(first), first), "Ana Lima"),
                  QuoteInfo("b.txt", Quote(300, 300 + len(second), second), "Ana Lima")]})
    variants = entry_variants(entry)
    assert [v.how for v in variants] == [WORDED, WORDED]
    starts = sorted(v.spans["b.txt"][0] for v in variants)
    assert starts[0] == 10 and starts[1] >= 300
    # each points at its own stretch of the long quote
    spans_a = sorted(v.spans["a.txt"] for v in variants)
    assert spans_a[0][1] <= spans_a[1][0]


def test_one_quote_each_gives_one_variant():
    from viewer.compare.comparison import QuoteInfo
    from viewer.compare.quote_ledger import LedgerEntry, entry_variants
    from viewer.model import Quote
    a, b = "The old ferry is not something we wish to lose", "The old ferry is something we don't wish to lose"
    entry = LedgerEntry(None, {"a.txt": [QuoteInfo("a.txt", Quote(0, len(a), a), None)],
                               "b.txt": [QuoteInfo("b.txt", Quote(0, len(b), b), None)]})
    assert len(entry_variants(entry)) == 1
