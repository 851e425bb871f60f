"""The sources table: every article on a row, sortable, filterable, several rows edited at once."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

pytestmark = pytest.mark.gui


@pytest.fixture
def window_size():
    """Room for every column of the sources table."""
    return (1600, 1000)


def test_every_article_is_a_row_and_the_filter_narrows_them(qtbot, window):
    table = window.sources_table
    assert table.proxy.rowCount() == len(window.library.articles)
    outlet = next(a.meta.outlet for a in window.library.articles if a.meta.outlet)
    qtbot.keyClicks(table.filter_box, outlet.lower())
    assert 1 <= table.proxy.rowCount() < len(window.library.articles)
    assert "of 5 articles" in table.count_label.text()


def test_an_edit_applies_to_every_selected_row_and_is_kept(qtbot, window, tmp_path):
    table = window.sources_table
    window.tabs.setCurrentWidget(table)
    paths = [a.path for a in window.library.articles[:3]]
    table.select_paths(paths)
    index = table.index_of(paths[0], "outlet")
    table.table.selectionModel().setCurrentIndex(index, table.table.selectionModel().SelectionFlag.NoUpdate)
    qtbot.keyClick(table.table, Qt.Key_F2)
    editor = table.table.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "Harbour Daily Record")
    with qtbot.waitSignal(window.comparisonShown, timeout=60_000):
        qtbot.keyClick(editor, Qt.Key_Return)
    assert [window.library.article(p).meta.outlet for p in paths] == ["Harbour Daily Record"] * 3
    assert window.tabs.currentWidget() is table  # the reader stays where they were editing
    # the library panel shows the correction too, and it is saved beside the library
    assert window.library_panel.index_of(paths[0], 1).data() == "Harbour Daily Record"
    assert "Harbour Daily Record" in (tmp_path / "userdata" / "state.json").read_text()


def test_a_bad_date_is_refused_with_the_reason(qtbot, window):
    table = window.sources_table
    path = window.library.articles[0].path
    before = window.library.article(path).meta.published
    assert not table.set_field([path], "published", "next Tuesday")
    assert "YYYY-MM-DD" in table.message.text() and window.library.article(path).meta.published == before


def test_columns_sort_by_value(qtbot, window):
    table = window.sources_table
    table.table.sortByColumn(0, Qt.AscendingOrder)
    values = [table.proxy.index(r, 0).data(Qt.UserRole + 2) for r in range(table.proxy.rowCount())]
    assert values == sorted(values)
