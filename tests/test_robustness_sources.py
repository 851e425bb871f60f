"""Issue 16: sources are never overwritten; odd file names and unreadable entries are
reported, not fatal; long inputs stay within the stated limits."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, seed
from viewer.export import ExportError, export_article_html, export_html, export_pdf
from viewer.export.files import source_conflict
from viewer.compare.comparison import compare_paths
from viewer.library import Library

ARTICLE_HTML = ("<html><head><title>Leaders talk</title></head><body><article><h1>Leaders talk</h1>"
                "<p>Leaders of the two countries spoke by phone on Thursday about trade, climate and the "
                "pandemic, officials in both capitals said.</p><p>The call lasted ninety minutes and "
                "covered Taiwan and technology, according to the readout published afterwards.</p>"
                "</article></body></html>")


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "viewer", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=600)


@pytest.fixture
def two_sources(tmp_path) -> tuple[Path, Path]:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    shutil.copyfile(seed("002"), a)
    shutil.copyfile(seed("003"), b)
    return a, b


def _alias(kind: str, source: Path, folder: Path, suffix: str = "") -> Path:
    """Another name for ``source``: itself, a symlink to it, a hard link, or it under a linked folder."""
    if kind == "same":
        return source
    if kind == "symlink":
        link = folder / f"link{suffix or source.suffix}"
        link.symlink_to(source)
        return link
    if kind == "hardlink":
        link = folder / f"hard{suffix or source.suffix}"
        os.link(source, link)
        return link
    assert kind == "folder-symlink"
    linked = folder / "linked-folder"
    linked.symlink_to(source.parent, target_is_directory=True)
    return linked / source.name


@pytest.mark.parametrize("kind", ["same", "symlink", "hardlink", "folder-symlink"])
def test_source_conflict_sees_through_every_alias(tmp_path, kind):
    source = tmp_path / "src" / "a.txt"
    source.parent.mkdir()
    source.write_text("text")
    alias = _alias(kind, source, tmp_path)
    assert source_conflict(alias, [str(source)]) == str(source)
    assert source_conflict(tmp_path / "other.html", [str(source)]) is None


@pytest.mark.parametrize("fmt", ["html", "pdf"])
@pytest.mark.parametrize("kind", ["same", "symlink", "hardlink"])
def test_cli_refuses_to_export_over_a_source(two_sources, tmp_path, kind, fmt):
    a, b = two_sources
    before = a.read_bytes()
    target = _alias(kind, a, tmp_path)
    result = run_cli("compare", str(a), str(b), f"--{fmt}", str(target))
    assert result.returncode != 0
    assert str(a) in result.stderr and "source" in result.stderr
    assert a.read_bytes() == before
    assert not list(tmp_path.glob(".*.part"))


@pytest.mark.parametrize("kind", ["same", "symlink", "hardlink", "folder-symlink"])
def test_export_api_refuses_a_source_whatever_the_caller(two_sources, tmp_path, kind):
    a, b = two_sources
    before = a.read_bytes()
    library = Library.open([str(a), str(b)])
    comparison = compare_paths(library, [str(a), str(b)])
    target = _alias(kind, a, tmp_path)
    for write in (lambda: export_html(comparison, target), lambda: export_pdf(comparison, target),
                  lambda: export_article_html(library, str(a), target)):
        with pytest.raises(ExportError, match="source article"):
            write()
    assert a.read_bytes() == before
    # Files of the library outside the comparison are protected when the caller says so.
    other = tmp_path / "c.txt"
    other.write_text("not compared")
    with pytest.raises(ExportError, match="c.txt"):
        export_html(comparison, other, protect=[str(other)])
    assert other.read_text() == "not compared"


def test_cli_refuses_a_source_of_a_single_article_export(tmp_path):
    page = tmp_path / "story.html"
    page.write_text(ARTICLE_HTML, encoding="utf-8")
    before = page.read_bytes()
    result = run_cli("compare", str(page), "--html", str(page))
    assert result.returncode != 0 and str(page) in result.stderr
    assert page.read_bytes() == before


@pytest.mark.gui
@pytest.mark.parametrize("kind", ["same", "symlink", "hardlink"])
def test_export_dialog_refuses_a_source(qtbot, tmp_path, monkeypatch, kind):
    pytest.importorskip("pytestqt")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

    from viewer.ui.export_dialog import export_comparison

    page = tmp_path / "story.html"
    page.write_text(ARTICLE_HTML, encoding="utf-8")
    before = page.read_bytes()
    library = Library.open([str(page)])
    comparison = compare_paths(library, [str(page)])
    window = QMainWindow()
    window.settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    qtbot.addWidget(window)
    target = _alias(kind, page, tmp_path, ".html")
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args: (str(target), "HTML pages (*.html *.htm)")))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda parent, title, text: shown.append(text)))
    assert export_comparison(window, comparison, "html") is None
    assert len(shown) == 1 and str(page) in shown[0]
    assert page.read_bytes() == before


@pytest.mark.gui
def test_export_dialog_protects_library_files_outside_the_comparison(qtbot, tmp_path, monkeypatch, two_sources):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

    from viewer.ui.export_dialog import export_comparison

    a, b = two_sources
    page = tmp_path / "story.html"
    page.write_text(ARTICLE_HTML, encoding="utf-8")
    before = page.read_bytes()
    window = QMainWindow()
    window.settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window.library = Library.open([str(a), str(b), str(page)])
    qtbot.addWidget(window)
    comparison = compare_paths(window.library, [str(a), str(b)])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *args: (str(page), "")))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda parent, title, text: shown.append(text)))
    assert export_comparison(window, comparison, "html") is None
    assert shown and str(page) in shown[0]
    assert page.read_bytes() == before


# --- file names that are not valid UTF-8 ---------------------------------------------------

LATIN1_NAME = b"latin1\xe9.txt"


@pytest.fixture
def latin1_folder(tmp_path) -> tuple[Path, str]:
    """A folder with a Latin-1-named article (and a normal one); the odd path as Python sees it."""
    folder = tmp_path / "library"
    folder.mkdir()
    odd = os.path.join(os.fsencode(folder), LATIN1_NAME)
    shutil.copyfile(seed("002"), odd)
    shutil.copyfile(seed("003"), folder / "b.txt")
    return folder, os.fsdecode(odd)


def test_undecodable_file_name_loads_and_shows_a_replacement_mark(latin1_folder):
    folder, odd = latin1_folder
    library = Library.open([str(folder)])
    assert not library.errors
    article = library.article(odd)
    assert "\ufffd" in article.display_name and article.display_name.endswith(".txt")
    assert os.fsencode(article.path).endswith(LATIN1_NAME)


def test_cli_json_of_an_undecodable_name_is_valid_utf8_and_keeps_the_path(latin1_folder, tmp_path):
    import json
    folder, odd = latin1_folder
    # A strict UTF-8 stdout, as under most non-C locales: a lone surrogate would raise.
    env_result = subprocess.run([sys.executable, "-m", "viewer", "groups", "--json", str(folder)],
                                capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT),
                                                          "PYTHONIOENCODING": "utf-8:strict"}, timeout=600)
    assert env_result.returncode == 0, env_result.stderr
    data = json.loads(env_result.stdout.decode("utf-8"))  # strict: valid UTF-8
    paths = [p for e in data["events"] for p in e["articles"]]
    assert odd in paths and os.fsencode(odd).endswith(LATIN1_NAME)
    assert data["errors"] == []

    html, pdf = tmp_path / "out.html", tmp_path / "out.pdf"
    result = subprocess.run([sys.executable, "-m", "viewer", "compare", "--json", str(folder),
                             "--html", str(html), "--pdf", str(pdf)], capture_output=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8:strict"},
                            timeout=600)
    assert result.returncode == 0, result.stderr
    compared = json.loads(result.stdout.decode("utf-8"))
    assert odd in [a["path"] for a in compared["articles"]]
    assert odd in compared["unmatched"] and odd in compared["boilerplate"]
    assert "\ufffd" in html.read_text(encoding="utf-8")
    from pypdf import PdfReader
    assert "\ufffd" in "".join(page.extract_text() for page in PdfReader(pdf).pages)


def test_exports_to_an_undecodable_file_name(latin1_folder, tmp_path):
    folder, _ = latin1_folder
    library = Library.open([str(folder)])
    comparison = compare_paths(library, [a.path for a in library.articles])
    for suffix, write in ((b".html", export_html), (b".pdf", export_pdf)):
        out = os.fsdecode(os.path.join(os.fsencode(tmp_path), b"out\xe9" + suffix))
        write(comparison, out)
        assert os.path.getsize(out) > 1000
    assert not list(tmp_path.glob(".*.part"))


@pytest.mark.gui
def test_window_shows_and_compares_an_undecodable_name(qtbot, latin1_folder, tmp_path, monkeypatch):
    from viewer.ui.app import create_main_window
    from viewer.ui.library_panel import TITLE_COLUMN

    monkeypatch.setenv("VIEWER_DATA_DIR", str(tmp_path / "userdata"))
    folder, odd = latin1_folder
    window = create_main_window([str(folder)])
    qtbot.addWidget(window)
    window.show()
    try:
        qtbot.waitUntil(lambda: window.library is not None, timeout=180_000)
        panel = window.library_panel
        tooltips = []
        for index in panel._article_indexes():
            tooltips.append(index.siblingAtColumn(TITLE_COLUMN).data(Qt_ToolTipRole()))
        assert any("\ufffd" in (t or "") for t in tooltips)
        panel.select_paths([odd])
        assert odd in panel.selected_paths()
        with qtbot.waitSignal(window.comparisonShown, timeout=60_000):
            window.compare_paths([odd, str(folder / "b.txt")])
        assert odd in window.comparison.paths
    finally:
        window.close()


def Qt_ToolTipRole():
    from PySide6.QtCore import Qt
    return Qt.ItemDataRole.ToolTipRole


# --- folder entries that cannot be looked at, opened or entered ----------------------------

def _without_file_access_override() -> list[str]:
    """A command prefix under which permissions apply (root ignores them otherwise)."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: permissions cannot be enforced")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]


@pytest.fixture
def awkward_library(tmp_path, latin1_folder):
    """Two good articles, a Latin-1 name, and every kind of entry that cannot be read."""
    folder, odd = latin1_folder
    locked = folder / "locked"  # cannot be listed
    locked.mkdir()
    shutil.copyfile(seed("004"), locked / "c.txt")
    unsearchable = folder / "unsearchable"  # listed, but nothing in it can be looked at
    (unsearchable / "sub").mkdir(parents=True)
    shutil.copyfile(seed("000"), unsearchable / "d.txt")
    unreadable = folder / "unreadable.txt"
    shutil.copyfile(seed("001"), unreadable)
    (folder / "broken.txt").symlink_to(folder / "gone.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    os.mkfifo(folder / "pipe.txt")
    (folder / "linked").symlink_to(locked, target_is_directory=True)
    locked.chmod(0)
    unsearchable.chmod(0o644)
    unreadable.chmod(0)
    yield folder, odd
    for path in (locked, unsearchable):
        path.chmod(0o755)


def test_cli_skips_and_names_every_entry_it_cannot_read(awkward_library):
    import json
    folder, odd = awkward_library
    result = subprocess.run(_without_file_access_override() + [sys.executable, "-m", "viewer", "groups", "--json",
                                                               str(folder)],
                            capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=600)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout.decode("utf-8"))
    loaded = sorted(p for e in data["events"] for p in e["articles"])
    assert loaded == sorted([odd, str(folder / "b.txt")])
    reported = {e["path"]: e["message"] for e in data["errors"]}
    expected = {"locked": "cannot open folder", "unsearchable/sub": "cannot open folder",
                "unsearchable/d.txt": "cannot look at it", "unreadable.txt": "cannot read file",
                "broken.txt": "broken link", "loop.txt": "loops", "pipe.txt": "not a regular file",
                "linked": "link to a folder"}
    for name, words in expected.items():
        path = str(folder / name)
        assert path in reported and words in reported[path], (name, reported)
        assert path in result.stderr.decode("utf-8", "replace")
    assert len(reported) == len(expected)


def test_a_path_given_under_an_unsearchable_folder_is_reported_not_fatal(awkward_library):
    folder, _ = awkward_library
    inside = folder / "unsearchable" / "d.txt"
    result = subprocess.run(_without_file_access_override() + [sys.executable, "-m", "viewer", "groups",
                                                               str(inside), str(folder / "b.txt")],
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            timeout=600)
    assert result.returncode == 0 and str(inside) in result.stderr and "Traceback" not in result.stderr


@pytest.mark.gui
def test_window_banner_names_the_entries_it_skipped(qtbot, tmp_path, monkeypatch, two_sources):
    import viewer.ingest.loading as loading
    from viewer.ui.app import create_main_window

    monkeypatch.setenv("VIEWER_DATA_DIR", str(tmp_path / "userdata"))
    folder = two_sources[0].parent
    (folder / "broken.txt").symlink_to(folder / "gone.txt")
    locked = folder / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path):  # root ignores permissions: make this folder refuse to be listed
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(loading.os, "scandir", scandir)
    window = create_main_window([str(folder)])
    qtbot.addWidget(window)
    window.show()
    try:
        qtbot.waitUntil(lambda: window.library is not None, timeout=180_000)
        assert len(window.library.articles) == 2
        assert window.banner.isVisible()
        text = window.banner.label.text()
        assert "broken.txt" in text and "locked" in text and "Permission denied" in text
    finally:
        window.close()


# --- long texts: analysed in pieces, shared among workers ----------------------------------

def test_long_paragraphs_are_analysed_in_sentence_aligned_pieces():
    from viewer.analysis.pipeline import MAX_CHUNK, _chunks
    from viewer.bench.limits import long_paragraph, seed_sentences
    import random

    text = long_paragraph(random.Random(1), seed_sentences(), 60_000)
    pieces = list(_chunks(text, 0, len(text)))
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:]))  # nothing lost, nothing twice
    assert all(end - start <= MAX_CHUNK for start, end in pieces)
    # Cut after a sentence end (the next piece starts a sentence), not inside a word.
    assert sum(text[start - 2:start - 1] in ".!?”\"" for start, _ in pieces[1:]) >= len(pieces[1:]) * 0.9


def test_pieces_shared_among_workers_give_the_same_analysis(two_sources, monkeypatch):
    import viewer.analysis.pipeline as pipeline
    from viewer.analysis.pipeline import _analyse_here, _analyse_pieces_in_workers
    from viewer.ingest.loading import load_paths

    monkeypatch.setattr(pipeline, "PIECES_PER_JOB_CHARS", 1_000)  # several jobs per article

    articles, _ = load_paths([str(p) for p in two_sources])
    here, there = {}, {}
    _analyse_here(articles, lambda a, analysis: here.__setitem__(a.path, analysis), None, 64)
    _analyse_pieces_in_workers(articles, lambda a, analysis: there.__setitem__(a.path, analysis), None, 2, 64)
    assert here == there


# --- pages at and past the HTML limits ------------------------------------------------------

_ARTICLE_PARAGRAPHS = "".join(f"<p>Paragraph {i} of the report says the leaders spoke about trade, climate "
                              f"and technology for ninety minutes.</p>" for i in range(12))


def test_page_with_too_many_paragraph_elements_is_refused_quickly():
    import time
    from viewer.ingest.htmlextract import MAX_PAGE_PARAGRAPH_ELEMENTS, extract_html

    page = f"<html><body><article>{_ARTICLE_PARAGRAPHS}</article>{'<p>x</p>' * 199_000}</body></html>"
    start = time.perf_counter()
    with pytest.raises(ValueError, match=f"{MAX_PAGE_PARAGRAPH_ELEMENTS:,} paragraphs"):
        extract_html(page)
    assert time.perf_counter() - start < 20  # was ~70 s: refused before trafilatura sees it


@pytest.mark.parametrize("tag", ["div", "span", "section"])
def test_page_nested_deeper_than_the_parser_reads_still_extracts(tag):
    from viewer.ingest.htmlextract import extract_html

    page = (f"<!DOCTYPE html><html><head><title>Leaders talk</title></head><body>{f'<{tag} class=a>' * 3000}"
            f"<h1>Leaders talk</h1>{_ARTICLE_PARAGRAPHS}{f'</{tag}>' * 3000}</body></html>")
    text, _ = extract_html(page)
    assert "Paragraph 0 of the report" in text and "Paragraph 11 of the report" in text


def test_page_nested_too_deep_in_paragraph_tags_says_why():
    from viewer.ingest.htmlextract import extract_html

    page = f"<html><body>{'<blockquote>' * 3000}{_ARTICLE_PARAGRAPHS}{'</blockquote>' * 3000}</body></html>"
    with pytest.raises(ValueError, match="levels deep"):
        extract_html(page)


# --- export layout at scale: same result as the per-character definition ---------------------

def test_segments_and_common_spans_match_their_per_character_definition():
    import random
    from viewer.compare.marks import _common, _runs
    from viewer.export.layout import segments

    rng = random.Random(5)
    kinds = ["a", "b", "c"]
    for _ in range(200):
        text = "".join(rng.choice("xy ") for _ in range(rng.randrange(1, 60)))
        offset = rng.randrange(0, 5)
        marks = []
        for _ in range(rng.randrange(0, 8)):
            s = rng.randrange(0, 70)
            marks.append((s, s + rng.randrange(0, 15), rng.choice(kinds)))
        got = segments(text, offset, marks)
        assert "".join(s.text for s in got) == text
        for n in range(len(text)):
            at = offset + n
            expected = frozenset(h for s, e, h in marks if s <= at < e)
            position = 0
            for segment in got:
                if position <= n < position + len(segment.text):
                    assert segment.highlights == expected
                position += len(segment.text)

        def spans() -> list:
            out, pos = [], 0
            while pos < 60:
                pos += rng.randrange(0, 6)
                end = pos + rng.randrange(1, 6)
                out.append((pos, end, rng.choice(kinds)))
                pos = end
            return out
        first, other = spans(), spans()
        per_char = {i: h for s, e, h in first for i in range(s, e)}
        covered = {i for s, e, _ in other for i in range(s, e)}
        expected_chars = {i: h for i, h in per_char.items() if i in covered}
        got_chars = {i: h for s, e, h in _runs(_common(first, other)) for i in range(s, e)}
        assert got_chars == expected_chars


# --- the limit cases, end to end (figures: python -m viewer.bench.limits) -------------------

@pytest.mark.slow
@pytest.mark.parametrize("case", ["one-long-paragraph", "long-paragraph", "many-elements", "many-paragraphs",
                                  "deep-nesting"])
def test_limit_case_completes_and_reports_its_cost(case, tmp_path):
    from viewer.bench.limits import run_case

    figure = run_case(case, tmp_path / case)
    print(f"\n{case}: {figure['seconds']} s, {figure['peak_tree_mb']} MB all processes "
          f"({figure['peak_mb']} MB largest)")
    assert figure["exit"] == 0, figure["messages"]
    assert not any("Traceback" in line for line in figure["messages"])
    if case == "deep-nesting":
        assert not any("no article text" in line for line in figure["messages"])
