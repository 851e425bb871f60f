"""PDF and HTML export: content, highlight colours, escaping, atomic writes."""
from __future__ import annotations

import re
import subprocess
import unicodedata
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, seed
from viewer.analysis.pipeline import Cancelled
from viewer.export import (ExportError, article_document, comparison_document, export_article_html,
                           export_article_pdf, export_html, export_pdf)
from viewer.export.layout import segments
from viewer.compare.highlights import hex_colour
from viewer.compare.highlights import (CHANGED, COMPARISON_HIGHLIGHTS, DELETED, ENTITY_ONLY, INSERTED, NAME, UNMATCHED)
from viewer.library.library import Library
from viewer.compare.comparison import compare_paths

pypdf = pytest.importorskip("pypdf")


def _words(text: str) -> str:
    """Whitespace-normalised, with line breaks after a hyphen ("US-\nChina") joined."""
    return re.sub(r"\s+", " ", text).strip().replace("- ", "-")


@pytest.fixture(scope="module")
def pair_library() -> Library:
    return Library.open([seed("002"), seed("003")])


@pytest.fixture(scope="module")
def pair(pair_library):
    return compare_paths(pair_library, [a.path for a in pair_library.articles])


@pytest.fixture(scope="module")
def cli_exports(tmp_path_factory):
    """The seeds' 2021 event exported once through the command line."""
    out = tmp_path_factory.mktemp("cli")
    pdf, html = out / "event.pdf", out / "event.html"
    result = subprocess.run([sys.executable, "-m", "viewer", "compare", seed("002"), seed("003"),
                             "--pdf", str(pdf), "--html", str(html)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return pdf, html


def _page_texts(path: Path) -> list[str]:
    return [_words(page.extract_text()) for page in pypdf.PdfReader(str(path)).pages]


def _paint_colours(path: Path) -> set[tuple[int, int, int]]:
    """RGB colours the PDF's pages fill or stroke with (``scn``/``rg``, ``SCN``/``RG`` operators)."""
    colours = set()
    for page in pypdf.PdfReader(str(path)).pages:
        data = page.get_contents().get_data().decode("latin-1")
        for r, g, b in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) (?:scn|rg|SCN|RG)\b", data):
            colours.add(tuple(round(float(v) * 255) for v in (r, g, b)))
    return colours


def _word_string(text: str) -> str:
    """Letters-only words, so punctuation and line breaks in extracted text do not matter."""
    return " ".join(re.findall(r"[A-Za-z]+", unicodedata.normalize("NFKC", text)))


def _opening_words(text: str, count: int = 4) -> str:
    return " ".join(_word_string(text).split()[:count])


def test_cli_pdf_has_titles_legend_and_aligned_passages_on_one_page(cli_exports, pair):
    pdf, _ = cli_exports
    pages = _page_texts(pdf)
    assert len(pages) >= 2
    everything = " ".join(pages)
    for article in pair.articles:
        assert _words(article.meta.title) in pages[0], article.meta.title
    assert "Legend" in pages[0]
    for highlight in COMPARISON_HIGHLIGHTS:
        assert _words(highlight.label) in pages[0] and _words(highlight.legend) in everything
    links = pair.all_links()
    assert links
    page_words = [_word_string(page) for page in pages]
    together = 0
    for link in links:
        a_words = _opening_words(link.texts[0])
        b_words = _opening_words(link.texts[1])
        assert any(a_words in page for page in page_words), a_words
        assert any(b_words in page for page in page_words), b_words
        if any(a_words in page and b_words in page for page in page_words):
            together += 1
    # passages of a link sit in one row; only a row broken across pages may separate them
    assert together >= len(links) - 2, (together, len(links))
    assert "\ufb00" not in everything and "\ufb01" not in everything  # no ligatures: words stay searchable
    assert "Names, numbers and dates by article" in everything
    assert "Page 1 of" in pages[0] and f"Page {len(pages)} of {len(pages)}" in pages[-1]


def test_pdf_paints_the_palette_colours_and_embeds_fonts(cli_exports):
    pdf, _ = cli_exports
    colours = _paint_colours(pdf)
    for highlight in COMPARISON_HIGHLIGHTS + (UNMATCHED,):
        expected = highlight.painted_colours()
        if highlight.underline == "wave":  # Qt paints wavy lines from an image tile, not a stroke colour
            expected.remove(highlight.light.line)
        for colour in expected:
            assert colour in colours, f"{highlight.name} {colour} not painted"
    reader = pypdf.PdfReader(str(pdf))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for ref in fonts.values():
        font = ref.get_object()
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descendant["/FontDescriptor"].get_object()
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]


def test_pdf_text_copies_with_real_spaces(cli_exports, pair):
    raw = pypdf.PdfReader(str(cli_exports[0])).pages[0].extract_text()
    assert "\t" not in raw
    assert pair.articles[0].meta.title.split(" ")[0] + " " in raw


def test_pdf_has_a_running_header_on_every_page(cli_exports):
    pdf, _ = cli_exports
    pages = _page_texts(pdf)
    header = pages[0].split(" ")[:3]
    for number, text in enumerate(pages, 1):
        assert text.startswith(" ".join(header)), number
        assert f"Page {number} of {len(pages)}" in text


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.classes: set[str] = set()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.resources: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attributes = dict(attrs)
        self.classes.update((attributes.get("class") or "").split())
        for name in ("src", "href"):
            if attributes.get(name):
                self.resources.append(attributes[name])

    def handle_data(self, data):
        self.text.append(data)


def test_cli_html_is_standalone_with_titles_legend_and_highlight_classes(cli_exports, pair):
    _, html_path = cli_exports
    source = html_path.read_text(encoding="utf-8")
    parser = _Collector()
    parser.feed(source)
    text = _words(" ".join(parser.text))
    for article in pair.articles:
        assert _words(article.meta.title) in text
    assert "Legend" in text
    for highlight in COMPARISON_HIGHLIGHTS:
        assert highlight.css_class in parser.classes
        for colour in highlight.painted_colours():
            assert hex_colour(colour) in source
    assert parser.resources == [] and "url(" not in source and "@import" not in source
    assert "script" not in parser.tags


def _write_article(folder: Path, name: str, title: str, body: str) -> str:
    path = folder / name
    path.write_text(f"Title: {title}\nOutlet: Test Wire\n\n{body}\n", encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    body = ("Zhào Lìjiān, the spokesman, said on Tuesday that 习近平 and Joe Biden spoke for 90 minutes — "
            "“a candid exchange”, he said.\n\nThe two leaders agreed to keep talking about trade and climate.")
    other = ("Joe Biden and Xi Jinping spoke on Tuesday, the White House said.\n\n"
             "The two leaders agreed to keep talking about trade, climate and fentanyl.")
    paths = [_write_article(folder, "a.txt", "Leaders <script>alert(1)</script> talk</td></tr>", body),
             _write_article(folder, "b.txt", "Café & “quotes” — a <b>bold</b> title", other)]
    library = Library.open(paths)
    return library, compare_paths(library, paths)


def test_html_export_escapes_article_text(hostile, tmp_path):
    _, comparison = hostile
    out = tmp_path / "hostile.html"
    export_html(comparison, out)
    source = out.read_text(encoding="utf-8")
    parser = _Collector()
    parser.feed(source)
    assert "script" not in parser.tags and "<script>" not in source
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in source
    assert "&lt;b&gt;bold&lt;/b&gt;" in source
    text = _words(" ".join(parser.text))
    assert "Leaders <script>alert(1)</script> talk</td></tr>" in text
    assert "Café & “quotes” — a <b>bold</b> title" in text
    assert "Zhào Lìjiān" in text and "习近平" in text


def test_pdf_keeps_non_ascii_text(hostile, tmp_path):
    import warnings

    from PySide6.QtGui import QFont

    from viewer.export.pdf import BODY_FONT, MissingGlyphsWarning, characters_without_glyphs, ensure_gui_application

    _, comparison = hostile
    out = tmp_path / "hostile.pdf"
    ensure_gui_application()
    undrawable = characters_without_glyphs("Zhào Lìjiān 习近平 — “”", QFont(BODY_FONT))
    assert set(undrawable) <= set("习近平")  # Latin accents, dashes and quotes are always covered
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        export_pdf(comparison, out)
    notes = [str(w.message) for w in caught if issubclass(w.category, MissingGlyphsWarning)]
    if undrawable:  # no CJK font installed here: the user is told which characters are lost
        assert len(notes) == 1 and all(c in notes[0] for c in undrawable)
    else:
        assert notes == [] and "习近平" in " ".join(_page_texts(out))
    text = " ".join(_page_texts(out))
    assert "Zhào Lìjiān" in text
    assert "—" in text and "“a candid exchange”" in text
    assert "Café & “quotes” — a <b>bold</b> title" in text
    assert "<script>alert(1)</script>" in text


def test_unwritable_folder_gives_a_clear_error_and_no_file(pair, tmp_path, monkeypatch):
    missing = tmp_path / "no-such-folder" / "out.pdf"
    with pytest.raises(ExportError, match="no-such-folder"):
        export_pdf(pair, missing)
    assert not missing.parent.exists()

    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)  # root ignores directory modes, so simulate
    with pytest.raises(ExportError, match=re.escape(str(tmp_path))):
        export_html(pair, tmp_path / "out.html")
    assert list(tmp_path.iterdir()) == []


def test_cli_reports_unwritable_folder(tmp_path):
    result = subprocess.run([sys.executable, "-m", "viewer", "compare", seed("002"), seed("003"),
                             "--pdf", str(tmp_path / "missing" / "out.pdf")],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 3
    assert "missing" in result.stderr and "does not exist" in result.stderr


def test_cancelled_export_leaves_nothing_and_keeps_an_existing_file(pair, tmp_path):
    out = tmp_path / "out.pdf"
    out.write_bytes(b"previous export")
    with pytest.raises(Cancelled):
        export_pdf(pair, out, cancelled=lambda: True)
    assert out.read_bytes() == b"previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pdf"]


def test_progress_counts_pages(pair, tmp_path):
    seen = []
    export_pdf(pair, tmp_path / "out.pdf", page_size="Letter", landscape=True,
               progress=lambda stage, done, total: seen.append((stage, done, total)))
    pages = pypdf.PdfReader(str(tmp_path / "out.pdf")).pages
    assert seen == [("pdf", n, len(pages)) for n in range(1, len(pages) + 1)]
    box = pages[0].mediabox
    assert float(box.width) == pytest.approx(792, abs=1) and float(box.height) == pytest.approx(612, abs=1)


def test_every_body_paragraph_appears_once_with_its_text(pair):
    document = comparison_document(pair)
    for column, article in enumerate(pair.articles):
        shown = [p for row in document.rows for p in row.cells[column]]
        assert sorted(p.paragraph for p in shown) == [p.index for p in article.body_paragraphs]
        for passage in shown:
            assert passage.text == article.paragraph_text(article.paragraphs[passage.paragraph])
    unmatched_rows = [row for row in document.rows if row.only_in is not None]
    assert len(unmatched_rows) == sum(len(pair.unmatched(p)) for p in pair.paths)


def test_rows_follow_the_first_article_and_place_unlinked_passages_after_their_predecessor(pair):
    document = comparison_document(pair)
    spine = [p.paragraph for row in document.rows for p in row.cells[0]]
    assert spine == sorted(spine)
    for number, row in enumerate(document.rows):
        if row.only_in is None or row.only_in == 0:
            continue
        column = row.only_in
        paragraph = row.cells[column][0].paragraph
        earlier = [p.paragraph for r in document.rows[:number] for p in r.cells[column]]
        # the article's previous paragraph is shown above, unless the alignment crosses
        previous = [p.index for p in pair.articles[column].body_paragraphs if p.index < paragraph]
        if previous:
            assert previous[-1] in earlier or max(earlier, default=-1) > paragraph


def test_wording_highlights_sit_on_the_right_sides(pair):
    from viewer.compare.diffing import link_diff
    from viewer.compare.wording import is_close_rewrite
    document = comparison_document(pair)
    left = {h for row in document.rows for p in row.cells[0] for s in p.segments for h in s.highlights}
    right = {h for row in document.rows for p in row.cells[1] for s in p.segments for h in s.highlights}
    # Word marks are quiet: only close rewrites get them (the gold pair is two independent reports).
    if any(is_close_rewrite(link_diff(link)) for link in pair.all_links()):
        assert CHANGED in left and CHANGED in right
    assert INSERTED not in left and DELETED not in right


def test_only_words_missing_from_the_counterpart_are_flagged(pair):
    document = comparison_document(pair)
    for row in document.rows:
        if row.only_in is not None:
            continue
        for column, passages in enumerate(row.cells[:2]):
            other = {w.lower() for p in row.cells[1 - column] for w in re.findall(r"\w[\w'’.-]*\w|\w", p.text)}
            for passage in passages:
                for segment in passage.segments:
                    if segment.highlights & {INSERTED, DELETED, CHANGED}:
                        for word in re.findall(r"\w[\w'’.-]*\w|\w", segment.text):
                            assert word.lower() not in other, word


def test_segments_split_on_overlapping_marks():
    parts = segments("abcdefgh", 100, [(101, 105, DELETED), (103, 107, ENTITY_ONLY)])
    assert "".join(s.text for s in parts) == "abcdefgh"
    assert [(s.text, s.highlights) for s in parts] == [
        ("a", frozenset()), ("bc", frozenset({DELETED})), ("de", frozenset({DELETED, ENTITY_ONLY})),
        ("fg", frozenset({ENTITY_ONLY})), ("h", frozenset())]


def test_many_articles_default_to_landscape_and_keep_every_column(seed_paths, tmp_path):
    library = Library.open(seed_paths)
    comparison = compare_paths(library, [a.path for a in library.articles])
    out = tmp_path / "five.pdf"
    export_pdf(comparison, out)
    reader = pypdf.PdfReader(str(out))
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)
    text = " ".join(_page_texts(out))
    for article in comparison.articles:
        assert _words(article.meta.title) in text


def test_single_article_export_highlights_its_entities(pair_library, tmp_path):
    article = pair_library.articles[1]
    pdf, html = tmp_path / "one.pdf", tmp_path / "one.html"
    export_article_pdf(pair_library, article, pdf)
    export_article_html(pair_library, article.path, html)
    text = " ".join(_page_texts(pdf))
    assert _words(article.meta.title) in text and "Xi Jinping" in text
    assert set(NAME.painted_colours()) <= _paint_colours(pdf)
    parser = _Collector()
    parser.feed(html.read_text(encoding="utf-8"))
    assert NAME.css_class in parser.classes
    from viewer.export import _article_sources

    document = article_document(*_article_sources(pair_library, article))
    assert any(e.name == "Xi Jinping" for e in document.entities)


def test_cli_exports_a_single_article(tmp_path):
    out = tmp_path / "one.pdf"
    result = subprocess.run([sys.executable, "-m", "viewer", "compare", seed("004"), "--pdf", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-")


def test_page_breaks_never_cut_a_line_and_prefer_row_borders():
    from viewer.export.paging import page_breaks

    lines = [(y, y + 10.0) for y in range(0, 1000, 12)]  # 10-unit lines every 12 units
    starts = page_breaks(1000, lambda start: 100.0, lines)
    assert starts[0] == 0 and all(b > a for a, b in zip(starts, starts[1:]))
    for start in starts:
        assert not any(top < start < bottom for top, bottom in lines), start
    assert all(b - a <= 100 for a, b in zip(starts, starts[1:]))
    # a row that would be cut starts the next page when its top is low enough
    starts = page_breaks(1000, lambda start: 100.0, lines, rows=[(0, 70.5), (70.5, 130.5)])
    assert starts[1] == 70.5
    # a row that fits entirely is not pushed to the next page
    starts = page_breaks(1000, lambda start: 100.0, lines, rows=[(0, 70.5), (70.5, 94.5), (200, 300)])
    assert starts[1] == 96
    # a row starting too high up would waste the page: the page is filled instead
    starts = page_breaks(1000, lambda start: 100.0, lines, rows=[(0, 12.5), (12.5, 500.5)])
    assert starts[1] == 96
    # a line taller than a page still makes progress
    assert page_breaks(300, lambda start: 100.0, [(0, 300)]) == [0, 100, 200]


def test_pdf_loses_no_text_at_page_breaks(cli_exports, pair):
    """The last words of every passage are printed: nothing is clipped where pages break."""
    text = _word_string(" ".join(_page_texts(cli_exports[0])))
    for article in pair.articles:
        for paragraph in article.body_paragraphs:
            words = _word_string(article.paragraph_text(paragraph)).split()
            assert " ".join(words[-4:]) in text, (article.name, paragraph.index)
            assert " ".join(words[:4]) in text, (article.name, paragraph.index)


def test_each_column_is_compared_with_the_column_on_its_left(seed_paths):
    """With three articles, column C's flagged words are missing from its linked passage in B."""
    library = Library.open(seed_paths)
    chosen = [seed("002"), seed("003"), seed("001")]
    comparison = compare_paths(library, [str(Path(p)) for p in chosen])
    document = comparison_document(comparison)
    words = lambda text: {w.lower() for w in re.findall(r"\w[\w'’.-]*\w|\w", text)}  # noqa: E731
    paths = comparison.paths
    checked = 0
    for row in document.rows:
        for column in (1, 2):
            partner = column - 1
            partner_passages = {p.paragraph: p for p in row.cells[partner]}
            for passage in row.cells[column]:
                linked = [link for link in comparison.all_links()
                          if {(link.a_path, link.a_paragraph), (link.b_path, link.b_paragraph)}
                          & {(passage.path, passage.paragraph)}
                          and (link.b_path if link.a_path == passage.path else link.a_path) == paths[partner]
                          and (link.b_paragraph if link.a_path == passage.path else link.a_paragraph)
                          in partner_passages]
                counterpart = set().union(*(words(partner_passages[
                    link.b_paragraph if link.a_path == passage.path else link.a_paragraph].text) for link in linked))
                flagged = [w for s in passage.segments if s.highlights & {INSERTED, CHANGED}
                           for w in words(s.text)]
                assert not linked or not (set(flagged) & counterpart), (column, passage.paragraph)
                assert linked or not flagged
                checked += bool(flagged)
    from viewer.compare.diffing import link_diff
    from viewer.compare.wording import is_close_rewrite
    # word marks are quiet: only close rewrites have any (the seeds are independent reports)
    assert checked > 0 or not any(is_close_rewrite(link_diff(link)) for link in comparison.all_links())
