"""The comparison of two or more articles: aligned passages, wording diffs, entity
differences and quotes — everything the GUI draws and the exports print."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Callable, Optional, Sequence

from .align import align_articles
from ..analysis.pipeline import Cancelled
from .diffing import DiffBudget
from ..analysis.entities import VALUE_LABELS, EntityIndex, build_entities, entity_differences
from ..model import BYLINE, Analysis, Article, CanonicalEntity, Event, PassageLink, Quote

if TYPE_CHECKING:
    from ..library.library import Library


@dataclass
class QuoteInfo:
    path: str
    quote: Quote
    speaker: Optional[str]  # canonical name of who is quoted, when known


@dataclass
class Comparison:
    articles: list[Article]
    links: dict[tuple[str, str], list[PassageLink]]
    entities: EntityIndex  # canonical entities over the compared articles
    only_in: dict[str, list[CanonicalEntity]]  # names only this article mentions
    quotes: list[QuoteInfo]
    event: Optional[Event] = None
    manual: list[PassageLink] = field(default_factory=list)
    # numbers, amounts and dates only this article gives (e.g. "90 minutes", "1,300")
    only_in_values: dict[str, list[CanonicalEntity]] = field(default_factory=dict)
    # each article's analysis (sentences, lemmas, mentions) for the difference finders
    # (not named ``analyses``: code tells a Library from a Comparison by that attribute)
    article_analyses: dict[str, Analysis] = field(default_factory=dict, repr=False)
    # key differences by reference readout (compare.key_differences.cached_key_differences)
    key_differences_cache: dict = field(default_factory=dict, repr=False, compare=False)
    reference: Optional[str] = None  # the article the reader chose as the official readout

    @property
    def paths(self) -> list[str]:
        return [a.path for a in self.articles]

    def all_links(self) -> list[PassageLink]:
        return [link for links in self.links.values() for link in links]

    def unmatched(self, path: str) -> list[int]:
        """Body paragraphs of ``path`` that no link touches ("only in this outlet")."""
        linked = set()
        for link in self.all_links():
            if link.a_path == path:
                linked.add(link.a_paragraph)
            if link.b_path == path:
                linked.add(link.b_paragraph)
        article = next(a for a in self.articles if a.path == path)
        return [p.index for p in article.body_paragraphs if p.index not in linked]

    def add_link(self, link: PassageLink) -> tuple[str, str]:
        """A user-made link (like Meld's synchronisation points); kept even if the aligner disagrees.

        Returns the pair of articles whose links changed (``link.a_path``, ``link.b_path``):
        a view redraws only those two columns.
        """
        a = next(x for x in self.articles if x.path == link.a_path)
        b = next(x for x in self.articles if x.path == link.b_path)
        link.manual = True
        self.key_differences_cache.clear()
        link.texts = (a.text[link.a_span[0]:link.a_span[1]], b.text[link.b_span[0]:link.b_span[1]])
        link.diff_cache = None
        key = (link.a_path, link.b_path)
        self.links.setdefault(key, [])
        self.links[key] = [kept for kept in self.links[key]
                           if not (kept.a_paragraph == link.a_paragraph and kept.b_paragraph == link.b_paragraph)]
        self.links[key].append(link)
        self.links[key].sort(key=lambda kept: (kept.a_paragraph, kept.b_paragraph))
        return key

    def remove_link(self, a_path: str, a_paragraph: int, b_path: str, b_paragraph: int
                    ) -> Optional[tuple[str, str]]:
        """Remove the link between two passages; returns the pair whose links changed, None if none did."""
        for key in ((a_path, b_path), (b_path, a_path)):
            if key not in self.links:
                continue
            first, second = (a_paragraph, b_paragraph) if key == (a_path, b_path) else (b_paragraph, a_paragraph)
            before = len(self.links[key])
            self.links[key] = [link for link in self.links[key]
                               if not (link.a_paragraph == first and link.b_paragraph == second)]
            if len(self.links[key]) != before:
                self.key_differences_cache.clear()
                return key
        return None


def _without_bylines(article: Article, analysis: Analysis) -> Analysis:
    """The analysis minus mentions in bylines and metadata headers.

    An outlet's own name, its authors and its publication date are not what it
    reports: counted, they would make every article "name" something no other does.
    """
    bylines = [p.span for p in article.paragraphs if p.kind == BYLINE]
    if not bylines:
        return analysis
    kept = [m for m in analysis.mentions if not any(s <= m.start < e for s, e in bylines)]
    return replace(analysis, mentions=kept)


def check(cancelled: Optional[Callable[[], bool]]) -> None:
    """Raise ``Cancelled`` when the caller's ``cancelled()`` says stop (a point where work can end)."""
    if cancelled is not None and cancelled():
        raise Cancelled()


def build_comparison(library: "Library", articles: Sequence[Article],
                     cancelled: Optional[Callable[[], bool]] = None) -> Comparison:
    """Align ``articles`` and collect their differences.

    ``cancelled``: checked between the steps (entities, alignment, differences); ``Cancelled``
    is raised at the first check after it returns True.
    """
    check(cancelled)
    analyses = {a.path: library.analyses[a.path] for a in articles}
    index = build_entities({a.path: _without_bylines(a, analyses[a.path]) for a in articles})
    # The whole library: the aligner leaves the compared articles out of its sample itself,
    # and a background that is the same for every comparison is read only once.
    background = [(a, library.analyses[a.path]) for a in library.articles]
    check(cancelled)
    links = align_articles(articles, analyses, library.entities, background)
    check(cancelled)
    by_path = {a.path: a for a in articles}
    for pair_links in links.values():
        budget = DiffBudget()  # the word diffs of one pair of articles together (see compare.diffing)
        for link in pair_links:
            link.texts = (by_path[link.a_path].text[link.a_span[0]:link.a_span[1]],
                          by_path[link.b_path].text[link.b_span[0]:link.b_span[1]])
            link.diff_budget = budget
    quotes = [QuoteInfo(a.path, q, index.canonical_name(q.speaker) if q.speaker else None)
              for a in articles for q in analyses[a.path].quotes]
    events = {event.id if (event := library.event_of(a.path)) else None for a in articles}
    event = library.event_of(articles[0].path) if len(events) == 1 else None
    paths = [a.path for a in articles]
    return Comparison(list(articles), links, index, entity_differences(index, paths), quotes, event,
                      only_in_values=entity_differences(index, paths, VALUE_LABELS), article_analyses=analyses)


def compare_paths(library: "Library", paths: Sequence[str],
                  cancelled: Optional[Callable[[], bool]] = None) -> Comparison:
    """The comparison of the library's articles at ``paths``, in that column order."""
    return build_comparison(library, [library.article(p) for p in paths], cancelled)
