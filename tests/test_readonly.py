"""Sources are read-only: after a whole session every input file is byte-identical.

A session here is what a user does: open a library (some files in odd encodings,
line endings, saved web pages, one unreadable), correct metadata, choose an
encoding, link passages by hand, export PDF and HTML (comparison and single
article), use the CLI, delete the analysis cache and reopen. Sources are checked by
SHA-256 and modification time, and their folder must gain no file.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from viewer.library.library import Library
from viewer.model import PassageLink
from viewer.library.userstate import UserState
from viewer.compare.comparison import compare_paths

from conftest import ROOT, seed

HTML_PAGE = """<!doctype html><html><head><title>Leaders talk</title>
<script>localStorage.x = 1</script></head><body><article><h1>Leaders talk</h1>
<p>Leaders of the two countries spoke by phone on Thursday about trade, climate and the
pandemic, officials in both capitals said.</p>
<p>The call lasted ninety minutes and covered Taiwan and technology, according to the readout.</p>
</article></body></html>"""


def _fingerprint(folder: Path) -> dict[str, tuple[str, int, int]]:
    return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns, p.stat().st_size)
            for p in sorted(folder.iterdir())}


@pytest.fixture
def sources(tmp_path) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(seed("002"), folder / "a.txt")
    crlf = Path(seed("003")).read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    (folder / "b_crlf.txt").write_bytes(crlf)
    (folder / "c_cp1252.txt").write_bytes(Path(seed("002")).read_text(encoding="utf-8")
                                          .encode("cp1252", "replace"))
    (folder / "d_page.html").write_text(HTML_PAGE, encoding="utf-8")
    (folder / "e_empty.txt").write_bytes(b"")
    return folder


def test_a_whole_session_leaves_every_source_byte_identical(sources, tmp_path, monkeypatch):
    monkeypatch.setenv("VIEWER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("VIEWER_DATA_DIR", str(tmp_path / "data"))
    out = tmp_path / "out"
    out.mkdir()
    before = _fingerprint(sources)

    state = UserState.load(tmp_path / "data" / "state.json")
    library = Library.open([str(sources)], encodings=state.encodings())
    assert len(library.articles) == 4 and len(library.errors) == 1
    state.apply_to_library(library)
    a = library.article(str(sources / "a.txt"))
    b = library.article(str(sources / "b_crlf.txt"))
    state.set_meta(a, "title", "A corrected title")
    state.set_meta(a, "authors", "Ann Lee, Bo Chen")
    state.set_meta(b, "published", "2021-09-10")
    state.set_encoding(str(sources / "c_cp1252.txt"), "cp1252")

    comparison = compare_paths(library, [a.path, b.path])
    state.apply_to_comparison(comparison)
    a_par = comparison.unmatched(a.path)[0] if comparison.unmatched(a.path) else a.body_paragraphs[0].index
    b_par = comparison.unmatched(b.path)[0] if comparison.unmatched(b.path) else b.body_paragraphs[0].index
    state.add_link(comparison, PassageLink(a.path, b.path, a_par, b_par, a.paragraphs[a_par].span,
                                           b.paragraphs[b_par].span, 1.0, manual=True))
    automatic = next(link for link in comparison.all_links() if not link.manual)
    state.remove_link(comparison, automatic)
    assert state.save()

    from viewer import export
    export.export_pdf(comparison, out / "comparison.pdf")
    export.export_html(comparison, out / "comparison.html")
    export.export_article_pdf(library, a, out / "article.pdf")
    export.export_article_html(library, str(sources / "d_page.html"), out / "page.html")

    run = subprocess.run([sys.executable, "-m", "viewer", "compare", str(sources), "--json",
                          "--pdf", str(out / "cli.pdf"), "--html", str(out / "cli.html")],
                         capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["errors"][0]["path"] == str(sources / "e_empty.txt")

    # The cache holds nothing the user made: deleting it loses no edit.
    shutil.rmtree(tmp_path / "cache")
    reopened_state = UserState.load(tmp_path / "data" / "state.json")
    reopened = Library.open([str(sources)], encodings=reopened_state.encodings())
    reopened_state.apply_to_library(reopened)
    assert reopened.article(a.path).meta.title == "A corrected title"
    assert reopened.article(a.path).meta.authors == ["Ann Lee", "Bo Chen"]
    assert reopened.article(str(sources / "c_cp1252.txt")).encoding == "cp1252"
    again = compare_paths(reopened, [a.path, b.path])
    reopened_state.apply_to_comparison(again)
    assert any(link.manual and (link.a_paragraph, link.b_paragraph) == (a_par, b_par) for link in again.all_links())

    assert sorted(p.name for p in out.iterdir()) == ["article.pdf", "cli.html", "cli.pdf", "comparison.html",
                                                     "comparison.pdf", "page.html"]
    assert _fingerprint(sources) == before


def test_read_only_sources_load(sources, tmp_path):
    """Files and folders without write permission load as usual (nothing needs to write there)."""
    for path in sources.iterdir():
        path.chmod(0o444)
    sources.chmod(0o555)
    try:
        library = Library.open([str(sources)], use_cache=False)
        assert len(library.articles) == 4
    finally:
        sources.chmod(0o755)


@pytest.mark.gui
def test_a_window_session_leaves_every_source_byte_identical(qtbot, sources, tmp_path, monkeypatch):
    monkeypatch.setenv("VIEWER_DATA_DIR", str(tmp_path / "userdata"))
    before = _fingerprint(sources)
    from viewer import export
    from viewer.ui.app import create_main_window

    window = create_main_window([str(sources)])
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitUntil(lambda: window.library is not None, timeout=180_000)
    try:
        a_path = str(sources / "a.txt")
        with qtbot.waitSignal(window.comparisonShown, timeout=60_000):  # aligned in a worker thread
            window.show_event(window.library.event_of(a_path).id)
        view = window.view
        # the comparison is built in a worker thread; wait for its columns
        qtbot.waitUntil(lambda: window.comparison is not None and a_path in window.comparison.paths
                        and len(view.columns) >= 2, timeout=60_000)
        a, b = view.columns[0].article, view.columns[1].article
        a_par = (view.comparison.unmatched(a.path) or [a.body_paragraphs[0].index])[0]
        b_par = (view.comparison.unmatched(b.path) or [b.body_paragraphs[0].index])[0]
        view.link_passages(0, a_par, 1, b_par)
        window.state.set_meta(a, "outlet", "Edited Outlet")
        export.export_pdf(window.comparison, tmp_path / "window.pdf")
        export.export_html(window.comparison, tmp_path / "window.html")
    finally:
        window.close()
    assert (tmp_path / "window.pdf").stat().st_size > 0
    assert _fingerprint(sources) == before
