"""Tell page furniture (share prompts, credits, comment widgets...) from article text.

Rules work line by line: a paragraph is boilerplate when every line in it is
furniture, so a standfirst that carries a photo credit on its last line stays text.
"""
from __future__ import annotations

import re

from .segment import line_spans

# Lines that are furniture wherever they appear.
_FURNITURE_LINE = re.compile(
    r"""^(?:
        (?:photo|photos|image|images|picture|file\ photo|graphic|video|illustration)
            (?:\ source|\ credit)?\s*[:/|–-].{0,80}
      | (?:photo|image|picture|video)\ (?:source|credit|caption),\ .{0,120}
      | (?:source|credit|credits)\s*:\s*.{0,60}(?:/|photo|image|getty|reuters|ap\b|afp|xinhua).{0,40}
      | .{0,120}\b(?:photo|image)\s*(?:credit|source)?\s*:\s*\S.{0,60}
      | .{0,60}\bcomments?\ powered\ by\b.*
      | (?:\d+\s+)?comments?
      | (?:leave|post|add|view|show)\ (?:a\ )?(?:comment|comments|reply)s?.*
      | for\ the\ best\ experience,?\ open(?:\s+on)?(?:\s+your)?(?:\s+mobile)?(?:\s+browser)?\.?
      | on\ your\ mobile\ browser\.?
      | (?:latest|breaking|more|top|trending)\ (?:world\ |india\ |us\ |business\ )?(?:news|stories|videos)
      | (?:share|share\ this(?:\ article|\ story)?|share\ on\ \w+|tweet|email|print|whatsapp)(?:\s*[|:,/].*)?
      | (?:follow|like)\ us\ on\ .{0,60}
      | (?:subscribe|sign\ up|log\ in|register)\b.{0,80}
      | (?:read\ more|also\ read|read\ also|related|related\ articles?|recommended|advertisement|sponsored
         |you\ may\ also\ like)\b.{0,80}
      | (?:tags|keywords|topics|filed\ under)\s*:.*
      | (?:click\ here|download\ the\ app)\b.*
      | (?:copyright|©|\(c\)).{0,120}
      | all\ rights\ reserved\.?
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

# A line after which everything is furniture (comment threads, "more from this blog").
_TAIL_MARKER = re.compile(
    r"^(?:popular\ posts\ from\ this\ blog|comments|\d+\s+comments|leave\ a\ comment|"
    r"more\ from\ this\ (?:blog|site|author)|you\ may\ also\ like|recommended\ for\ you|"
    r"related\ (?:posts|articles|stories)|most\ read|trending\ now)\s*:?$",
    re.IGNORECASE | re.VERBOSE,
)


def is_furniture_line(line: str) -> bool:
    line = line.strip()
    if not line:
        return True
    if len(line) <= 200 and _FURNITURE_LINE.match(line):
        return True
    return _is_keyword_line(line)


def _is_keyword_line(line: str) -> bool:
    """A list of tags: many comma-separated short phrases and no sentence."""
    if line.endswith((".", "?", "!", "”", '"')):
        return False
    parts = [p.strip() for p in line.split(",")]
    if len(parts) < 5:
        return False
    words = [len(p.split()) for p in parts]
    return all(1 <= w <= 5 for w in words) and sum(words) / len(words) <= 3.5


def is_tail_marker(text: str) -> bool:
    return bool(_TAIL_MARKER.match(text.strip()))


def classify_boilerplate(text: str, spans: list[tuple[int, int]]) -> list[bool]:
    """Return, for each paragraph span, whether it is page furniture."""
    flags = []
    for start, end in spans:
        lines = line_spans(text, start, end)
        flags.append(all(is_furniture_line(text[s:e]) for s, e in lines))
    # Everything after a tail marker in the second half of the page is furniture:
    # a "Comments" line near the top is more likely a heading of the article itself.
    half = len(spans) // 2
    for i in range(half, len(spans)):
        s, e = spans[i]
        if is_tail_marker(text[s:e]):
            for j in range(i, len(spans)):
                flags[j] = True
            break
    return flags


_WORD = re.compile(r"\w+", re.UNICODE)


def find_duplicates(texts: list[str], candidates: list[int]) -> dict[int, int]:
    """Map a paragraph index to the earlier index it repeats (nearly) word for word.

    ``texts`` are all paragraph texts; only indexes in ``candidates`` are compared.
    Two paragraphs repeat when most word bigrams of the shorter one occur in the other.
    """
    grams: dict[int, set[tuple[str, str]]] = {}
    for i in candidates:
        words = [w.lower() for w in _WORD.findall(texts[i])]
        if len(words) >= 8:
            grams[i] = set(zip(words, words[1:]))
    duplicates: dict[int, int] = {}
    ordered = sorted(grams)
    for pos, j in enumerate(ordered):
        for i in ordered[:pos]:
            if i in duplicates:
                continue
            a, b = grams[i], grams[j]
            overlap = len(a & b) / min(len(a), len(b))
            if overlap >= 0.6:
                duplicates[j] = i
                break
    return duplicates


def looks_like_heading(line: str) -> bool:
    """A short title-case line without sentence punctuation (a sub-heading)."""
    line = line.strip()
    if not line or len(line) > 90 or "\n" in line or line.endswith((".", ",", ";", ":", "”", '"')):
        return False
    words = line.split()
    if not 1 <= len(words) <= 10:
        return False
    capitalised = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return capitalised / len(words) >= 0.7
