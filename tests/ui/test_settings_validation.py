"""Settings and the state file as the window reads them back: wrong types, absurd values and
damaged files fall back to defaults (and are reported), never an exception at start-up."""
from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QSettings

pytestmark = pytest.mark.gui

HOSTILE = {
    "window/geometry": "not bytes",
    "window/state": 12345,
    "view/sync_scroll": [1, 2],
    "view/theme": ["dark"],
    "view/hide_boilerplate": {"a": 1},
    "library/paths": ["a\0b", "x" * 10_000],
    "library/recent": ["y" * 10_000, 7, "\0"],
    "library/last_dir": "\0",
    "library/event": ["e"],
    "export/page_size": ["A3"],
    "export/folder": 3.5,
}


@pytest.mark.parametrize("key", sorted(HOSTILE))
def test_a_hostile_setting_falls_back_to_its_default(qtbot, tmp_path, monkeypatch, key):
    from viewer.ui.app import startup_paths
    from viewer.ui.export_dialog import remembered_setup
    from viewer.ui.main_window import MainWindow

    monkeypatch.setenv("VIEWER_DATA_DIR", str(tmp_path / "data"))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue(key, HOSTILE[key])
    settings.sync()
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window._fill_recent_menu()
    assert all(len(p) < 5000 and "\0" not in p for p in window.recent_paths())
    assert "\0" not in window._last_dir()
    assert remembered_setup(settings, 2).page_size in ("A4", "Letter")
    assert startup_paths([], settings)  # falls back to the bundled seeds


@pytest.mark.parametrize("content", [
    '{"version": 1, "links": ' + "[" * 100_000 + "]" * 100_000 + "}",
    '{"version": 1' + "0" * 5000 + "}",
    '{"version": 1, "links": [{"a": {"hash": "h", "paragraph": 0, "span": "xy"}, '
    '"b": {"hash": "g", "paragraph": 1}, "linked": true}]}',
    '{"version": 1, "encodings": {"/a.txt": "undefined"}}',
])
def test_a_damaged_state_file_does_not_stop_the_window(qtbot, tmp_path, monkeypatch, content):
    from viewer.ui.main_window import MainWindow

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "state.json").write_text(content, encoding="utf-8")
    monkeypatch.setenv("VIEWER_DATA_DIR", str(tmp_path / "data"))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.state.problems and list((tmp_path / "data").glob("state.json.corrupt-*"))
    assert window.state.encodings() == {} and window.state.manual_links() == []


def test_a_state_save_error_is_shown_not_raised(qtbot, tmp_path, monkeypatch):
    from viewer.ui.main_window import MainWindow
    from viewer.model import Article, ArticleMeta

    monkeypatch.setenv("VIEWER_DATA_DIR", str(tmp_path / "data"))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.state._meta.append({"hash": "h", "path": "/b", "fields": {"title": {1, 2}}})
    window.state.set_meta(Article("/a", "Text.", ArticleMeta(), [], "ha"), "title", "T")
    assert window.state.problems and "could not be saved" in window.state.problems[-1]
    assert json.loads((tmp_path / "data" / "state.json").read_text())["articles"][0]["meta"] == {"title": "T"}
