"""Application setup: QApplication, names for QSettings, icon, theme, the main window."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional, Sequence, cast

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from .. import APP_DIR_NAME, APP_NAME, __version__
from ..bundle import bundle_root, default_seeds
from .settings_values import path_exists, paths_value, text_value

ORGANIZATION = APP_DIR_NAME
SETTINGS_FILE = "settings.ini"


def icon_path() -> Path:
    """The application icon, next to the package or inside a frozen bundle."""
    return bundle_root() / "resources" / "icons" / "app.svg"


def ensure_application(argv: Optional[Sequence[str]] = None) -> QApplication:
    """The QApplication, created once with the names QSettings and the desktop use."""
    # The analysis and alignment threads run Python code too: with the default 5 ms GIL
    # switch interval every Python callback of a paint (link bands, overview) can wait
    # 5 ms for the interpreter, and a repaint makes dozens of them.
    sys.setswitchinterval(0.001)
    # instance() is typed as the QCoreApplication base; the viewer only ever makes a QApplication
    app = cast(Optional[QApplication], QApplication.instance())
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else "comparison-viewer", *(argv or [])])
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_DIR_NAME)
    icon = icon_path()
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def make_settings() -> QSettings:
    """Window and option settings.

    With ``VIEWER_DATA_DIR`` set (tests, portable use) they live in an INI file
    there, so a test run never touches the user's real configuration.
    """
    override = os.environ.get("VIEWER_DATA_DIR")
    if override:
        Path(override).mkdir(parents=True, exist_ok=True)
        return QSettings(str(Path(override) / SETTINGS_FILE), QSettings.Format.IniFormat)
    return QSettings(ORGANIZATION, APP_NAME)


def create_main_window(paths: Sequence[str]):
    """A main window that starts opening ``paths`` in the background (not yet shown)."""
    from .main_window import MainWindow
    from .palette import apply_theme

    app = ensure_application()
    settings = make_settings()
    apply_theme(app, text_value(settings, "view/theme", "system"))
    window = MainWindow(settings)
    if paths:
        window.open_paths([str(p) for p in paths])
    return window


def startup_paths(argv: Sequence[str], settings: QSettings) -> list[str]:
    """What to open: the command-line paths, else the last library, else the bundled seeds."""
    if argv:
        return [str(p) for p in argv]
    existing = [p for p in paths_value(settings, "library/paths") if path_exists(p)]
    if existing:
        return existing
    return [str(default_seeds())]


def run(argv: Sequence[str]) -> int:
    """``python -m viewer [PATH...]``: open the window and run the event loop."""
    argv = list(argv)
    missing = [p for p in argv if not Path(p).exists()]
    for path in missing:
        print(f"error: {path}: no such file or folder", file=sys.stderr)
    if missing:
        return 2
    app = ensure_application()
    window = create_main_window(startup_paths(argv, make_settings()))
    window.show()
    return app.exec()
