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

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from . import state_checks
from .event_edits import EventEdits
from .manual_links import ManualLinks, _pair_key
from .meta_edits import (META_FIELDS, MetaEdits, StateError, _checked_field, split_authors,  # noqa: F401
                         validate_date)
from .state_file import STATE_VERSION, StateFile, default_state_path  # noqa: F401

from ..ingest.decoding import encoding_problem

if TYPE_CHECKING:
    from .library import Library


def _stored_field(name: str, value):
    """A stored metadata field, checked (None: not a field this version edits, ignored)."""
    return _checked_field(name, value) if name in META_FIELDS else None

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
    def load(cls, path: Optional[Path] = None, read_only: bool = False) -> "UserState":
        """Read the state file (missing → empty state; damaged or newer → see module doc).

        ``read_only`` (the command line): nothing is ever written, moved or renamed.
        """
        state = cls(path)
        state.read_only = read_only
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
                rejected = state._from_json(data)
            except (KeyError, TypeError, ValueError, AttributeError, LookupError, RecursionError) as exc:
                state._reset()  # not expected (each record is checked), but never fatal
                state._move_aside(state.path, f"its content is not understood ({exc})")
                return state
            kept = len(state._meta) + len(state._encodings) + len(state._event_ops) + len(state._links)
            if rejected and not kept:
                state._move_aside(state.path, f"its content is not understood ({rejected[0]})")
            elif rejected:
                state._set_aside_some(state.path, rejected, kept)
                state.save()  # what held, in a fresh file
        return state

    def _reset(self) -> None:
        self._meta, self._encodings, self._event_ops, self._links = [], {}, [], {}
        self._meta_index = None

    def _from_json(self, data: dict) -> list[str]:
        """Fill the state from a parsed file, record by record (``state_checks``).

        Returns why each record that failed its check was set aside; the others are kept.
        """
        rejected: list[str] = []

        def each(key: str, default, check) -> None:
            value = data.get(key, default)
            try:
                records = (state_checks.items(value, f"“{key}”") if isinstance(default, list)
                           else list(state_checks.mapping(value, f"“{key}”").items()))
                if len(records) > state_checks.MAX_RECORDS:
                    raise state_checks.BadRecord(f"“{key}” has more than {state_checks.MAX_RECORDS:,} entries")
            except state_checks.BadRecord as exc:
                rejected.append(str(exc))
                return
            for record in records:
                try:
                    check(record)
                except (state_checks.BadRecord, ValueError, TypeError, KeyError) as exc:
                    rejected.append(str(exc))

        def meta(record) -> None:
            checked = state_checks.meta_record(record, _stored_field)
            if checked["fields"]:
                self._meta.append(checked)

        def encoding(item) -> None:
            path, name = state_checks.encoding_record(*item)
            self._encodings[path] = name

        def link(record) -> None:
            checked = state_checks.link_record(record)
            self._links[_pair_key(checked["a"], checked["b"])] = checked

        each("articles", [], meta)
        each("encodings", {}, encoding)
        each("event_edits", [], lambda op: self._event_ops.append(state_checks.event_op(op)))
        each("links", [], link)
        self._meta_index = None
        return rejected

    def _drop_unsavable(self) -> int:
        """Drop the records that cannot be written as JSON (see ``StateFile.save``)."""
        import json

        def ok(record) -> bool:
            try:
                json.dumps(record, allow_nan=False)
                return True
            except (TypeError, ValueError, RecursionError):
                return False

        before = len(self._meta) + len(self._encodings) + len(self._event_ops) + len(self._links)
        self._meta = [r for r in self._meta if ok(r)]
        self._encodings = {p: e for p, e in self._encodings.items() if ok([p, e])}
        self._event_ops = [op for op in self._event_ops if ok(op)]
        self._links = {k: r for k, r in self._links.items() if ok(r)}
        self._meta_index = None
        return before - (len(self._meta) + len(self._encodings) + len(self._event_ops) + len(self._links))

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
            problem = encoding_problem(encoding)
            if problem:
                raise StateError(f"The encoding “{encoding}” cannot be used: {problem}.")
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
