"""The quick first pass (viewer/analysis/quick.py): no neural model, enough to group."""
from __future__ import annotations

from viewer.analysis import nlp
from viewer.analysis.quick import quick_analysis, quick_lemma
from viewer.ingest.loading import build_article


def _analyse(text: str):
    return quick_analysis(build_article("/news/a.txt", text))


def test_names_numbers_and_dates_without_spacy(monkeypatch):
    monkeypatch.setattr(nlp, "_load", lambda: (_ for _ in ()).throw(AssertionError("spaCy loaded")))
    analysis = _analyse("Leaders talk\n\nPresident Wen Tang spoke with Xi Jinping on March 3, 2021 "
                        "about 40% of trade with the European Commission. "
                        "Tang said $5 billion was at stake for the European Commission.\n")
    found = {(m.text, m.label) for m in analysis.mentions}
    assert ("Wen Tang", "PERSON") in found
    assert ("Tang", "PERSON") in found  # a surname after the full name
    assert ("Xi Jinping", "PERSON") in found
    assert ("European Commission", "ORG") in found
    assert ("March 3, 2021", "DATE") in found
    assert ("40", "PERCENT") in found and ("5", "MONEY") in found
    assert [analysis.mentions[0].kb_id for m in analysis.mentions if m.text == "Xi Jinping"]
    lemmas = [lemma for _, lemma in analysis.lemmas]
    assert "speak" in lemmas and "talk" in lemmas and "trade" in lemmas and "the" not in lemmas
    assert len(analysis.sentences) == 3  # the title and two sentences


def test_headline_capitals_mark_no_names():
    analysis = _analyse("Leaders Hold Long Call On Trade Tensions\n\nThe call was long.\n")
    assert not [m for m in analysis.mentions if m.label in ("ORG", "PERSON")]


def test_spans_point_at_their_text():
    text = "Biden-Xi talks\n\nU.S. President Joe Biden met China's leader in Bali, Indonesia. Bali was calm.\n"
    analysis = _analyse(text)
    assert all(text[m.start:m.end] == m.text for m in analysis.mentions)
    names = [m.text for m in analysis.mentions]
    assert "Bali" in names and "Bali Indonesia" not in names


def test_quick_lemma():
    assert [quick_lemma(w) for w in ("Said", "discussed", "policies", "China's", "class", "status")] == \
        ["say", "discuss", "policy", "china", "class", "status"]
