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

Damaged and newer files are never silently overwritten:

- a file that is not valid JSON (or not a state file) is renamed to
  ``state.json.corrupt-<UTC timestamp>`` and the session starts empty;
- a file written by a newer version of the viewer is left untouched; this version
  then reads and writes ``state-v<its version>.json`` next to it instead.

Both cases are described in ``UserState.problems`` for the UI to show.
"""
from __future__ import annotations

import codecs
import datetime as dt
import json
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Optional, Sequence

from .model import Article, ArticleMeta, Event, PassageLink

if TYPE_CHECKING:
    from .comparison import Comparison
    from .library import Library

STATE_VERSION = 1
STATE_FILE_NAME = "state.json"
APP_DIR_NAME = "comparison-viewer"
META_FIELDS = ("title", "outlet", "published", "authors", "dateline")
_FIELD_ALIASES = {"date": "published", "author": "authors"}
ENCODING_CHOICES = ("utf-8", "utf-16", "cp1252", "gb18030", "big5", "shift_jis")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class StateError(ValueError):
    """An edit the state cannot record (bad date, unknown field or event); the message says why."""


def data_dir() -> Path:
    """Where the user's work is kept: ``VIEWER_DATA_DIR`` if set, else the platform's data dir."""
    override = os.environ.get("VIEWER_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir
    return Path(user_data_dir(APP_DIR_NAME, appauthor=False))


def default_state_path() -> Path:
    return data_dir() / STATE_FILE_NAME


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


def split_authors(value: str | Iterable[str]) -> list[str]:
    """Authors from a list or from text like "Ana Li, Bo Chen and Cy Ma"."""
    if isinstance(value, str):
        parts = re.split(r"\s*(?:[,;]|\band\b|&)\s*", value)
    else:
        parts = list(value)
    return [p.strip() for p in parts if p and p.strip()]


def _ref(article: Article) -> dict[str, str]:
    return {"hash": article.content_hash, "path": article.path}


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


class _ArticleLookup:
    """Finds the article a stored reference names: same content (at the same path, else with the
    same file name, else anywhere — identical copies stay apart), else same path."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self.by_hash: dict[str, list[Article]] = {}
        self.by_path: dict[str, Article] = {}
        for article in articles:
            self.by_hash.setdefault(article.content_hash, []).append(article)
            self.by_path[article.path] = article

    def resolve(self, ref: dict) -> Optional[Article]:
        same = self.by_hash.get(ref.get("hash", ""), [])
        path = ref.get("path", "")
        if same:
            return next((a for a in same if a.path == path), None) or \
                next((a for a in same if a.name == _file_name(path)), same[0])
        return self.by_path.get(path)


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


class UserState:
    """The user's edits, loaded from and saved to one JSON file.

    Attributes:
        path: the file ``save()`` writes.
        problems: human-readable reports of damaged/newer files and failed saves.
    """

    def __init__(self, path: Optional[Path] = None) -> None:
        self.path = Path(path) if path else default_state_path()
        self.problems: list[str] = []
        self._meta: list[dict[str, Any]] = []  # {"hash", "path", "fields": {field: value}} per article
        self._encodings: dict[str, str] = {}
        self._event_ops: list[dict[str, Any]] = []
        self._links: dict[str, dict[str, Any]] = {}  # pair key -> link record
        self._library: Optional["Library"] = None
        self._original_meta: dict[str, ArticleMeta] = {}  # path -> metadata as read from the file
        self._meta_index: Optional[_MetaIndex] = None  # built on demand, dropped when _meta changes

    # ----------------------------------------------------------------- loading and saving
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

    def _read(self, path: Path) -> Optional[dict]:
        """The parsed file, or None when missing or damaged (then it is moved aside)."""
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            # keep whatever is there: edits of this session go to a sibling file instead
            self.path = path.with_name(f"{path.name}.new")
            self.problems.append(f"Could not read your saved edits from {path} ({exc}); it is left as it is "
                                 f"and edits made now are saved to {self.path}.")
            return None
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            self._move_aside(path, f"it is not valid JSON ({exc})")
            return None
        if not isinstance(data, dict) or not isinstance(data.get("version"), int) \
                or isinstance(data.get("version"), bool):
            self._move_aside(path, "it has no format version")
            return None
        return data

    def _move_aside(self, path: Path, reason: str) -> None:
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S")
        aside = path.with_name(f"{path.name}.corrupt-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        try:
            os.replace(path, aside)
            where = f"it was moved to {aside}"
        except OSError as exc:
            where = f"it could not be moved aside ({exc}); it will not be overwritten"
            self.path = path.with_name(f"{path.name}.new")
        self.problems.append(f"Your saved edits in {path} could not be read because {reason}; {where}. "
                             "Starting with no saved edits.")

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
                    "merge": [r for group in op.get("groups", []) for r in group]}.get(op["op"])
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

    def save(self) -> bool:
        """Write the state atomically: a crash leaves the old or the new file, never a mix.

        Returns False (and adds to ``problems``) when the file cannot be written.
        """
        payload = json.dumps(self.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
        folder = self.path.parent
        tmp_name = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{self.path.name}.", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_name, self.path)
            tmp_name = None
            _fsync_dir(folder)
            return True
        except OSError as exc:
            self.problems.append(f"Could not save your edits to {self.path}: {exc}.")
            return False
        finally:
            if tmp_name:
                try:
                    os.unlink(tmp_name)
                except OSError:
                    pass

    # ----------------------------------------------------------------- metadata
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
            return next((r for r in moved if _file_name(r["path"]) == article.name), moved[0])
        edited = [r for r in same_path if r["hash"] not in open_hashes]
        return edited[0] if edited else None

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
        if dates_changed and library.events:
            library.regroup()
        if self._event_ops and library.events:
            self._replay(library, self._event_ops)
        if rekeyed:
            self.save()

    def _rebuild_events(self, library: "Library") -> None:
        library.regroup()
        if self._event_ops:
            self._replay(library, self._event_ops)

    def _event(self, event_id: str) -> Event:
        library = self._require_library()
        for event in library.events:
            if event.id == event_id:
                return event
        raise StateError(f"No event “{event_id}” in the library.")

    def _require_library(self) -> "Library":
        if self._library is None:
            raise StateError("Open a library (apply_to_library) before editing its events.")
        return self._library

    def move_article(self, path: str, event_id: str) -> str:
        """Move one article into another event; returns the (recomputed) id of that event."""
        library = self._require_library()
        target = self._event(event_id)
        article = library.article(path)
        if path in target.articles:
            return target.id
        op = {"op": "move", "article": _ref(article),
              "to": [_ref(library.article(p)) for p in target.articles]}
        return self._record(library, op, article.path)

    def split_event(self, event_id: str, paths: Sequence[str]) -> str:
        """Take ``paths`` out of their event into a new one; returns the new event's id."""
        library = self._require_library()
        event = self._event(event_id)
        outside = [p for p in paths if p not in event.articles]
        if outside or not paths:
            raise StateError(f"Choose articles of event “{event.label}” to split off.")
        op = {"op": "split", "articles": [_ref(library.article(p)) for p in paths]}
        return self._record(library, op, paths[0])

    def new_event(self, paths: Sequence[str]) -> str:
        """Put ``paths`` (from any events) together in a new event; returns its id."""
        library = self._require_library()
        if not paths:
            raise StateError("Choose at least one article for the new event.")
        op = {"op": "split", "articles": [_ref(library.article(p)) for p in paths]}
        return self._record(library, op, paths[0])

    def merge_events(self, ids: Sequence[str]) -> str:
        """Merge the events ``ids`` into one; returns the merged event's id."""
        library = self._require_library()
        events = [self._event(i) for i in dict.fromkeys(ids)]
        if len(events) < 2:
            raise StateError("Choose at least two events to merge.")
        op = {"op": "merge", "groups": [[_ref(library.article(p)) for p in e.articles] for e in events]}
        return self._record(library, op, events[0].articles[0])

    def event_edits(self) -> list[dict]:
        return [dict(op) for op in self._event_ops]

    def _record(self, library: "Library", op: dict, member: str) -> str:
        self._event_ops.append(op)
        self._replay(library, [op])
        self.save()
        event = library.event_of(member)
        return event.id if event else ""

    def _replay(self, library: "Library", ops: Sequence[dict]) -> None:
        """Apply event edits to ``library.events`` in order, then relabel the changed events."""
        groups: list[list[str]] = [list(e.articles) for e in library.events]
        kept = {id(g): e for g, e in zip(groups, library.events)}
        changed = False
        lookup = _ArticleLookup(library.articles)
        for op in ops:
            changed |= _apply_op(op, groups, lookup)
        if not changed:
            return
        from .entities import build_entities
        from .events import describe_event, order_events
        groups = [g for g in groups if g]
        library.entities = build_entities(library.analyses, groups)
        events = []
        for group in groups:
            original = kept.get(id(group))
            if original is not None and original.articles == group:
                events.append(original)
            else:
                events.append(describe_event(group, library.articles, library.analyses, library.entities))
        library.events = order_events(events)

    # ----------------------------------------------------------------- manual links
    def add_link(self, comparison: "Comparison", link: PassageLink) -> None:
        """Link two passages by hand (kept across rebuilds of the comparison)."""
        comparison.add_link(link)
        self._store_link(comparison, link, linked=True)

    def remove_link(self, comparison: "Comparison", link: PassageLink) -> None:
        """Unlink two passages (also a link the aligner made; it stays removed)."""
        comparison.remove_link(link.a_path, link.a_paragraph, link.b_path, link.b_paragraph)
        self._store_link(comparison, link, linked=False)

    def _store_link(self, comparison: "Comparison", link: PassageLink, linked: bool) -> None:
        by_path = {a.path: a for a in comparison.articles}
        a, b = by_path[link.a_path], by_path[link.b_path]
        side_a = {**_ref(a), "paragraph": link.a_paragraph, "span": list(link.a_span)}
        side_b = {**_ref(b), "paragraph": link.b_paragraph, "span": list(link.b_span)}
        self._links[_pair_key(side_a, side_b)] = {"a": side_a, "b": side_b, "linked": linked,
                                                  "score": float(link.score)}
        self.save()

    def manual_links(self) -> list[dict]:
        return [dict(r) for r in self._links.values()]

    def apply_to_comparison(self, comparison: "Comparison") -> int:
        """Re-apply the user's links and unlinks to a freshly built ``comparison``; returns how many."""
        applied = 0
        order = {a.path: n for n, a in enumerate(comparison.articles)}
        lookup = _ArticleLookup(comparison.articles)
        for record in self._links.values():
            a, b = lookup.resolve(record["a"]), lookup.resolve(record["b"])
            if a is None or b is None or a is b:
                continue
            side_a, side_b = record["a"], record["b"]
            if order[a.path] > order[b.path]:
                a, b, side_a, side_b = b, a, side_b, side_a
            span_a, span_b = _span(a, side_a), _span(b, side_b)
            if span_a is None or span_b is None:
                continue
            if record["linked"]:
                comparison.add_link(PassageLink(a.path, b.path, side_a["paragraph"], side_b["paragraph"],
                                                span_a, span_b, record.get("score", 1.0), manual=True))
            else:
                comparison.remove_link(a.path, side_a["paragraph"], b.path, side_b["paragraph"])
            applied += 1
        return applied


def _checked_field(field: str, value: Any) -> Any:
    """A stored metadata value of the expected type, or ValueError."""
    if field == "authors":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError("authors must be a list of names")
        return value
    if not isinstance(value, str):
        raise ValueError(f"{field} must be text")
    return validate_date(value) if field == "published" else value


def _pair_key(side_a: dict, side_b: dict) -> str:
    ends = sorted(f"{s['hash']}:{s['paragraph']}" for s in (side_a, side_b))
    return "|".join(ends)


def _span(article: Article, side: dict) -> Optional[tuple[int, int]]:
    """The stored span if the text is unchanged, else the whole paragraph (None if gone)."""
    index = side["paragraph"]
    if not 0 <= index < len(article.paragraphs):
        return None
    paragraph = article.paragraphs[index]
    span = side.get("span")
    if article.content_hash == side.get("hash") and span and \
            paragraph.start <= span[0] <= span[1] <= paragraph.end:
        return (int(span[0]), int(span[1]))
    return paragraph.span


def _apply_op(op: dict, groups: list[list[str]], lookup: _ArticleLookup) -> bool:
    """Apply one event edit to ``groups`` (lists of paths, edited in place); True if it changed them."""
    def group_of(path: str) -> Optional[list[str]]:
        return next((g for g in groups if path in g), None)

    def resolved(refs: Iterable[dict]) -> list[str]:
        found = (lookup.resolve(r) for r in refs)
        return list(dict.fromkeys(a.path for a in found if a is not None))

    if op["op"] == "move":
        moving = lookup.resolve(op["article"])
        targets = [p for p in resolved(op["to"]) if moving is None or p != moving.path]
        target = next((g for g in map(group_of, targets) if g is not None), None)
        if moving is None or target is None or moving.path in target:
            return False
        source = group_of(moving.path)
        if source is not None:
            source.remove(moving.path)
        target.append(moving.path)
        return True
    if op["op"] == "split":
        paths = resolved(op["articles"])
        if not paths:
            return False
        for path in paths:
            source = group_of(path)
            if source is not None:
                source.remove(path)
        groups.append(paths)
        return True
    if op["op"] == "merge":
        merged: list[list[str]] = []
        for refs in op["groups"]:
            for path in resolved(refs):
                group = group_of(path)
                if group is not None and all(group is not g for g in merged):
                    merged.append(group)
                    break
        if len(merged) < 2:
            return False
        for group in merged[1:]:
            merged[0].extend(group)
            group.clear()
        return True
    return False


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where directories cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
