"""Events and the library under the reader's control, through the window's menus."""
from __future__ import annotations

import shutil

import pytest
from PySide6.QtWidgets import QMenu

from conftest import SEEDS

pytestmark = pytest.mark.gui

GOLD_A = "002_da053de626068850.txt"


def _action(menu: QMenu, text: str):
    for action in menu.actions():
        if action.text() == text or (action.menu() and action.menu().title() == text):
            return action
    raise AssertionError(f"no {text!r} in {[a.text() for a in menu.actions()]}")


def test_an_event_row_can_be_renamed_and_redated(qtbot, window, monkeypatch):
    panel = window.library_panel
    event = window.library.event_of(str(window.folder / GOLD_A))
    with qtbot.waitSignal(window.comparisonShown, timeout=60_000):
        window.show_event(event.id)
    panel.select_events([event.id])
    menu = panel.context_menu()
    for text in ("Rename event…", "Change event date…", "Merge selected events"):
        assert _action(menu, text) is not None
    assert _action(menu, "Rename event…").isEnabled() and _action(menu, "Change event date…").isEnabled()
    answers = iter(["Autumn call of the two presidents", "2021-09-09"])
    monkeypatch.setattr(panel, "ask_text", lambda *args: next(answers))
    with qtbot.waitSignal(window.comparisonShown, timeout=60_000):
        _action(menu, "Rename event…").trigger()
    with qtbot.waitSignal(window.comparisonShown, timeout=60_000):
        _action(panel.context_menu(), "Change event date…").trigger()
    renamed = window.library.event_of(str(window.folder / GOLD_A))
    assert (renamed.label, renamed.date) == ("Autumn call of the two presidents", "2021-09-09")
    assert "Autumn call of the two presidents" in window.event_combo.currentText()
    assert window.windowTitle().startswith("Autumn call of the two presidents")


def test_an_article_can_be_removed_and_restored(qtbot, window):
    panel = window.library_panel
    gone = str(window.folder / GOLD_A)
    count = len(window.library.articles)
    panel.select_paths([gone])
    _action(panel.context_menu(), "Remove from library").trigger()
    assert len(window.library.articles) == count - 1 and (window.folder / GOLD_A).exists()
    assert not panel.index_of(gone).isValid()
    with qtbot.waitSignal(window.libraryLoaded, timeout=120_000):
        window.restore_removed()
    assert len(window.library.articles) == count


def test_opening_a_folder_replaces_the_bundled_sample_and_new_library_empties(qtbot, open_window, tmp_path):
    from viewer.bundle import default_seeds
    win = open_window([default_seeds()])
    assert win.showing_sample()
    # the sample may be listed before its loading ends; the libraryLoaded awaited below is the folder's
    qtbot.waitUntil(lambda: not win.loader.is_busy(), timeout=120_000)
    mine = tmp_path / "mine"
    mine.mkdir()
    shutil.copy(SEEDS / GOLD_A, mine)
    with qtbot.waitSignal(win.libraryLoaded, timeout=120_000):
        win.add_paths([str(mine)])  # what Open Files and a drop do
    assert [a.name for a in win.library.articles] == [GOLD_A] and not win.showing_sample()
    win.new_library()
    assert win.library.articles == [] and win.paths == [] and win.event_combo.count() == 0
