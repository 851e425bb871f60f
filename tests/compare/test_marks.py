"""``column_marks``: the partner rule and the words each column marks (input -> expected)."""
from __future__ import annotations

import pytest

from viewer.analysis.entities import EntityIndex
from viewer.compare.comparison import Comparison
from viewer.compare.highlights import CHANGED, DELETED, INSERTED
from viewer.compare.marks import column_marks, partner_column, wording_marks
from viewer.model import Article, ArticleMeta, Paragraph, PassageLink


@pytest.mark.parametrize("column, count, expected", [
    (0, 1, None),  # alone: nothing to compare with
    (0, 2, 1), (1, 2, 0),  # the first column with the second, and back
    (2, 6, 1), (5, 6, 4),  # every other column with the one on its left
])
def test_partner_column(column, count, expected):
    assert partner_column(column, count) == expected


def _article(path: str, paragraphs: list[str]) -> Article:
    text, spans, start = "", [], 0
    for n, words in enumerate(paragraphs):
        spans.append(Paragraph(n, start, start + len(words)))
        text += words + "\n\n"
        start = len(text)
    return Article(path, text, ArticleMeta(outlet=path.upper()), spans, content_hash=path)


def _link(a: Article, b: Article, pa: int, pb: int) -> PassageLink:
    link = PassageLink(a.path, b.path, pa, pb, a.paragraphs[pa].span, b.paragraphs[pb].span, 1.0)
    link.texts = (a.paragraph_text(a.paragraphs[pa]), b.paragraph_text(b.paragraphs[pb]))
    return link


def _comparison(articles: list[Article], links: list[PassageLink]) -> Comparison:
    by_pair: dict = {}
    for link in links:
        by_pair.setdefault((link.a_path, link.b_path), []).append(link)
    return Comparison(articles, by_pair, EntityIndex([]), {}, [])


def _words(article: Article, marks) -> list[tuple[str, str]]:
    return [(article.text[m.start:m.end], m.highlight.name) for m in marks]


def test_a_close_rewrite_marks_what_each_side_alone_has():
    a = _article("a", ["The two leaders spoke for ninety minutes on Thursday about trade and climate."])
    b = _article("b", ["The two leaders spoke for ninety minutes on Thursday about trade and climate. "
                       "Taiwan came up too."])
    comparison = _comparison([a, b], [_link(a, b, 0, 0)])
    assert _words(b, wording_marks(comparison, 1)) == [("Taiwan came up too", INSERTED.name)]
    assert wording_marks(comparison, 0) == []  # every word of a is in b
    marks = column_marks(comparison, 1)
    assert marks[0].tip == "Not in A's passage"


def test_a_passage_linked_to_two_partner_passages_marks_only_words_neither_has():
    a = _article("a", ["The two leaders spoke for ninety minutes on Thursday about trade.",
                       "The two leaders spoke for ninety minutes on Thursday about climate.",
                       "Officials gave no further details of the agenda afterwards."])
    b = _article("b", ["The two leaders spoke for ninety minutes on Thursday about trade, climate, Taiwan."])
    comparison = _comparison([a, b], [_link(a, b, 0, 0), _link(a, b, 1, 0)])
    flagged = {text for text, _name in _words(b, wording_marks(comparison, 1))}
    assert flagged == {"Taiwan"}  # "trade" and "climate" are each in one of the two passages
    # one linked passage that only paraphrases keeps the whole paragraph quiet
    quiet = _comparison([a, b], [_link(a, b, 0, 0), _link(a, b, 1, 0), _link(a, b, 2, 0)])
    assert wording_marks(quiet, 1) == []


def test_independent_paraphrase_stays_quiet_and_kinds_are_highlights():
    a = _article("a", ["Beijing rejected the claims outright, calling them baseless."])
    b = _article("b", ["Chinese officials dismissed every accusation as groundless smears."])
    comparison = _comparison([a, b], [_link(a, b, 0, 0)])
    assert wording_marks(comparison, 0) == [] and wording_marks(comparison, 1) == []
    c = _article("c", ["Beijing rejected the claims outright, calling them lies."])
    close = _comparison([a, c], [_link(a, c, 0, 0)])
    assert {m.highlight for m in wording_marks(close, 0)} <= {CHANGED, DELETED}
    assert {m.highlight for m in wording_marks(close, 1)} <= {CHANGED, INSERTED}
    assert wording_marks(close, 0) and wording_marks(close, 1)
