"""On-disk cache of analyses, keyed by content hash and pipeline version.

SQLite in the user cache dir: one file, safe to delete at any time (it holds
nothing the user made), and fast to read thousands of rows from.
"""
from __future__ import annotations

import json
import math
import os
import sqlite3
from sys import intern
import threading
import zlib
from dataclasses import asdict
from pathlib import Path
from typing import Any, Optional

from .. import APP_DIR_NAME
from ..model import Analysis, Article, Mention, Quote, Sentence
from ..untrusted import Untrusted, inflate_limited, loads_bounded


# Read limits of a cached row (README, "Limits and safety"). A real row decompresses to about
# 2.5 bytes per character of its article (at most ~13 for text of non-Latin scripts, every
# character then escaped), so 32 per character is far above any real row.
MAX_ROW_BYTES = 24 * 1024 * 1024  # compressed or decompressed, whatever the article
ROW_BYTES_PER_CHAR = 32
ROW_BYTES_SLACK = 64 * 1024
MAX_ROW_DEPTH = 3  # {"m": [[start, end, text, label, id], ...]} and {"q": [{...}]}
MAX_LABEL = 1000  # entity labels and rule ids are short; this only bounds what is kept


class DamagedRow(Untrusted):
    """A cache row that decodes to something that is not an analysis of its article."""


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
        self.damaged = 0  # rows found damaged (and deleted) since the cache was opened
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

    def get(self, key: str, article: Optional[Article] = None) -> Optional[Analysis]:
        """The cached analysis under ``key``, or None (not cached, or damaged).

        The row is checked before it is used (``decode_analysis``: size, depth, shape, and
        with ``article`` that every offset and surface form fits its text); a damaged row is
        deleted and counted in ``damaged``, so the caller recomputes it.
        """
        if self._db is None:
            return None
        limit = row_limit(article)
        with self._lock:
            try:
                row = self._db.execute("SELECT CASE WHEN length(data) <= ? THEN data END, length(data) "
                                       "FROM analysis WHERE key = ?", (limit, key)).fetchone()
            except sqlite3.Error as exc:
                self._recover(exc)
                return None
        if row is None:
            return None
        try:
            if row[0] is None:
                raise DamagedRow(f"{row[1]} bytes stored, more than the {limit:,} a row may hold")
            return decode_analysis(row[0], article)
        except Untrusted:
            self._discard(key)
            return None

    def _discard(self, key: str) -> None:
        self.damaged += 1
        with self._lock:
            try:
                if self._db is not None:
                    self._db.execute("DELETE FROM analysis WHERE key = ?", (key,))
            except sqlite3.Error:
                pass  # read-only or gone: the fresh analysis replaces it or it stays a miss

    def put(self, key: str, analysis: Optional[Analysis], encoded: Optional[bytes] = None) -> None:
        """Store ``analysis`` (``encoded``: its ``encode_analysis`` bytes, when already made; then
        ``analysis`` may be None)."""
        if self._db is None:
            return
        if encoded is not None:
            data = encoded
        elif analysis is not None:
            data = encode_analysis(analysis)
        else:
            raise ValueError("nothing to store")
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


def row_limit(article: Optional[Article]) -> int:
    """How many bytes a row of ``article`` may hold, compressed or not."""
    if article is None:
        return MAX_ROW_BYTES
    return min(MAX_ROW_BYTES, ROW_BYTES_PER_CHAR * len(article.text) + ROW_BYTES_SLACK)


def decode_analysis(blob: bytes, article: Optional[Article] = None) -> Analysis:
    """The analysis in a cache row, checked before anything uses it.

    Decompressed as a stream with a cap (``row_limit``), parsed only when at most
    ``MAX_ROW_DEPTH`` deep, then every field is checked: types, non-negative ordered offsets,
    and with ``article``: offsets within its text, paragraph numbers among its paragraphs,
    mention and quote texts equal to the text at their offsets, counts no larger than the
    text is long.

    Raises:
        DamagedRow (a ValueError): anything else.
    """
    limit = row_limit(article)
    try:
        data = loads_bounded(inflate_limited(blob, limit), MAX_ROW_DEPTH)
    except DamagedRow:
        raise
    except Untrusted as exc:
        raise DamagedRow(str(exc)) from exc
    return _checked_analysis(data, article)


def _fail(what: str) -> None:
    raise DamagedRow(what)


def _int(value: Any, low: int, high: float, what: str) -> int:
    if type(value) is not int or not low <= value <= high:
        _fail(f"{what}: {value!r:.40} is not a whole number from {low} to {high}")
    return value


def _str(value: Any, longest: int, what: str) -> str:
    if type(value) is not str or len(value) > longest:
        _fail(f"{what}: expected text of at most {longest} characters")
    return value


def _list(value: Any, longest: float, what: str) -> list:
    if type(value) is not list or len(value) > longest:
        _fail(f"{what}: expected a list of at most {longest} items")
    return value


def _checked_analysis(data: Any, article: Optional[Article]) -> Analysis:
    if type(data) is not dict or set(data) != {"s", "m", "q", "l", "t"}:
        _fail("not an analysis record")
    text = article.text if article is not None else None
    end = len(text) if text is not None else math.inf
    count = end + 1  # no list can have more entries than the text has characters
    paragraphs = len(article.paragraphs) - 1 if article is not None else math.inf

    def span(start: Any, stop: Any, what: str) -> tuple[int, int]:
        start = _int(start, 0, end, what)
        return start, _int(stop, start, end, what)

    def fits(start: int, stop: int, surface: str, what: str) -> None:
        if text is not None and text[start:stop] != surface:
            _fail(f"{what} is not the article's text at {start}–{stop}")

    sentences = []
    for item in _list(data["s"], count, "sentences"):
        if type(item) is not list or len(item) != 3:
            _fail("a sentence is not [start, end, paragraph]")
        start, stop = span(item[0], item[1], "sentence")
        sentences.append(Sentence(start, stop, _int(item[2], 0, paragraphs, "sentence paragraph")))
    mentions = []
    for item in _list(data["m"], count, "mentions"):
        if type(item) is not list or len(item) != 5:
            _fail("a mention is not [start, end, text, label, id]")
        start, stop = span(item[0], item[1], "mention")
        surface = _str(item[2], stop - start, "mention text")
        fits(start, stop, surface, "a mention's text")
        mentions.append(Mention(start, stop, surface, intern(_str(item[3], MAX_LABEL, "mention label")),
                                intern(_str(item[4], MAX_LABEL, "mention id"))))
    quotes = []
    for item in _list(data["q"], count, "quotes"):
        if type(item) is not dict or set(item) != {"start", "end", "text", "speaker"}:
            _fail("a quote is not {start, end, text, speaker}")
        start, stop = span(item["start"], item["end"], "quote")
        surface = _str(item["text"], stop - start, "quote text")
        fits(start, stop, surface, "a quote's text")
        speaker = item["speaker"]
        if speaker is not None:
            _str(speaker, MAX_ROW_BYTES if text is None else len(text), "quote speaker")
        quotes.append(Quote(start, stop, surface, speaker))
    lemmas = []
    for item in _list(data["l"], count, "lemmas"):
        if type(item) is not list or len(item) != 2:
            _fail("a lemma is not [offset, lemma]")
        # one string per word, not one per occurrence: a library's analyses held ~40 % less
        lemmas.append((_int(item[0], 0, end, "lemma offset"), intern(_str(item[1], MAX_ROW_BYTES, "lemma"))))
    tokens = _int(data["t"], 0, count, "token count")
    return Analysis(sentences=sentences, mentions=mentions, quotes=quotes, lemmas=lemmas, token_count=tokens)
