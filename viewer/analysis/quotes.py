"""Find quoted passages and, where the sentence says, who is quoted."""
from __future__ import annotations

import re
from typing import Optional, Sequence

from ..model import Mention, Quote, Sentence

# Curly double quotes, straight double quotes, and «guillemets»; single quotes are mostly
# scare quotes ('Taiwan independence') so only long single-quoted runs count; last, a pair
# of one straight and one curly mark that the patterns before left over.
_QUOTE_PATTERNS = (
    re.compile(r"“([^”“]{2,2000})”"),
    re.compile(r"\"([^\"\n]{2,2000})\""),
    re.compile(r"«([^»]{2,2000})»"),
    re.compile(r"(?<![A-Za-z])[‘']([^’'\n]{40,600})[’'](?![A-Za-z])"),
    # a typo'd pair, one mark straight and one curly ("Given our … now and again,” Xi said), within a paragraph
    re.compile(r"[“\"]([^”“\"\n]{2,2000})[”\"]"),
)
SPEECH_VERBS = (r"said|says|say|told|tells|added|adds|noted|notes|stressed|stresses|stated|states|"
                r"wrote|writes|shared|posted|declared|insisted|urged|warned|argued|explained|"
                r"remarked|emphasized|emphasised|asserted|announced|according\ to|quoted|labell?ed|called|"
                r"described|termed|dubbed|calls|describes")
_VERB = re.compile(r"\b(?:" + SPEECH_VERBS + r")\b", re.I)
_PRONOUN = re.compile(r"\b(he|she|they)\b", re.I)
SPEAKER_LABELS = ("PERSON", "ORG", "NORP", "GPE")


def find_quotes(text: str, sentences: Sequence[Sentence], mentions: Sequence[Mention]) -> list[Quote]:
    spans: list[tuple[int, int]] = []
    for pattern in _QUOTE_PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span(1)
            if any(s <= start < e or s < end <= e for s, e in spans):
                continue
            if len(text[start:end].split()) < 2:
                continue  # a single quoted word is emphasis, not a quote
            spans.append((start, end))
    spans.sort()
    quotes: list[Quote] = []
    previous_speaker: Optional[str] = None
    previous_end = -10_000
    for start, end in spans:
        speaker = _speaker(text, start, end, sentences, mentions)
        same_paragraph = "\n\n" not in text[previous_end:start] and start - previous_end < 300
        if speaker == "<pronoun>" and not (same_paragraph and previous_speaker):
            # "..., he said" opening a paragraph: the person last named before it
            speaker = _last_person_before(mentions, start, spans)
        elif speaker == "<pronoun>" or (speaker is None and same_paragraph):
            # "..., he added" or a second quote running on in the same paragraph
            speaker = previous_speaker
        quotes.append(Quote(start, end, text[start:end], speaker))
        previous_speaker = speaker or previous_speaker
        previous_end = end
    return quotes


def _last_person_before(mentions: Sequence[Mention], start: int, quote_spans: Sequence[tuple[int, int]],
                        window: int = 800) -> Optional[str]:
    people = [m for m in mentions if m.label == "PERSON" and start - window <= m.start < start
              and not any(s <= m.start < e for s, e in quote_spans)]
    return people[-1].text if people else None


def _speaker(text: str, start: int, end: int, sentences: Sequence[Sentence],
             mentions: Sequence[Mention]) -> Optional[str]:
    """The entity the quote's sentence(s) credit, nearest a speech verb, outside the quote."""
    lo = min((s.start for s in sentences if s.start <= start < s.end), default=max(0, start - 300))
    hi = max((s.end for s in sentences if s.start < end <= s.end), default=min(len(text), end + 300))
    # The attribution may sit in a short trailing sentence: '..." he added.'
    tail = text.find("\n", hi)
    hi = min(tail if tail != -1 else len(text), hi + 40)
    # Attribution usually follows the quote or precedes it within the same sentence.
    candidates = [m for m in mentions if lo <= m.start < hi and not (start - 1 <= m.start < end + 1)
                  and m.label in SPEAKER_LABELS]
    verbs = [m for m in _VERB.finditer(text, lo, hi) if not (start <= m.start() < end)]
    if not verbs:
        return None
    best: Optional[tuple[int, Mention]] = None
    for verb in verbs:
        for m in candidates:
            gap = abs(m.start - verb.start()) if m.start >= verb.end() else verb.start() - m.end
            between = text[min(m.end, verb.end()):max(m.start, verb.start())]
            if gap > 60 or re.search(r"[“”\"]", between):
                continue
            # People speak more than places: prefer PERSON on ties.
            rank = gap + (0 if m.label == "PERSON" else 15)
            if best is None or rank < best[0]:
                best = (rank, m)
    if best:
        return best[1].text
    for verb in verbs:
        window = text[max(lo, verb.start() - 12):verb.end() + 12]
        if _PRONOUN.search(window):
            return "<pronoun>"
    return None
