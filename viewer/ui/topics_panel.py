"""Topics: what the articles discuss, and every passage on one topic side by side.

``TopicsPanel`` lists the topics of the current event, then of the whole library,
with how many articles discuss each. ``TopicPassagesView`` shows, for one topic, a
column per article (oldest first, across events) with that article's passages on
it and the topic's cue words highlighted — how coverage of e.g. Taiwan evolved.
"""
from __future__ import annotations

import html
from typing import Optional

from PySide6.QtCore import QUrl, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QScrollArea, QSizePolicy, QTextBrowser, QVBoxLayout, QWidget)

from ..analysis.dates import article_date
from ..library.library import Library
from ..model import Article, Event
from ..untrusted import isolate
from ..analysis.topics import Topic, library_topics, topic_by_name, topic_passages
from .plaintext import counted, plain_tooltip

TOPIC_ROLE = Qt.ItemDataRole.UserRole + 1
HIGHLIGHT_COLOUR = "#ffe08a"
COLUMN_WIDTH = 300


class _TopicList(QListWidget):
    enterPressed = Signal(QListWidgetItem)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem() is not None:
            self.enterPressed.emit(self.currentItem())
            return
        super().keyPressEvent(event)


class TopicsPanel(QWidget):
    """Topics of the current event first, then of the library, with article counts.

    Signals:
        topicActivated(str): a topic name (built-in, or the words typed in the box).
    """

    topicActivated = Signal(str)

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.query = QLineEdit()
        self.query.setPlaceholderText("Any word or phrase, then Enter")
        self.query.setClearButtonEnabled(True)
        self.list = _TopicList()
        self.list.setUniformItemSizes(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.query)
        layout.addWidget(self.list, 1)
        self.query.returnPressed.connect(self._query_entered)
        self.list.itemClicked.connect(self._activate)
        self.list.enterPressed.connect(self._activate)

    def set_library(self, library: Optional[Library], event_id: Optional[str] = None) -> None:
        self.list.clear()
        if library is None:
            return
        event = next((e for e in library.events if e.id == event_id), None) if event_id else None
        if event is not None:
            members = [library.article(p) for p in event.articles]
            self._add_section(f"This event ({counted(len(members), 'article')})",
                              library_topics(members), len(members))
        self._add_section(f"Whole library ({counted(len(library.articles), 'article')})",
                          library_topics(library.articles), len(library.articles))

    def topics(self) -> list[str]:
        """Topic names listed, top to bottom (a topic may appear under both headings)."""
        return [self.list.item(i).data(TOPIC_ROLE) for i in range(self.list.count())
                if self.list.item(i).data(TOPIC_ROLE)]

    def _add_section(self, title: str, topics: list[tuple[str, int]], total: int) -> None:
        header = QListWidgetItem(title)
        font = QFont()
        font.setBold(True)
        header.setFont(font)
        header.setFlags(Qt.ItemFlag.NoItemFlags)
        header.setForeground(QColor("#555555"))
        self.list.addItem(header)
        if not topics:
            empty = QListWidgetItem("    no known topic")
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(empty)
        for name, count in topics:
            item = QListWidgetItem(f"    {name}  —  {count} of {total}")
            item.setData(TOPIC_ROLE, name)
            item.setToolTip(plain_tooltip(f"{count} of {total} articles discuss {name}"))
            self.list.addItem(item)

    def _activate(self, item: QListWidgetItem) -> None:
        name = item.data(TOPIC_ROLE)
        if name:
            self.topicActivated.emit(name)

    def _query_entered(self) -> None:
        text = self.query.text().strip()
        if text:
            self.topicActivated.emit(text)


class TopicPassagesView(QWidget):
    """One column per article (date order) with its passages on one topic, cue words highlighted.

    Signals:
        passageActivated(str, int): article path and paragraph index of a clicked passage marker.
    """

    passageActivated = Signal(str, int)

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.scroll_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._columns: dict[str, QTextBrowser] = {}
        self._headers: dict[str, QLabel] = {}
        self._order: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.scroll_area, 1)

    def show_topic(self, library: Library, topic_name: str) -> None:
        topic = topic_by_name(topic_name)
        view = topic_passages(topic, library.articles)
        container = QWidget()
        row = QHBoxLayout(container)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self._columns, self._headers, self._order = {}, {}, []
        for path in sorted(view.passages, key=lambda p: (_when(library, p) or "9999", p)):
            article = library.article(path)
            # a paragraph the page repeats (a caption echoing the lead...) is shown once
            passages = [p for p in view.passages[path] if article.paragraphs[p.paragraph].duplicate_of is None]
            event = library.event_of(path)
            column, header, browser = self._column(article, event, [p.paragraph for p in passages], topic)
            row.addWidget(column)
            self._columns[path], self._headers[path] = browser, header
            self._order.append(path)
        row.addStretch(1)
        self.scroll_area.setWidget(container)
        silent = [a for a in library.articles if a.path not in view.passages]
        text = (f"<b>{html.escape(topic.name)}</b>: {len(view.passages)} of "
                f"{counted(len(library.articles), 'article')}, oldest first")
        if silent:
            names = ", ".join(html.escape(a.meta.outlet or a.name) for a in silent[:8])
            more = f" and {len(silent) - 8} more" if len(silent) > 8 else ""
            text += f" · <span style='color:#777'>not mentioned by {names}{more}</span>"
        if not view.passages:
            text = f"No article discusses <b>{html.escape(topic.name)}</b>."
        self.summary.setText(text)

    def columns(self) -> list[str]:
        """Article paths shown, left to right."""
        return list(self._order)

    def column_text(self, path: str) -> str:
        return self._columns[path].toPlainText()

    def column_html(self, path: str) -> str:
        return self._columns[path].toHtml()

    def header_text(self, path: str) -> str:
        return self._headers[path].text()

    def _column(self, article: Article, event: Optional[Event], paragraphs: list[int], topic: Topic
                ) -> tuple[QFrame, QLabel, QTextBrowser]:
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame.setFixedWidth(COLUMN_WIDTH)
        frame.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        meta = article.meta
        date = article_date(article)
        if not date and event is not None and event.date:
            date = f"event of {event.date}"
        header = QLabel(
            f"<b>{html.escape(isolate(meta.outlet) or 'unknown outlet')}</b> · "
            f"{html.escape(isolate(date) or 'undated')}<br>"
            f"<span style='color:#555'>{html.escape(isolate(meta.title or article.display_name))}</span><br>"
            f"<span style='color:#888; font-size:small'>{html.escape(isolate(event.label) if event else '')} · "
            f"{len(paragraphs)} passage{'s' if len(paragraphs) != 1 else ''}</span>")
        header.setWordWrap(True)
        header.setTextFormat(Qt.TextFormat.RichText)
        header.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # same height in every column, so the passages start on one line
        header.setFixedHeight(header.fontMetrics().lineSpacing() * 5 + 4)
        header.setToolTip(plain_tooltip(article.path))
        browser = QTextBrowser()
        browser.setOpenLinks(False)
        browser.setHtml(_passages_html(article, paragraphs, topic))
        browser.anchorClicked.connect(lambda url, path=article.path: self._anchor(path, url))
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(header)
        layout.addWidget(browser, 1)
        return frame, header, browser

    def _anchor(self, path: str, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("para:") and text[5:].isdigit():
            self.passageActivated.emit(path, int(text[5:]))


def _when(library: Library, path: str) -> Optional[str]:
    """An article's date, else its event's: the order of coverage across events."""
    date = article_date(library.article(path))
    if date:
        return date
    event = library.event_of(path)
    return event.date if event else None


def _passages_html(article: Article, paragraphs: list[int], topic: Topic) -> str:
    parts = []
    for index in paragraphs:
        paragraph = article.paragraphs[index]
        text = article.paragraph_text(paragraph)
        parts.append(f"<p><a href='para:{index}' style='color:#999; text-decoration:none'>¶{index + 1}</a> "
                     f"{highlight(text, topic)}</p>")
    return "".join(parts)


def highlight(text: str, topic: Topic) -> str:
    """``text`` as HTML with the topic's cue words on a yellow background."""
    out, last = [], 0
    for match in topic.pattern.finditer(text):
        out.append(html.escape(text[last:match.start()]))
        out.append(f"<span style='background-color:{HIGHLIGHT_COLOUR}'>{html.escape(match.group(0))}</span>")
        last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out)
