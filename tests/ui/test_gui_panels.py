"""The library, entities and topics panels, driven as a user would (pytest-qt, offscreen)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QMenu

from conftest import in_copy, seed
from viewer.analysis.dates import article_date
from viewer.library.library import Library
from viewer.analysis.topics import library_topics, topic_by_name
from viewer.ui.entities_panel import SORT_ROLE, STATUS_ROLE, EntitiesPanel
from viewer.ui.library_panel import (DATE_COLUMN, KEY_ROLE, OUTLET_COLUMN, TITLE_COLUMN, ArticleDetailsDialog,
                                     LibraryPanel)
from viewer.ui.topics_panel import HIGHLIGHT_COLOUR, TOPIC_ROLE, TopicPassagesView, TopicsPanel
from viewer.library.userstate import UserState
from viewer.compare.comparison import compare_paths

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def seed_library(seed_paths) -> Library:
    """The seeds, opened once; tests that edit use ``library_copy`` instead."""
    return Library.open(seed_paths)


def _open(folder: Path, state_path: Path) -> tuple[Library, UserState]:
    state = UserState.load(state_path)
    library = Library.open(sorted(str(p) for p in folder.glob("*.txt")), encodings=state.encodings())
    state.apply_to_library(library)
    return library, state


def _panel(qtbot, library: Library, state: UserState) -> LibraryPanel:
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.set_library(library, state)
    panel.resize(600, 400)
    panel.show()
    return panel


def _menu_action(menu: QMenu, text: str):
    for action in menu.actions():
        if action.text() == text or (action.menu() and action.menu().title() == text):
            return action
    raise AssertionError(f"no action {text!r} in {[a.text() for a in menu.actions()]}")


def _edit_cell(qtbot, panel: LibraryPanel, path: str, column: int, text: str) -> None:
    """Start editing like F2 does, replace the text, press Enter."""
    index = panel.index_of(path, column)
    panel.tree.setCurrentIndex(index)
    panel.tree.setFocus()
    qtbot.keyClick(panel.tree, Qt.Key_F2)
    assert panel.tree.state() == QAbstractItemView.EditingState
    # a closed editor of an earlier edit may linger until deleted: take the open one
    editor = next(e for e in panel.tree.findChildren(QLineEdit) if e.isVisible())
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key_Return)
    # the delegate commits on the next turn of the event loop
    qtbot.waitUntil(lambda: panel.tree.state() != QAbstractItemView.EditingState)


# ----------------------------------------------------------------------- library panel

def test_library_panel_lists_events_and_their_articles(qtbot, seed_library, tmp_path):
    panel = _panel(qtbot, seed_library, UserState.load(tmp_path / "state.json"))
    proxy = panel.proxy
    assert proxy.rowCount() == len(seed_library.events)
    shown = [proxy.index(c, 0, proxy.index(r, 0)).data(KEY_ROLE)
             for r in range(proxy.rowCount()) for c in range(proxy.rowCount(proxy.index(r, 0)))]
    assert sorted(shown) == sorted(a.path for a in seed_library.articles)
    first_event = proxy.index(0, 0).data()
    assert seed_library.events[0].label.split(",")[0] in first_event and "article" in first_event
    # missing values read "unknown", in grey italics
    missing = next(a for a in seed_library.articles if not a.meta.outlet)
    cell = panel.index_of(missing.path, OUTLET_COLUMN)
    assert cell.data() == "unknown" and cell.data(Qt.FontRole).italic()
    # the tooltip tells how the file was decoded
    assert "Encoding: utf-8" in panel.index_of(missing.path).data(Qt.ToolTipRole)


def test_title_edited_in_place_is_saved_and_shown_after_reopening(qtbot, library_copy, tmp_path):
    state_path = tmp_path / "state.json"
    library, state = _open(library_copy, state_path)
    panel = _panel(qtbot, library, state)
    path = in_copy(library_copy, "003")
    with qtbot.waitSignal(panel.libraryEdited):
        _edit_cell(qtbot, panel, path, TITLE_COLUMN, "Biden and Xi speak for 90 minutes")
    assert panel.last_edit == "meta"
    saved = json.loads(state_path.read_text(encoding="utf-8"))
    assert saved["articles"][0]["meta"] == {"title": "Biden and Xi speak for 90 minutes"}

    reopened, fresh_state = _open(library_copy, state_path)
    fresh = _panel(qtbot, reopened, fresh_state)
    assert fresh.index_of(path, TITLE_COLUMN).data() == "Biden and Xi speak for 90 minutes"

    # and the user can go back to what the file says
    original = library.article(path)
    fresh.select_paths([path])
    with qtbot.waitSignal(fresh.libraryEdited):
        _menu_action(fresh.context_menu(), "Restore values from the file").trigger()
    assert fresh.index_of(path, TITLE_COLUMN).data() == fresh_state.original_meta(original).title != \
        "Biden and Xi speak for 90 minutes"
    assert UserState.load(state_path).overrides(original) == {}


def test_a_bad_date_is_refused_with_a_clear_message(qtbot, library_copy, tmp_path):
    library, state = _open(library_copy, tmp_path / "state.json")
    panel = _panel(qtbot, library, state)
    path = in_copy(library_copy, "002")
    _edit_cell(qtbot, panel, path, DATE_COLUMN, "09/10/2021")
    assert panel.message.isVisible() and "YYYY-MM-DD" in panel.message.text()
    assert library.article(path).meta.published is None
    assert panel.index_of(path, DATE_COLUMN).data() == "unknown"
    with qtbot.waitSignal(panel.libraryEdited):
        _edit_cell(qtbot, panel, path, DATE_COLUMN, "2021-09-10")
    assert panel.index_of(path, DATE_COLUMN).data() == "2021-09-10"
    assert not panel.message.isVisible()


def test_moving_an_article_from_the_context_menu_persists(qtbot, library_copy, tmp_path):
    state_path = tmp_path / "state.json"
    library, state = _open(library_copy, state_path)
    panel = _panel(qtbot, library, state)
    mover, member = in_copy(library_copy, "000"), in_copy(library_copy, "002")
    target = library.event_of(member)
    panel.select_paths([mover])
    menu = panel.context_menu()
    submenu = _menu_action(menu, "Move to event").menu()
    action = next(a for a in submenu.actions() if a.text().startswith(target.label))
    with qtbot.waitSignal(panel.libraryEdited):
        action.trigger()
    assert panel.last_edit == "events"
    assert library.event_of(mover) is library.event_of(member)
    assert panel.proxy.rowCount() == len(library.events)

    reopened, fresh_state = _open(library_copy, state_path)
    assert reopened.event_of(mover) is reopened.event_of(member)
    fresh = _panel(qtbot, reopened, fresh_state)
    parent = fresh.index_of(mover).parent()
    assert parent == fresh.index_of(member).parent() and fresh.proxy.rowCount(parent) == 3


def test_new_event_from_selection_and_merge(qtbot, library_copy, tmp_path):
    library, state = _open(library_copy, tmp_path / "state.json")
    panel = _panel(qtbot, library, state)
    a, b = in_copy(library_copy, "002"), in_copy(library_copy, "003")
    events_before = len(library.events)
    panel.select_paths([b])
    with qtbot.waitSignal(panel.libraryEdited):
        _menu_action(panel.context_menu(), "New event from selection").trigger()
    assert len(library.events) == events_before + 1 and library.event_of(a) is not library.event_of(b)

    panel.select_events([library.event_of(a).id, library.event_of(b).id])
    merge = _menu_action(panel.context_menu(), "Merge selected events")
    assert merge.isEnabled()
    with qtbot.waitSignal(panel.libraryEdited):
        merge.trigger()
    assert len(library.events) == events_before and library.event_of(a) is library.event_of(b)


def test_filter_box_keeps_matching_articles_only(qtbot, seed_library, tmp_path):
    panel = _panel(qtbot, seed_library, UserState.load(tmp_path / "state.json"))
    wanted = next(a for a in seed_library.articles if a.meta.outlet)
    qtbot.keyClicks(panel.filter_box, wanted.meta.outlet.upper())
    visible = [i.data(KEY_ROLE) for i in panel._article_indexes()]
    assert wanted.path in visible
    assert all(seed_library.article(p).meta.outlet == wanted.meta.outlet for p in visible)
    assert panel.proxy.rowCount() == 1  # only the event holding it
    panel.filter_box.clear()
    assert len(panel._article_indexes()) == len(seed_library.articles)


def test_details_dialog_edits_authors_and_dateline(qtbot, library_copy, tmp_path):
    state_path = tmp_path / "state.json"
    library, state = _open(library_copy, state_path)
    panel = _panel(qtbot, library, state)
    path = in_copy(library_copy, "004")
    panel.select_paths([path])
    details = _menu_action(panel.context_menu(), "Edit details…")
    details.trigger()
    dialog = panel.findChild(ArticleDetailsDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.authors.setText("Ana Li and Bo Chen")
    dialog.dateline.setText("WASHINGTON")
    dialog.published.setText("tomorrow")
    dialog.accept()
    assert dialog.isVisible() and "YYYY-MM-DD" in dialog.message.text()
    dialog.published.setText("")
    with qtbot.waitSignal(panel.libraryEdited):
        dialog.accept()
    assert library.article(path).meta.authors == ["Ana Li", "Bo Chen"]
    reopened, _ = _open(library_copy, state_path)
    assert reopened.article(path).meta.dateline == "WASHINGTON"


def test_reopen_with_encoding_is_recorded_and_announced(qtbot, library_copy, tmp_path):
    state_path = tmp_path / "state.json"
    library, state = _open(library_copy, state_path)
    panel = _panel(qtbot, library, state)
    path = in_copy(library_copy, "001")
    panel.select_paths([path])
    submenu = _menu_action(panel.context_menu(), "Reopen with encoding").menu()
    assert [a.text() for a in submenu.actions()][:6] == ["utf-8", "utf-16", "cp1252", "gb18030", "big5",
                                                          "shift_jis"]
    assert next(a for a in submenu.actions() if a.text() == "utf-8").isChecked()
    with qtbot.waitSignal(panel.libraryEdited):
        next(a for a in submenu.actions() if a.text() == "cp1252").trigger()
    assert panel.last_edit == "encoding" and panel.reload_paths == [path]
    reopened, fresh_state = _open(library_copy, state_path)
    assert fresh_state.encodings() == {path: "cp1252"}
    assert reopened.article(path).encoding == "cp1252"
    assert "chosen by you" in _panel(qtbot, reopened, fresh_state).index_of(path).data(Qt.ToolTipRole)


def test_activating_rows_emits_event_and_articles(qtbot, seed_library, tmp_path):
    panel = _panel(qtbot, seed_library, UserState.load(tmp_path / "state.json"))
    event_index = panel.proxy.index(0, 0)
    with qtbot.waitSignal(panel.eventActivated) as blocker:
        panel.tree.activated.emit(event_index)
    assert blocker.args == [seed_library.events[0].id]
    a, b = seed("002"), seed("003")
    panel.select_paths([a, b])
    with qtbot.waitSignal(panel.articlesActivated) as blocker:
        _menu_action(panel.context_menu(), "Compare selected articles").trigger()
    assert sorted(blocker.args[0]) == sorted([a, b])
    _menu_action(panel.context_menu(), "Copy file paths").trigger()
    assert QApplication.clipboard().text().splitlines() == blocker.args[0]


def test_right_click_acts_on_the_row_under_the_mouse_the_menu_key_on_the_selection(qtbot, seed_library, tmp_path):
    panel = _panel(qtbot, seed_library, UserState.load(tmp_path / "state.json"))
    shown = []
    panel.exec_menu = lambda menu, where: shown.append([a.text() for a in menu.actions()])
    first, other = seed("002"), seed("000")
    panel.select_paths([first])
    viewport = panel.tree.viewport()
    keyboard = QContextMenuEvent(QContextMenuEvent.Keyboard, QPoint(2, 2), viewport.mapToGlobal(QPoint(2, 2)))
    QApplication.sendEvent(viewport, keyboard)
    assert panel.selected_paths() == [first] and shown
    where = panel.tree.visualRect(panel.index_of(other)).center()
    QApplication.sendEvent(viewport, QContextMenuEvent(QContextMenuEvent.Mouse, where, viewport.mapToGlobal(where)))
    assert panel.selected_paths() == [other] and len(shown) == 2


def test_library_panel_screenshot(qtbot, seed_library, tmp_path):
    panel = _panel(qtbot, seed_library, UserState.load(tmp_path / "state.json"))
    image = panel.grab()
    assert image.save(str(tmp_path / "panel-library.png")) and image.width() > 100


def test_a_narrow_library_panel_gives_the_title_room(qtbot, seed_library, tmp_path):
    panel = _panel(qtbot, seed_library, UserState.load(tmp_path / "state.json"))
    assert not panel.tree.isColumnHidden(DATE_COLUMN)
    panel.resize(260, 400)
    qtbot.waitUntil(lambda: panel.tree.isColumnHidden(DATE_COLUMN))
    assert panel.tree.columnWidth(TITLE_COLUMN) > panel.tree.columnWidth(OUTLET_COLUMN)
    article = seed_library.articles[0]
    assert (article.meta.published or "undated") in panel.index_of(article.path).data(Qt.ToolTipRole)
    panel.resize(600, 400)
    qtbot.waitUntil(lambda: not panel.tree.isColumnHidden(DATE_COLUMN))


# ----------------------------------------------------------------------- entities panel

@pytest.fixture(scope="module")
def seed_comparison(seed_library):
    return compare_paths(seed_library, [seed("001"), seed("002"), seed("003")])


@pytest.fixture()
def entities_panel(qtbot, seed_comparison) -> EntitiesPanel:
    panel = EntitiesPanel()
    qtbot.addWidget(panel)
    panel.set_comparison(seed_comparison)
    panel.resize(700, 400)
    panel.show()
    return panel


def test_clicking_an_entity_emits_its_key(qtbot, entities_panel):
    table = entities_panel.table
    index = entities_panel.proxy.index(0, 0)
    key = entities_panel.visible_keys()[0]
    with qtbot.waitSignal(entities_panel.entityActivated) as blocker:
        qtbot.mouseClick(table.viewport(), Qt.LeftButton, pos=table.visualRect(index).center())
    assert blocker.args == [key]
    table.setCurrentIndex(entities_panel.proxy.index(1, 0))
    with qtbot.waitSignal(entities_panel.entityActivated) as blocker:
        qtbot.keyClick(table, Qt.Key_Return)
    assert blocker.args == [entities_panel.visible_keys()[1]]


def test_type_filter_hides_other_rows(qtbot, entities_panel):
    everything = entities_panel.visible_keys()
    entities_panel.set_type_filter("People")
    people = entities_panel.visible_keys()
    assert people and len(people) < len(everything)
    assert all(k.startswith("PERSON:") for k in people)
    assert "PERSON:xi jinping" in people
    entities_panel.set_type_filter("Numbers & dates")
    assert all(k.split(":")[0] in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL")
               for k in entities_panel.visible_keys())
    entities_panel.set_type_filter("All")
    qtbot.keyClicks(entities_panel.text_filter, "jinping")
    assert entities_panel.visible_keys() == ["PERSON:xi jinping"]


def test_cells_show_counts_forms_and_omissions(qtbot, entities_panel):
    model = entities_panel.model
    comparison = entities_panel.comparison
    row = next(r for r, e in enumerate(model.entities)
               if 0 < sum(1 for a in comparison.articles if a.path in e.mentions) < len(comparison.articles))
    entity = model.entities[row]
    for column, article in enumerate(comparison.articles, start=2):
        cell = model.index(row, column)
        mentions = entity.mentions.get(article.path, [])
        if mentions:
            assert cell.data() == str(len(mentions))
            assert all(f"“{form}”" in cell.data(Qt.ToolTipRole) for form in entity.surface_forms(article.path))
        else:
            assert cell.data(STATUS_ROLE) == "missing" and cell.data() == "—"
            assert cell.data(Qt.BackgroundRole) is not None and "does not mention" in cell.data(Qt.ToolTipRole)
    entities_panel.differences_only.setChecked(True)
    assert all(any(a.path not in model.entities[r].mentions for a in comparison.articles)
               for r in range(model.rowCount()) if model.entities[r].key in entities_panel.visible_keys())


def test_entities_sort_by_an_article_column(qtbot, entities_panel):
    entities_panel.table.sortByColumn(3, Qt.DescendingOrder)
    counts = [entities_panel.proxy.index(r, 3).data(SORT_ROLE) for r in range(entities_panel.proxy.rowCount())]
    assert counts == sorted(counts, reverse=True) and counts[0] > 0


def test_entities_panel_screenshot(qtbot, entities_panel, tmp_path):
    assert entities_panel.grab().save(str(tmp_path / "panel-entities.png"))


# ----------------------------------------------------------------------- topics

def test_topics_of_the_event_come_first(qtbot, seed_library):
    panel = TopicsPanel()
    qtbot.addWidget(panel)
    event = seed_library.event_of(seed("002"))
    panel.set_library(seed_library, event.id)
    texts = [panel.list.item(i).text() for i in range(panel.list.count())]
    library_header = next(i for i, t in enumerate(texts) if t.startswith("Whole library"))
    event_topics = [panel.list.item(i).data(TOPIC_ROLE) for i in range(1, library_header)]
    members = [seed_library.article(p) for p in event.articles]
    assert event_topics and all(any(topic_by_name(t).pattern.search(a.text) for a in members)
                                for t in event_topics)
    assert "Taiwan" in panel.topics()[len(event_topics):]
    first_item = panel.list.item(0)
    assert "This event" in first_item.text() and not first_item.flags() & Qt.ItemIsSelectable
    item = next(panel.list.item(i) for i in range(panel.list.count()) if panel.list.item(i).data(TOPIC_ROLE))
    with qtbot.waitSignal(panel.topicActivated) as blocker:
        qtbot.mouseClick(panel.list.viewport(), Qt.LeftButton, pos=panel.list.visualItemRect(item).center())
    assert blocker.args == [item.data(TOPIC_ROLE)]
    with qtbot.waitSignal(panel.topicActivated) as blocker:
        qtbot.keyClicks(panel.query, "South China Sea")
        qtbot.keyClick(panel.query, Qt.Key_Return)
    assert blocker.args == ["South China Sea"]


def test_choosing_taiwan_shows_passages_from_several_articles_in_date_order(qtbot, seed_library, tmp_path):
    topics = TopicsPanel()
    view = TopicPassagesView()
    qtbot.addWidget(topics)
    qtbot.addWidget(view)
    topics.topicActivated.connect(lambda name: view.show_topic(seed_library, name))
    topics.set_library(seed_library, None)
    item = next(topics.list.item(i) for i in range(topics.list.count())
                if topics.list.item(i).data(TOPIC_ROLE) == "Taiwan")
    topics.list.setCurrentItem(item)
    qtbot.keyClick(topics.list, Qt.Key_Return)
    columns = view.columns()
    assert len(columns) >= 3
    dates = [article_date(seed_library.article(p)) or (seed_library.event_of(p).date or "9999") for p in columns]
    assert dates == sorted(dates)
    for path in columns:
        assert "taiwan" in view.column_text(path).lower() or "taipei" in view.column_text(path).lower()
        assert HIGHLIGHT_COLOUR in view.column_html(path)
    header = view.header_text(columns[0])
    article = seed_library.article(columns[0])
    assert (article.meta.outlet or "unknown outlet") in header
    view.resize(1100, 500)
    view.show()
    assert view.grab().save(str(tmp_path / "panel-topic-passages.png"))


def test_passage_marker_click_reports_article_and_paragraph(qtbot, seed_library):
    view = TopicPassagesView()
    qtbot.addWidget(view)
    view.show_topic(seed_library, "Taiwan")
    path = view.columns()[0]
    browser = view._columns[path]
    html = view.column_html(path)
    assert "para:" in html
    paragraph = int(html.split("para:", 1)[1].split("\"", 1)[0].split("'", 1)[0])
    with qtbot.waitSignal(view.passageActivated) as blocker:
        browser.anchorClicked.emit(QUrl(f"para:{paragraph}"))
    assert blocker.args == [path, paragraph]


def test_unknown_words_make_an_ad_hoc_topic(qtbot, seed_library):
    view = TopicPassagesView()
    qtbot.addWidget(view)
    view.show_topic(seed_library, "no such words anywhere")
    assert view.columns() == [] and "No article" in view.summary.text()


def test_topic_counts_match_the_core(qtbot, seed_library):
    panel = TopicsPanel()
    qtbot.addWidget(panel)

    def listed() -> list[tuple[str, int]]:
        items = [panel.list.item(i) for i in range(panel.list.count())]
        return [(item.data(TOPIC_ROLE), int(item.text().rsplit("—", 1)[1].split(" of ")[0]))
                for item in items if item.data(TOPIC_ROLE)]

    whole = library_topics(seed_library.articles)
    for event in seed_library.events:
        members = [seed_library.article(p) for p in event.articles]
        panel.set_library(seed_library, event.id)
        assert listed() == library_topics(members) + whole
