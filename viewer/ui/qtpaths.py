"""File paths stored in Qt models.

Qt silently drops the lone surrogates that stand for the undecodable bytes of a file name
(``os.fsdecode``), so such a path is stored as NUL + the hex of its bytes; no real path
contains NUL, so it cannot collide with one.
"""
from __future__ import annotations

import os
from typing import Any

from ..model import display_text


def to_qt(path: str) -> str:
    """``path`` in a form a QString keeps."""
    if display_text(path) == path:
        return path
    return "\0" + os.fsencode(path).hex()


def from_qt(value: Any) -> Any:
    """The path (or any other value) ``to_qt`` stored."""
    if isinstance(value, str) and value.startswith("\0"):
        return os.fsdecode(bytes.fromhex(value[1:]))
    return value
