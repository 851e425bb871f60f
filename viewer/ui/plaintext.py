"""Article-supplied text shown in tooltips, always as plain text.

Qt lays a tooltip out as HTML when it merely looks like HTML (``Qt.mightBeRichText``),
so a title such as ``<img src=file:///...>`` would be rendered, and its image loaded.
Escaping keeps such text literal; line breaks are kept with ``white-space: pre-wrap``.
"""
from __future__ import annotations

import html

from PySide6.QtGui import Qt

from ..model import display_text


def plain_tooltip(text: str) -> str:
    """``text`` as a tooltip that shows exactly these characters (an undecodable byte of a
    file name as U+FFFD: Qt would silently drop it)."""
    text = display_text(text)
    if not Qt.mightBeRichText(text):
        return text
    return f"<p style='white-space:pre-wrap'>{html.escape(text, quote=False)}</p>"


def rich_escape(text: str) -> str:
    """``text`` as literal characters inside a rich-text label (``<``, ``>`` and ``&`` escaped)."""
    return html.escape(display_text(text), quote=False)


def counted(count: int, noun: str, plural: str = "") -> str:
    """"1 article", "2 articles": a count with its noun in the right number."""
    return f"{count:,} {noun if count == 1 else (plural or noun + 's')}"
