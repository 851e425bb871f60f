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


def focused_snippets(a: str, b: str, limit: int = SNIPPET) -> tuple[str, str]:
    """Snippets of two wordings that start a few words before where they first differ.

    "It is unrealistic …, and conflict and confrontation has terrible consequences" against
    "… unbearable consequences": a plain snippet would cut both before the difference.
    """
    wa, wb = a.split(), b.split()
    same = 0
    while same < min(len(wa), len(wb)) and wa[same].lower().strip(",.;:“”\"'") == wb[same].lower().strip(",.;:“”\"'"):
        same += 1
    if len(" ".join(wa)) <= limit and len(" ".join(wb)) <= limit or same < 4:
        return snippet(a, limit), snippet(b, limit)
    skip = same - 3
    return "…" + snippet(" ".join(wa[skip:]), limit - 1), "…" + snippet(" ".join(wb[skip:]), limit - 1)
