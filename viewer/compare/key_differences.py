"""Key differences: the figures, names, quotes, claims and points on which outlets differ,
ranked, each with the passage of every article involved (Qt-free).

``key_differences(comparison)`` runs every finder over one ``SentenceSpace`` and
returns ``KeyDifference`` objects most important first. The window lists them, the
exports print them before the columns, and ``compare --json`` emits them as
``"differences"``. Summaries name outlets (meta outlet, else title), never files.
"""
from __future__ import annotations

from typing import Optional

from .claims import conflicting_claims
from .comparison import Comparison
from .coverage import omissions
from .figures import conflicting_figures, describe
from .key_difference import (CLAIM, FIGURE, KIND_LABELS, NAME, OMISSION, QUOTE, SNIPPET,  # noqa: F401 (re-exported)
                             KeyDifference, focused_snippets, snippet)
from .names import name_differences
from .quote_ledger import PARAPHRASED, PARTIAL, SHORTENED, SPELLING, quote_variants
from .sentence_pairs import SentenceSpace, outlet_label

# Sentences over all compared articles beyond which key differences are not looked for
# (six 2,000-word reports hold about 600; two articles at the 500,000-character limit 8,000).
MAX_SENTENCES = 3000


def key_differences(comparison: Comparison, reference: Optional[str] = None,
                    limit: Optional[int] = None) -> list[KeyDifference]:
    """Every key difference of ``comparison``, most important first.

    Args:
        comparison: the compared articles.
        reference: path of the article to treat as the official readout (else detected).
        limit: keep only this many.
    """
    if len(comparison.articles) < 2 or not comparison.article_analyses:
        return []
    if sum(len(a.sentences) for a in comparison.article_analyses.values()) > MAX_SENTENCES:
        return []  # pairing sentences is quadratic: book-length texts would take hours
    space = SentenceSpace(comparison)
    found: list[KeyDifference] = []
    for conflict in conflicting_figures(comparison, space):
        spans = {p: (fs[0].start, fs[0].end) for p, fs in conflict.figures.items()}
        score = 0.7 + 0.15 * min(1.0, conflict.context) + 0.03 * min(4, len(spans) - 2)
        if conflict.compatible:
            score -= 0.2  # "more than three hours" and "3 hours 24 minutes" can both be true
        found.append(KeyDifference(FIGURE, describe(conflict, comparison), spans, score))
    found += _quote_differences(comparison, space)
    found += name_differences(comparison, space)
    found += conflicting_claims(comparison, space)
    found += omissions(comparison, space, reference)
    found = _dedupe(found)
    found.sort(key=lambda d: -d.score)
    return found[:limit] if limit else found


def cached_key_differences(comparison: Comparison, reference: Optional[str] = None) -> list[KeyDifference]:
    """``key_differences`` kept on the comparison (per reference) until its links change.

    ``reference`` defaults to the comparison's chosen readout (``Comparison.reference``).
    """
    reference = reference or comparison.reference
    cache = comparison.key_differences_cache
    if reference not in cache:
        cache[reference] = key_differences(comparison, reference)
    return cache[reference]


def _quote_differences(comparison: Comparison, space: SentenceSpace) -> list[KeyDifference]:
    articles = {a.path: a for a in comparison.articles}
    found = []
    for variant in quote_variants(comparison, space):
        if variant.how == PARTIAL:
            continue  # quoting part of a remark is how quotes are used, not a difference
        entry = variant.entry
        who = f" of {entry.speaker}" if entry.speaker else ""
        if variant.how == PARAPHRASED:
            path, quotes = next(iter(entry.quotes.items()))
            others = " · ".join(f"{outlet_label(articles[p])}: {snippet(articles[p].text[s:e])}"
                                for p, (s, e) in variant.paraphrases.items())
            summary = (f"Quote{who} given directly by {outlet_label(articles[path])} "
                       f"(“{snippet(quotes[0].quote.text)}”), reported without quotation marks by {others}")
            spans = {path: (quotes[0].quote.start, quotes[0].quote.end), **variant.paraphrases}
            score = 0.45
        else:
            spans = variant.spans
            texts = {p: articles[p].text[s:e] for p, (s, e) in spans.items()}
            if len(texts) == 2:
                (pa, ta), (pb, tb) = texts.items()
                texts = dict(zip((pa, pb), focused_snippets(ta, tb)))
            else:
                texts = {p: snippet(t) for p, t in texts.items()}
            parts = " · ".join(f"{outlet_label(articles[p])}: “{t}”" for p, t in texts.items())
            summary = f"Quote{who} {variant.how}: {parts}"
            score = {SPELLING: 0.3, SHORTENED: 0.55, PARTIAL: 0.3}.get(
                variant.how, 0.55 + 0.35 * min(1.0, variant.change * 1.5))
        found.append(KeyDifference(QUOTE, summary, spans, score, {"how": variant.how}))
    return found


def _dedupe(found: list[KeyDifference]) -> list[KeyDifference]:
    """Drop a difference whose spans all lie inside a higher-scored one's of the same kind."""
    kept: list[KeyDifference] = []
    for d in sorted(found, key=lambda d: -d.score):
        if any(k.kind == d.kind and set(d.spans) <= set(k.spans) and all(
                k.spans[p][0] <= s and e <= k.spans[p][1] for p, (s, e) in d.spans.items()) for k in kept):
            continue
        kept.append(d)
    return kept
