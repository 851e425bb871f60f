"""File ▸ Export ▸ PDF…/HTML…: pick a file (and for PDF a page setup), export, report.

The export itself is ``viewer.export``; this module only asks, shows progress with a
Cancel button, and turns failures into a message that names the folder. A cancelled
or failed export leaves no file behind (the export writes to a temporary file and
renames it into place).
"""
from __future__ import annotations

import os
import re
import warnings
from pathlib import Path
from typing import Callable, Optional

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (QApplication, QButtonGroup, QComboBox, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QLabel, QMessageBox, QProgressDialog, QRadioButton,
                               QVBoxLayout, QWidget)

from .. import APP_DIR_NAME, APP_NAME
from ..analysis.pipeline import Cancelled
from ..export import default_landscape
from ..export.files import source_conflict, target_problem
from ..export.layout import article_info, document_title
from ..export.pdf import PAGE_SIZES, MissingGlyphsWarning, PageSetup
from .settings_values import bool_value, text_value

FORMATS = {"pdf": ("PDF", "PDF documents (*.pdf)"), "html": ("HTML", "HTML pages (*.html *.htm)")}
SETTINGS_FILE = "settings.ini"  # the window's settings file when VIEWER_DATA_DIR is set


def settings_for(parent: Optional[QWidget]) -> QSettings:
    """The window's settings when it has them, else the same store it would use."""
    found = getattr(parent, "settings", None)
    if isinstance(found, QSettings):
        return found
    override = os.environ.get("VIEWER_DATA_DIR")
    if override:
        Path(override).mkdir(parents=True, exist_ok=True)
        return QSettings(str(Path(override) / SETTINGS_FILE), QSettings.Format.IniFormat)
    return QSettings(APP_DIR_NAME, APP_NAME)


def slug(text: str, limit: int = 60) -> str:
    """A file-name-safe version of a title: "Biden – Xi call, 2021-09-09" -> "biden-xi-call-2021-09-09"."""
    words = re.findall(r"[^\W_]+", text.lower())
    name = "-".join(words)[:limit].strip("-")
    return name or "comparison"


def default_file_name(comparison, fmt: str) -> str:
    infos = [article_info(a, n) for n, a in enumerate(comparison.articles)]
    if len(infos) == 1:
        title = infos[0].title
    else:
        title, date = document_title(comparison, infos)
        if date and date not in title:
            title = f"{title} {date}"
    return f"{slug(title)}.{fmt}"


class PageSetupDialog(QDialog):
    """Paper size and orientation for a PDF export."""

    def __init__(self, parent: Optional[QWidget], setup: PageSetup, columns: int) -> None:
        super().__init__(parent)
        self.setWindowTitle("PDF page setup")
        self.size_box = QComboBox()
        self.size_box.addItems(list(PAGE_SIZES))
        self.size_box.setCurrentText(setup.page_size)
        self.portrait = QRadioButton("&Portrait")
        self.landscape = QRadioButton("&Landscape")
        group = QButtonGroup(self)
        group.addButton(self.portrait)
        group.addButton(self.landscape)
        (self.landscape if setup.landscape else self.portrait).setChecked(True)
        orientation = QHBoxLayout()
        orientation.addWidget(self.portrait)
        orientation.addWidget(self.landscape)
        form = QFormLayout()
        form.addRow("Paper &size:", self.size_box)
        form.addRow("Orientation:", orientation)
        hint = QLabel(f"{columns} article{'s' if columns != 1 else ''} side by side"
                      + (": landscape keeps the columns legible." if columns > 3 else "."))
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def setup(self) -> PageSetup:
        return PageSetup(self.size_box.currentText(), self.landscape.isChecked())


def _orientation_key(columns: int) -> str:
    # Remembered separately for few and many columns: a user who prints pairs in portrait
    # still wants a six-outlet comparison in landscape.
    return f"export/landscape_{'many' if default_landscape(columns) else 'few'}"


def remembered_setup(settings: QSettings, columns: int) -> PageSetup:
    size = text_value(settings, "export/page_size", "A4")
    landscape = bool_value(settings, _orientation_key(columns), default_landscape(columns))
    return PageSetup(size if size in PAGE_SIZES else "A4", landscape)


def remember_setup(settings: QSettings, setup: PageSetup, columns: int) -> None:
    settings.setValue("export/page_size", setup.page_size)
    settings.setValue(_orientation_key(columns), setup.landscape)


def choose_page_setup(parent: Optional[QWidget], settings: QSettings, columns: int) -> Optional[PageSetup]:
    """Ask for the page setup (defaults: the last choice); None when the user cancels."""
    dialog = PageSetupDialog(parent, remembered_setup(settings, columns), columns)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    setup = dialog.setup()
    remember_setup(settings, setup, columns)
    return setup


def _run_with_progress(parent: Optional[QWidget], label: str,
                       work: Callable[[Callable[[str, int, int], None], Callable[[], bool]], object]) -> None:
    """Run ``work(progress, cancelled)`` on the GUI thread with a busy cursor and a Cancel button.

    An export of even twenty articles takes about a second, so it stays on the GUI
    thread (Qt documents and PDF writers are simplest there) and keeps the window
    responsive by processing events between pages.
    """
    dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
    dialog.setWindowTitle("Exporting")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def progress(_stage: str, done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)
        QApplication.processEvents()

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        work(progress, dialog.wasCanceled)
    finally:
        QApplication.restoreOverrideCursor()
        dialog.close()
        dialog.deleteLater()


def _status(parent: Optional[QWidget], message: str) -> None:
    status_bar = getattr(parent, "statusBar", None)
    if callable(status_bar):
        status_bar().showMessage(message, 8000)


def export_comparison(parent: Optional[QWidget], comparison, fmt: str) -> Optional[str]:
    """Ask where to save ``comparison`` as ``fmt`` ("pdf" or "html"), export it, report.

    A comparison of one article exports that article with its entities highlighted.
    Returns the path written, or None when the user cancelled or the export failed.
    """
    from .. import export

    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    name, file_filter = FORMATS[fmt]
    settings = settings_for(parent)
    folder = text_value(settings, "export/folder", "") or str(Path.home())
    suggested = str(Path(folder) / default_file_name(comparison, fmt))
    path, _ = QFileDialog.getSaveFileName(parent, f"Export as {name}", suggested, file_filter)
    if not path:
        return None
    if not path.lower().endswith(f".{fmt}") and not (fmt == "html" and path.lower().endswith(".htm")):
        path += f".{fmt}"
    # Never write over an article: the compared ones, or any other file the window has open
    # (a saved .html article is one save-dialog click away from an HTML export's target).
    protect = [a.path for a in comparison.articles]
    library = getattr(parent, "library", None)
    if library is not None:
        protect += [a.path for a in library.articles] + [e.path for e in library.errors]
    source = source_conflict(path, protect)
    if source is not None:
        QMessageBox.critical(parent, "Export refused",
                             f"{path}\nis the source article\n{source}\n\nAn export never replaces "
                             "an article file. Choose another file name.")
        return None
    # Only a regular file or a new name: not a link, FIFO or device, nor a read-only file.
    problem = target_problem(path)
    if problem is not None:
        QMessageBox.critical(parent, "Export refused", f"{problem}.\n\nNothing was written.")
        return None
    columns = len(comparison.articles)
    setup = None
    if fmt == "pdf":
        setup = choose_page_setup(parent, settings, columns)
        if setup is None:
            return None
    single = columns == 1

    def work(progress, cancelled) -> None:
        if fmt == "pdf":
            assert setup is not None  # chosen above for a PDF
            if single:
                export.export_article_pdf(comparison, comparison.articles[0], path, setup.page_size, setup.landscape,
                                          progress=progress, cancelled=cancelled, protect=protect)
            else:
                export.export_pdf(comparison, path, setup.page_size, setup.landscape,
                                  progress=progress, cancelled=cancelled, protect=protect)
        elif single:
            export.export_article_html(comparison, comparison.articles[0], path, protect=protect)
        else:
            export.export_html(comparison, path, protect=protect)

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            _run_with_progress(parent, f"Writing {Path(path).name}…", work)
    except Cancelled:
        _status(parent, "Export cancelled; no file was written")
        return None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        QMessageBox.critical(parent, "Export failed",
                             f"The {name} file could not be written to\n{path}\n\n{reason}.\n\n"
                             "Choose another folder and try again.")
        return None
    notes = [str(w.message) for w in caught if issubclass(w.category, MissingGlyphsWarning)]
    if notes:
        QMessageBox.warning(parent, "Exported with missing characters", f"{path} was written, but\n\n" +
                            "\n".join(notes))
    settings.setValue("export/folder", str(Path(path).parent))
    _status(parent, f"Exported {Path(path).name} to {Path(path).parent}")
    return path
