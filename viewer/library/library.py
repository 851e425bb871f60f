"""A library: the loaded articles, their analyses, canonical entities and events.

This is what the CLI and the GUI open; everything below it is plain functions.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable, MutableMapping, Optional, cast

from ..analysis.pipeline import analyse_articles
from ..analysis.cache import AnalysisCache
from ..analysis.entities import EntityIndex, build_entities
from .events import group_events
from ..ingest.loading import load_paths
from ..model import Analysis, Article, Event, LoadError

if TYPE_CHECKING:
    from .index import LibraryIndex

# Above this many articles events are grouped from candidate pairs (``candidates``): the
# date blocks of a long span of coverage chain into one, and all its pairs do not fit.
# It is every library: on the dev corpus the groups are the same as the full matrix's
# (B-cubed F1 0.937 both), and on a generated 1,000-article library its date window keeps
# apart reports years apart that the full matrix merged (pair precision 0.91 against 0.05:
# articles dated only by publication are not "confidently" dated, so nothing blocks them).
SPARSE_ABOVE = 0

Progress = Callable[[str, int, int], None]  # (stage, done, total)


def damaged_rows_message(count: int) -> str:
    if count == 1:
        return "1 cached analysis was damaged and was rebuilt"
    return f"{count:,} cached analyses were damaged and were rebuilt"


@dataclass
class Library:
    articles: list[Article]
    errors: list[LoadError]
    analyses: MutableMapping[str, Analysis]  # a dict, or ``LazyAnalyses`` for a library reopened from its index
    entities: EntityIndex
    events: list[Event] = field(default_factory=list)
    # articles whose analysis is still the quick first pass (see ``open(first_pass=True)``)
    pending: set[str] = field(default_factory=set)
    from_index: bool = False  # events as the library index kept them; analyses decoded on first use

    @classmethod
    def open(cls, paths: Iterable[str], use_cache: bool = True, progress: Optional[Progress] = None,
             cancelled: Optional[Callable[[], bool]] = None, group: bool = True,
             encodings: Optional[dict[str, str]] = None, first_pass: bool = False,
             index: Optional["LibraryIndex"] = None, edits_key: str = "", cache_path=None) -> "Library":
        """Load, analyse (cached) and group ``paths``; bad files become ``errors``.

        ``encodings``: path → encoding the user chose for that file (else detected).
        ``first_pass``: group from the quick analysis (``analysis.quick``, no neural model)
        and leave the full analysis to the caller (``Library.pending`` lists what is left).
        ``index``: unchanged files come from this ``LibraryIndex``, and when it holds the
        grouping of exactly these articles (and the reader's edits named by ``edits_key``,
        see ``UserState.edits_key``) the library opens with it, its analyses decoded
        only when asked for (``from_index`` is then True).
        """
        load_progress = (lambda d, t: progress("load", d, t)) if progress else None
        if index is not None:
            articles, errors = index.load(list(paths), encodings=encodings, progress=load_progress)
            if group and use_cache:
                from .index import grouping_key
                events = index.grouping(grouping_key(articles, edits_key))
                if events is not None:
                    return cls.from_grouping(articles, errors, events, cache_path)
        else:
            articles, errors = load_paths(list(paths), encodings=encodings, progress=load_progress)
        if first_pass:
            from ..analysis.quick import quick_analyses
            library = cls(articles, errors, quick_analyses(articles, cancelled), EntityIndex([]))
            library.pending = {a.path for a in articles}
            library.regroup(group)
            return library
        cache = AnalysisCache(cache_path) if use_cache else None
        try:
            analyses = analyse_articles(articles, cache,
                                        progress=(lambda d, t: progress("analyse", d, t)) if progress else None,
                                        cancelled=cancelled)
        finally:
            if cache:
                cache.close()
        if cache and cache.damaged:
            errors.append(LoadError(str(cache.path), damaged_rows_message(cache.damaged), kind="cache"))
        library = cls(articles, errors, analyses, EntityIndex([]))
        library.regroup(group)
        return library

    @classmethod
    def from_grouping(cls, articles: list[Article], errors: list[LoadError], events: list[Event],
                      cache_path=None) -> "Library":
        """A library whose events are known (from an index): analyses and entities come on first use."""
        from .index import LazyAnalyses, LazyEntities
        analyses = LazyAnalyses(articles, cache_path)
        library = cls(articles, errors, analyses, EntityIndex([]), events)
        # A stand-in that builds the index on first use and forwards every attribute to it.
        library.entities = cast(EntityIndex, LazyEntities(
            lambda: build_entities(analyses, [e.articles for e in library.events])))
        library.from_index = True
        return library

    def remember(self, index: "LibraryIndex", edits_key: str = "") -> None:
        """Store this library's articles' grouping (after the reader's edits) in ``index``."""
        from .index import grouping_key
        if self.pending or not self.events:
            return  # a first-pass grouping is not the one to reopen with
        index.put_grouping(grouping_key(self.articles, edits_key), self.events)

    def regroup(self, group: bool = True) -> None:
        """Rebuild entities and events (after articles were added or removed)."""
        self.entities = build_entities(self.analyses)
        if not (group and self.articles):
            self.events = []
        elif len(self.articles) > SPARSE_ABOVE:  # candidate pairs, not every pair of a date block
            from .candidates import group_events_sparse
            self.events = group_events_sparse(self.articles, self.analyses, self.entities)
        else:
            self.events = group_events(self.articles, self.analyses, self.entities)
        # Surnames join full names of the same event: rebuild the index scoped by event.
        if self.events:
            self.entities = build_entities(self.analyses, [e.articles for e in self.events])

    def set_events(self, events: list[Event], entities: Optional[EntityIndex] = None) -> None:
        """Replace the events (the reader's edits regroup them), with the entity index scoped by them."""
        self.events = list(events)
        if entities is not None:
            self.entities = entities

    def sort_events(self) -> None:
        """Events by day, then label (an edited day moves its event in the list)."""
        self.events.sort(key=lambda e: (e.date or "9999", e.label))

    def article(self, path: str) -> Article:
        for article in self.articles:
            if article.path == path:
                return article
        raise KeyError(path)

    def event_of(self, path: str) -> Optional[Event]:
        return next((e for e in self.events if path in e.articles), None)

    def drop_articles(self, paths: Iterable[str]) -> bool:
        """Take articles out of the library (not their files); the caller regroups. True if any was here."""
        gone = set(paths) & {a.path for a in self.articles}
        if not gone:
            return False
        self.articles = [a for a in self.articles if a.path not in gone]
        for path in gone:
            self.analyses.pop(path, None)
        self.events = [e for e in self.events if not gone.issuperset(e.articles)]
        return True
