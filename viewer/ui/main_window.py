"""The main window: library loading, event choice, the comparison view and its docks."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable, Optional, Sequence, cast

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (QApplication, QComboBox, QDockWidget, QFileDialog, QFrame, QHBoxLayout, QLabel,
                               QMainWindow, QMessageBox, QProgressBar, QScrollArea, QStyle, QTabWidget, QToolButton,
                               QVBoxLayout, QWidget)

from .. import APP_NAME, __version__
from ..compare.comparison import Comparison, check, compare_paths
from ..analysis.entities import EntityIndex
from ..bundle import default_seeds
from ..library.index import LibraryIndex, open_index_folder
from ..library.library import Library
from ..model import LoadError, display_text
from ..library.userstate import UserState
from .change_list import ChangeList
from .key_differences_panel import KeyDifferencesPanel
from ..compare.key_differences import cached_key_differences
from .comparison_view import TICK_COLOURS, ComparisonView
from ..compare.column_order import default_order
from ..compare.differences import outlet_name, pair_links
from ..compare.diffing import link_diff
from .palette import THEMES, apply_theme
from .plaintext import counted, plain_tooltip, rich_escape
from .sources_table import SourcesTable
from ..untrusted import isolate
from .settings_values import bool_value, bytes_value, int_value, path_exists, paths_value, text_value
from .worker import STAGE_NAMES, BackgroundCalls, LibraryLoader

from .entities_panel import EntitiesPanel
from .library_panel import LibraryPanel
from .topics_panel import TopicPassagesView, TopicsPanel

MAX_RECENT = 10
ARTICLE_SUFFIXES = "Articles (*.txt *.md *.markdown *.html *.htm);;All files (*)"


class ErrorBanner(QFrame):
    """A non-blocking message above the comparison: files that could not be read."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("errorBanner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label, 1)
        close = QToolButton()
        close.setText("✕")
        close.setToolTip("Dismiss")
        close.clicked.connect(self.hide)
        layout.addWidget(close)
        self.setStyleSheet("#errorBanner { background: #fdecea; border: 1px solid #d9534f; }"
                           "#errorBanner QLabel { color: #5c1a16; }")
        self.hide()

    def show_errors(self, errors: Sequence[LoadError]) -> None:
        if not errors:
            self.hide()
            return
        files = [e for e in errors if e.kind == "file"]
        lines = [rich_escape(e.message) for e in errors if e.kind != "file"]
        if files:
            lines.append(f"<b>{len(files)} file{'s' if len(files) > 1 else ''} could not be read</b> "
                         "(the others are loaded):")
        for error in files[:8]:
            name = display_text(Path(error.path).name)
            message = error.message
            if message.startswith(error.path):  # the path is the reader's, not ours: isolate it
                message = isolate(display_text(error.path)) + message[len(error.path):]
            lines.append(f"• <b>{rich_escape(isolate(name))}</b> — {rich_escape(display_text(message))}")
        if len(files) > 8:
            lines.append(f"… and {len(files) - 8} more (see the status bar tooltip)")
        self.label.setText("<br>".join(lines))
        self.setToolTip(plain_tooltip("\n".join(f"{isolate(e.path)}: {e.message}" for e in errors)))
        self.show()


class MainWindow(QMainWindow):
    """Opens libraries in the background and shows one comparison at a time."""
    libraryLoaded = Signal(object)  # Library
    libraryListed = Signal(object)  # Library: events listed, full analyses still landing
    comparisonShown = Signal(object)  # Comparison

    def __init__(self, settings: QSettings, state: Optional[UserState] = None,
                 parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.state = state if state is not None else UserState.load()
        self.library: Optional[Library] = None
        self.comparison: Optional[Comparison] = None
        self.paths: list[str] = []
        self.last_compare_seconds = 0.0
        self._needs_default_layout = False
        self._entities_stale = False
        self._topics_stale = False
        self._topics_for: tuple[int, Optional[str]] = (0, None)
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self.setDockNestingEnabled(True)

        self.loader = LibraryLoader(self)
        self.loader.progress.connect(self._on_progress)
        self.loader.loaded.connect(self._on_loaded)
        self.loader.listed.connect(self._on_listed)
        self.loader.refined.connect(self._on_refined)
        self.loader.failed.connect(self._on_load_failed)
        self.loader.cancelled.connect(self._on_load_cancelled)
        self.loader.busyChanged.connect(self._on_busy)
        self.compare_calls = BackgroundCalls(self, threads=2)  # a superseded alignment ends beside the new one
        self.compare_calls.done.connect(self._on_compared)
        self.compare_calls.failed.connect(self._on_compare_failed)
        self._pending_reveal: Optional[tuple[str, int]] = None
        self._keep_tab = False
        self._column_choice: dict[str, list[str]] = {}  # event id -> the columns the reader chose
        self.last_render_seconds = 0.0

        self.view = ComparisonView()
        self.view.currentDifferenceChanged.connect(self._on_difference)
        self.view.differencesChanged.connect(self._on_differences)
        self.view.linkAdded.connect(self._on_link_added)
        self.view.linkRemoved.connect(self._on_link_removed)
        self.view.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.view.columnsRequested.connect(self.set_columns)
        self.banner = ErrorBanner()
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.banner)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.view, "Comparison")
        self.sources_table = SourcesTable()
        self.sources_table.articlesActivated.connect(self.compare_paths)
        self.sources_table.libraryEdited.connect(self._on_sources_edited)
        self.tabs.addTab(self.sources_table, "Sources")
        self.topic_view = TopicPassagesView() if TopicPassagesView is not None else None
        if self.topic_view is not None:
            self.tabs.addTab(self.topic_view, "Topic passages")
            self.topic_view.passageActivated.connect(self.show_passage)
        central_layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self._build_docks()
        self._build_actions()
        self._set_icons()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._restore_settings()

    # construction ----------------------------------------------------------------------------
    def _build_docks(self) -> None:
        self.change_list = ChangeList(TICK_COLOURS)
        self.change_list.differenceActivated.connect(self.view.go_to_difference)
        self.changes_dock = self._dock("Changes", "changesDock", self.change_list,
                                       Qt.DockWidgetArea.RightDockWidgetArea)
        self.key_panel = KeyDifferencesPanel()
        self.key_panel.spansActivated.connect(self.view.reveal_spans)
        self.key_dock = self._dock("Key differences", "keyDifferencesDock", self.key_panel,
                                   Qt.DockWidgetArea.RightDockWidgetArea)
        self.library_panel = LibraryPanel() if LibraryPanel is not None else None
        if self.library_panel is not None:
            self.library_panel.eventActivated.connect(self.show_event)
            self.library_panel.articlesActivated.connect(self.compare_paths)
            self.library_panel.libraryEdited.connect(self._on_library_edited)
            self.library_dock = self._dock("Library", "libraryDock", self.library_panel,
                                           Qt.DockWidgetArea.LeftDockWidgetArea)
        self.entities_panel = EntitiesPanel() if EntitiesPanel is not None else None
        if self.entities_panel is not None:
            self.entities_panel.entityActivated.connect(self.view.highlight_entity)
            # the table grows a column per article; a scroll area keeps the dock's width the user's choice
            entities_area = QScrollArea()
            entities_area.setWidget(self.entities_panel)
            entities_area.setWidgetResizable(True)
            entities_area.setFrameShape(QFrame.Shape.NoFrame)
            self.entities_dock = self._dock("Entities", "entitiesDock", entities_area,
                                            Qt.DockWidgetArea.RightDockWidgetArea)
            self.entities_dock.visibilityChanged.connect(lambda _visible: self._update_entities_panel())
        self.topics_panel = TopicsPanel() if TopicsPanel is not None else None
        if self.topics_panel is not None:
            self.topics_panel.topicActivated.connect(self.show_topic)
            self.topics_dock = self._dock("Topics", "topicsDock", self.topics_panel,
                                          Qt.DockWidgetArea.LeftDockWidgetArea)
            self.topics_dock.visibilityChanged.connect(lambda _visible: self._update_topics_panel())

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, text: str, slot, shortcut=None, tip: str = "", checkable: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(f"{tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
                              if shortcut is not None else tip)
        action.setCheckable(checkable)
        if checkable:
            action.toggled.connect(slot)
        else:
            action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        std = QKeySequence.StandardKey
        self.new_library_action = self._action("&New Library", self.new_library, std.New,
                                               "Start an empty library (your corrections are kept)")
        self.open_files_action = self._action("&Open Files…", self.choose_files, std.Open,
                                              "Add article files to the library")
        self.open_folder_action = self._action("Open &Folder…", self.choose_folder, "Ctrl+Shift+O",
                                               "Open a folder of articles as the library")
        self.add_folder_action = self._action("&Add Folder…", lambda: self.choose_folder(add=True), None,
                                              "Add every article of a folder to the library")
        self.restore_removed_action = self._action("Restore &Removed Articles", self.restore_removed, None,
                                                   "Bring back the articles you removed from the library")
        self.cancel_action = self._action("&Cancel Loading", self.loader.cancel, "Esc",
                                          "Stop analysing; the articles already loaded stay")
        self.cancel_action.setEnabled(False)
        self.cancel_compare_action = self._action("Cancel &Comparing", self.cancel_compare, None,
                                                  "Stop the comparison being prepared; the one shown stays")
        self.cancel_compare_action.setEnabled(False)
        self.quit_action = self._action("&Quit", self.close, std.Quit, "Quit the viewer")
        self.find_action = self._action("&Find…", self.view.open_find, std.Find, "Find text in every column")
        self.find_next_action = self._action("Find &Next", self.view.find_next, std.FindNext, "Next match")
        self.find_previous_action = self._action("Find Pre&vious", self.view.find_previous, std.FindPrevious,
                                                 "Previous match")
        self.link_action = self._action("&Link Passages", self.view.link_cursor_passages, "Ctrl+L",
                                        "Link the passages you last clicked in two columns")
        self.unlink_action = self._action("&Unlink Current Pair", self.unlink_current, "Ctrl+Shift+L",
                                          "Remove the link of the selected pair")
        self.next_action = self._action("&Next Difference", self.view.next_difference, ["F7", "Alt+Down"],
                                        "Go to the next difference")
        self.previous_action = self._action("&Previous Difference", self.view.previous_difference,
                                            ["Shift+F7", "Alt+Up"], "Go to the previous difference")
        self.sync_action = self._action("&Synchronized Scrolling", self._set_sync, "Ctrl+Shift+Y",
                                        "Scroll the other columns along, keeping linked passages level",
                                        checkable=True)
        self.boilerplate_action = self._action("Hide &Boilerplate", self._set_hide_boilerplate, "Ctrl+Shift+B",
                                               "Hide page furniture instead of dimming it", checkable=True)
        self.compact_action = self._action("&Compact Columns", self._set_compact, "Ctrl+Shift+M",
                                           "Narrow gutters and columns when four or more articles are compared",
                                           checkable=True)
        self.zoom_in_action = self._action("Zoom &In", lambda: self._zoom(+1), std.ZoomIn, "Larger text")
        self.zoom_out_action = self._action("Zoom &Out", lambda: self._zoom(-1), std.ZoomOut, "Smaller text")
        self.zoom_reset_action = self._action("&Actual Size", lambda: self._zoom(None), "Ctrl+0",
                                              "Text at its normal size")
        self.show_all_columns_action = self._action("Show &All Columns", self.show_all_columns, None,
                                                    "Show every article of the event again")
        self.about_action = self._action(f"&About {APP_NAME}", self.show_about, None, "Version and credits")
        self.theme_group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for theme in THEMES:
            action = QAction(theme.capitalize(), self, checkable=True)
            action.setData(theme)
            action.triggered.connect(lambda _checked=False, t=theme: self.set_theme(t))
            self.theme_group.addAction(action)
            self.theme_actions[theme] = action
        self.export_actions: list[QAction] = []
        from .export_dialog import export_comparison
        for fmt, label in (("pdf", "&PDF…"), ("html", "&HTML…")):
            action = self._action(label, lambda _c=False, f=fmt: self._export(f), None,
                                  f"Export the comparison as {fmt.upper()}")
            self.export_actions.append(action)
        self._export_function = export_comparison

    def _set_icons(self) -> None:
        """Standard icons of the current style, so the toolbar reads at a glance."""
        pixmap = QStyle.StandardPixmap
        style = self.style()
        for action, icon in ((self.open_files_action, pixmap.SP_DialogOpenButton),
                             (self.open_folder_action, pixmap.SP_DirOpenIcon),
                             (self.previous_action, pixmap.SP_ArrowUp),
                             (self.next_action, pixmap.SP_ArrowDown),
                             (self.find_action, pixmap.SP_FileDialogContentsView),
                             (self.cancel_action, pixmap.SP_BrowserStop),
                             (self.about_action, pixmap.SP_MessageBoxInformation)):
            action.setIcon(style.standardIcon(icon))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.new_library_action)
        file_menu.addAction(self.open_files_action)
        file_menu.addAction(self.open_folder_action)
        file_menu.addAction(self.add_folder_action)
        file_menu.addAction(self.restore_removed_action)
        file_menu.aboutToShow.connect(
            lambda: self.restore_removed_action.setEnabled(self.state.removed_count() > 0))
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        if self.export_actions:
            export_menu = file_menu.addMenu("&Export")
            for action in self.export_actions:
                export_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.cancel_action)
        file_menu.addAction(self.cancel_compare_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("&Edit")
        for action in (self.find_action, self.find_next_action, self.find_previous_action):
            edit_menu.addAction(action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.link_action)
        edit_menu.addAction(self.unlink_action)
        view_menu = bar.addMenu("&View")
        view_menu.addAction(self.next_action)
        view_menu.addAction(self.previous_action)
        view_menu.addSeparator()
        view_menu.addAction(self.sync_action)
        view_menu.addAction(self.boilerplate_action)
        self.columns_menu = view_menu.addMenu("Co&lumns")
        self.columns_menu.aboutToShow.connect(self._fill_columns_menu)
        view_menu.addAction(self.compact_action)
        for action in (self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action):
            view_menu.addAction(action)
        theme_menu = view_menu.addMenu("&Theme")
        for action in self.theme_actions.values():
            theme_menu.addAction(action)
        view_menu.addSeparator()
        panels_menu = view_menu.addMenu("&Panels")
        for dock in self.findChildren(QDockWidget):
            panels_menu.addAction(dock.toggleViewAction())
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.open_files_action)
        toolbar.addAction(self.open_folder_action)
        toolbar.addSeparator()
        toolbar.addWidget(QLabel(" Event: "))
        self.event_combo = QComboBox()
        self.event_combo.setMinimumContentsLength(34)
        self.event_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.event_combo.setToolTip("Compare the articles of an event")
        self.event_combo.activated.connect(self._on_event_combo)
        toolbar.addWidget(self.event_combo)
        toolbar.addSeparator()
        toolbar.addAction(self.previous_action)
        toolbar.addAction(self.next_action)
        toolbar.addSeparator()
        toolbar.addAction(self.sync_action)
        toolbar.addAction(self.boilerplate_action)
        toolbar.addAction(self.find_action)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.difference_label = QLabel()
        status.addPermanentWidget(self.difference_label)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.hide()
        status.addPermanentWidget(self.progress)
        self.cancel_button = QToolButton()
        self.cancel_button.setDefaultAction(self.cancel_action)
        self.cancel_button.setText("Cancel")
        self.cancel_button.hide()
        status.addPermanentWidget(self.cancel_button)
        self.cancel_compare_button = QToolButton()  # shown while "Comparing…"
        self.cancel_compare_button.setDefaultAction(self.cancel_compare_action)
        self.cancel_compare_button.setText("Cancel")
        self.cancel_compare_button.hide()
        status.addPermanentWidget(self.cancel_compare_button)

    # settings --------------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        geometry = bytes_value(self.settings, "window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1400, 860)
            self._needs_default_layout = True
        state = bytes_value(self.settings, "window/state")
        if state is not None:
            self.restoreState(state)
        self.sync_action.setChecked(bool_value(self.settings, "view/sync_scroll", True))
        self.view.set_sync_scroll(self.sync_action.isChecked())
        self.boilerplate_action.setChecked(bool_value(self.settings, "view/hide_boilerplate", False))
        self.compact_action.setChecked(bool_value(self.settings, "view/compact", True))
        self.view.compact = self.compact_action.isChecked()
        self.view.zoom = int_value(self.settings, "view/zoom", 0, -4, 10)
        theme = text_value(self.settings, "view/theme", "system")
        self.theme_actions.get(theme, self.theme_actions["system"]).setChecked(True)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._needs_default_layout:  # dock sizes only take once the window has its size
            self._needs_default_layout = False
            QTimer.singleShot(0, self._default_dock_layout)

    def _default_dock_layout(self) -> None:
        """First start: narrow panels, the comparison gets the room."""
        if self.entities_panel is not None:
            self.tabifyDockWidget(self.changes_dock, self.entities_dock)
            self.changes_dock.raise_()
        self.tabifyDockWidget(self.changes_dock, self.key_dock)
        self.key_dock.raise_()  # where the outlets disagree comes first
        left = [d for d in (getattr(self, "library_dock", None), getattr(self, "topics_dock", None)) if d]
        docks = [self.changes_dock] + left[:1]
        self.resizeDocks(docks, [340] + [240] * len(left[:1]), Qt.Orientation.Horizontal)

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("view/sync_scroll", self.sync_action.isChecked())
        self.settings.setValue("view/hide_boilerplate", self.boilerplate_action.isChecked())
        self.settings.setValue("view/compact", self.compact_action.isChecked())
        self.settings.setValue("view/zoom", self.view.zoom)
        self.settings.setValue("library/paths", list(self.paths))
        if self.comparison is not None and self.comparison.event is not None:
            self.settings.setValue("library/event", self.comparison.event.id)
        self.settings.sync()

    def recent_paths(self) -> list[str]:
        return paths_value(self.settings, "library/recent")

    def _remember_recent(self, paths: Sequence[str]) -> None:
        recent = [p for p in self.recent_paths() if p not in paths]
        recent = [str(p) for p in paths] + recent
        self.settings.setValue("library/recent", recent[:MAX_RECENT])

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_paths()
        if not recent:
            self.recent_menu.addAction("(none)").setEnabled(False)
            return
        for path in recent:
            action = self.recent_menu.addAction(path)
            action.setEnabled(path_exists(path))
            action.triggered.connect(lambda _c=False, p=path: self.add_paths([p]))
        self.recent_menu.addSeparator()
        self.recent_menu.addAction("Clear List", lambda: self.settings.setValue("library/recent", []))

    # opening ---------------------------------------------------------------------------------
    def open_paths(self, paths: Sequence[str]) -> None:
        """Replace the library with ``paths`` (files and folders); analysis runs in the background."""
        self.paths = [str(p) for p in paths]
        self._remember_recent(self.paths)
        self.banner.hide()
        self._load()

    def add_paths(self, paths: Sequence[str]) -> None:
        """Add files or folders to the current library (already analysed articles come from the cache).

        The bundled sample is only a first look: what the reader opens replaces it."""
        if self.showing_sample():
            self.open_paths(paths)
            return
        new = [str(p) for p in paths if str(p) not in self.paths]
        if not new:
            return
        self._remember_recent(new)
        self.paths = self.paths + new
        self._load()

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Open articles", self._last_dir(), ARTICLE_SUFFIXES)
        if files:
            self.settings.setValue("library/last_dir", str(Path(files[0]).parent))
            self.add_paths(files)

    def choose_folder(self, add: bool = False) -> None:
        """Open a folder as the library (a library per folder), or add it to the current one."""
        folder = QFileDialog.getExistingDirectory(self, "Add a folder of articles" if add else
                                                  "Open a folder of articles", self._last_dir())
        if folder:
            self.settings.setValue("library/last_dir", folder)
            if add:
                self.add_paths([folder])
            else:
                self.open_paths([folder])

    def showing_sample(self) -> bool:
        """True while the library is the bundled sample the app opens on first run."""
        sample = default_seeds().resolve()
        return bool(self.paths) and all(Path(p).resolve() == sample for p in self.paths)

    def new_library(self) -> None:
        """An empty library; open or drop articles into it."""
        if self.loader.is_busy():
            self.loader.cancel()
        self.paths = []
        self.settings.setValue("library/paths", [])
        self._on_loaded(Library([], [], {}, EntityIndex([])))
        self.statusBar().showMessage("New library: open files or a folder, or drop articles here", 10000)

    def restore_removed(self) -> None:
        self.state.restore_removed()
        if self.paths:
            self._load()

    def _last_dir(self) -> str:
        return text_value(self.settings, "library/last_dir", str(Path.home()))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_paths(paths)

    def _on_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.cancel_action.setEnabled(busy)
        if busy:
            self.progress.setRange(0, 0)
            self.progress.setFormat("Starting…")
            self.statusBar().showMessage("Opening the library…")

    def _on_progress(self, stage: str, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.progress.setFormat(f"{STAGE_NAMES.get(stage, stage)} %v/%m")

    def _on_load_failed(self, message: str) -> None:
        self.statusBar().showMessage(f"Could not open the library: {message}")
        self.banner.show_errors([LoadError(", ".join(self.paths), message)])

    def _on_load_cancelled(self) -> None:
        self.statusBar().showMessage("Loading cancelled", 8000)

    def _load(self) -> None:
        """Open ``self.paths`` in the background; an index folder (``viewer index --out``) opens its sources."""
        paths, index_path, cache_path = list(self.paths), None, None
        built = open_index_folder(paths[0]) if len(paths) == 1 else None
        if built is not None:
            paths, index_path, cache_path = built
        self._index_paths = (index_path, cache_path)
        self.loader.start(paths, encodings=self.state.encodings(), edits_key=self.state.edits_key(),
                          index_path=index_path, cache_path=cache_path)

    def _on_listed(self, library: Library) -> None:
        """Events from the first pass (or the index): browsable while the full analysis lands."""
        self._show_library(library, final=False)

    def _on_refined(self, paths: list) -> None:
        """The articles on screen have their full analysis now: compare them again."""
        if self.comparison is not None and self.library is not None and set(self.comparison.paths) <= set(paths):
            self.compare_paths(self.comparison.paths)

    def _remember_grouping(self, edited: bool = False) -> None:
        """Keep the grouping (with the reader's edits) in the library index, for an instant reopen."""
        if self.library is None or self.library.pending or not self.library.events:
            return
        if self.library.from_index and not edited:
            return  # the index has it already
        index = LibraryIndex(getattr(self, "_index_paths", (None, None))[0])
        try:
            self.library.remember(index, self.state.edits_key())
        finally:
            index.close()

    def _on_loaded(self, library: Library) -> None:
        self._show_library(library, final=True)

    def _show_library(self, library: Library, final: bool) -> None:
        if final and library is self.library:  # listed from the index, now complete: nothing moves
            self._remember_grouping()
            self.libraryLoaded.emit(library)
            return
        shown = list(self.comparison.paths) if (self.comparison is not None and self.library is not None
                                                and self.library.pending) else []
        self.compare_calls.invalidate()  # comparisons of the previous library are stale
        self._set_comparing(False)
        self.state.apply_to_library(library)
        self.library = library
        self.banner.show_errors(library.errors)
        for problem in self.state.problems:
            self.statusBar().showMessage(problem, 15000)
        unreadable = sum(1 for e in library.errors if e.kind == "file")
        bad = f", {unreadable} unreadable" if unreadable else ""
        self.statusBar().showMessage(f"Loaded {counted(len(library.articles), 'article')} in "
                                     f"{counted(len(library.events), 'event')}{bad}",
                                     10000)
        self._fill_events()
        if self.library_panel is not None:
            self.library_panel.set_library(library, self.state)
        # The Sources tab is filled in the next turn of the event loop: filling it with a big
        # library in the same turn as the library panel held the GUI thread twice as long.
        self._sources_stale = True
        QTimer.singleShot(0, self._fill_sources)
        self._set_topics_event(None)
        if final:
            self._remember_grouping()
            self.libraryLoaded.emit(library)
        else:
            self.libraryListed.emit(library)
        if shown:  # the reader was reading an event of the first pass: stay with those articles
            best = max(library.events, key=lambda e: len(set(e.articles) & set(shown)), default=None)
            if best is not None and set(best.articles) & set(shown):
                self.show_event(best.id)
                return
        wanted = text_value(self.settings, "library/event", "")
        event = next((e for e in library.events if e.id == wanted), None)
        if event is None:  # first open: the largest event that still reads comfortably side by side
            comfortable = [e for e in library.events if len(e.articles) <= 6] or library.events
            event = max(comfortable, key=lambda e: (len(e.articles), e.date or ""), default=None)
        if event is not None:
            self.show_event(event.id)
        else:
            self.show_comparison(None)

    def _fill_sources(self) -> None:
        if getattr(self, "_sources_stale", False):
            self._sources_stale = False
            self.sources_table.set_library(self.library, self.state)

    def _on_sources_edited(self, kind: str) -> None:
        if self.library_panel is not None and self.library is not None and kind != "encoding":
            self.library_panel.set_library(self.library, self.state)
        self._library_edited(kind)

    def _on_library_edited(self) -> None:
        """The library panel changed metadata, events or a file's encoding."""
        kind = self.library_panel.last_edit if self.library_panel is not None else "meta"
        if kind != "encoding":
            self.sources_table.set_library(self.library, self.state)
        self._library_edited(kind)

    def _library_edited(self, kind: str) -> None:
        if self.library is None:
            return
        self._keep_tab = True  # the comparison is redone under the table the reader is editing
        if kind != "encoding":
            self._remember_grouping(edited=True)
        if kind == "encoding":
            self.statusBar().showMessage("Reloading with the chosen encoding…")
            self._load()
            return
        self._fill_events()
        self._set_topics_event(self.comparison.event.id if self.comparison and self.comparison.event else None,
                               force=True)
        if self.comparison is not None:
            # the same articles stay on screen, even when their event was merged or split
            paths = [p for p in self.comparison.paths if _has(self.library, p)]
            if paths:
                self.compare_paths(paths)

    def _fill_events(self) -> None:
        self.event_combo.blockSignals(True)
        self.event_combo.clear()
        for event in self.library.events if self.library else []:
            count = len(event.articles)
            self.event_combo.addItem(f"{event.label} ({counted(count, 'article')})", event.id)
        self.event_combo.blockSignals(False)
        self._sync_event_combo()

    def _sync_event_combo(self) -> None:
        """Show in the selector the event on screen (none when the columns mix events), without
        asking for it again: after a merge or an edit the list is rebuilt under the view."""
        shown = self.comparison.event.id if self.comparison is not None and self.comparison.event else None
        index = self.event_combo.findData(shown) if shown else -1
        self.event_combo.blockSignals(True)
        self.event_combo.setCurrentIndex(index)
        self.event_combo.blockSignals(False)
        # Shown while no event is selected: what the columns hold instead.
        self.event_combo.setPlaceholderText(self._selection_summary() if self.comparison is not None
                                            else "Choose an event")

    def _selection_summary(self) -> str:
        """ "5 articles from 4 events": the columns of a comparison chosen across events."""
        assert self.comparison is not None
        paths = [a.path for a in self.comparison.articles]
        events = {e.id for e in (self.library.event_of(p) if self.library else None for p in paths) if e}
        return f"{counted(len(paths), 'article')} from {counted(len(events), 'event')}" if events \
            else counted(len(paths), "article")

    def _on_event_combo(self, index: int) -> None:
        event_id = self.event_combo.itemData(index)
        if event_id:
            self.show_event(event_id)

    # showing ---------------------------------------------------------------------------------
    def show_event(self, event_id: str) -> None:
        """Compare the articles of one event."""
        if self.library is None:
            return
        event = next((e for e in self.library.events if e.id == event_id), None)
        if event is None:
            return
        if self.library.pending:
            self.loader.prioritise(event.articles)  # analysed next, then compared again (``refined``)
        index = self.event_combo.findData(event_id)
        if index >= 0:
            self.event_combo.setCurrentIndex(index)
        if self.library_panel is not None:
            self.library_panel.select_events([event_id])
        self.compare_paths(self._event_columns(event))
        self._set_topics_event(event_id)

    def _event_columns(self, event) -> list[str]:
        """The reader's last column choice for this event, else a readout first, else the earliest report."""
        chosen = [p for p in self._column_choice.get(event.id, []) if p in event.articles]
        if chosen:
            return chosen
        assert self.library is not None  # its events are what is shown
        articles = [self.library.article(p) for p in event.articles]
        return [a.path for a in default_order(articles, self.library.analyses)]

    def set_columns(self, paths: Sequence[str]) -> None:
        """Show these articles, in this order (the first is the reference)."""
        paths = [p for p in paths if self.library is not None and _has(self.library, p)]
        if not paths:
            return
        event = self.comparison.event if self.comparison is not None else None
        if event is not None and all(p in event.articles for p in paths):
            self._column_choice[event.id] = list(paths)
        self.compare_paths(paths)

    def show_all_columns(self) -> None:
        if self.comparison is None or self.comparison.event is None:
            return
        event = self.comparison.event
        self._column_choice.pop(event.id, None)
        shown = [p for p in self.comparison.paths if p in event.articles]
        self.set_columns(shown + [p for p in self._event_columns(event) if p not in shown])

    def _fill_columns_menu(self) -> None:
        """One checkable entry per article of the event on screen (shown or hidden)."""
        menu = self.columns_menu
        menu.clear()
        comparison = self.comparison
        if comparison is None or self.library is None:
            menu.addAction("No comparison on screen").setEnabled(False)
            return
        event = comparison.event
        members = list(comparison.paths) + ([p for p in event.articles if p not in comparison.paths]
                                            if event is not None else [])
        for path in members:
            article = self.library.article(path)
            action = menu.addAction(outlet_name(article))
            action.setCheckable(True)
            action.setChecked(path in comparison.paths)
            action.setEnabled(not (path in comparison.paths and len(comparison.paths) == 1))
            action.toggled.connect(lambda on, p=path: self._toggle_column(p, on))
        menu.addSeparator()
        menu.addAction(self.show_all_columns_action)
        self.show_all_columns_action.setEnabled(event is not None and len(comparison.paths) < len(event.articles))

    def _toggle_column(self, path: str, shown: bool) -> None:
        paths = list(self.comparison.paths) if self.comparison is not None else []
        if shown and path not in paths:
            paths.append(path)
        elif not shown and path in paths and len(paths) > 1:
            paths.remove(path)
        self.set_columns(paths)

    def _set_compact(self, enabled: bool) -> None:
        self.view.set_compact(enabled)
        self.settings.setValue("view/compact", enabled)

    def _zoom(self, step: Optional[int]) -> None:
        self.view.set_zoom(0 if step is None else self.view.zoom + step)
        self.settings.setValue("view/zoom", self.view.zoom)

    def compare_paths(self, paths: Sequence[str], reveal: Optional[tuple[str, int]] = None) -> None:
        """Compare any articles of the library, side by side in the given order.

        The alignment runs off the GUI thread (a six-article event in a big library
        takes about a second); ``comparisonShown`` tells when it is on screen.
        ``reveal`` = (path, paragraph) to scroll into view once shown.
        """
        if self.library is None or not paths:
            return
        library, paths = self.library, list(paths)
        self._pending_reveal = reveal
        self.statusBar().showMessage(f"Comparing {counted(len(paths), 'article')}…")
        self.setCursor(Qt.CursorShape.BusyCursor)
        # supersedes a comparison still being prepared: that one stops at its next check
        self.compare_calls.submit(lambda cancelled: prepare_comparison(library, paths, cancelled),
                                  cancellable=True)
        self._set_comparing(True)

    def cancel_compare(self) -> None:
        """Stop preparing the comparison asked for last; the one on screen stays."""
        if not self.cancel_compare_action.isEnabled():
            return
        self.compare_calls.cancel()
        self._pending_reveal = None
        self._set_comparing(False)
        self._sync_event_combo()  # the selector shows again what is on screen
        self.statusBar().showMessage("Comparison cancelled", 6000)

    def _set_comparing(self, busy: bool) -> None:
        self.cancel_compare_action.setEnabled(busy)
        self.cancel_compare_button.setVisible(busy)
        if not busy:
            self.unsetCursor()

    def _on_compared(self, token: int, comparison: Comparison, seconds: float) -> None:
        if token != self.compare_calls.latest or self.library is None:
            return  # a newer request (or a new library) made this one stale
        self._set_comparing(False)
        started = time.perf_counter()
        self.state.apply_to_comparison(comparison)
        self.show_comparison(comparison)
        self.last_render_seconds = time.perf_counter() - started
        self.last_compare_seconds = seconds + self.last_render_seconds
        if self._pending_reveal is not None:
            path, paragraph = self._pending_reveal
            self._pending_reveal = None
            for column in self.view.columns:
                if column.article.path == path:
                    column.reveal_paragraph(paragraph)
        self.statusBar().showMessage(
            f"Compared {counted(len(comparison.articles), 'article')} in {seconds * 1000:.0f} ms "
            f"(shown in {self.last_render_seconds * 1000:.0f} ms)", 6000)

    def _on_compare_failed(self, token: int, message: str) -> None:
        if token != self.compare_calls.latest:
            return
        self._set_comparing(False)
        self.statusBar().showMessage(f"Could not compare: {message}", 15000)

    def show_comparison(self, comparison: Optional[Comparison]) -> None:
        self.comparison = comparison
        self.view.set_hide_boilerplate_silently(self.boilerplate_action.isChecked())
        self.view.set_comparison(comparison)
        self._sync_event_combo()
        self._entities_stale = True
        self._update_entities_panel()
        self.key_panel.set_comparison(comparison)
        if not self._keep_tab:
            self.tabs.setCurrentWidget(self.view)
        self._keep_tab = False
        title = comparison.event.label if comparison is not None and comparison.event else None
        self.setWindowTitle(f"{isolate(title)} — {APP_NAME}" if title else APP_NAME)
        self.comparisonShown.emit(comparison)

    def _update_entities_panel(self) -> None:
        """Fill the entities table only while it can be seen: for a six-article event it costs
        more than the whole comparison view, and it often sits behind the Changes tab."""
        if self.entities_panel is None or not self._entities_stale:
            return
        if not self.entities_dock.isVisible() or self.entities_dock.visibleRegion().isEmpty():
            return
        self._entities_stale = False
        self.entities_panel.set_comparison(self.comparison)

    def _set_topics_event(self, event_id: Optional[str], force: bool = False) -> None:
        """Ask for the topics of the library and ``event_id``; computed when the panel is seen.

        Counting topics scans every paragraph of the library (about a second for 200
        articles), so it waits until the window has shown the comparison and the panel
        is visible.
        """
        if self.topics_panel is None:
            return
        if not force and self._topics_for == (id(self.library), event_id):
            return
        self._topics_for = (id(self.library), event_id)
        self._topics_stale = True
        QTimer.singleShot(0, self._update_topics_panel)

    def _update_topics_panel(self) -> None:
        if self.topics_panel is None or not self._topics_stale or self.library is None:
            return
        if not self.topics_dock.isVisible() or self.topics_dock.visibleRegion().isEmpty():
            return
        self._topics_stale = False
        self.topics_panel.set_library(self.library, self._topics_for[1])

    def show_topic(self, topic: str) -> None:
        if self.topic_view is None or self.library is None:
            return
        self.topic_view.show_topic(self.library, topic)
        self.tabs.setCurrentWidget(self.topic_view)

    def show_passage(self, path: str, paragraph: int) -> None:
        """Show the comparison of ``path``'s event with that passage in view."""
        if self.library is None:
            return
        event = self.library.event_of(path)
        paths = list(event.articles) if event is not None else [path]
        if event is not None:
            index = self.event_combo.findData(event.id)
            if index >= 0:
                self.event_combo.setCurrentIndex(index)
        self.compare_paths(paths, reveal=(path, paragraph))

    def _on_differences(self, differences: list) -> None:
        self.change_list.set_differences(differences)
        self.difference_label.setText(f"{len(differences)} differences" if self.comparison else "")

    def _on_difference(self, index: int, total: int, description: str) -> None:
        self.change_list.set_current(index)
        if index >= 0:
            self.difference_label.setText(f"Difference {index + 1} of {total}")
        self.statusBar().showMessage(description, 10000)

    # manual links ----------------------------------------------------------------------------
    def unlink_current(self) -> None:
        link = self.view.current_link()
        if link is None:
            self.statusBar().showMessage("Select a linked pair first (click a band or press F7)", 6000)
            return
        self.view.unlink(link)

    def _on_link_added(self, link) -> None:
        assert self.comparison is not None  # links are added in the comparison shown
        self.state.add_link(self.comparison, link)
        self._report_state_problems()

    def _on_link_removed(self, link) -> None:
        assert self.comparison is not None  # links are removed in the comparison shown
        self.state.remove_link(self.comparison, link)
        self._report_state_problems()

    def _report_state_problems(self) -> None:
        if self.state.problems:
            self.statusBar().showMessage(self.state.problems[-1], 15000)

    # options ---------------------------------------------------------------------------------
    def _set_sync(self, enabled: bool) -> None:
        self.view.set_sync_scroll(enabled)
        self.settings.setValue("view/sync_scroll", enabled)

    def _set_hide_boilerplate(self, hide: bool) -> None:
        self.view.set_hide_boilerplate(hide)
        self.settings.setValue("view/hide_boilerplate", hide)

    def set_theme(self, theme: str) -> None:
        # instance() is typed as the QCoreApplication base; the window runs in a QApplication
        apply_theme(cast(QApplication, QApplication.instance()), theme)
        self.theme_actions[theme].setChecked(True)
        self.settings.setValue("view/theme", theme)
        self.view.apply_theme()

    def _export(self, fmt: str) -> None:
        if self.comparison is None:
            self.statusBar().showMessage("Nothing to export: open a comparison first", 6000)
            return
        self._export_function(self, self.comparison, fmt)

    def show_about(self) -> None:
        QMessageBox.about(self, f"About {APP_NAME}",
                          f"<h3>{APP_NAME} {__version__}</h3>"
                          "<p>Read how different outlets report the same event: articles grouped by "
                          "event, passages aligned side by side, differences in wording, names, numbers "
                          "and quotes highlighted.</p>"
                          "<p>Built with Qt (PySide6), spaCy and diff-match-patch. MIT licence.</p>")

    def closeEvent(self, event) -> None:
        self.save_settings()
        self.loader.shutdown()
        self.compare_calls.invalidate()
        self.compare_calls.shutdown()
        self.key_panel.shutdown()
        super().closeEvent(event)


def prepare_comparison(library: Library, paths: list[str],
                       cancelled: Optional[Callable[[], bool]] = None) -> Comparison:
    """Align ``paths`` and compute the word diffs the view draws (neighbouring columns).

    Runs in a worker thread: diff-match-patch is pure Python and a six-article
    event has dozens of linked passages to diff. ``cancelled`` is checked between the
    steps and between the diffs (``Cancelled`` is raised).
    """
    comparison = compare_paths(library, paths, cancelled)
    for left, right in zip(paths, paths[1:]):
        for oriented in pair_links(comparison, left, right):
            check(cancelled)
            link_diff(oriented.link)  # computed once, cached on the link
    check(cancelled)
    cached_key_differences(comparison)  # the Key differences panel reads it from the cache
    return comparison


def _has(library: Library, path: str) -> bool:
    return any(a.path == path for a in library.articles)
