"""Split text into paragraphs (blank-line separated blocks) with offsets."""
from __future__ import annotations

import re

# A paragraph break is a line break followed by one or more whitespace-only lines.
# \r\n, \n and \r all count, so offsets stay right for any line-ending style.
# "\r(?!\n)" keeps one CRLF from being read as two line breaks.
_NEWLINE = r"(?:\r\n|\r(?!\n)|\n)"
_BREAK = re.compile(_NEWLINE + r"(?:[^\S\r\n]*" + _NEWLINE + r")+")
_LINE = re.compile(r"[^\r\n]+")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Return the stripped, non-empty blank-line-separated blocks of ``text``."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for match in _BREAK.finditer(text):
        _add_stripped(text, pos, match.start(), spans)
        pos = match.end()
    _add_stripped(text, pos, len(text), spans)
    return spans


def line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Stripped non-empty lines inside ``text[start:end]``."""
    spans: list[tuple[int, int]] = []
    for match in _LINE.finditer(text, start, end):
        _add_stripped(text, match.start(), match.end(), spans)
    return spans


def _add_stripped(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))
