"""The window and the exports draw the same marks: both come from ``compare.marks.column_marks``."""
from __future__ import annotations

import pytest

from conftest import seed
from viewer.compare.comparison import compare_paths
from viewer.compare.highlights import ENTITY_ONLY, QUOTE, VALUE_DIFFERS
from viewer.compare.marks import column_marks
from viewer.export import comparison_document
from viewer.library.library import Library
from viewer.ui.plaintext import plain_tooltip

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def event_2021():
    """The seeds' 2021 Biden–Xi call (002/003), compared as the window shows it."""
    library = Library.open([seed("002"), seed("003")])
    return compare_paths(library, [a.path for a in library.articles])


def _screen_tips(column) -> dict[int, str]:
    """Article offset -> tooltip of every character of the column's body text on screen."""
    doc = column.doc
    tips = {}
    for paragraph in column.article.body_paragraphs:
        block = doc.block(paragraph.index)
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            tip = fragment.charFormat().toolTip()
            if tip:
                offset = paragraph.start + fragment.position() - block.position()
                tips.update({offset + n: tip for n in range(fragment.length())})
            iterator += 1
    return tips


def _mark_tips(marks, article) -> dict[int, str]:
    """What the screen should show: each mark's tip, a later mark over an earlier one."""
    body = {i for p in article.body_paragraphs for i in range(p.start, p.end)}
    tips = {}
    for mark in marks:
        tips.update({i: plain_tooltip(mark.tip) for i in range(mark.start, mark.end) if i in body and mark.tip})
    return tips


def _printed(document, column: int, article) -> dict[int, frozenset]:
    """Article offset -> highlights of every highlighted character of a column in the export."""
    article_offsets = {}
    for row in document.rows:
        for passage in row.cells[column]:
            offset = article.paragraphs[passage.paragraph].start
            for segment in passage.segments:
                if segment.highlights:
                    article_offsets.update({offset + n: segment.highlights for n in range(len(segment.text))})
                offset += len(segment.text)
    return article_offsets


def test_screen_and_print_marks_of_the_2021_event_come_from_column_marks(qtbot, event_2021, monkeypatch):
    import viewer.ui.comparison_view as view_module
    from viewer.ui.comparison_view import ComparisonView

    drawn = {}
    build = view_module.build_article_document

    def recording(article, marks, *args, **kwargs):
        drawn[article.path] = list(marks)
        return build(article, marks, *args, **kwargs)

    monkeypatch.setattr(view_module, "build_article_document", recording)
    view = ComparisonView()
    qtbot.addWidget(view)
    view.set_comparison(event_2021)
    document = comparison_document(event_2021)
    kinds = set()
    for n, article in enumerate(event_2021.articles):
        marks = column_marks(event_2021, n)
        kinds |= {m.highlight for m in marks}
        # the window drew exactly the function's marks, and they are what the column shows
        assert drawn[article.path] == marks
        assert _screen_tips(view.columns[n]) == _mark_tips(marks, article)
        # the export prints the same marks on the same characters
        body = {i for p in article.body_paragraphs for i in range(p.start, p.end)}
        expected: dict[int, set] = {}
        for mark in marks:
            for i in range(mark.start, mark.end):
                if i in body:
                    expected.setdefault(i, set()).add(mark.highlight)
        assert _printed(document, n, article) == {i: frozenset(h) for i, h in expected.items()}
    assert {ENTITY_ONLY, VALUE_DIFFERS, QUOTE} <= kinds
