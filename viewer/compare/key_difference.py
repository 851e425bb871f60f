"""One key difference: what differs, where in each article, how much it matters (Qt-free).

The finders (``figures``, ``names``, ``quote_ledger``, ``claims``, ``coverage``) return
these; ``key_differences`` ranks them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .comparison import Comparison

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
