"""What each column of a comparison marks: one function for the window and the exports (Qt-free).

A ``Mark`` is one span of an article's text drawn with one ``Highlight`` (what the
highlight means and looks like: ``highlights.py``). ``column_marks`` gives every mark
of one column; the comparison view draws them into its ``QTextDocument`` and the
exports cut the same marks into the runs of their table cells, so the screen and the
printed comparison flag the same words.

The partner rule, written only here: each column's wording marks are relative to
its *partner*, the column on its left (the first column's partner is the second).
A word of a paragraph is marked when none of the partner's passages linked to that
paragraph has it, and only when each of them is a close rewrite of it: between
independent paraphrases nothing is marked (the word diff is drawn on demand,
``paraphrase_marks``), see ``wording.quiet_wording_spans``.
"""
from __future__ import annotations

from typing import Iterable, NamedTuple, Optional

from .comparison import Comparison
from .differences import outlet_name
from .diffing import link_diff
from .highlights import CHANGED, ENTITY_ONLY, QUOTE, VALUE_DIFFERS, Highlight
from .wording import is_close_rewrite, oriented_diff, quiet_wording_spans, wording_spans
from ..model import PassageLink


class Mark(NamedTuple):
    """One highlighted span: absolute character offsets in the article text."""
    start: int
    end: int
    highlight: Highlight
    tip: Optional[str] = None  # what the window shows on hover (plain text from the article)


Span = tuple[int, int, Highlight]  # a mark before its tip is known


def partner_column(column: int, count: int) -> Optional[int]:
    """The column whose passages ``column``'s wording marks are relative to (None: alone)."""
    if count < 2:
        return None
    return column - 1 if column > 0 else 1


def column_marks(comparison: Comparison, column: int) -> list[Mark]:
    """Every mark of the article in ``column``: wording, names and values only it gives, quotes.

    In drawing order: the window merges each mark's format over the ones before it.
    """
    return (wording_marks(comparison, column) + only_here_marks(comparison, column)
            + quote_marks(comparison, column))


def wording_marks(comparison: Comparison, column: int) -> list[Mark]:
    """Words of ``column`` that its partner's linked passages lack (close rewrites only)."""
    articles = comparison.articles
    partner = partner_column(column, len(articles))
    if partner is None:
        return []
    path, partner_path = articles[column].path, articles[partner].path
    is_left = column < partner
    by_paragraph: dict[int, list[PassageLink]] = {}
    for link in comparison.links.get((path, partner_path), []):
        by_paragraph.setdefault(link.a_paragraph, []).append(link)
    for link in comparison.links.get((partner_path, path), []):
        by_paragraph.setdefault(link.b_paragraph, []).append(link)
    name = outlet_name(articles[partner])
    tips = {CHANGED: f"Worded differently in {name}"}
    marks: list[Mark] = []
    for paragraph in sorted(by_paragraph):
        links = sorted(by_paragraph[paragraph],
                       key=lambda link: (link.a_path, link.a_paragraph, link.b_path, link.b_paragraph))
        common = _link_spans(links[0], path, is_left)
        for other in links[1:]:  # flag only words no linked passage of the partner has
            common = _common(common, _link_spans(other, path, is_left))
        marks += [Mark(s, e, h, tips.get(h, f"Not in {name}'s passage")) for s, e, h in _runs(common)]
    return marks


def only_here_marks(comparison: Comparison, column: int) -> list[Mark]:
    """Names, then numbers and dates, that only the article in ``column`` gives."""
    if len(comparison.articles) < 2:
        return []  # alone, an article has nothing to differ from
    article = comparison.articles[column]
    marks: list[Mark] = []
    for highlight, table in ((ENTITY_ONLY, comparison.only_in), (VALUE_DIFFERS, comparison.only_in_values)):
        for entity in table.get(article.path, []):
            tip = f"{entity.name} ({entity.label}): only {outlet_name(article)} gives this"
            marks += [Mark(m.start, m.end, highlight, tip) for m in entity.mentions.get(article.path, [])]
    return marks


def quote_marks(comparison: Comparison, column: int) -> list[Mark]:
    path = comparison.articles[column].path
    return [Mark(info.quote.start, info.quote.end, QUOTE, f"Quote — {info.speaker or 'speaker not stated'}")
            for info in comparison.quotes if info.path == path]


def paraphrase_marks(link: PassageLink, path: str) -> list[Mark]:
    """The word diff of an independent paraphrase on ``path``'s side of ``link``.

    Drawn only while the reader has the link selected (close rewrites are marked all the time).
    """
    diff = link_diff(link)
    if path not in (link.a_path, link.b_path) or is_close_rewrite(diff):
        return []
    is_a = path == link.a_path
    return [Mark(s, e, h) for s, e, h in wording_spans(diff, (link.a_span if is_a else link.b_span)[0], is_a)]


def _link_spans(link: PassageLink, path: str, is_left: bool) -> list[Span]:
    """Wording spans of ``path``'s side of ``link``, sorted and not overlapping."""
    this_is_a = link.a_path == path
    diff = oriented_diff(link_diff(link), flipped=(this_is_a != is_left))
    start = (link.a_span if this_is_a else link.b_span)[0]
    spans: list[Span] = []
    for s, e, highlight in sorted(quiet_wording_spans(diff, start, is_left), key=lambda x: (x[0], x[1])):
        s = max(s, spans[-1][1]) if spans else s  # a later span never overrides an earlier one
        if s < e:
            spans.append((s, e, highlight))
    return spans


def _common(first: list[Span], other: list[Span]) -> list[Span]:
    """The parts of ``first``'s spans that ``other``'s spans also cover (highlight of ``first``).

    Spans, not character offsets: a long paragraph's per-character maps cost hundreds of MB.
    """
    out: list[Span] = []
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


def _runs(spans: Iterable[Span]) -> list[Span]:
    """Adjacent spans with the same highlight merged into one."""
    runs: list[Span] = []
    for s, e, h in spans:
        if runs and runs[-1][1] == s and runs[-1][2] == h:
            runs[-1] = (runs[-1][0], e, h)
        else:
            runs.append((s, e, h))
    return runs
