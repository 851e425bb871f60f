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

from viewer.library import Library

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
</article></body></html>"""


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


def test_loading_and_comparing_hostile_pages_makes_no_request(tmp_path, trap_server, no_sockets):
    base, requests = trap_server
    paths = []
    for n in range(2):
        path = tmp_path / f"page{n}.html"
        path.write_text(hostile_page(base, n), encoding="utf-8")
        paths.append(str(path))
    entity_page = tmp_path / "entities.xhtml"
    entity_page.write_text(xhtml_with_entities(base), encoding="utf-8")
    paths.append(str(entity_page))

    library = Library.open(paths, use_cache=False)
    assert not library.errors, library.errors
    comparison = library.compare(paths)
    for link in comparison.all_links():
        assert link.diff is not None
    for article in library.articles:
        assert "LEAKED" not in article.text and base not in article.text
    assert requests == [] and no_sockets == []

    with urllib.request.urlopen(f"{base}/control") as response:  # the trap does record requests
        response.read()
    assert requests == ["/control"]


def test_cli_compare_on_hostile_pages_makes_no_request(tmp_path, trap_server):
    base, requests = trap_server
    paths = []
    for n in range(2):
        path = tmp_path / f"page{n}.html"
        path.write_text(hostile_page(base, n), encoding="utf-8")
        paths.append(str(path))
    run = subprocess.run([sys.executable, "-m", "viewer", "compare", *paths, "--json", "--no-cache"],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert len(data["articles"]) == 2 and data["alignments"][0]["pairs"]
    assert requests == []
