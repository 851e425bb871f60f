"""The real main window, offscreen: open, compare, navigate, search, link, errors.

The ``window`` and ``open_window`` fixtures (tests/ui/conftest.py) close every window they open."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from conftest import SEEDS, close_window

pytestmark = pytest.mark.gui

GOLD_A, GOLD_B = "002_da053de626068850.txt", "003_0ca16b3c0b738ea6.txt"


def show_gold_event(window, qtbot):
    event = window.library.event_of(str(window.folder / GOLD_A))
    assert event is not None and str(window.folder / GOLD_B) in event.articles
    with qtbot.waitSignal(window.comparisonShown, timeout=60_000):
        window.show_event(event.id)  # the alignment runs in the background
    return event


def test_seeds_open_and_gold_pairs_are_linked_between_the_columns(qtbot, window, gold):
    assert len(window.library.articles) == 5
    show_gold_event(window, qtbot)
    view = window.view
    names = [Path(c.article.path).name for c in view.columns]
    assert sorted(names) == [GOLD_A, GOLD_B]
    # each column shows its article's text
    for column in view.columns:
        first_body = column.article.body_paragraphs[0]
        assert column.article.paragraph_text(first_body)[:40] in column.browser.toPlainText()
    links = view.comparison.links
    pairs = set()
    for (a, _b), pair_links in links.items():
        for link in pair_links:
            if Path(a).name == GOLD_A:
                pairs.add((link.a_paragraph, link.b_paragraph))
            else:
                pairs.add((link.b_paragraph, link.a_paragraph))
    sure = {tuple(p) for p in gold["alignments"][0]["sure"]}
    assert sure <= pairs
    # and the gutter draws one band per link
    assert len(view.gutters) == 1
    assert view.gutters[0].band_count() == len(pairs)
    qtbot.waitUntil(lambda: len(view.gutters[0].visible_bands()) > 0, timeout=5000)


def test_shortcut_steps_through_differences(qtbot, window):
    show_gold_event(window, qtbot)
    view = window.view
    assert len(view.differences) > 3
    view.columns[0].browser.setFocus()
    qtbot.keyClick(view.columns[0].browser, Qt.Key.Key_F7)
    assert view.current == 0
    qtbot.keyClick(view.columns[0].browser, Qt.Key.Key_F7)
    assert view.current == 1
    assert window.difference_label.text() == f"Difference 2 of {len(view.differences)}"
    qtbot.keyClick(view.columns[0].browser, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert view.current == 0
    qtbot.keyClick(view.columns[0].browser, Qt.Key.Key_F7, Qt.KeyboardModifier.ShiftModifier)
    assert view.current == len(view.differences) - 1  # wraps around
    # the current difference's passage is scrolled into view and listed as current
    difference = view.differences[view.current]
    column = view.columns[difference.column]
    top, bottom = column.paragraph_rect(difference.paragraph)
    scroll = column.browser.verticalScrollBar().value()
    assert bottom > scroll and top < scroll + column.browser.viewport().height()
    assert window.change_list.currentRow() == view.current


def test_synchronized_scrolling_follows_links_and_can_be_turned_off(qtbot, window):
    show_gold_event(window, qtbot)
    view = window.view
    left, right = view.columns
    left_bar, right_bar = left.browser.verticalScrollBar(), right.browser.verticalScrollBar()
    assert window.sync_action.isChecked()
    left_bar.setValue(left_bar.maximum() // 2)
    assert right_bar.value() > 0
    right_bar.setValue(0)
    assert left_bar.value() < left_bar.maximum() // 2  # and back
    window.sync_action.trigger()
    assert not view.sync_scroll
    before = right_bar.value()
    left_bar.setValue(left_bar.maximum())
    assert right_bar.value() == before


def test_find_searches_every_column(qtbot, window):
    show_gold_event(window, qtbot)
    view = window.view
    window.find_action.trigger()
    assert view.find_bar.isVisible()
    qtbot.keyClicks(view.find_bar.edit, "Xi")
    expected = sum(c.browser.toPlainText().count("Xi") for c in view.columns)
    assert len(view._matches) == expected > 0
    assert {m.column for m in view._matches} == {0, 1}
    assert all(c.layer("search") for c in view.columns)
    qtbot.keyClick(view.find_bar.edit, Qt.Key.Key_Return)
    assert "Match 1 of" in view.find_bar.status.text()
    qtbot.keyClick(view.find_bar.edit, Qt.Key.Key_Escape)
    assert not view.find_bar.isVisible()
    assert not any(c.layer("search") for c in view.columns)


def test_clicking_an_entity_marks_its_mentions_in_every_column(qtbot, window):
    show_gold_event(window, qtbot)
    view, panel = window.view, window.entities_panel
    assert panel.comparison is not view.comparison  # filled only once its tab is shown
    window.entities_dock.raise_()
    qtbot.waitUntil(lambda: panel.comparison is view.comparison, timeout=5000)
    key = view.comparison.entities.resolve("Xi Jinping")
    assert key and panel.select_entity(key)
    index = panel.table.currentIndex()
    rect = panel.table.visualRect(index)
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    entity = view.comparison.entities.by_key[key]
    for column in view.columns:
        selections = column.layer("entity")
        assert len(selections) == len(entity.mentions[column.article.path]) > 0
        texts = {s.cursor.selectedText() for s in selections}
        assert all("Xi" in t or "Jinping" in t for t in texts), texts
    assert "Xi Jinping" in window.statusBar().currentMessage()


def test_choosing_a_topic_shows_its_passages_across_events(qtbot, window):
    show_gold_event(window, qtbot)
    panel = window.topics_panel
    assert "Taiwan" in panel.topics()
    from viewer.ui.topics_panel import TOPIC_ROLE
    row = next(i for i in range(panel.list.count()) if panel.list.item(i).data(TOPIC_ROLE) == "Taiwan")
    rect = panel.list.visualItemRect(panel.list.item(row))
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.tabs.currentWidget() is window.topic_view
    shown = window.topic_view._order
    assert len(shown) >= 3  # Taiwan is discussed in four seeds of three events
    events = {window.library.event_of(p).id for p in shown}
    assert len(events) >= 2


def test_activating_an_event_in_the_library_panel_compares_its_articles(qtbot, window):
    event = window.library.event_of(str(window.folder / GOLD_A))
    with qtbot.waitSignal(window.comparisonShown):
        window.library_panel.eventActivated.emit(event.id)
    assert sorted(window.view.comparison.paths) == sorted(event.articles)
    assert window.library_panel.selected_event_ids() == [event.id]


def test_manual_link_persists_after_restarting_the_window(qtbot, window, open_window):
    show_gold_event(window, qtbot)
    view = window.view
    a, b = view.columns[0].article, view.columns[1].article
    a_par = view.comparison.unmatched(a.path)[0]
    b_par = view.comparison.unmatched(b.path)[0]
    link = view.link_passages(0, a_par, 1, b_par)
    assert link is not None and link.manual
    assert a_par not in view.comparison.unmatched(a.path)
    assert any(o.link.manual for o in view.gutters[0]._links)
    # unlink an automatic link too
    automatic = next(link for link in view.comparison.all_links() if not link.manual)
    removed = (automatic.a_path, automatic.a_paragraph, automatic.b_path, automatic.b_paragraph)
    assert view.unlink(automatic)
    close_window(window)

    again = open_window([window.folder])
    again.folder = window.folder
    show_gold_event(again, qtbot)
    comparison = again.view.comparison
    manual = [link for link in comparison.all_links() if link.manual]
    assert [(Path(link.a_path).name, link.a_paragraph, Path(link.b_path).name, link.b_paragraph)
            for link in manual] == [(Path(a.path).name, a_par, Path(b.path).name, b_par)]
    assert not any((link.a_path, link.a_paragraph, link.b_path, link.b_paragraph) == removed
                   for link in comparison.all_links())


def test_bad_files_are_reported_and_the_rest_loads(qtbot, open_window, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name in (GOLD_A, GOLD_B):
        shutil.copy(SEEDS / name, folder / name)
    (folder / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (folder / "empty.txt").write_bytes(b"")
    window = open_window([folder])
    assert sorted(Path(a.path).name for a in window.library.articles) == [GOLD_A, GOLD_B]
    assert window.banner.isVisible()
    text = window.banner.label.text()
    assert "broken.txt" in text and "empty.txt" in text
    with qtbot.waitSignal(window.comparisonShown, timeout=60_000):
        window.compare_paths([a.path for a in window.library.articles])
    assert len(window.view.columns) == 2  # the good pair is compared anyway


def test_settings_and_options_persist(qtbot, window, open_window):
    window.sync_action.setChecked(False)
    window.boilerplate_action.setChecked(True)
    window.set_theme("dark")
    window.changes_dock.hide()
    close_window(window)
    again = open_window([window.folder], size=None)
    try:
        assert not again.sync_action.isChecked() and not again.view.sync_scroll
        assert again.boilerplate_action.isChecked() and again.view.hide_boilerplate
        assert again.theme_actions["dark"].isChecked()
        assert again.changes_dock.isHidden()  # window state (docks, toolbar) restored
        assert again.settings.value("window/geometry") is not None
        from viewer.ui.app import make_settings, startup_paths
        assert startup_paths([], make_settings()) == [str(window.folder)]
    finally:
        again.set_theme("system")  # the theme is application-wide: later tests start light


def test_hiding_boilerplate_removes_page_furniture_from_the_columns(qtbot, window, gold):
    show_gold_event(window, qtbot)
    column = next(c for c in window.view.columns if Path(c.article.path).name == GOLD_A)
    furniture = column.article.paragraphs[gold["boilerplate"][GOLD_A][0]]
    text = column.article.paragraph_text(furniture)[:30]
    assert text in column.browser.toPlainText()
    window.boilerplate_action.trigger()
    column = next(c for c in window.view.columns if Path(c.article.path).name == GOLD_A)
    assert text not in column.browser.toPlainText()


def test_dropped_files_are_added_and_remembered_as_recent(qtbot, open_window):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    window = open_window([SEEDS / GOLD_A])
    assert len(window.library.articles) == 1
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(SEEDS / GOLD_B))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    qtbot.waitUntil(lambda: len(window.library.articles) == 2, timeout=60_000)
    assert str(SEEDS / GOLD_B) in window.recent_paths()


def test_loading_can_be_cancelled(qtbot, open_window):
    window = open_window([], size=None, loaded=False)
    window.open_paths([str(SEEDS)])
    assert window.loader.is_busy() and window.cancel_action.isEnabled()
    with qtbot.waitSignal(window.loader.cancelled, timeout=5000):
        window.cancel_action.trigger()
    assert not window.loader.is_busy() and not window.progress.isVisible()
    assert "cancelled" in window.statusBar().currentMessage().lower()
    assert window.library is None


def test_many_columns_stay_readable_and_scroll_sideways(qtbot, open_window, tmp_path):
    from viewer.bench.corpus import generate_event
    from viewer.ui.comparison_view import MIN_COLUMN_WIDTH

    paths = generate_event(SEEDS, tmp_path / "nine", 9)
    window = open_window(paths, size=(1200, 800))
    with qtbot.waitSignal(window.comparisonShown, timeout=120_000):
        window.compare_paths([str(p) for p in paths])
    view = window.view
    assert len(view.columns) == 9
    qtbot.waitUntil(lambda: all(c.width() >= MIN_COLUMN_WIDTH for c in view.columns))
    scroll = view._columns_scroll.horizontalScrollBar()
    qtbot.waitUntil(lambda: scroll.maximum() > 0)  # nine readable columns do not fit 1,200 px
    scroll.setValue(scroll.maximum())
    last = view.columns[-1]
    assert last.visibleRegion().boundingRect().width() > MIN_COLUMN_WIDTH // 2
