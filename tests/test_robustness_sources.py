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
    comparison = library.compare([str(a), str(b)])
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
    comparison = library.compare([str(page)])
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
    comparison = window.library.compare([str(a), str(b)])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *args: (str(page), "")))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda parent, title, text: shown.append(text)))
    assert export_comparison(window, comparison, "html") is None
    assert shown and str(page) in shown[0]
    assert page.read_bytes() == before
