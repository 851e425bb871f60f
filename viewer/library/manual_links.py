"""Passages the reader linked or unlinked by hand, kept across rebuilds of a comparison
(like Meld's synchronisation points)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Protocol

from ..model import Article, PassageLink
from .article_refs import ArticleLookup, article_ref


class LinkTarget(Protocol):
    """What manual links are applied to: a comparison (``compare.comparison.Comparison``),
    named by shape so that this stage does not import the next one."""

    articles: list[Article]

    def add_link(self, link: PassageLink) -> tuple[str, str]: ...  # the pair whose links changed

    def remove_link(self, a_path: str, a_paragraph: int, b_path: str, b_paragraph: int
                    ) -> Optional[tuple[str, str]]: ...


class ManualLinks:
    """Link and unlink records by pair of passages. Part of ``UserState``, which provides ``save()``."""

    if TYPE_CHECKING:
        def save(self) -> bool: ...  # StateFile's

    def __init__(self) -> None:
        self._links: dict[str, dict[str, Any]] = {}  # pair key -> link record

    def add_link(self, comparison: LinkTarget, link: PassageLink) -> None:
        """Link two passages by hand (kept across rebuilds of the comparison)."""
        comparison.add_link(link)
        self._store_link(comparison, link, linked=True)

    def remove_link(self, comparison: LinkTarget, link: PassageLink) -> None:
        """Unlink two passages (also a link the aligner made; it stays removed)."""
        comparison.remove_link(link.a_path, link.a_paragraph, link.b_path, link.b_paragraph)
        self._store_link(comparison, link, linked=False)

    def _store_link(self, comparison: LinkTarget, link: PassageLink, linked: bool) -> None:
        by_path = {a.path: a for a in comparison.articles}
        a, b = by_path[link.a_path], by_path[link.b_path]
        side_a = {**article_ref(a), "paragraph": link.a_paragraph, "span": list(link.a_span)}
        side_b = {**article_ref(b), "paragraph": link.b_paragraph, "span": list(link.b_span)}
        self._links[_pair_key(side_a, side_b)] = {"a": side_a, "b": side_b, "linked": linked,
                                                  "score": float(link.score)}
        self.save()

    def manual_links(self) -> list[dict]:
        return [dict(r) for r in self._links.values()]

    def apply_to_comparison(self, comparison: LinkTarget) -> int:
        """Re-apply the user's links and unlinks to a freshly built ``comparison``; returns how many."""
        applied = 0
        order = {a.path: n for n, a in enumerate(comparison.articles)}
        lookup = ArticleLookup(comparison.articles)
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
