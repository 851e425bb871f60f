"""Linking or unlinking two passages redraws only their two columns and the gutter between them."""
from __future__ import annotations

import pytest

from conftest import SEEDS
from viewer.compare.comparison import compare_paths
from viewer.library.library import Library

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def five_columns():
    library = Library.open([str(SEEDS)])
    return library, [a.path for a in library.articles]


def _formats(column) -> list:
    """Every fragment of a column's document: text and how it is drawn."""
    out = []
    block = column.browser.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            f = fragment.charFormat()
            out.append((fragment.text(), f.background().color().name(), f.foreground().color().name(),
                        f.underlineStyle(), f.fontStrikeOut(), f.fontWeight(), f.fontItalic(), f.toolTip()))
            iterator += 1
        out.append(("¶", block.blockFormat().background().color().name()))
        block = block.next()
    return out


def test_a_link_rebuilds_its_two_columns_and_draws_what_a_full_rebuild_draws(qtbot, five_columns):
    from viewer.ui.comparison_view import ComparisonView

    library, paths = five_columns
    comparison = compare_paths(library, paths)
    view = ComparisonView()
    qtbot.addWidget(view)
    view.resize(1600, 800)
    view.show()
    view.set_comparison(comparison)
    documents = [c.doc for c in view.columns]
    bands = [g.band_count() for g in view.gutters]
    left, right = comparison.articles[1], comparison.articles[2]
    linked = {(link.a_paragraph, link.b_paragraph) for link in comparison.links.get((left.path, right.path), [])}
    pa = left.body_paragraphs[0].index
    pb = next(p.index for p in reversed(right.body_paragraphs) if (pa, p.index) not in linked)

    link = view.link_passages(1, pa, 2, pb)

    assert [c.doc is d for c, d in zip(view.columns, documents)] == [True, False, False, True, True]
    assert [g.band_count() for g in view.gutters] == [bands[0], bands[1] + 1, bands[2], bands[3]]
    incremental = [_formats(c) for c in view.columns]
    differences = [(d.kind, d.column, d.paragraph) for d in view.differences]
    view.refresh()  # everything from scratch
    assert [_formats(c) for c in view.columns] == incremental
    assert [(d.kind, d.column, d.paragraph) for d in view.differences] == differences

    documents = [c.doc for c in view.columns]
    assert view.unlink(link)
    assert [c.doc is d for c, d in zip(view.columns, documents)] == [True, False, False, True, True]
    assert [g.band_count() for g in view.gutters] == bands


def test_a_link_between_columns_that_are_not_neighbours_leaves_every_gutter(qtbot, five_columns):
    from viewer.ui.comparison_view import ComparisonView

    library, paths = five_columns
    comparison = compare_paths(library, paths)
    view = ComparisonView()
    qtbot.addWidget(view)
    view.set_comparison(comparison)
    documents = [c.doc for c in view.columns]
    links = [list(g._links) for g in view.gutters]
    a, b = comparison.articles[0], comparison.articles[3]
    linked = {(link.a_paragraph, link.b_paragraph) for link in comparison.links.get((a.path, b.path), [])}
    pa = a.body_paragraphs[-1].index
    pb = next(p.index for p in b.body_paragraphs if (pa, p.index) not in linked)
    view.link_passages(0, pa, 3, pb)
    assert [c.doc is d for c, d in zip(view.columns, documents)] == [False, True, True, False, True]
    assert [list(g._links) for g in view.gutters] == links
