"""The user's own work on a library, kept apart from the source files.

What the user corrects or decides — metadata overrides, events merged, split or
rearranged, passages linked or unlinked by hand, the encoding a file must be read
with — is saved as JSON (``state.json`` in the app data dir) and re-applied every
time the library is opened. Source files are never written.

Articles are identified by their content hash, so edits survive moving or renaming
the library folder; the path is the fallback when a file's text changed (an edited
file, or one reopened with another encoding). Event edits are a log of operations
that name the events by their member articles, because event ids are recomputed on
every open; replaying the log on the automatic grouping gives the user's grouping.

How the state file is read and written (damaged and newer files set aside) is in
``state_file``; each kind of edit has its own module.
"""
from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from .event_edits import EventEdits
from .manual_links import ManualLinks, _pair_key
from .meta_edits import (META_FIELDS, MetaEdits, StateError, _checked_field, split_authors,  # noqa: F401
                         validate_date)
from .state_file import STATE_VERSION, StateFile, default_state_path  # noqa: F401

if TYPE_CHECKING:
    from .library import Library

ENCODING_CHOICES = ("utf-8", "utf-16", "cp1252", "gb18030", "big5", "shift_jis")


class UserState(StateFile, MetaEdits, EventEdits, ManualLinks):
    """The user's edits, loaded from and saved to one JSON file.

    Attributes:
        path: the file ``save()`` writes.
        problems: human-readable reports of damaged/newer files and failed saves.
    """

    def __init__(self, path: Optional[Path] = None) -> None:
        StateFile.__init__(self, path)
        MetaEdits.__init__(self)
        EventEdits.__init__(self)
        ManualLinks.__init__(self)
        self._encodings: dict[str, str] = {}
        self._library: Optional["Library"] = None

    @classmethod
    def load(cls, path: Optional[Path] = None) -> "UserState":
        """Read the state file (missing → empty state; damaged or newer → see module doc)."""
        state = cls(path)
        target = state.path
        data = state._read(target)
        if data is not None and data["version"] > STATE_VERSION:
            fallback = target.with_name(f"state-v{STATE_VERSION}.json")
            state.problems.append(
                f"{target} was written by a newer version of the viewer (format {data['version']}, "
                f"this version understands {STATE_VERSION}). It is left untouched; edits made now are "
                f"saved to {fallback}.")
            state.path = fallback
            data = state._read(fallback)
            if data is not None and data["version"] > STATE_VERSION:
                data = None
        if data is not None:
            try:
                state._from_json(data)
            except (KeyError, TypeError, ValueError, AttributeError, LookupError) as exc:
                state._reset()
                state._move_aside(state.path, f"its content is not understood ({exc})")
        return state

    def _reset(self) -> None:
        self._meta, self._encodings, self._event_ops, self._links = [], {}, [], {}
        self._meta_index = None

    def _from_json(self, data: dict) -> None:
        """Fill the state from a parsed file; raises ValueError/KeyError/TypeError on anything unexpected."""
        for record in data.get("articles", []):
            fields = {k: _checked_field(k, v) for k, v in dict(record["meta"]).items() if k in META_FIELDS}
            if fields:
                self._meta.append({"hash": str(record["hash"]), "path": str(record.get("path", "")),
                                   "fields": fields})
        self._encodings = {str(p): codecs.lookup(str(e)) and str(e)
                           for p, e in dict(data.get("encodings", {})).items()}
        self._event_ops = [dict(op) for op in data.get("event_edits", [])]
        for op in self._event_ops:
            refs = {"move": [op.get("article")] + list(op.get("to", [])), "split": op.get("articles"),
                    "merge": [r for group in op.get("groups", []) for r in group],
                    "name": op.get("articles"), "remove": op.get("articles")}.get(op["op"])
            if op["op"] == "name":
                if "label" in op and not (isinstance(op["label"], str) and op["label"].strip()):
                    raise ValueError("an event name is not text")
                if "date" in op:
                    validate_date(op["date"])
            if refs is None:
                raise ValueError(f"unknown event edit {op['op']!r}")
            if not refs or not all(isinstance(r, dict) and ("hash" in r or "path" in r) for r in refs):
                raise ValueError(f"event edit {op['op']!r} names no articles")
        for record in data.get("links", []):
            for side in (record["a"], record["b"]):
                if not isinstance(side["paragraph"], int) or not isinstance(side["hash"], str):
                    raise ValueError("a link end has no paragraph number")
            if not isinstance(record["linked"], bool):
                raise ValueError("a link is neither made nor removed")
            self._links[_pair_key(record["a"], record["b"])] = dict(record)

    def to_json(self) -> dict:
        return {
            "version": STATE_VERSION,
            "saved_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "articles": [{"hash": r["hash"], "path": r["path"], "meta": r["fields"]} for r in self._meta],
            "encodings": dict(self._encodings),
            "event_edits": list(self._event_ops),
            "links": list(self._links.values()),
        }

    # ----------------------------------------------------------------- encodings
    def set_encoding(self, path: str, encoding: Optional[str]) -> None:
        """Read ``path`` with ``encoding`` from now on (None: detect it again).

        Raises:
            StateError: an encoding Python does not know.
        """
        if encoding:
            try:
                codecs.lookup(encoding)
            except LookupError as exc:
                raise StateError(f"Unknown encoding “{encoding}”.") from exc
            self._encodings[path] = encoding
        else:
            self._encodings.pop(path, None)
        self.save()

    def encodings(self) -> dict[str, str]:
        """path → encoding the user chose; pass to ``loading.load_paths(encodings=...)``."""
        return dict(self._encodings)

    # ----------------------------------------------------------------- library
    def edits_key(self) -> str:
        """Names the edits that shape the grouping (metadata, event edits): part of the
        library index's key, so a grouping kept there already has them applied."""
        import hashlib
        import json
        data = json.dumps([[r["hash"], r["path"], r["fields"]] for r in self._meta] + [self._event_ops],
                          sort_keys=True, ensure_ascii=True, default=str)
        return hashlib.sha1(data.encode()).hexdigest()[:16] if (self._meta or self._event_ops) else ""

    def apply_to_library(self, library: "Library") -> None:
        """Apply metadata overrides and the event edits to a freshly opened ``library``."""
        if library is not self._library:
            self._original_meta = {a.path: a.meta for a in library.articles}
            self._library = library
        rekeyed = False
        dates_changed = False
        for article in library.articles:
            record = self._meta_record(article)
            if record is None:
                continue
            if (record["hash"], record["path"]) != (article.content_hash, article.path):  # moved or edited
                record["hash"], record["path"] = article.content_hash, article.path
                self._meta_index = None
                rekeyed = True
            article.meta = self._original_meta[article.path].merged_with(record["fields"])
            dates_changed |= "published" in record["fields"]
        if getattr(library, "from_index", False):
            pass  # the index kept the grouping with these edits applied (see ``edits_key``)
        else:
            if dates_changed and library.events:
                library.regroup()
            if self._event_ops and library.events:
                self._replay(library, self._event_ops)
        if rekeyed:
            self.save()
