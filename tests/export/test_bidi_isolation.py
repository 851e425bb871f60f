"""Bidi controls in untrusted text (titles, outlets, authors, paths) are isolated wherever the
app puts its own text next to them, so a title cannot reverse the app's own words."""
from __future__ import annotations

import dataclasses

import pytest

from viewer.compare.comparison import compare_paths
from viewer.export import comparison_document
from viewer.export import _header_right
from viewer.export.html import build_html
from viewer.library.library import Library
from viewer.untrusted import BIDI_CONTROLS, FSI, PDI, balanced_bidi, isolate

from conftest import seed

RLO, PDF, RLI = "\u202e", "\u202c", "\u2067"
HOSTILE = [f"Evil{RLO} outlet", f"Tricky {RLI}title", f"closes{PDI}{PDF} early{RLO}", f"{PDI}{RLO}x"]


def contained(text: str) -> bool:
    """No bidi control is left open at the end of ``text``, and none closes what it did not open."""
    stack = []
    for char in text:
        if char in "\u2066\u2067\u2068":
            stack.append("i")
        elif char in "\u202a\u202b\u202d\u202e":
            stack.append("e")
        elif char == PDI:
            if "i" not in stack:
                return False
            while stack.pop() != "i":
                pass
        elif char == PDF:
            if not stack or stack[-1] != "e":
                return False
            stack.pop()
    return not stack


@pytest.mark.parametrize("text", HOSTILE + ["plain", "", "עברית", f"a{RLO}b{PDF}c"])
def test_isolate_balances_and_wraps(text):
    out = isolate(text)
    assert contained(out)
    assert [c for c in out if c not in BIDI_CONTROLS] == [c for c in text if c not in BIDI_CONTROLS]
    if any(c in BIDI_CONTROLS for c in text):
        assert out.startswith(FSI) and out.endswith(PDI)
    assert contained(balanced_bidi(text))


@pytest.fixture(scope="module")
def hostile_comparison():
    library = Library.open([seed("002"), seed("003")], use_cache=False)
    comparison = compare_paths(library, [a.path for a in library.articles])
    for article, text in zip(comparison.articles, HOSTILE):
        article.meta = dataclasses.replace(article.meta, outlet=text, title=HOSTILE[1], authors=[HOSTILE[2]])
    return comparison


def _own_lines(html: str) -> list[str]:
    """The text of each line of the export, tags dropped (what a reader sees on one line)."""
    import re
    text = re.sub(r"<br\s*/?>|</(p|tr|td|th|h1|h2|li|div)>", "\n", html)
    text = re.sub(r"<[^>]+>", "", text)
    return [line for line in text.split("\n") if any(c in BIDI_CONTROLS for c in line)]


def test_export_lines_with_hostile_text_are_contained(hostile_comparison):
    document = comparison_document(hostile_comparison)
    for variant in ("html", "qt"):
        lines = _own_lines(build_html(document, variant))
        assert lines
        for line in lines:
            assert contained(line), repr(line)
    assert contained(_header_right(document))


def test_the_apps_separators_stay_in_order_in_the_pdf_layout(hostile_comparison):
    """Rendered by Qt (as the PDF is): each line's " · " separators run left to right."""
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setTextWidth(4000)
    document.setHtml(build_html(comparison_document(hostile_comparison), "qt"))
    document.documentLayout()  # lay out
    checked = 0
    block = document.begin()
    while block.isValid():
        text = block.text()
        if " · " in text and any(c in BIDI_CONTROLS for c in text):
            layout = block.layout()
            xs = []
            start = 0
            while (pos := text.find(" · ", start)) >= 0:
                line = layout.lineForTextPosition(pos + 1)
                xs.append((line.lineNumber(), line.cursorToX(pos + 1)[0]))
                start = pos + 1
            for (line_a, xa), (line_b, xb) in zip(xs, xs[1:]):
                if line_a == line_b:
                    assert xa < xb, (text, xs)
            checked += 1
        block = block.next()
    assert checked >= 2


def test_window_texts_are_isolated():
    from viewer.ui.entities_panel import article_label
    from viewer.model import Article, ArticleMeta

    articles = [Article(f"/n/{RLO}x{n}.txt", "t", ArticleMeta(outlet=HOSTILE[0]), [], f"h{n}") for n in range(2)]
    label = article_label(articles[0], articles)
    assert " · " in label and contained(label)
    assert contained(label.split(" · ")[0]) and contained(label.split(" · ")[1])
