"""The export dialog flow (File ▸ Export): file choice, page setup, errors, cancel."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pytestqt")
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QDialog, QFileDialog, QMainWindow, QMessageBox, QProgressDialog  # noqa: E402

from conftest import seed  # noqa: E402
from viewer.export.pdf import PageSetup  # noqa: E402
from viewer.library.library import Library  # noqa: E402
from viewer.ui import export_dialog  # noqa: E402
from viewer.ui.export_dialog import (PageSetupDialog, default_file_name, export_comparison,  # noqa: E402
                                     remembered_setup, slug)
from viewer.compare.comparison import compare_paths

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def pair():
    library = Library.open([seed("002"), seed("003")])
    return compare_paths(library, [a.path for a in library.articles])


@pytest.fixture
def window(qtbot, tmp_path):
    main = QMainWindow()
    main.settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    qtbot.addWidget(main)
    return main


@pytest.fixture
def save_as(monkeypatch):
    """Answer the save dialog with the path given via ``save_as.answer``; record what it was asked."""
    class Answer:
        answer = ""
        asked: list = []

    def fake(parent, caption, suggested, file_filter):
        Answer.asked.append((caption, suggested, file_filter))
        return Answer.answer, file_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    return Answer


@pytest.fixture
def accept_page_setup(monkeypatch):
    monkeypatch.setattr(PageSetupDialog, "exec", lambda self: QDialog.DialogCode.Accepted)


def test_slug_and_default_name(pair):
    assert slug("Biden – Xi call, 2021-09-09") == "biden-xi-call-2021-09-09"
    assert slug("<>:") == "comparison"
    name = default_file_name(pair, "pdf")
    assert name.endswith(".pdf") and "/" not in name and " " not in name


def test_pdf_export_writes_the_file_and_remembers_the_setup(pair, window, save_as, accept_page_setup, tmp_path):
    save_as.answer = str(tmp_path / "event")  # no suffix typed: it is added
    written = export_comparison(window, pair, "pdf")
    assert written == str(tmp_path / "event.pdf")
    assert Path(written).read_bytes().startswith(b"%PDF-")
    caption, suggested, file_filter = save_as.asked[-1]
    assert "PDF" in caption and suggested.endswith(default_file_name(pair, "pdf")) and "*.pdf" in file_filter
    assert "event.pdf" in window.statusBar().currentMessage()
    assert window.settings.value("export/folder") == str(tmp_path)
    assert window.settings.value("export/page_size") == "A4"


def test_page_setup_defaults_and_choices(qtbot, window):
    assert remembered_setup(window.settings, 2) == PageSetup("A4", False)
    assert remembered_setup(window.settings, 6) == PageSetup("A4", True)  # many columns: landscape
    dialog = PageSetupDialog(window, remembered_setup(window.settings, 2), 2)
    qtbot.addWidget(dialog)
    dialog.size_box.setCurrentText("Letter")
    dialog.landscape.setChecked(True)
    assert dialog.setup() == PageSetup("Letter", True)
    export_dialog.remember_setup(window.settings, dialog.setup(), 2)
    assert remembered_setup(window.settings, 2) == PageSetup("Letter", True)
    assert remembered_setup(window.settings, 6) == PageSetup("Letter", True)


def test_html_export_needs_no_page_setup(pair, window, save_as, tmp_path, monkeypatch):
    monkeypatch.setattr(PageSetupDialog, "exec", lambda self: pytest.fail("HTML asked for a page setup"))
    save_as.answer = str(tmp_path / "event.html")
    assert export_comparison(window, pair, "html") == str(tmp_path / "event.html")
    assert "<!DOCTYPE html>" in (tmp_path / "event.html").read_text(encoding="utf-8")


def test_cancelling_the_file_dialog_does_nothing(pair, window, save_as, tmp_path):
    save_as.answer = ""
    assert export_comparison(window, pair, "pdf") is None
    assert list(tmp_path.glob("*.pdf")) == []


def test_unwritable_folder_shows_a_message_naming_it(pair, window, save_as, accept_page_setup, tmp_path,
                                                     monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda parent, title, text: shown.append(text)))
    target = tmp_path / "gone" / "event.pdf"
    save_as.answer = str(target)
    assert export_comparison(window, pair, "pdf") is None
    assert len(shown) == 1 and str(tmp_path / "gone") in shown[0]
    assert not target.parent.exists()


def test_cancel_during_export_leaves_no_file(pair, window, save_as, accept_page_setup, tmp_path, monkeypatch):
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)
    save_as.answer = str(tmp_path / "event.pdf")
    assert export_comparison(window, pair, "pdf") is None
    assert list(tmp_path.iterdir()) == [tmp_path / "settings.ini"] or list(tmp_path.glob("*.pdf")) == []
    assert not any(p.suffix in (".pdf", ".part") for p in tmp_path.iterdir())
    assert "cancelled" in window.statusBar().currentMessage()


def test_single_article_comparison_exports_the_article(window, save_as, accept_page_setup, tmp_path):
    library = Library.open([seed("004")])
    comparison = compare_paths(library, [library.articles[0].path])
    save_as.answer = str(tmp_path / "one.pdf")
    assert export_comparison(window, comparison, "pdf") == str(tmp_path / "one.pdf")
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(str(tmp_path / "one.pdf")).pages)
    assert "Names, numbers and dates" in text
