"""The reader's event edits: articles moved between events, events split, merged, named
and dated, articles removed from the library.

Event edits are a log of operations that name the events by their member articles,
because event ids are recomputed on every open; replaying the log on the automatic
grouping gives the reader's grouping.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Optional, Sequence

from ..model import Event
from .article_refs import ArticleLookup, article_ref
from .meta_edits import StateError, validate_date

if TYPE_CHECKING:
    from .library import Library


class EventEdits:
    """The log of event edits. Part of ``UserState``, which provides ``save()`` and ``_library``."""

    _library: Optional["Library"]

    if TYPE_CHECKING:
        def save(self) -> bool: ...  # StateFile's

    def __init__(self) -> None:
        self._event_ops: list[dict[str, Any]] = []

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
        op = {"op": "move", "article": article_ref(article),
              "to": [article_ref(library.article(p)) for p in target.articles]}
        return self._record(library, op, article.path)

    def split_event(self, event_id: str, paths: Sequence[str]) -> str:
        """Take ``paths`` out of their event into a new one; returns the new event's id."""
        library = self._require_library()
        event = self._event(event_id)
        outside = [p for p in paths if p not in event.articles]
        if outside or not paths:
            raise StateError(f"Choose articles of event “{event.label}” to split off.")
        op = {"op": "split", "articles": [article_ref(library.article(p)) for p in paths]}
        return self._record(library, op, paths[0])

    def new_event(self, paths: Sequence[str]) -> str:
        """Put ``paths`` (from any events) together in a new event; returns its id."""
        library = self._require_library()
        if not paths:
            raise StateError("Choose at least one article for the new event.")
        op = {"op": "split", "articles": [article_ref(library.article(p)) for p in paths]}
        return self._record(library, op, paths[0])

    def merge_events(self, ids: Sequence[str]) -> str:
        """Merge the events ``ids`` into one; returns the merged event's id."""
        library = self._require_library()
        events = [self._event(i) for i in dict.fromkeys(ids)]
        if len(events) < 2:
            raise StateError("Choose at least two events to merge.")
        op = {"op": "merge", "groups": [[article_ref(library.article(p)) for p in e.articles] for e in events]}
        return self._record(library, op, events[0].articles[0])

    def rename_event(self, event_id: str, label: str) -> str:
        """Give an event the reader's own name (kept when the grouping is recomputed)."""
        label = " ".join(str(label).split())
        if not label:
            raise StateError("Give the event a name.")
        return self._name_event(event_id, {"label": label})

    def redate_event(self, event_id: str, date: str) -> str:
        """Set the day an event happened (YYYY-MM-DD)."""
        return self._name_event(event_id, {"date": validate_date(date)})

    def _name_event(self, event_id: str, fields: dict) -> str:
        library = self._require_library()
        event = self._event(event_id)
        op = {"op": "name", "articles": [article_ref(library.article(p)) for p in event.articles], **fields}
        return self._record(library, op, event.articles[0])

    def remove_articles(self, paths: Sequence[str]) -> None:
        """Take articles out of the library (their files stay where they are); remembered, so
        that reopening the folder leaves them out until ``restore_removed``."""
        library = self._require_library()
        if not paths:
            raise StateError("Choose the articles to remove from the library.")
        op = {"op": "remove", "articles": [article_ref(library.article(p)) for p in paths]}
        self._event_ops.append(op)
        self._replay(library, [op])
        self.save()

    def removed_count(self) -> int:
        return sum(len(op["articles"]) for op in self._event_ops if op["op"] == "remove")

    def restore_removed(self) -> None:
        """Forget every removal; the articles come back when the library is reopened."""
        self._event_ops = [op for op in self._event_ops if op["op"] != "remove"]
        self.save()

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
        lookup = ArticleLookup(library.articles)
        for op in ops:
            if op["op"] == "remove":
                gone = {a.path for a in map(lookup.resolve, op["articles"]) if a is not None}
                changed |= library.drop_articles(gone)
                for group in groups:
                    group[:] = [p for p in group if p not in gone]
            else:
                changed |= _apply_op(op, groups, lookup)
        if changed:
            self._regroup_as(library, groups, kept)
        _apply_names(library, self._event_ops)
        library.sort_events()  # a new day moves it in the list

    @staticmethod
    def _regroup_as(library: "Library", groups: list[list[str]], kept: dict[int, Event]) -> None:
        from ..analysis.entities import build_entities
        from .events import describe_event, order_events
        groups = [g for g in groups if g]
        entities = build_entities(library.analyses, groups)
        events = []
        for group in groups:
            original = kept.get(id(group))
            if original is not None and original.articles == group:
                events.append(original)
            else:
                events.append(describe_event(group, library.articles, library.analyses, entities))
        library.set_events(order_events(events), entities)


def _apply_names(library: "Library", ops: Sequence[dict]) -> None:
    """Names and days the reader gave events, each to the event now holding most of the
    articles it had (so a name survives articles moving in or out)."""
    lookup = ArticleLookup(library.articles)
    for op in ops:
        if op["op"] != "name":
            continue
        paths = {a.path for a in map(lookup.resolve, op["articles"]) if a is not None}
        best = max(library.events, key=lambda e: len(paths.intersection(e.articles)), default=None)
        if best is None or 2 * len(paths.intersection(best.articles)) <= len(paths):
            continue
        best.label = op.get("label", best.label)
        best.date = op.get("date", best.date)


def _apply_op(op: dict, groups: list[list[str]], lookup: ArticleLookup) -> bool:
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
