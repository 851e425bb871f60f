"""What the comparison view highlights and steps through, computed without Qt.

Columns are the compared articles in display order. Wording differences are
listed between neighbouring columns; which words each column marks is
``marks.column_marks``.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Optional

from .comparison import Comparison
from .diffing import link_diff
from ..model import BOILERPLATE, Article, PassageLink
from .wording import is_close_rewrite, oriented_diff, wording_spans


class DifferenceKind(str, Enum):
    """What a stop of the difference navigation is about (its value is a stable key)."""
    WORDING = "wording"  # a linked pair of passages words things differently
    UNMATCHED = "unmatched"  # a passage no other column has a counterpart for
    ENTITY = "entity"  # names only this column gives
    VALUE = "value"  # numbers or dates only this column gives

    @property
    def label(self) -> str:
        return DIFFERENCE_KINDS[self]


DIFFERENCE_KINDS = {DifferenceKind.WORDING: "Wording differs", DifferenceKind.UNMATCHED: "No counterpart",
                    DifferenceKind.ENTITY: "Name only here", DifferenceKind.VALUE: "Number/date only here"}


@dataclass(frozen=True)
class OrientedLink:
    """A link seen from a left column to a right column."""
    link: PassageLink
    flipped: bool  # True when the link's ``a`` side is the right column

    @property
    def left_paragraph(self) -> int:
        return self.link.b_paragraph if self.flipped else self.link.a_paragraph

    @property
    def right_paragraph(self) -> int:
        return self.link.a_paragraph if self.flipped else self.link.b_paragraph

    @property
    def left_span(self) -> tuple[int, int]:
        return self.link.b_span if self.flipped else self.link.a_span

    @property
    def right_span(self) -> tuple[int, int]:
        return self.link.a_span if self.flipped else self.link.b_span

    def diff(self) -> list[tuple[int, str]]:
        """Diff ops from left to right (-1 only left, +1 only right)."""
        return oriented_diff(link_diff(self.link), self.flipped)

    def has_changes(self) -> bool:
        """True when either passage has words the other lacks (not merely reordered)."""
        diff = self.diff()
        return bool(wording_spans(diff, 0, True) or wording_spans(diff, 0, False))

    def is_paraphrase(self) -> bool:
        """Independent paraphrase: shown as one linked passage, its word diff on demand."""
        return not is_close_rewrite(self.diff())


def pair_links(comparison: Comparison, left: str, right: str) -> list[OrientedLink]:
    """Links between two columns, oriented left → right, in left-paragraph order."""
    if (left, right) in comparison.links:
        found = [OrientedLink(link, False) for link in comparison.links[(left, right)]]
    else:
        found = [OrientedLink(link, True) for link in comparison.links.get((right, left), [])]
    return sorted(found, key=lambda o: (o.left_paragraph, o.right_paragraph))


@dataclass
class Difference:
    """One stop of next/previous difference navigation."""
    kind: DifferenceKind
    column: int
    paragraph: int
    description: str
    other_column: Optional[int] = None  # the other passage of a wording difference
    other_paragraph: Optional[int] = None
    link: Optional[PassageLink] = None
    order: float = 0.0


def outlet_name(article: Article) -> str:
    """The outlet, else the title, never the file name when either is known."""
    from .sentence_pairs import outlet_label
    return outlet_label(article, limit=60)


def short_name(article: Article, limit: int = 18) -> str:
    """Outlet, or file name shortened, for lists where space is tight."""
    name = outlet_name(article)
    return name if len(name) <= limit else name[:limit - 1] + "…"


def find_differences(comparison: Comparison) -> list[Difference]:
    """Every difference worth a stop, in reading order across the columns."""
    articles = comparison.articles
    found: list[Difference] = []

    def position(column: int, paragraph: int) -> float:
        count = max(1, len(articles[column].paragraphs))
        return paragraph / count

    for column in range(len(articles) - 1):
        left, right = articles[column], articles[column + 1]
        for oriented in pair_links(comparison, left.path, right.path):
            if not oriented.has_changes():
                continue
            found.append(Difference(
                DifferenceKind.WORDING, column, oriented.left_paragraph,
                f"¶{oriented.left_paragraph + 1} ↔ ¶{oriented.right_paragraph + 1}: "
                f"{'paraphrased' if oriented.is_paraphrase() else 'wording differs'} "
                f"({short_name(left)} / {short_name(right)})",
                column + 1, oriented.right_paragraph, oriented.link,
                position(column, oriented.left_paragraph)))
    if len(articles) > 1:
        for column, article in enumerate(articles):
            kinds = {p.index: p.kind for p in article.paragraphs}
            for paragraph in comparison.unmatched(article.path):
                found.append(Difference(DifferenceKind.UNMATCHED, column, paragraph,
                                        f"¶{paragraph + 1} only in {short_name(article)}",
                                        order=position(column, paragraph)))
            for kind, table in ((DifferenceKind.ENTITY, comparison.only_in),
                                (DifferenceKind.VALUE, comparison.only_in_values)):
                names_by_paragraph: dict[int, list[str]] = {}
                for entity in table.get(article.path, []):
                    for mention in entity.mentions.get(article.path, []):
                        at = paragraph_of(article, mention.start)
                        if at is None or kinds.get(at) == BOILERPLATE:
                            continue
                        names = names_by_paragraph.setdefault(at, [])
                        if entity.name not in names:
                            names.append(entity.name)
                for paragraph, names in names_by_paragraph.items():
                    found.append(Difference(kind, column, paragraph,
                                            f"¶{paragraph + 1} {short_name(article)} alone: {', '.join(names)}",
                                            order=position(column, paragraph)))
    kind_rank = {kind: n for n, kind in enumerate(DifferenceKind)}
    found.sort(key=lambda d: (round(d.order, 3), d.column, kind_rank[d.kind], d.paragraph))
    return found


def paragraph_of(article: Article, offset: int) -> Optional[int]:
    """Index of the paragraph holding character ``offset`` (None for gaps between paragraphs)."""
    for paragraph in article.paragraphs:
        if paragraph.start <= offset < paragraph.end:
            return paragraph.index
    return None
