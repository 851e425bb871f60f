"""The event selector follows what the columns show; double-click opens; counts read right."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

pytestmark = pytest.mark.gui

GOLD_A, GOLD_B = "002_da053de626068850.txt", "003_0ca16b3c0b738ea6.txt"


def _menu_action(menu: QMenu, text: str):
    return next(a for a in menu.actions() if a.text() == text)


def _selector_matches_view(win) -> bool:
    shown = win.comparison.event.id if win.comparison and win.comparison.event else None
    return win.event_combo.currentData() == shown


def _show(win, qtbot, event_id: str) -> None:
    with qtbot.waitSignal(win.comparisonShown, timeout=60_000):
        win.show_event(event_id)


def test_selector_follows_the_view_after_a_merge(qtbot, window):
    library = window.library
    gold = library.event_of(str(window.folder / GOLD_A))
    # merge with an event listed after it, so the merged one is not simply the first row
    other = next(e for e in reversed(library.events) if e.id != gold.id)
    _show(window, qtbot, gold.id)
    panel = window.library_panel
    panel.select_events([gold.id, other.id])
    with qtbot.waitSignal(window.comparisonShown, timeout=60_000):
        _menu_action(panel.context_menu(), "Merge selected events").trigger()
    merged = library.event_of(str(window.folder / GOLD_A))
    assert window.comparison.event is not None and window.comparison.event.id == merged.id
    assert _selector_matches_view(window)
    assert merged.label in window.event_combo.currentText()


def test_selector_follows_the_view_after_editing_an_article(qtbot, window):
    library = window.library
    gold = library.event_of(str(window.folder / GOLD_A))
    _show(window, qtbot, gold.id)
    other = next(a for a in library.articles if a.path not in gold.articles)
    with qtbot.waitSignal(window.comparisonShown, timeout=60_000):
        window.state.set_meta(other, "outlet", "Harbour Daily Record")
        window.library_panel.libraryEdited.emit()
    assert _selector_matches_view(window)
    assert sorted(Path(c.article.path).name for c in window.view.columns) == [GOLD_A, GOLD_B]


def test_double_click_on_an_article_opens_it_instead_of_editing(qtbot, window):
    panel = window.library_panel
    path = str(window.folder / GOLD_A)
    target = panel.index_of(path)
    panel.tree.scrollTo(target)
    rect = panel.tree.visualRect(target)
    with qtbot.waitSignal(panel.articlesActivated) as opened:
        # as a mouse does it: press and release, then the double-click and its release
        qtbot.mouseClick(panel.tree.viewport(), Qt.LeftButton, pos=rect.center())
        qtbot.mouseDClick(panel.tree.viewport(), Qt.LeftButton, pos=rect.center())
        qtbot.mouseRelease(panel.tree.viewport(), Qt.LeftButton, pos=rect.center())
    assert opened.args[0] == [path]
    assert panel.tree.state() != panel.tree.State.EditingState


def test_one_article_is_counted_in_the_singular(qtbot, window):
    with qtbot.waitSignal(window.comparisonShown, timeout=60_000):
        window.compare_paths([str(window.folder / GOLD_A)])
    assert "Compared 1 article " in window.statusBar().currentMessage()


def test_selector_names_a_selection_across_events(qtbot, window):
    paths = sorted(a.path for a in window.library.articles)
    with qtbot.waitSignal(window.comparisonShown, timeout=60_000):
        window.compare_paths(paths)
    assert window.event_combo.currentIndex() == -1
    events = {window.library.event_of(p).id for p in paths}
    assert window.event_combo.placeholderText() == f"{len(paths)} articles from {len(events)} events"
