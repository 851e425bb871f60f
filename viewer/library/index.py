"""The library index: what reopening a library needs, without reading or analysing anything again.

One SQLite file (by default ``library-index.sqlite`` in the cache folder, beside the
analysis cache; ``python -m viewer index --out INDEX`` writes one anywhere):

- ``articles``: each file's loaded ``Article`` (text, paragraphs, metadata) and a short
  summary (content hash, title, outlet, day), under its path and a stamp of the file
  (modification time, size, the encoding the reader chose, the segmenter version): a
  file whose stamp still matches is not read, decoded or segmented again;
- ``groupings``: the events of a set of articles, under a key made of every article's
  path and content hash, the grouping model's version and the reader's edits that move
  articles or change their days (``edits_key``), so that reopening lists the events
  without decoding one analysis.

The analyses stay in the analysis cache (``analysis.cache``), keyed by content hash;
``LazyAnalyses`` decodes one when an event is opened. Everything here is a cache:
deleting the file only costs speed. JSON, never pickle: an index may come from elsewhere.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat as stat_module
import threading
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator, MutableMapping, Optional, Protocol, Sequence

from ..analysis.cache import AnalysisCache, cache_dir
from ..analysis.entities import EntityIndex
from ..ingest.loading import SEGMENTER_VERSION, ArticleLoadError, expand_paths, load_article
from ..model import Analysis, Article, ArticleMeta, Event, LoadError, Paragraph, display_text

INDEX_VERSION = "1"
INDEX_FILE = "library-index.sqlite"


def default_index_path() -> Path:
    return cache_dir() / INDEX_FILE


def _path_key(path: str) -> bytes:
    """A path as the index stores it: its bytes (a file name need not be valid UTF-8)."""
    return path.encode("utf-8", "surrogatepass")


def _text(value: Optional[str]) -> Optional[str]:
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace") if value else value


def _file_stamp(path: str, encoding: Optional[str]) -> Optional[str]:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    if not stat_module.S_ISREG(info.st_mode):
        return None
    return f"{info.st_mtime_ns}:{info.st_size}:{encoding or ''}:{SEGMENTER_VERSION}:{INDEX_VERSION}"


def encode_article(article: Article) -> bytes:
    data = {"p": article.path, "t": article.text, "m": article.meta.__dict__,
            "g": [[p.index, p.start, p.end, p.kind, p.duplicate_of] for p in article.paragraphs],
            "h": article.content_hash, "e": article.encoding, "f": article.source_format, "w": article.warnings}
    return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8",
                                                                                            "surrogatepass"), 1)


def decode_article(blob: bytes) -> Article:
    data = json.loads(zlib.decompress(blob).decode("utf-8", "surrogatepass"))
    return Article(data["p"], data["t"], ArticleMeta(**data["m"]), [Paragraph(*p) for p in data["g"]],
                   data["h"], data["e"], data["f"], list(data["w"]))


def _encode_events(events: Sequence[Event]) -> bytes:
    return zlib.compress(json.dumps([e.__dict__ for e in events], ensure_ascii=False).encode("utf-8",
                                                                                             "surrogatepass"), 1)


def _decode_events(blob: bytes) -> list[Event]:
    return [Event(**e) for e in json.loads(zlib.decompress(blob).decode("utf-8", "surrogatepass"))]


@lru_cache(maxsize=1)
def grouping_version() -> str:
    """Changes whenever the grouping model may group differently (its code or the analysis)."""
    from ..analysis.pipeline import ANALYSIS_VERSION
    from ..analysis.nlp import pipeline_version
    here = Path(__file__).resolve().parent
    digest = hashlib.sha1(f"{INDEX_VERSION}:{ANALYSIS_VERSION}:{pipeline_version()}".encode())
    for source in (here / "events.py", here.parent / "analysis" / "dates.py", here.parent / "analysis" / "entities.py"):
        try:
            digest.update(source.read_bytes())
        except OSError:  # a frozen app ships no sources: its version says it all
            from .. import __version__
            digest.update(__version__.encode())
    return digest.hexdigest()[:16]


class _Stored(Protocol):
    """What a grouping's key is made of: an article's path and content hash."""

    @property
    def path(self) -> str: ...

    @property
    def content_hash(self) -> str: ...


def grouping_key(articles: Sequence[_Stored], edits_key: str = "", tier: str = "full") -> str:
    digest = hashlib.sha1(f"{grouping_version()}:{tier}:{edits_key}".encode())
    for article in sorted(articles, key=lambda a: a.path):
        digest.update(article.path.encode("utf-8", "surrogatepass") + b"\0" + article.content_hash.encode() + b"\0")
    return digest.hexdigest()


class LibraryIndex:
    """The index file; every method survives a missing, locked or damaged file (a cache)."""

    def __init__(self, path: Optional[Path] = None) -> None:
        self.path = Path(path) if path is not None else default_index_path()
        self._lock = threading.Lock()
        self._db: Optional[sqlite3.Connection] = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = self._connect()
        except sqlite3.DatabaseError:
            try:
                self.path.replace(self.path.with_suffix(".corrupt"))
                self._db = self._connect()
            except (OSError, sqlite3.Error):
                self._db = None
        except OSError:
            self._db = None

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, check_same_thread=False, timeout=5)
        try:
            db.execute("CREATE TABLE IF NOT EXISTS articles (path TEXT PRIMARY KEY, stamp TEXT, hash TEXT, "
                       "title TEXT, outlet TEXT, day TEXT, data BLOB)")
            db.execute("CREATE TABLE IF NOT EXISTS groupings (key TEXT PRIMARY KEY, data BLOB)")
            db.execute("CREATE TABLE IF NOT EXISTS info (name TEXT PRIMARY KEY, value TEXT)")
        except sqlite3.Error:
            db.close()
            raise
        return db

    def _query(self, sql: str, args: tuple = ()) -> list[tuple]:
        if self._db is None:
            return []
        with self._lock:
            try:
                return self._db.execute(sql, args).fetchall()
            except sqlite3.Error:
                return []

    def _write(self, sql: str, rows: Iterable[tuple]) -> None:
        if self._db is None:
            return
        with self._lock:
            try:
                self._db.executemany(sql, rows)
                self._db.commit()
            except sqlite3.Error:
                pass

    # articles --------------------------------------------------------------------------------
    def stored_articles(self, paths: Sequence[str]) -> dict[str, tuple[str, bytes]]:
        """path → (stamp, article blob) for those of ``paths`` the index holds."""
        found: dict[str, tuple[str, bytes]] = {}
        wanted = {_path_key(p): p for p in paths}
        keys = list(wanted)
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            rows = self._query(f"SELECT path, stamp, data FROM articles WHERE path IN ({','.join('?' * len(chunk))})",
                               tuple(chunk))
            found.update({wanted[key]: (stamp, data) for key, stamp, data in rows if key in wanted})
        return found

    def put_articles(self, items: Iterable[tuple[str, Article]]) -> None:
        """Store ``(stamp, article)`` pairs."""
        self.put_encoded((a.path, stamp, a.content_hash, a.meta.title, a.meta.outlet, a.meta.published,
                          encode_article(a)) for stamp, a in items)

    def put_encoded(self, rows: Iterable[tuple]) -> None:
        """Store rows already encoded: (path, stamp, hash, title, outlet, day, ``encode_article`` bytes)."""
        self._write("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?)",
                    ((_path_key(path), stamp, digest, _text(title), _text(outlet), day, blob)
                     for path, stamp, digest, title, outlet, day, blob in rows))

    def load(self, paths: Iterable[str], encodings: Optional[dict[str, str]] = None,
             progress: Optional[Callable[[int, int], None]] = None,
             loader: Callable[[str, Optional[str]], Article] = load_article
             ) -> tuple[list[Article], list[LoadError]]:
        """``ingest.loading.load_paths``, with unchanged files taken from the index."""
        files, errors = expand_paths(paths)
        encodings = encodings or {}
        stored = self.stored_articles(files)
        articles: list[Article] = []
        fresh: list[tuple[str, Article]] = []
        for n, file in enumerate(files):
            stamp = _file_stamp(file, encodings.get(file))
            entry = stored.get(file)
            article = None
            if stamp is not None and entry is not None and entry[0] == stamp:
                try:
                    article = decode_article(entry[1])
                except (ValueError, KeyError, TypeError, zlib.error):
                    article = None
            if article is None:
                try:
                    article = loader(file, encodings.get(file))
                except ArticleLoadError as exc:
                    errors.append(LoadError(file, display_text(str(exc))))
                    continue
                finally:
                    if progress:
                        progress(n + 1, len(files))
                if stamp is not None:
                    fresh.append((stamp, article))
            elif progress and (n + 1) % 100 == 0:
                progress(n + 1, len(files))
            articles.append(article)
        if fresh:
            self.put_articles(fresh)
        if progress:
            progress(len(files), len(files))
        return articles, errors

    # groupings -------------------------------------------------------------------------------
    def grouping(self, key: str) -> Optional[list[Event]]:
        rows = self._query("SELECT data FROM groupings WHERE key = ?", (key,))
        if not rows:
            return None
        try:
            return _decode_events(rows[0][0])
        except (ValueError, KeyError, TypeError, zlib.error):
            return None

    def put_grouping(self, key: str, events: Sequence[Event]) -> None:
        self._write("INSERT OR REPLACE INTO groupings VALUES (?, ?)", [(key, _encode_events(events))])

    def set_info(self, name: str, value: str) -> None:
        self._write("INSERT OR REPLACE INTO info VALUES (?, ?)", [(name, value)])

    def info(self, name: str) -> Optional[str]:
        rows = self._query("SELECT value FROM info WHERE name = ?", (name,))
        return rows[0][0] if rows else None

    def close(self) -> None:
        if self._db is not None:
            with self._lock:
                try:
                    self._db.close()
                except sqlite3.Error:
                    pass
                self._db = None


class LazyAnalyses(MutableMapping[str, Analysis]):
    """The analyses of a reopened library, decoded from the analysis cache when first asked for.

    An article missing from the cache (deleted, another pipeline version) is analysed
    on first use. Safe to read from several threads.
    """

    def __init__(self, articles: Sequence[Article], cache_path: Optional[Path] = None) -> None:
        self._articles = {a.path: a for a in articles}
        self._cache_path = cache_path
        self._decoded: dict[str, Analysis] = {}
        self._lock = threading.Lock()
        self._cache: Optional[AnalysisCache] = None

    def __getitem__(self, path: str) -> Analysis:
        found = self._decoded.get(path)
        if found is not None:
            return found
        article = self._articles[path]  # KeyError for a path not in the library
        with self._lock:
            found = self._decoded.get(path)
            if found is None:
                found = self._load([article])[path]
                self._decoded[path] = found
        return found

    def load(self, paths: Iterable[str]) -> None:
        """Decode (or analyse) several at once: the articles of the event being opened."""
        wanted = [self._articles[p] for p in paths if p in self._articles and p not in self._decoded]
        if wanted:
            with self._lock:
                self._decoded.update(self._load([a for a in wanted if a.path not in self._decoded]))

    def _load(self, articles: list[Article]) -> dict[str, Analysis]:
        from ..analysis.pipeline import analyse_articles
        if self._cache is None:
            self._cache = AnalysisCache(self._cache_path) if self._cache_path else AnalysisCache()
        return analyse_articles(articles, self._cache, workers=1)

    def set(self, path: str, analysis: Analysis) -> None:
        self._decoded[path] = analysis

    __setitem__ = set

    def __delitem__(self, path: str) -> None:
        if path not in self._articles:
            raise KeyError(path)
        self.pop(path)

    def __iter__(self) -> Iterator[str]:
        return iter(self._articles)

    def __len__(self) -> int:
        return len(self._articles)

    def __contains__(self, path: object) -> bool:
        return path in self._articles

    def pop(self, path: str, default=None):
        self._articles.pop(path, None)
        return self._decoded.pop(path, default)

    @property
    def decoded(self) -> int:
        return len(self._decoded)


class LazyEntities:
    """Stands for an ``EntityIndex`` built on first use (it reads every analysis)."""

    def __init__(self, build: Callable[[], EntityIndex]) -> None:
        self._build = build
        self._index: Optional[EntityIndex] = None
        self._lock = threading.Lock()

    def resolve(self) -> EntityIndex:
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._index = self._build()
        return self._index

    @property
    def built(self) -> bool:
        return self._index is not None

    def __getattr__(self, name: str):
        return getattr(self.resolve(), name)


def open_index_folder(folder: str) -> Optional[tuple[list[str], Path, Path]]:
    """(sources, index file, analysis cache file) when ``folder`` is an index that
    ``python -m viewer index --out`` wrote, else None."""
    index_file = Path(folder) / INDEX_FILE
    if not index_file.is_file():
        return None
    index = LibraryIndex(index_file)
    try:
        sources = index.info("sources")
    finally:
        index.close()
    if not sources:
        return None
    return list(json.loads(sources)), index_file, Path(folder) / "analysis.sqlite"
