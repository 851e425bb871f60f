"""A comparison sent to someone else names files, never the reader's folders, and explains
every mark a cell can hold."""
from __future__ import annotations

import shutil

from pypdf import PdfReader

from conftest import SEEDS
from viewer import export
from viewer.compare.comparison import compare_paths
from viewer.library.library import Library

NAMES = ("000_e65eb759a08d3853.txt", "002_da053de626068850.txt", "003_0ca16b3c0b738ea6.txt")


def _comparison(tmp_path):
    folder = tmp_path / "private-folder-name"
    folder.mkdir()
    for name in NAMES:
        shutil.copy(SEEDS / name, folder)
    library = Library.open([str(folder)])
    return folder, compare_paths(library, [str(folder / n) for n in NAMES])


def test_exports_name_files_without_their_folders(tmp_path):
    folder, comparison = _comparison(tmp_path)
    export.export_html(comparison, str(tmp_path / "out.html"))
    export.export_pdf(comparison, str(tmp_path / "out.pdf"))
    html = (tmp_path / "out.html").read_text(encoding="utf-8")
    pdf = "".join(page.extract_text() for page in PdfReader(str(tmp_path / "out.pdf")).pages)
    for text in (html, pdf):
        assert "private-folder-name" not in text and str(tmp_path) not in text
    assert NAMES[1] in html


def test_the_legend_explains_an_empty_cell(tmp_path):
    _, comparison = _comparison(tmp_path)
    export.export_html(comparison, str(tmp_path / "out.html"))
    html = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert "Nothing here" in html and "no counterpart" in html


def test_a_heading_never_ends_a_page():
    from viewer.export.paging import page_breaks
    lines = [(y, y + 10) for y in range(0, 1000, 12)]
    # a section heading at 84-94 on a 100-unit page would end page one alone: it moves down
    assert page_breaks(1000, lambda start: 100.0, lines, keep=[(84, 94)])[1] == 84
    # a table's column headings followed by a first row too tall for the rest of the page
    starts = page_breaks(1000, lambda start: 100.0, lines, rows=[(60, 72), (72, 400)], keep=[(48, 58), (60, 72)])
    assert starts[1] == 48  # the section heading, the column headings and the row start together
    # a heading at the very top of a page stays, or the page would be empty
    assert page_breaks(300, lambda start: 100.0, lines[:25], keep=[(0, 10)])[:2] == [0, 96]


def test_the_pdf_of_four_articles_has_no_page_that_is_only_a_heading(tmp_path):
    import shutil
    from pypdf import PdfReader
    folder = tmp_path / "four"
    folder.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:4]:
        shutil.copy(path, folder)
    library = Library.open([str(folder)])
    comparison = compare_paths(library, [a.path for a in library.articles])
    export.export_pdf(comparison, str(tmp_path / "four.pdf"))
    for page in PdfReader(str(tmp_path / "four.pdf")).pages:
        body = [line for line in page.extract_text().splitlines()[1:-1] if line.strip()]  # no running header/footer
        assert len(body) > 3, body
