"""One key difference: what differs, where in each article, how much it matters (Qt-free).

The finders (``figures``, ``names``, ``quote_ledger``, ``claims``, ``coverage``) return
these; ``key_differences`` ranks them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

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


_CONTRACTIONS = {"'s": " is", "n't": " not", "'re": " are", "'ve": " have", "'ll": " will", "'m": " am", "'d": " would"}


def _normal_words(text: str) -> list[tuple[str, int]]:
    """Lower-cased words with contractions spelt out, each with the index of its word in ``text.split()``."""
    out = []
    for k, word in enumerate(text.split()):
        word = word.lower().replace("’", "'").strip(",.;:“”\"'‘…()")
        for short, full in _CONTRACTIONS.items():
            if word.endswith(short) and len(word) > len(short):
                word = word[:-len(short)] + full
                break
        out += [(w, k) for w in word.split()]
    return out


def focused_snippets(a: str, b: str, limit: int = SNIPPET) -> tuple[str, str]:
    """Snippets of two wordings that start a few words before where they first differ.

    "The plan is costly …, and a long strike would have serious consequences" against
    "… grave consequences": a plain snippet would cut both before the difference.
    "That's" and "That is" are the same words.
    """
    wa, wb = a.split(), b.split()
    na, nb = _normal_words(a), _normal_words(b)
    first = next((op for op in SequenceMatcher(None, [w for w, _ in na], [w for w, _ in nb],
                                               autojunk=False).get_opcodes() if op[0] != "equal"), None)
    if first is None or (len(" ".join(wa)) <= limit and len(" ".join(wb)) <= limit):
        return snippet(a, limit), snippet(b, limit)
    at_a = na[first[1]][1] if first[1] < len(na) else len(wa)
    at_b = nb[first[3]][1] if first[3] < len(nb) else len(wb)
    skip_a, skip_b = max(0, at_a - 3), max(0, at_b - 3)
    if skip_a < 2 and skip_b < 2:
        return snippet(a, limit), snippet(b, limit)
    return (("…" if skip_a else "") + snippet(" ".join(wa[skip_a:]), limit - 1),
            ("…" if skip_b else "") + snippet(" ".join(wb[skip_b:]), limit - 1))
