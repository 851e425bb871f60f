"""Values read back from QSettings, checked before use.

The settings file is the user's (``settings.ini`` or the platform's store): another
version or another program may have put any type there. Each reader returns the
expected type or the default, never raises.
"""
from __future__ import annotations

import os
from typing import Optional

from PySide6.QtCore import QByteArray, QSettings

MAX_TEXT = 4096  # a path, a theme name, an event id
MAX_PATHS = 100  # recent and last-opened libraries
MAX_BLOB = 1024 * 1024  # saved window geometry and dock layout


def _value(settings: QSettings, key: str):
    try:
        return settings.value(key)
    except Exception:  # noqa: BLE001 - an undecodable stored variant: as if unset
        return None


def text_value(settings: QSettings, key: str, default: str = "", longest: int = MAX_TEXT) -> str:
    value = _value(settings, key)
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        value = str(value)
        if len(value) <= longest and "\0" not in value:
            return value
    return default


def bool_value(settings: QSettings, key: str, default: bool) -> bool:
    value = _value(settings, key)
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("1", "true", "yes", "0", "false", "no"):
        return value.lower() in ("1", "true", "yes")
    if isinstance(value, int):
        return value != 0
    return default


def int_value(settings: QSettings, key: str, default: int, lowest: int, highest: int) -> int:
    """A whole number within [lowest, highest]; anything else (text, huge, bool) is the default."""
    value = _value(settings, key)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit() and len(value.strip()) <= 6:
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and lowest <= value <= highest:
        return value
    return default


def bytes_value(settings: QSettings, key: str) -> Optional[QByteArray]:
    value = _value(settings, key)
    if isinstance(value, (bytes, bytearray)):
        value = QByteArray(bytes(value))
    if isinstance(value, QByteArray) and 0 < value.size() <= MAX_BLOB:
        return value
    return None


def paths_value(settings: QSettings, key: str) -> list[str]:
    """A list of paths (a single one is stored as a string by some back ends)."""
    value = _value(settings, key)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        return []
    out = []
    for item in value[:MAX_PATHS]:
        if isinstance(item, str) and item and len(item) <= MAX_TEXT and "\0" not in item:
            out.append(item)
    return out


def path_exists(path: str) -> bool:
    """``os.path.exists`` that is False, not an error, for names too long or with NULs."""
    try:
        return os.path.exists(path)
    except (OSError, ValueError):
        return False
