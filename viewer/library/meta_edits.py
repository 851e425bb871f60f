"""The reader's corrections of article metadata (title, outlet, date, authors, dateline)."""
from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any, Optional, Sequence

from ..ingest.metadata import split_authors
from ..model import Article, ArticleMeta
from .article_refs import file_name

if TYPE_CHECKING:
    from .library import Library

META_FIELDS = ("title", "outlet", "published", "authors", "dateline")
_FIELD_ALIASES = {"date": "published", "author": "authors"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class StateError(ValueError):
    """An edit the state cannot record (bad date, unknown field or event); the message says why."""

def validate_date(value: str) -> str:
    """``value`` as an ISO date (YYYY-MM-DD).

    Raises:
        StateError: not in that form or not a real day.
    """
    text = value.strip()
    if not _ISO_DATE.match(text):
        raise StateError(f"“{value}” is not a date in the form YYYY-MM-DD (e.g. 2021-09-10).")
    try:
        dt.date.fromisoformat(text)
    except ValueError as exc:
        raise StateError(f"“{value}” is not a real day ({exc}).") from exc
    return text


class _MetaIndex:
    """Metadata records by (hash, path), by hash and by path."""

    def __init__(self, records: Sequence[dict]) -> None:
        self.exact: dict[tuple[str, str], dict] = {}
        self.by_hash: dict[str, list[dict]] = {}
        self.by_path: dict[str, list[dict]] = {}
        for record in records:
            self.exact[(record["hash"], record["path"])] = record
            self.by_hash.setdefault(record["hash"], []).append(record)
            self.by_path.setdefault(record["path"], []).append(record)


class MetaEdits:
    """Metadata overrides per article, applied over what was read from the file.

    Part of ``UserState``, which provides ``save()``, ``_library`` and ``_rebuild_events``.
    """

    _library: Optional["Library"]

    if TYPE_CHECKING:
        def save(self) -> bool: ...  # StateFile's

        def _rebuild_events(self, library: Library) -> None: ...  # EventEdits'

    def __init__(self) -> None:
        self._meta: list[dict[str, Any]] = []  # {"hash", "path", "fields": {field: value}} per article
        self._original_meta: dict[str, ArticleMeta] = {}  # path -> metadata as read from the file
        self._meta_index: Optional[_MetaIndex] = None  # built on demand, dropped when _meta changes

    def overrides(self, article: Article) -> dict[str, Any]:
        """The user's metadata edits of ``article`` (field → value)."""
        record = self._meta_record(article)
        return dict(record["fields"]) if record else {}

    def original_meta(self, article: Article) -> ArticleMeta:
        """Metadata as read from the file, before the user's edits."""
        return self._original_meta.get(article.path, article.meta)

    def set_meta(self, article: Article, field: str, value: Any) -> None:
        """Record a metadata correction and apply it to ``article`` (None or "" clears it).

        Raises:
            StateError: unknown field, or a date not in the form YYYY-MM-DD.
        """
        field = _FIELD_ALIASES.get(field, field)
        if field not in META_FIELDS:
            raise StateError(f"“{field}” cannot be edited; editable fields: {', '.join(META_FIELDS)}.")
        if field == "authors":
            cleaned: Any = split_authors(value) if value else []
            cleaned = cleaned or None
        else:
            cleaned = str(value).strip() if value is not None else None
            cleaned = cleaned or None
            if field == "published" and cleaned:
                cleaned = validate_date(cleaned)
        self._original_meta.setdefault(article.path, article.meta)
        record = self._meta_record(article)
        if record is None:
            record = {"hash": article.content_hash, "path": article.path, "fields": {}}
            self._meta.append(record)
        record["hash"], record["path"] = article.content_hash, article.path
        self._meta_index = None
        if cleaned is None:
            record["fields"].pop(field, None)
        else:
            record["fields"][field] = cleaned
        if not record["fields"]:
            self._meta = [r for r in self._meta if r is not record]
        article.meta = self._original_meta[article.path].merged_with(record["fields"])
        library = self._library
        if field == "published" and library is not None and library.events \
                and any(a is article for a in library.articles):
            self._rebuild_events(library)
        self.save()

    def _meta_record(self, article: Article) -> Optional[dict]:
        """The record of ``article``: same text and path; else same text, from a file no longer
        in the library (moved: same file name preferred); else same path, whose recorded text
        no open article has (the file was edited or re-decoded)."""
        if self._meta_index is None:
            self._meta_index = _MetaIndex(self._meta)
        index = self._meta_index
        exact = index.exact.get((article.content_hash, article.path))
        if exact is not None:
            return exact
        same_text = index.by_hash.get(article.content_hash, [])
        same_path = index.by_path.get(article.path, [])
        if not same_text and not same_path:
            return None
        library = self._library
        open_paths = {a.path for a in library.articles} if library is not None else set()
        open_hashes = {a.content_hash for a in library.articles} if library is not None else set()
        moved = [r for r in same_text if r["path"] not in open_paths]
        if moved:
            return next((r for r in moved if file_name(r["path"]) == article.name), moved[0])
        edited = [r for r in same_path if r["hash"] not in open_hashes]
        return edited[0] if edited else None


def _checked_field(field: str, value: Any) -> Any:
    """A stored metadata value of the expected type, or ValueError."""
    if field == "authors":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError("authors must be a list of names")
        return value
    if not isinstance(value, str):
        raise ValueError(f"{field} must be text")
    return validate_date(value) if field == "published" else value
