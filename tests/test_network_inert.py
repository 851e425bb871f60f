"""Untrusted HTML is inert: loading, comparing and the CLI make no network request.

A local HTTP server records every request; the pages point all their remote
resources at it. The server is checked to work (a request we make ourselves is
recorded), so a silent zero is not a broken server.
"""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from viewer.compare.diffing import link_diff
from viewer.library.library import Library
from viewer.compare.comparison import compare_paths

from conftest import ROOT


class _Recorder(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        type(self).requests.append(self.path)
        body = b"<!ENTITY leak 'LEAKED'>" if self.path.endswith(".dtd") else b"body{}"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def trap_server():
    _Recorder.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.requests
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


PARAGRAPHS = [
    "Leaders of the two countries spoke by phone on Thursday about trade, climate and the "
    "pandemic, officials in both capitals said.",
    "The call lasted ninety minutes and covered Taiwan and technology export rules, according "
    "to the readout published afterwards.",
    "Both sides agreed to keep talking, and the trade envoys will meet next month in Geneva.",
]


MARKUP_TITLE = '<b>INJECTED</b><img src="{base}/title.png">'
MARKUP_BODY = ('WASHINGTON — The leaders spoke by phone on Thursday <img src="{base}/body.png"> '
               '<a href="{base}/link">about trade</a> and <b>INJECTED</b> climate, officials said.')


def hostile_page(base: str, variant: int) -> str:
    """A page whose every kind of remote reference points at the trap server."""
    paragraphs = "".join(f"<p>{p.replace('ninety', str(90 + variant))}</p>" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "{base}/doctype.dtd">
<html><head><title>Leaders talk {variant}</title>
<meta http-equiv="refresh" content="0; url={base}/refresh">
<base href="{base}/base/">
<link rel="stylesheet" href="{base}/style.css"><link rel="preload" href="{base}/preload">
<link rel="icon" href="{base}/favicon.ico"><link rel="canonical" href="{base}/canonical">
<style>@import url("{base}/import.css"); body {{ background: url({base}/bg.png) }}</style>
<script src="{base}/script.js"></script>
<script>fetch("{base}/fetch"); new Image().src = "{base}/beacon";</script>
</head><body onload="fetch('{base}/onload')" background="{base}/body-bg.png">
<iframe src="{base}/iframe"></iframe><frameset><frame src="{base}/frame"></frameset>
<object data="{base}/object.swf"></object><embed src="{base}/embed.swf">
<video poster="{base}/poster.png" src="{base}/video.mp4"><source src="{base}/source.mp4"></video>
<audio src="{base}/audio.mp3"></audio>
<svg><image href="{base}/svg-image.png"/></svg>
<article><h1>Leaders talk {variant}</h1>
<img src="{base}/image.png" srcset="{base}/image-2x.png 2x" style="background:url({base}/inline.png)">
<picture><source srcset="{base}/picture.webp"><img src="{base}/picture.png"></picture>
{paragraphs}
<p style="background-image: url('{base}/paragraph-bg.png')">The envoys' statement <a href="{base}/link">was published</a> later that evening with more details on the agenda.</p>
<form action="{base}/form"><input type="image" src="{base}/input.png"></form>
</article></body></html>"""  # noqa: E501 (page as written)


def xhtml_with_entities(base: str) -> str:
    return f"""<?xml version="1.0"?>
<!DOCTYPE html [ <!ENTITY remote SYSTEM "{base}/entity.txt"> <!ENTITY % dtd SYSTEM "{base}/param.dtd"> %dtd; ]>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Entities</title></head><body><article>
<p>{PARAGRAPHS[0]} &remote;</p><p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}</p></article></body></html>"""


@pytest.fixture
def no_sockets(monkeypatch):
    """Any attempt by this process to open a network connection is recorded."""
    attempts: list[object] = []
    real_connect = socket.socket.connect

    def connect(self, address):
        attempts.append(address)
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempts


def _write_pages(folder, name_pattern: str, make, base: str, count: int = 2) -> list[str]:
    """``count`` pages made by ``make(base, n)``, written as ``name_pattern.format(n=n)``."""
    paths = []
    for n in range(count):
        path = folder / name_pattern.format(n=n)
        path.write_text(make(base, n), encoding="utf-8")
        paths.append(str(path))
    return paths


def test_loading_and_comparing_hostile_pages_makes_no_request(tmp_path, trap_server, no_sockets):
    base, requests = trap_server
    paths = _write_pages(tmp_path, "page{n}.html", hostile_page, base)
    entity_page = tmp_path / "entities.xhtml"
    entity_page.write_text(xhtml_with_entities(base), encoding="utf-8")
    paths.append(str(entity_page))

    library = Library.open(paths, use_cache=False)
    assert not library.errors, library.errors
    comparison = compare_paths(library, paths)
    for link in comparison.all_links():
        assert link_diff(link) is not None
    for article in library.articles:
        assert "LEAKED" not in article.text and base not in article.text
    assert requests == [] and no_sockets == []

    with urllib.request.urlopen(f"{base}/control") as response:  # the trap does record requests
        response.read()
    assert requests == ["/control"]


def test_cli_compare_on_hostile_pages_makes_no_request(tmp_path, trap_server):
    base, requests = trap_server
    paths = _write_pages(tmp_path, "page{n}.html", hostile_page, base)
    run = subprocess.run([sys.executable, "-m", "viewer", "compare", *paths, "--json", "--no-cache"],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert len(data["articles"]) == 2 and data["alignments"][0]["pairs"]
    assert requests == []


def test_exporting_articles_full_of_markup_stays_inert(tmp_path, trap_server, no_sockets):
    from html.parser import HTMLParser

    from viewer import export

    base, requests = trap_server
    paths = _write_pages(tmp_path, "markup{n}.txt", _markup_article, base)
    library = Library.open(paths, use_cache=False)
    comparison = compare_paths(library, paths)
    html_out = export.export_html(comparison, tmp_path / "comparison.html")
    export.export_pdf(comparison, tmp_path / "comparison.pdf")
    export.export_article_html(library, paths[0], tmp_path / "article.html")

    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: list[tuple[str, dict]] = []

        def handle_starttag(self, tag, attrs):
            self.tags.append((tag, dict(attrs)))

    for out in (html_out, tmp_path / "article.html"):
        source = Path(out).read_text(encoding="utf-8")
        parser = Tags()
        parser.feed(source)
        assert not [t for t, _ in parser.tags if t in ("img", "script", "iframe", "link", "object", "embed")]
        assert not [a for _, a in parser.tags if any(base in (v or "") for v in a.values())]
        assert "&lt;img src=" in source  # the article's markup is shown as text
    assert requests == [] and no_sockets == []


def _markup_article(base: str, n: int) -> str:
    return (f"Title: {MARKUP_TITLE.format(base=base)} {n}\nOutlet: <i>INJECTED</i> Times\n"
            f"Date: 2021-09-10\n\n{MARKUP_BODY.format(base=base)}\n\n"
            f"The call lasted {90 + n} minutes and covered Taiwan <script src=\"{base}/s.js\"></script> "
            f"and technology export rules, according to the readout.\n")


# ---------------------------------------------------------------- the window
def _hostile(text: str) -> bool:
    lowered = text.lower()
    return "<img" in lowered or "<b>injected" in lowered or "<i>injected" in lowered


def _renders_rich(text: str, fmt=None) -> bool:
    """Whether Qt would lay ``text`` out as HTML (explicitly, or by its auto-detection)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import Qt as GuiQt
    if fmt == Qt.TextFormat.PlainText:
        return False
    return fmt == Qt.TextFormat.RichText or GuiQt.mightBeRichText(text)


def _markup_in_text_and_labels(window) -> list[str]:
    """Labels and text views that would render article-supplied markup."""
    from PySide6.QtWidgets import QLabel, QTextEdit
    problems = []
    for label in window.findChildren(QLabel):
        if _hostile(label.text()) and _renders_rich(label.text(), label.textFormat()):
            problems.append(f"label: {label.text()[:120]}")
    for editor in window.findChildren(QTextEdit):
        if "<img" in editor.document().toHtml().lower():  # literal text would be &lt;img
            problems.append(f"text view with an image: {editor.objectName() or editor}")
    return problems


def _markup_in_tooltips(window) -> list[str]:
    """Widget and item tooltips that would render article-supplied markup."""
    from PySide6.QtCore import QModelIndex, Qt
    from PySide6.QtWidgets import QAbstractItemView, QWidget
    problems = []
    for widget in [window, *window.findChildren(QWidget)]:
        if _hostile(widget.toolTip()) and _renders_rich(widget.toolTip()):
            problems.append(f"{type(widget).__name__} tooltip: {widget.toolTip()[:100]}")
    for view in window.findChildren(QAbstractItemView):
        model = view.model()
        if model is None:
            continue
        pending = [QModelIndex()]
        while pending:
            parent = pending.pop()
            try:
                columns = model.columnCount(parent)
            except TypeError:  # list models keep columnCount private: one column
                columns = 1
            for row in range(model.rowCount(parent)):
                for column in range(columns):
                    index = model.index(row, column, parent)
                    tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
                    if isinstance(tip, str) and _hostile(tip) and _renders_rich(tip):
                        problems.append(f"{type(view).__name__} item tooltip: {tip[:100]}")
                    if column == 0 and model.rowCount(index) > 0:
                        pending.append(index)
    return problems


@pytest.fixture
def hostile_window(qtbot, tmp_path, trap_server, monkeypatch):
    """The main window on a library of articles full of markup, showing their event."""
    monkeypatch.setenv("VIEWER_DATA_DIR", str(tmp_path / "userdata"))
    base, requests = trap_server
    folder = tmp_path / "library"
    folder.mkdir()
    for n in range(2):
        (folder / f"markup{n}.txt").write_text(_markup_article(base, n), encoding="utf-8")
        (folder / f"page{n}.html").write_text(hostile_page(base, n), encoding="utf-8")
    (folder / "<i>INJECTED name.txt").write_bytes(b"")  # shown in the error banner
    from viewer.ui.app import create_main_window

    window = create_main_window([str(folder)])
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitUntil(lambda: window.library is not None, timeout=180_000)
    assert len(window.library.articles) == 4 and len(window.library.errors) == 1
    with qtbot.waitSignal(window.comparisonShown, timeout=60_000):  # aligned in a worker thread
        window.show_event(window.library.event_of(str(folder / "markup0.txt")).id)
    yield window, requests
    window.close()


@pytest.mark.gui
def test_window_shows_hostile_articles_as_plain_text_and_fetches_nothing(hostile_window, tmp_path):
    window, requests = hostile_window
    shown = "\n".join(column.browser.toPlainText() for column in window.view.columns)
    assert '<img src="' in shown and "<b>INJECTED</b>" in shown  # the markup is there, as characters
    banner = window.banner.label.text()  # the unreadable file is named, with the reason
    assert window.banner.isVisible() and "INJECTED name.txt" in banner and "file is empty" in banner
    window.grab().save(str(tmp_path / "hostile_window.png"))
    assert _markup_in_text_and_labels(window) == []
    assert requests == []


@pytest.mark.gui
def test_tooltips_show_article_markup_as_plain_text(hostile_window):
    window, _ = hostile_window
    assert _markup_in_tooltips(window) == []


def test_word_vectors_load_from_the_installed_files_without_the_network(no_sockets, monkeypatch):
    """Alignment's word vectors come from the wordllama wheel's files, read directly.

    Its own loader would download a tokenizer it cannot find; this one must neither
    connect, nor import the package (whose code holds that download path), nor read
    anything from the hub's cache or environment.
    """
    from viewer.analysis import embeddings

    monkeypatch.setenv("HF_HUB_OFFLINE", "0")  # a hub client allowed online must still not be used
    monkeypatch.setattr(embeddings, "_loaded", False)
    monkeypatch.setattr(embeddings, "_embedder", None)
    before = set(sys.modules)
    embedder = embeddings.get_embedder()
    assert embedder is not None, "wordllama (a declared dependency) is not installed"
    vectors = embedder.embed(["The two presidents spoke by phone about trade.",
                              "The leaders held a telephone call on trade.",
                              "Heavy rain flooded the valley overnight."])
    assert vectors.shape == (3, embedder.dim)
    assert float(vectors[0] @ vectors[1]) > float(vectors[0] @ vectors[2]) + 0.1
    imported = set(sys.modules) - before
    assert not any(m == "wordllama" or m.startswith(("wordllama.", "requests", "huggingface_hub"))
                   for m in imported), sorted(imported)
    assert no_sockets == []
