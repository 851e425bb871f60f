"""What an exported comparison shows, as plain data: rows of passages with highlights.

Qt-free. The first article is the spine: each row holds one or more of its
paragraphs and the paragraphs of the other articles linked to them. Paragraphs of
the other articles with no link to the spine get rows of their own (grouped with
each other when they are linked among themselves), placed after the row that holds
the paragraph before them, so every column still reads in article order. Every body
paragraph appears exactly once.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence

from ..compare.comparison import Comparison
from ..compare.diffing import link_diff
from ..analysis.dates import article_date
from ..analysis.entities import NAME_LABELS, VALUE_LABELS
from ..compare.highlights import (ARTICLE_HIGHLIGHTS, CHANGED, COMPARISON_HIGHLIGHTS, DELETED, ENTITY_ONLY, INSERTED,
                          NAME, NUMBER, QUOTE, VALUE_DIFFERS, Highlight)
from ..model import Article, Mention, PassageLink, display_text
from ..compare.wording import oriented_diff, quiet_wording_spans

Mark = tuple[int, int, Highlight]  # absolute character span in the article text

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
    clipped = [(max(s, offset), min(e, end), h) for s, e, h in marks if s < end and e > offset]
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


def _mention_marks(mentions: Iterable[Mention], highlight: Highlight) -> list[Mark]:
    return [(m.start, m.end, highlight) for m in mentions]


def comparison_marks(comparison: Comparison) -> dict[str, list[Mark]]:
    """Per article: names and values only it gives, and its quotes."""
    marks: dict[str, list[Mark]] = {p: [] for p in comparison.paths}
    for path, entities in comparison.only_in.items():
        for entity in entities:
            marks[path] += _mention_marks(entity.mentions.get(path, []), ENTITY_ONLY)
    for path, entities in comparison.only_in_values.items():
        for entity in entities:
            marks[path] += _mention_marks(entity.mentions.get(path, []), VALUE_DIFFERS)
    for info in comparison.quotes:
        if info.path in marks:
            marks[info.path].append((info.quote.start, info.quote.end, QUOTE))
    return marks


WORDING = {"changed": CHANGED, "deleted": DELETED, "inserted": INSERTED}


def _wording_marks(link: PassageLink, path: str, is_left: bool) -> list[Mark]:
    """Wording highlights for ``path``'s side of ``link``, as sorted spans that do not overlap."""
    this_is_a = link.a_path == path
    diff = oriented_diff(link_diff(link), flipped=(this_is_a != is_left))
    start = (link.a_span if this_is_a else link.b_span)[0]
    spans: list[Mark] = []
    for s, e, kind in sorted(quiet_wording_spans(diff, start, is_left)):
        s = max(s, spans[-1][1]) if spans else s  # a later span never overrides an earlier one
        if s < e:
            spans.append((s, e, WORDING[kind]))
    return spans


def _common(first: list[Mark], other: list[Mark]) -> list[Mark]:
    """The parts of ``first``'s spans that ``other``'s spans also cover (highlight of ``first``).

    Spans, not character offsets: a long paragraph's per-character maps cost hundreds of MB.
    """
    out: list[Mark] = []
    j = 0
    for s, e, h in first:
        while j < len(other) and other[j][1] <= s:
            j += 1
        k = j
        while k < len(other) and other[k][0] < e:
            lo, hi = max(s, other[k][0]), min(e, other[k][1])
            if lo < hi:
                out.append((lo, hi, h))
            k += 1
    return out


def _runs(spans: list[Mark]) -> list[Mark]:
    """Adjacent spans with the same highlight merged into one."""
    runs: list[Mark] = []
    for s, e, h in spans:
        if runs and runs[-1][1] == s and runs[-1][2] == h:
            runs[-1] = (runs[-1][0], e, h)
        else:
            runs.append((s, e, h))
    return runs


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

    valid = [l for l in links if l.a_paragraph in body.get(l.a_path, ()) and l.b_paragraph in body.get(l.b_path, ())]
    spine_links = [l for l in valid if spine in (l.a_path, l.b_path)]
    for link in spine_links:
        union((link.a_path, link.a_paragraph), (link.b_path, link.b_paragraph))
    in_spine_group = {find((spine, i)) for i in body[spine]}
    anchored = {(p, i) for p in body for i in body[p] if find((p, i)) in in_spine_group}
    other_links = [l for l in valid if spine not in (l.a_path, l.b_path)
                   and (l.a_path, l.a_paragraph) not in anchored and (l.b_path, l.b_paragraph) not in anchored]
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

    marks = comparison_marks(comparison)
    link_by_node: dict[Node, list[PassageLink]] = {}
    for link in used_links:
        link_by_node.setdefault((link.a_path, link.a_paragraph), []).append(link)
        link_by_node.setdefault((link.b_path, link.b_paragraph), []).append(link)

    # every link, for wording highlights between any two columns of a row
    any_link: dict[Node, list[PassageLink]] = {}
    for link in valid:
        any_link.setdefault((link.a_path, link.a_paragraph), []).append(link)
        any_link.setdefault((link.b_path, link.b_paragraph), []).append(link)

    def other_end(link: PassageLink, path: str) -> Node:
        return (link.b_path, link.b_paragraph) if link.a_path == path else (link.a_path, link.a_paragraph)

    rows: list[Row] = []
    for members in sorted(groups.values(), key=sort_key):
        cells: list[list[Passage]] = [[] for _ in articles]
        in_row = set(members)
        for path, index in sorted(members, key=lambda n: (order[n[0]], n[1])):
            article = by_path[path]
            paragraph = article.paragraphs[index]
            # As in the window: each column is compared with the column on its left, the
            # first column with the second, through the links within this row.
            column = order[path]
            partner = column - 1 if column > 0 else 1
            is_left = column < partner
            own_links = [l for l in any_link.get((path, index), [])
                         if other_end(l, path) in in_row and order[other_end(l, path)[0]] == partner]
            paragraph_marks = list(marks[path])
            if own_links:
                # flag words no counterpart in the row has
                per_link = [_wording_marks(l, path, is_left) for l in own_links]
                common = per_link[0]
                for other in per_link[1:]:
                    common = _common(common, other)
                paragraph_marks += _runs(common)
            cells[order[path]].append(Passage(path, index, segments(
                article.paragraph_text(paragraph), paragraph.start, paragraph_marks)))
        scores = [l.score for p, i in members for l in link_by_node.get((p, i), [])]
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
            marks.append((mention.start, mention.end, NAME))
        elif label in VALUE_LABELS:
            marks.append((mention.start, mention.end, NUMBER))
        else:
            continue
        counts[(name, label)] = counts.get((name, label), 0) + 1
    marks += [(s, e, QUOTE) for s, e, _, _ in quotes]
    rows = [Row([[Passage(article.path, p.index, segments(article.paragraph_text(p), p.start, marks))]])
            for p in article.body_paragraphs]
    names = sorted(counts.items(), key=lambda kv: (kv[0][1] not in NAME_LABELS, -kv[1], kv[0][0]))
    entities = [EntityRow(name, KIND_NAMES.get(label, label.lower()), [n], False) for (name, label), n in names]
    quote_rows = [QuoteRow(info.letter, speaker, text) for _, _, text, speaker in quotes]
    return ExportDocument(info.title, info.date, [info], rows, entities, quote_rows,
                          list(ARTICLE_HIGHLIGHTS), single=True)
