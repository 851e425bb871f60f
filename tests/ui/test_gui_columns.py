"""Columns under the reader's control: reference, order, hidden columns, zoom, compact mode."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.gui


@pytest.fixture
def window_size():
    """Wide enough for four readable columns side by side (compact mode at 1,600 pixels)."""
    return (1600, 1000)


def _columns(win) -> list[str]:
    return [c.article.path for c in win.view.columns]


def _compare_all(win, qtbot) -> list[str]:
    paths = sorted(a.path for a in win.library.articles)
    with qtbot.waitSignal(win.comparisonShown, timeout=60_000):
        win.compare_paths(paths)
    return paths


def test_header_menu_makes_a_reference_moves_and_hides(qtbot, window):
    paths = _compare_all(window, qtbot)
    menu = window.view.column_menu(2)
    actions = {a.text(): a for a in menu.actions()}
    with qtbot.waitSignal(window.comparisonShown, timeout=60_000):
        actions["Make Reference Column"].trigger()
    assert _columns(window) == [paths[2], paths[0], paths[1], *paths[3:]]
    assert "reference" in window.view.columns[0].header.text()
    with qtbot.waitSignal(window.comparisonShown, timeout=60_000):
        window.view.columnsRequested.emit(window.view.reordered(1, "right"))
    assert _columns(window)[1:3] == [paths[1], paths[0]]
    with qtbot.waitSignal(window.comparisonShown, timeout=60_000):
        window.view.columnsRequested.emit(window.view.reordered(0, "hide"))
    assert paths[2] not in _columns(window) and len(_columns(window)) == len(paths) - 1
    assert not window.view.column_menu(0).actions()[0].isEnabled()  # column A is already the reference


def test_columns_menu_hides_and_shows_articles_of_the_event(qtbot, window):
    event = max(window.library.events, key=lambda e: len(e.articles))
    with qtbot.waitSignal(window.comparisonShown, timeout=60_000):
        window.show_event(event.id)
    shown = _columns(window)
    window._fill_columns_menu()
    entries = [a for a in window.columns_menu.actions() if a.isCheckable()]
    assert len(entries) == len(event.articles) and all(a.isChecked() for a in entries)
    with qtbot.waitSignal(window.comparisonShown, timeout=60_000):
        entries[-1].setChecked(False)
    assert _columns(window) == shown[:-1]
    with qtbot.waitSignal(window.comparisonShown, timeout=60_000):
        window.show_event(event.id)  # the choice holds for the event
    assert _columns(window) == shown[:-1]
    with qtbot.waitSignal(window.comparisonShown, timeout=60_000):
        window.show_all_columns()
    assert sorted(_columns(window)) == sorted(shown)


def test_zoom_changes_the_text_size_and_is_remembered(qtbot, window):
    size = window.view.columns[0].browser.document().defaultFont().pointSizeF()
    window.zoom_in_action.trigger()
    window.zoom_in_action.trigger()
    assert window.view.columns[0].browser.document().defaultFont().pointSizeF() == size + 2
    assert int(window.settings.value("view/zoom")) == 2
    window.zoom_reset_action.trigger()
    assert window.view.columns[0].browser.document().defaultFont().pointSizeF() == size


def test_compact_mode_keeps_four_columns_readable_at_1600_pixels(qtbot, window):
    _compare_all(window, qtbot)  # five articles
    qtbot.waitUntil(lambda: window.view.columns[0].width() > 0)
    viewport = window.view._columns_scroll.viewport().width()
    used = sum(c.minimumWidth() for c in window.view.columns[:4]) + \
        sum(g.width() for g in window.view.gutters[:3])
    assert used <= viewport
    assert all(c.width() >= 170 for c in window.view.columns)
    window.compact_action.trigger()  # off: wider gutters and columns
    assert all(g.width() == 56 for g in window.view.gutters)
