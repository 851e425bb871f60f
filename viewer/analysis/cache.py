"""On-disk cache of analyses, keyed by content hash and pipeline version.

SQLite in the user cache dir: one file, safe to delete at any time (it holds
nothing the user made), and fast to read thousands of rows from.
"""
from __future__ import annotations

import json
import os
import sqlite3
import threading
import zlib
from dataclasses import asdict
from pathlib import Path
from typing import Optional

from ..model import Analysis, Mention, Quote, Sentence

APP_DIR_NAME = "comparison-viewer"


def cache_dir() -> Path:
    override = os.environ.get("VIEWER_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir
    return Path(user_cache_dir(APP_DIR_NAME, appauthor=False))


class AnalysisCache:
    def __init__(self, path: Optional[Path] = None) -> None:
        self.path = path or cache_dir() / "analysis.sqlite"
        self._lock = threading.Lock()
        self._db: Optional[sqlite3.Connection] = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = self._open()
        except (OSError, sqlite3.Error):
            self._db = None  # an unusable cache only costs speed

    def _open(self) -> sqlite3.Connection:
        try:
            return self._connect()
        except sqlite3.DatabaseError:
            # A corrupt cache file is just moved out of the way and rebuilt.
            self._set_aside()
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, check_same_thread=False, timeout=5)
        try:
            db.execute("CREATE TABLE IF NOT EXISTS analysis (key TEXT PRIMARY KEY, data BLOB)")
        except sqlite3.Error:
            db.close()
            raise
        return db

    def _set_aside(self) -> None:
        try:
            self.path.replace(self.path.with_suffix(".corrupt"))
        except FileNotFoundError:
            pass

    def _recover(self, exc: sqlite3.Error) -> None:
        """After an error: rebuild a damaged file; a busy or read-only one is left alone."""
        if type(exc) is not sqlite3.DatabaseError:  # OperationalError etc.: locked, read-only, full
            return
        try:
            if self._db is not None:
                self._db.close()
            self._set_aside()
            self._db = self._connect()
        except (OSError, sqlite3.Error):
            self._db = None  # an unusable cache only costs speed

    def get(self, key: str) -> Optional[Analysis]:
        if self._db is None:
            return None
        with self._lock:
            try:
                row = self._db.execute("SELECT data FROM analysis WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error as exc:
                self._recover(exc)
                return None
        if row is None:
            return None
        try:
            return decode_analysis(row[0])
        except (ValueError, KeyError, TypeError, zlib.error):
            return None

    def put(self, key: str, analysis: Analysis, encoded: Optional[bytes] = None) -> None:
        """Store ``analysis`` (``encoded``: its ``encode_analysis`` bytes, when already made)."""
        if self._db is None:
            return
        data = encoded if encoded is not None else encode_analysis(analysis)
        with self._lock:
            try:
                self._db.execute("INSERT OR REPLACE INTO analysis (key, data) VALUES (?, ?)", (key, data))
            except sqlite3.Error as exc:
                self._recover(exc)

    def commit(self) -> None:
        if self._db is None:
            return
        with self._lock:
            try:
                self._db.commit()
            except sqlite3.Error:
                pass

    def close(self) -> None:
        if self._db is not None:
            self.commit()
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None


def encode_analysis(analysis: Analysis) -> bytes:
    data = {
        "s": [[s.start, s.end, s.paragraph] for s in analysis.sentences],
        "m": [[m.start, m.end, m.text, m.label, m.kb_id] for m in analysis.mentions],
        "q": [asdict(q) for q in analysis.quotes],
        "l": analysis.lemmas,
        "t": analysis.token_count,
    }
    return zlib.compress(json.dumps(data, separators=(",", ":")).encode("utf-8"), 3)


def decode_analysis(blob: bytes) -> Analysis:
    data = json.loads(zlib.decompress(blob).decode("utf-8"))
    return Analysis(
        sentences=[Sentence(*s) for s in data["s"]],
        mentions=[Mention(*m) for m in data["m"]],
        quotes=[Quote(**q) for q in data["q"]],
        lemmas=[(o, l) for o, l in data["l"]],
        token_count=data["t"],
    )
