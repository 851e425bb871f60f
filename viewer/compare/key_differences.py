"""Key differences: the figures, names, quotes, claims and points on which outlets differ,
ranked, each with the passage of every article involved (Qt-free).

``key_differences(comparison)`` runs every finder over one ``SentenceSpace`` and
returns ``KeyDifference`` objects most important first. The window lists them, the
exports print them before the columns, and ``compare --json`` emits them as
``"differences"``. Summaries name outlets (meta outlet, else title), never files.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from .comparison import Comparison
from .sentence_pairs import SentenceSpace, outlet_label

FIGURE, NAME, QUOTE, CLAIM, OMISSION = "figure", "name", "quote", "claim", "omission"
KIND_LABELS = {FIGURE: "Conflicting figure", NAME: "Different name", QUOTE: "Quote variant",
               CLAIM: "Conflicting claim (check)", OMISSION: "Omission"}
SNIPPET = 70  # characters of a quote or passage shown in a summary


@dataclass
class KeyDifference:
    kind: str  # FIGURE, NAME, QUOTE, CLAIM or OMISSION
    summary: str  # in words, naming outlets
    spans: dict[str, tuple[int, int]]  # article path -> span of the passage it concerns
    score: float  # 0…1, higher first
    detail: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    def to_json(self, comparison: Comparison) -> dict:
        texts = {a.path: a.text for a in comparison.articles}
        return {"kind": self.kind, "summary": self.summary, "score": round(self.score, 3),
                "articles": {path: {"span": [s, e], "text": texts[path][s:e]} for path, (s, e) in self.spans.items()}}


def snippet(text: str, limit: int = SNIPPET) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip(" ,;") + "…"


def key_differences(comparison: Comparison, reference: Optional[str] = None,
                    limit: Optional[int] = None) -> list[KeyDifference]:
    """Every key difference of ``comparison``, most important first.

    Args:
        comparison: the compared articles.
        reference: path of the article to treat as the official readout (else detected).
        limit: keep only this many.
    """
    if len(comparison.articles) < 2 or not comparison.analyses:
        return []
    from .figures import conflicting_figures, describe
    from .quote_ledger import quote_variants
    from .names import name_differences
    from .claims import conflicting_claims
    from .coverage import omissions
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
    from .quote_ledger import PARAPHRASED, SHORTENED, SPELLING, quote_variants, representatives
    articles = {a.path: a for a in comparison.articles}
    found = []
    for variant in quote_variants(comparison, space):
        entry = variant.entry
        who = f" of {entry.speaker}" if entry.speaker else ""
        chosen = representatives(entry)
        spans = {p: (q.quote.start, q.quote.end) for p, q in chosen.items()}
        if variant.how == PARAPHRASED:
            path, quotes = next(iter(entry.quotes.items()))
            others = " · ".join(f"{outlet_label(articles[p])}: {snippet(articles[p].text[s:e])}"
                                for p, (s, e) in variant.paraphrases.items())
            summary = (f"Quote{who} given directly by {outlet_label(articles[path])} "
                       f"(“{snippet(quotes[0].quote.text)}”), reported without quotation marks by {others}")
            spans = {path: spans[path], **variant.paraphrases}
            score = 0.45
        else:
            parts = " · ".join(f"{outlet_label(articles[p])}: “{snippet(q.quote.text)}”"
                               for p, q in chosen.items())
            summary = f"Quote{who} {variant.how}: {parts}"
            score = {SPELLING: 0.3, SHORTENED: 0.55}.get(variant.how, 0.55 + 0.35 * min(1.0, variant.change * 1.5))
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
