"""What an exported comparison shows, as plain data: rows of passages with highlights.

Qt-free. The first article is the spine: each row holds one or more of its
paragraphs and the paragraphs of the other articles linked to them. Paragraphs of
the other articles with no link to the spine get rows of their own (grouped with
each other when they are linked among themselves), placed after the row that holds
the paragraph before them, so every column still reads in article order. Every body
paragraph appears exactly once.
"""
from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence

from ..compare.comparison import Comparison
from ..analysis.dates import article_date
from ..analysis.entities import NAME_LABELS, VALUE_LABELS
from ..compare.highlights import ARTICLE_HIGHLIGHTS, COMPARISON_HIGHLIGHTS, NAME, NUMBER, QUOTE, Highlight
from ..compare.marks import Mark, column_marks
from ..model import Article, Mention, PassageLink, display_text

KIND_NAMES = {
    "PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "place", "ORG": "organisation",
    "NORP": "group", "EVENT": "event", "LAW": "law", "PRODUCT": "product", "WORK_OF_ART": "work",
    "DATE": "date", "TIME": "time", "CARDINAL": "number", "MONEY": "amount", "PERCENT": "percentage",
    "QUANTITY": "quantity", "ORDINAL": "ordinal",
}
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class Segment:
    text: str
    highlights: frozenset[Highlight]


@dataclass
class Passage:
    path: str
    paragraph: int
    segments: list[Segment]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)


@dataclass
class Row:
    cells: list[list[Passage]]  # one list per article, in article order (may be empty)
    score: Optional[float] = None  # best link score in the row, None for unmatched passages

    @property
    def filled(self) -> list[int]:
        return [n for n, cell in enumerate(self.cells) if cell]

    @property
    def only_in(self) -> Optional[int]:
        """Column of the single article this row's passages come from, if just one."""
        filled = self.filled
        return filled[0] if len(filled) == 1 else None


@dataclass
class ArticleInfo:
    letter: str
    path: str  # the article's path as the OS gave it: a key, never shown
    title: str
    outlet: Optional[str]
    date: Optional[str]
    # URL when known, else the file name alone: a shared PDF must not disclose the reader's
    # folders (undecodable bytes as U+FFFD)
    source: str
    authors: list[str]

    @property
    def short_label(self) -> str:
        """Column heading: the outlet, else the start of the title."""
        if self.outlet:
            return self.outlet
        return self.title if len(self.title) <= 48 else self.title[:46].rstrip() + "…"


@dataclass
class EntityRow:
    name: str
    kind: str
    counts: list[int]  # per article, in article order
    only_one: bool  # exactly one article mentions it


@dataclass
class QuoteRow:
    letter: str
    speaker: Optional[str]
    text: str


@dataclass
class DifferenceRow:
    """One key difference as the export lists it before the columns."""
    kind: str  # label, e.g. "Conflicting figure"
    summary: str  # in words, naming outlets
    letters: list[str]  # the articles it concerns, by their column letter


@dataclass
class ExportDocument:
    title: str
    date: Optional[str]
    articles: list[ArticleInfo]
    rows: list[Row]
    entities: list[EntityRow]
    quotes: list[QuoteRow]
    legend: list[Highlight] = field(default_factory=list)
    single: bool = False  # one article with its entities, nothing compared
    differences: list[DifferenceRow] = field(default_factory=list)


def article_info(article: Article, n: int) -> ArticleInfo:
    meta = article.meta
    return ArticleInfo(LETTERS[n % len(LETTERS)] + ("" if n < len(LETTERS) else str(n // len(LETTERS))),
                       article.path, display_text(meta.title or article.name), meta.outlet,
                       article_date(article), meta.url or display_text(article.name), list(meta.authors))


def document_title(comparison: Comparison, infos: Sequence[ArticleInfo]) -> tuple[str, Optional[str]]:
    """Event label and date, or a plain description when the articles span events."""
    dates = sorted({i.date for i in infos if i.date})
    if comparison.event is not None:
        return comparison.event.label, comparison.event.date or (dates[0] if dates else None)
    date = None if not dates else dates[0] if len(dates) == 1 else f"{dates[0]} – {dates[-1]}"
    # No single event: name the people every article mentions most, if any.
    shared = [e for e in comparison.entities.entities
              if e.label == "PERSON" and all(p in e.mentions for p in comparison.paths)]
    shared.sort(key=lambda e: -sum(len(m) for m in e.mentions.values()))
    people = " – ".join(e.name for e in shared[:2])
    count = f"{len(infos)} reports compared"
    return (f"{people}: {count}" if people else count[0].upper() + count[1:]), date


def segments(text: str, offset: int, marks: Iterable[Mark]) -> list[Segment]:
    """Split ``text`` (starting at absolute ``offset``) into runs with the same highlights.

    A sweep over the cut points, so the time grows with the number of marks, not with
    marks times cuts (a 500,000-character paragraph can carry tens of thousands of marks).
    """
    end = offset + len(text)
    # marks are ``Mark``s or (start, end, highlight) triples: only the first three fields count
    clipped = [(max(m[0], offset), min(m[1], end), m[2]) for m in marks if m[0] < end and m[1] > offset]
    clipped = [(s, e, h) for s, e, h in clipped if s < e]
    starting: dict[int, list[Highlight]] = {}
    ending: dict[int, list[Highlight]] = {}
    for s, e, h in clipped:
        starting.setdefault(s, []).append(h)
        ending.setdefault(e, []).append(h)
    cuts = sorted({offset, end, *starting, *ending})
    active: Counter = Counter()
    runs: list[tuple[frozenset, list[str]]] = []
    for left, right in zip(cuts, cuts[1:]):
        for h in ending.get(left, ()):
            active[h] -= 1
        for h in starting.get(left, ()):
            active[h] += 1
        current = frozenset(h for h, n in active.items() if n > 0)
        piece = text[left - offset:right - offset]
        if runs and runs[-1][0] == current:
            runs[-1][1].append(piece)
        else:
            runs.append((current, [piece]))
    return [Segment("".join(pieces), highlights) for highlights, pieces in runs]


def marks_by_paragraph(article: Article, marks: Iterable[Mark]) -> dict[int, list[Mark]]:
    """Each paragraph's marks (a mark crossing paragraphs goes to each), in the marks' order.

    One pass with a bisection per mark, so a long article's many marks are not scanned
    again for every paragraph.
    """
    paragraphs = sorted(article.paragraphs, key=lambda p: p.start)
    starts = [p.start for p in paragraphs]
    found: dict[int, list[Mark]] = {}
    for mark in marks:
        n = max(0, bisect_right(starts, mark[0]) - 1)
        while n < len(paragraphs) and paragraphs[n].start < mark[1]:
            if paragraphs[n].end > mark[0]:
                found.setdefault(paragraphs[n].index, []).append(mark)
            n += 1
    return found


def build_rows(comparison: Comparison) -> list[Row]:
    articles = comparison.articles
    order = {a.path: n for n, a in enumerate(articles)}
    by_path = {a.path: a for a in articles}
    spine = articles[0].path
    body = {a.path: [p.index for p in a.body_paragraphs] for a in articles}
    Node = tuple[str, int]

    links = comparison.all_links()
    # union-find over paragraphs; spine links first, then links among the others
    parent: dict[Node, Node] = {}

    def find(x: Node) -> Node:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(x: Node, y: Node) -> None:
        parent[find(x)] = find(y)

    valid = [link for link in links
             if link.a_paragraph in body.get(link.a_path, ()) and link.b_paragraph in body.get(link.b_path, ())]
    spine_links = [link for link in valid if spine in (link.a_path, link.b_path)]
    for link in spine_links:
        union((link.a_path, link.a_paragraph), (link.b_path, link.b_paragraph))
    in_spine_group = {find((spine, i)) for i in body[spine]}
    anchored = {(p, i) for p in body for i in body[p] if find((p, i)) in in_spine_group}
    other_links = [link for link in valid if spine not in (link.a_path, link.b_path)
                   and (link.a_path, link.a_paragraph) not in anchored
                   and (link.b_path, link.b_paragraph) not in anchored]
    for link in other_links:
        union((link.a_path, link.a_paragraph), (link.b_path, link.b_paragraph))
    used_links = spine_links + other_links

    groups: dict[Node, list[Node]] = {}
    for path in body:
        for index in body[path]:
            groups.setdefault(find((path, index)), []).append((path, index))

    # where each row goes: spine rows by their first spine paragraph; the others after
    # the spine row holding the paragraph just before theirs in the same article
    spine_row_of: dict[Node, int] = {}
    for members in groups.values():
        spine_pars = [i for p, i in members if p == spine]
        if spine_pars:
            for node in members:
                spine_row_of[node] = min(spine_pars)

    def sort_key(members: list[Node]) -> tuple:
        spine_pars = [i for p, i in members if p == spine]
        if spine_pars:
            return (min(spine_pars), 0, 0, 0)
        path, index = min(members, key=lambda n: (order[n[0]], n[1]))
        before = [spine_row_of[(path, j)] for j in body[path] if j < index and (path, j) in spine_row_of]
        return (max(before) if before else -1, 1, order[path], index)

    # the window's marks, cut into each row's passages
    marks = {a.path: marks_by_paragraph(a, column_marks(comparison, n)) for n, a in enumerate(articles)}
    link_by_node: dict[Node, list[PassageLink]] = {}
    for link in used_links:
        link_by_node.setdefault((link.a_path, link.a_paragraph), []).append(link)
        link_by_node.setdefault((link.b_path, link.b_paragraph), []).append(link)

    rows: list[Row] = []
    for members in sorted(groups.values(), key=sort_key):
        cells: list[list[Passage]] = [[] for _ in articles]
        for path, index in sorted(members, key=lambda n: (order[n[0]], n[1])):
            article = by_path[path]
            paragraph = article.paragraphs[index]
            cells[order[path]].append(Passage(path, index, segments(
                article.paragraph_text(paragraph), paragraph.start, marks[path].get(index, []))))
        scores = [link.score for p, i in members for link in link_by_node.get((p, i), [])]
        rows.append(Row(cells, max(scores) if scores else None))
    return rows


def entity_rows(comparison: Comparison) -> list[EntityRow]:
    """Names (all) and numbers/dates (those only one article gives), by article."""
    only_values = {e.key for ents in comparison.only_in_values.values() for e in ents}
    rows = []
    for labels, keep in ((NAME_LABELS, lambda e: True), (VALUE_LABELS, lambda e: e.key in only_values)):
        for entity in comparison.entities.entities:
            if entity.label not in labels or not keep(entity):
                continue
            counts = [len(entity.mentions.get(p, [])) for p in comparison.paths]
            if not any(counts):
                continue
            rows.append(EntityRow(entity.name, KIND_NAMES.get(entity.label, entity.label.lower()), counts,
                                  sum(1 for c in counts if c) == 1 and len(counts) > 1))
    return rows


def comparison_document(comparison: Comparison) -> ExportDocument:
    infos = [article_info(a, n) for n, a in enumerate(comparison.articles)]
    title, date = document_title(comparison, infos)
    letter = {i.path: i.letter for i in infos}
    quotes = [QuoteRow(letter[q.path], q.speaker, q.quote.text) for q in comparison.quotes if q.path in letter]
    return ExportDocument(title, date, infos, build_rows(comparison), entity_rows(comparison), quotes,
                          list(COMPARISON_HIGHLIGHTS), differences=difference_rows(comparison, letter))


MAX_LISTED_DIFFERENCES = 25


def difference_rows(comparison: Comparison, letter: dict[str, str]) -> list[DifferenceRow]:
    """The comparison's key differences, most important first (the window's list)."""
    from ..compare.key_differences import cached_key_differences
    return [DifferenceRow(d.label, d.summary, [letter[p] for p in comparison.paths if p in d.spans])
            for d in cached_key_differences(comparison)[:MAX_LISTED_DIFFERENCES]]


def article_document(article: Article, mentions: Sequence[tuple[Mention, str, str]],
                     quotes: Sequence[tuple[int, int, str, Optional[str]]]) -> ExportDocument:
    """One article with every entity mention and quote highlighted.

    Args:
        mentions: (mention, canonical name, spaCy label) for each entity mention.
        quotes: (start, end, text, speaker) of each quote.
    """
    info = article_info(article, 0)
    marks: list[Mark] = []
    counts: dict[tuple[str, str], int] = {}
    for mention, name, label in mentions:
        if label in NAME_LABELS:
            marks.append(Mark(mention.start, mention.end, NAME))
        elif label in VALUE_LABELS:
            marks.append(Mark(mention.start, mention.end, NUMBER))
        else:
            continue
        counts[(name, label)] = counts.get((name, label), 0) + 1
    marks += [Mark(s, e, QUOTE) for s, e, _, _ in quotes]
    by_paragraph = marks_by_paragraph(article, marks)
    rows = [Row([[Passage(article.path, p.index, segments(article.paragraph_text(p), p.start,
                                                          by_paragraph.get(p.index, [])))]])
            for p in article.body_paragraphs]
    names = sorted(counts.items(), key=lambda kv: (kv[0][1] not in NAME_LABELS, -kv[1], kv[0][0]))
    entities = [EntityRow(name, KIND_NAMES.get(label, label.lower()), [n], False) for (name, label), n in names]
    quote_rows = [QuoteRow(info.letter, speaker, text) for _, _, text, speaker in quotes]
    return ExportDocument(info.title, info.date, [info], rows, entities, quote_rows,
                          list(ARTICLE_HIGHLIGHTS), single=True)
