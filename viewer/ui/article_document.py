"""Build the QTextDocument of one comparison column: paragraphs, labels, highlights.

Each paragraph of the article becomes one block whose text has exactly the
paragraph's length (line breaks become spaces), so an article offset maps to a
document position by ``block.position() + offset - paragraph.start``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from PySide6.QtGui import QColor, QFont, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument

from ..compare.marks import Mark
from ..model import BOILERPLATE, BYLINE, HEADING, TITLE, Article
from .palette import HighlightStyle, ViewColours
from .plaintext import plain_tooltip


@dataclass
class ArticleDocument:
    article: Article
    document: QTextDocument
    block_of: dict[int, int] = field(default_factory=dict)  # paragraph index -> block number
    paragraph_of_block: dict[int, int] = field(default_factory=dict)

    def position(self, offset: int) -> Optional[int]:
        """Document position of article character ``offset`` (None if hidden or between paragraphs)."""
        for paragraph in self.article.paragraphs:
            if paragraph.start <= offset <= paragraph.end and paragraph.index in self.block_of:
                block = self.document.findBlockByNumber(self.block_of[paragraph.index])
                return block.position() + (offset - paragraph.start)
        return None

    def block(self, paragraph: int):
        number = self.block_of.get(paragraph)
        return None if number is None else self.document.findBlockByNumber(number)


def build_article_document(article: Article, marks: list[Mark], styles: dict[str, HighlightStyle],
                           colours: ViewColours, unmatched: set[int], only_label: str,
                           hide_boilerplate: bool, font: QFont) -> ArticleDocument:
    """Lay out ``article`` with its marks (``compare.marks.column_marks``) into a new document.

    ``styles``: the Qt format of each highlight, by ``Highlight.name``.
    """
    doc = QTextDocument()
    doc.setDefaultFont(font)
    doc.setDocumentMargin(10)
    result = ArticleDocument(article, doc)
    cursor = QTextCursor(doc)
    first = True
    base_size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
    for paragraph in article.paragraphs:
        if paragraph.kind == BOILERPLATE and hide_boilerplate:
            continue
        if paragraph.index in unmatched:
            label_block = QTextBlockFormat()
            label_block.setTopMargin(0 if first else 10)
            label_block.setBackground(QColor(colours.unmatched))
            label_block.setLeftMargin(4)
            label_format = QTextCharFormat()
            label_format.setForeground(QColor(colours.unmatched_label))
            label_format.setFontWeight(QFont.Weight.Bold)
            label_format.setFontPointSize(base_size * 0.85)
            _new_block(cursor, first, label_block, label_format)
            cursor.insertText(f"▍{only_label}", label_format)
            first = False
        block_format = QTextBlockFormat()
        block_format.setTopMargin(0 if first or paragraph.index in unmatched else 10)
        block_format.setLineHeight(115, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        char_format = QTextCharFormat()
        if paragraph.kind == TITLE:
            char_format.setFontWeight(QFont.Weight.Bold)
            char_format.setFontPointSize(base_size * 1.3)
        elif paragraph.kind in (BYLINE, HEADING):
            char_format.setFontWeight(QFont.Weight.DemiBold)
            char_format.setFontItalic(paragraph.kind == BYLINE)
        elif paragraph.kind == BOILERPLATE:
            char_format.setForeground(QColor(colours.dimmed))
            char_format.setFontPointSize(base_size * 0.9)
            char_format.setToolTip("Page furniture (not aligned); View ▸ Hide boilerplate hides it")
        if paragraph.index in unmatched:
            block_format.setBackground(QColor(colours.unmatched))
            block_format.setLeftMargin(4)
        _new_block(cursor, first, block_format, char_format)
        first = False
        text = article.text[paragraph.start:paragraph.end].replace("\r", " ").replace("\n", " ")
        cursor.insertText(text, char_format)
        block = cursor.block()
        result.block_of[paragraph.index] = block.blockNumber()
        result.paragraph_of_block[block.blockNumber()] = paragraph.index
    for start, end, highlight, tip in marks:
        begin, finish = result.position(start), result.position(end)
        if begin is None or finish is None or finish <= begin:
            continue
        fmt = styles[highlight.name].char_format()
        if tip:
            fmt.setToolTip(plain_tooltip(tip))  # names and speakers come from the article
        cursor.setPosition(begin)
        cursor.setPosition(finish, QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(fmt)
    return result


def _new_block(cursor: QTextCursor, first: bool, block_format: QTextBlockFormat,
               char_format: QTextCharFormat) -> None:
    if first:
        cursor.setBlockFormat(block_format)
        cursor.setBlockCharFormat(char_format)
    else:
        cursor.insertBlock(block_format, char_format)
