"""The shape of each record of the state file, checked before the state uses it.

The state file is the user's, in the user's folders: another version, a sync tool or a
hostile program may have written it. Each record (an article's metadata edits, an
encoding, an event edit, a manual link) is checked on its own — types, ranges, lengths —
and copied with only the keys the viewer uses; a record that fails raises ``BadRecord``
with the reason, and the state sets it aside and keeps the rest.
"""
from __future__ import annotations

import math
from typing import Any

from ..ingest.decoding import encoding_problem

MAX_RECORDS = 100_000  # of each kind
MAX_TEXT = 16 * 1024 * 1024  # characters of an edited title, outlet, dateline or author (the file size bounds it too)
MAX_AUTHORS = 200
MAX_KEY = 4096  # a hash or a path
MAX_PARAGRAPH = 1_000_000
MAX_OFFSET = 100_000_000
MAX_REFS = 10_000  # articles named by one event edit


class BadRecord(ValueError):
    """A record of the state file that is set aside; the message says why."""


def text(value: Any, what: str, longest: int = MAX_TEXT) -> str:
    if type(value) is not str:
        raise BadRecord(f"{what} is not text")
    if len(value) > longest:
        raise BadRecord(f"{what} is longer than {longest:,} characters")
    return value


def whole(value: Any, what: str, low: int, high: int) -> int:
    if type(value) is not int or not low <= value <= high:
        raise BadRecord(f"{what} is not a whole number from {low} to {high:,}")
    return value


def items(value: Any, what: str, longest: int = MAX_RECORDS) -> list:
    if type(value) is not list:
        raise BadRecord(f"{what} is not a list")
    if len(value) > longest:
        raise BadRecord(f"{what} has more than {longest:,} entries")
    return value


def mapping(value: Any, what: str) -> dict:
    if type(value) is not dict:
        raise BadRecord(f"{what} is not a record")
    return value


def article_ref(value: Any) -> dict[str, str]:
    """``{"hash", "path"}`` naming an article (either may be missing, not both)."""
    ref = mapping(value, "an article reference")
    out = {key: text(ref[key], f"an article's {key}", MAX_KEY) for key in ("hash", "path") if key in ref}
    if not out:
        raise BadRecord("an article reference names no article")
    return out


def meta_record(value: Any, check_field) -> dict:
    """``{"hash", "path", "fields"}`` from a stored ``{"hash", "path", "meta"}``.

    ``check_field(name, value)`` checks one field's value (dates must be real days…).
    """
    record = mapping(value, "an article's edits")
    meta = mapping(record.get("meta"), "an article's edited fields")
    fields = {}
    for name, field_value in meta.items():
        if name == "authors":
            names = items(field_value, "the authors", MAX_AUTHORS)
            for author in names:
                text(author, "an author")
        elif isinstance(field_value, str):
            text(field_value, f"the {name}")
        try:
            checked = check_field(name, field_value)
        except ValueError as exc:
            raise BadRecord(str(exc)) from None
        if checked is not None:
            fields[name] = checked
    return {"hash": text(record.get("hash"), "an article's hash", MAX_KEY),
            "path": text(record.get("path", ""), "an article's path", MAX_KEY), "fields": fields}


def encoding_record(path: Any, name: Any) -> tuple[str, str]:
    text(path, "a file's path", MAX_KEY)
    problem = encoding_problem(name)
    if problem:
        raise BadRecord(f"the encoding {str(name)[:40]!r} of {path} is unusable: {problem}")
    return path, name


def check_date(value: str) -> str:
    from .meta_edits import validate_date
    try:
        return validate_date(value)
    except ValueError as exc:
        raise BadRecord(str(exc)) from None


def event_op(value: Any) -> dict:
    op = mapping(value, "an event edit")
    kind = op.get("op")
    if kind == "move":
        return {"op": "move", "article": article_ref(op.get("article")),
                "to": [article_ref(r) for r in items(op.get("to"), "a move's target event", MAX_REFS)]}
    if kind == "split":
        refs = [article_ref(r) for r in items(op.get("articles"), "a split's articles", MAX_REFS)]
        if not refs:
            raise BadRecord("event edit 'split' names no articles")
        return {"op": "split", "articles": refs}
    if kind == "merge":
        groups = [[article_ref(r) for r in items(group, "a merged event", MAX_REFS)]
                  for group in items(op.get("groups"), "a merge's events", MAX_REFS)]
        if not any(groups):
            raise BadRecord("event edit 'merge' names no articles")
        return {"op": "merge", "groups": groups}
    if kind in ("name", "remove"):
        refs = [article_ref(r) for r in items(op.get("articles"), f"event edit '{kind}'", MAX_REFS)]
        if not refs:
            raise BadRecord(f"event edit '{kind}' names no articles")
        out: dict[str, Any] = {"op": kind, "articles": refs}
        if kind == "name":
            if "label" in op:
                label = text(op["label"], "an event name", MAX_TEXT)
                if not label.strip():
                    raise BadRecord("an event name is empty")
                out["label"] = label
            if "date" in op:
                out["date"] = check_date(text(op["date"], "an event date", 100))
        return out
    raise BadRecord(f"unknown event edit {str(kind)[:40]!r}")


def link_end(value: Any) -> dict:
    side = mapping(value, "a link end")
    out: dict[str, Any] = {"hash": text(side.get("hash"), "a link end's hash", MAX_KEY)}
    if "path" in side:
        out["path"] = text(side["path"], "a link end's path", MAX_KEY)
    out["paragraph"] = whole(side.get("paragraph"), "a link end's paragraph number", 0, MAX_PARAGRAPH)
    if side.get("span") is not None:
        span = items(side["span"], "a link end's span", 2)
        if len(span) != 2:
            raise BadRecord("a link end's span is not [start, end]")
        start = whole(span[0], "a span's start", 0, MAX_OFFSET)
        out["span"] = [start, whole(span[1], "a span's end", start, MAX_OFFSET)]
    return out


def link_record(value: Any) -> dict:
    record = mapping(value, "a manual link")
    out: dict[str, Any] = {"a": link_end(record.get("a")), "b": link_end(record.get("b"))}
    if type(record.get("linked")) is not bool:
        raise BadRecord("a link is neither made nor removed")
    out["linked"] = record["linked"]
    if "score" in record:
        score = record["score"]
        if type(score) not in (int, float) or not math.isfinite(score):
            raise BadRecord("a link's score is not a number")
        out["score"] = float(score)
    return out
