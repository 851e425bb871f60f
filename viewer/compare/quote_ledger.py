"""The quote ledger: who is quoted, by which outlets, in which words (Qt-free).

Every quotation of the compared articles (``Comparison.quotes``) is matched across
articles: by its words (the same quote, even shortened or reworded), or, for a copy
that rewrote the words inside the quotation marks, by position — the k-th quote of
the same speaker in two linked paragraphs. A ledger entry whose articles word the
quote differently is a *quote variant*; a quote one article prints in quotation
marks and another reports in its own sentence is a variant too (direct vs paraphrase).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Optional

from .comparison import Comparison, QuoteInfo
from .sentence_pairs import SentenceSpace, union_find

WORDED, SHORTENED, SPELLING, PARAPHRASED = "worded differently", "shortened", "spelt differently", "paraphrased"
_WORDS = re.compile(r"[\w]+(?:['’][\w]+)*")
_SPELLING = [("our", "or"), ("ise", "ize"), ("isa", "iza"), ("yse", "yze"), ("tre", "ter"), ("lled", "led"),
             ("lling", "ling"), ("ogue", "og"), ("ae", "e")]
_STOP = {"the", "a", "an", "of", "to", "and", "in", "on", "for", "is", "are", "was", "were", "be", "that", "this",
         "it", "we", "our", "us", "i", "with", "as", "at", "by", "has", "have", "had", "will", "would", "not", "no"}
MATCH_RATIO = 0.5      # word-sequence similarity for "the same quote"
CONTAIN_RATIO = 0.8    # share of the shorter quote found in the longer one ("shortened")
PARAPHRASE_SHARE = 0.6
REWRITE_RATIO = 0.6
CONTEXT_SIMILARITY = 0.4
CONTEXT_OVERLAP = 0.25  # and their words must still overlap this much (rewritten copies match by position)  # sentence similarity at which two quotes of one speaker are one quote  # word similarity of two paragraphs, quotes left out, for a rewritten copy  # share of a quote's content words a sentence must hold to report it


def quote_words(text: str) -> list[str]:
    """Lower-cased words, curly apostrophes straightened, contractions expanded."""
    text = text.lower().replace("’", "'").replace("n't", " not")
    return _WORDS.findall(text)


def _fold_spelling(word: str) -> str:
    for british, american in _SPELLING:
        if word.endswith(british) or british in word:
            word = word.replace(british, american)
    return word


def similarity(a: list[str], b: list[str]) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio() if a and b else 0.0


def containment(a: list[str], b: list[str]) -> float:
    """Share of the shorter word list found, in order, in the longer one."""
    if not a or not b:
        return 0.0
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    matched = sum(block.size for block in SequenceMatcher(None, short, long_, autojunk=False).get_matching_blocks())
    return matched / len(short)


def variant_kind(a: str, b: str) -> Optional[str]:
    """How two wordings of one quote differ, or None when they are the same words."""
    wa, wb = quote_words(a), quote_words(b)
    if wa == wb:
        return None
    if [_fold_spelling(w) for w in wa] == [_fold_spelling(w) for w in wb]:
        return SPELLING
    if containment(wa, wb) >= 0.999:
        return SHORTENED
    return WORDED


@dataclass
class LedgerEntry:
    """One quotation as the compared articles give it."""
    speaker: Optional[str]
    quotes: dict[str, list[QuoteInfo]] = field(default_factory=dict)  # path -> its quotes of it

    @property
    def paths(self) -> list[str]:
        return list(self.quotes)


@dataclass
class QuoteVariant:
    entry: LedgerEntry
    how: str  # WORDED, SHORTENED, SPELLING or PARAPHRASED
    change: float  # 0 (same words) … 1 (no word in common)
    # for PARAPHRASED: path -> (start, end) of the sentence that reports the quote without quotation marks
    paraphrases: dict[str, tuple[int, int]] = field(default_factory=dict)


def _same_speaker(a: QuoteInfo, b: QuoteInfo) -> bool:
    return a.speaker is None or b.speaker is None or a.speaker == b.speaker


def build_ledger(comparison: Comparison, space: Optional[SentenceSpace] = None) -> list[LedgerEntry]:
    """Quotes matched across articles; an entry per quotation (quotes of one article alone included)."""
    space = space or SentenceSpace(comparison)
    quotes = [q for q in comparison.quotes if len(quote_words(q.quote.text)) >= 3]
    words = [quote_words(q.quote.text) for q in quotes]
    edges: list[tuple[int, int]] = []
    for i in range(len(quotes)):
        for j in range(i + 1, len(quotes)):
            if quotes[i].path == quotes[j].path or not _same_speaker(quotes[i], quotes[j]):
                continue
            if similarity(words[i], words[j]) >= MATCH_RATIO or (
                    min(len(words[i]), len(words[j])) >= 4 and containment(words[i], words[j]) >= CONTAIN_RATIO):
                edges.append((i, j))
    edges += _positional_matches(comparison, quotes, space)
    edges += _context_matches(quotes, words, space)
    entries: list[LedgerEntry] = []
    for group in union_find(quotes, edges):
        members = sorted((quotes[k] for k in group), key=lambda q: q.quote.start)
        speakers = [q.speaker for q in members if q.speaker]
        speaker = max(set(speakers), key=speakers.count) if speakers else None
        entry = LedgerEntry(speaker)
        for q in members:
            entry.quotes.setdefault(q.path, []).append(q)
        entries.append(entry)
    order = {p: n for n, p in enumerate(comparison.paths)}
    entries.sort(key=lambda e: min((order[p], qs[0].quote.start) for p, qs in e.quotes.items()))
    return entries


def _positional_matches(comparison: Comparison, quotes: list[QuoteInfo], space: SentenceSpace
                        ) -> list[tuple[int, int]]:
    """The k-th quote of a speaker in two linked paragraphs, when both paragraphs quote alike."""
    def paragraph(q: QuoteInfo) -> Optional[int]:
        ref = space.sentence_at(q.path, q.quote.start)
        return ref.paragraph if ref else None

    by_paragraph: dict[tuple[str, int], list[int]] = {}
    for k, q in enumerate(quotes):
        p = paragraph(q)
        if p is not None:
            by_paragraph.setdefault((q.path, p), []).append(k)
    edges = []
    texts = {a.path: a.text for a in comparison.articles}
    for link in comparison.all_links():
        left = by_paragraph.get((link.a_path, link.a_paragraph), [])
        right = by_paragraph.get((link.b_path, link.b_paragraph), [])
        if not left or len(left) != len(right):
            continue
        # Only a rewritten copy keeps its quotes in place: the words around them must match.
        around_a = _outside_quotes(texts[link.a_path], link.a_span, [quotes[i] for i in left])
        around_b = _outside_quotes(texts[link.b_path], link.b_span, [quotes[j] for j in right])
        if similarity(around_a, around_b) < REWRITE_RATIO:
            continue
        for i, j in zip(left, right):
            if quotes[i].speaker == quotes[j].speaker:
                edges.append((i, j))
    return edges


def _context_matches(quotes: list[QuoteInfo], words: list[list[str]], space: SentenceSpace
                     ) -> list[tuple[int, int]]:
    """Quotes of one speaker in sentences that report the same point: the same quote, reworded.

    Each quote keeps only its best such counterpart in each other article.
    """
    refs = [space.sentence_at(q.path, q.quote.start) for q in quotes]
    best: dict[tuple[int, str], tuple[float, int]] = {}
    for i, qa in enumerate(quotes):
        for j, qb in enumerate(quotes):
            if qa.path >= qb.path or not qa.speaker or qa.speaker != qb.speaker or refs[i] is None or refs[j] is None:
                continue
            sim = float(space.similarity_matrix(qa.path, qb.path)[refs[i].index, refs[j].index])
            overlap = max(similarity(words[i], words[j]), containment(words[i], words[j]))
            score = sim + 0.5 * overlap
            if overlap < CONTEXT_OVERLAP or (sim < CONTEXT_SIMILARITY and score < CONTEXT_SIMILARITY + 0.2):
                continue  # two different quotes of one speaker in one passage are not one quote
            for key, other in (((i, qb.path), j), ((j, qa.path), i)):
                if key not in best or score > best[key][0]:
                    best[key] = (score, other)
    return [(min(k[0], o), max(k[0], o)) for k, (_, o) in best.items()
            if best.get((o, quotes[k[0]].path), (0, -1))[1] == k[0]]


def _outside_quotes(text: str, span: tuple[int, int], quotes: list[QuoteInfo]) -> list[str]:
    pieces, pos = [], span[0]
    for q in sorted(quotes, key=lambda q: q.quote.start):
        pieces.append(text[pos:q.quote.start])
        pos = q.quote.end
    pieces.append(text[pos:span[1]])
    return quote_words(" ".join(pieces))


def representatives(entry: LedgerEntry) -> dict[str, QuoteInfo]:
    """One quote per article: the one closest to the other articles' wordings."""
    chosen = {}
    for path, quotes in entry.quotes.items():
        others = [quote_words(q.quote.text) for p, qs in entry.quotes.items() if p != path for q in qs]
        chosen[path] = max(quotes, key=lambda q: max((similarity(quote_words(q.quote.text), o) for o in others),
                                                     default=0.0))
    return chosen


def quote_variants(comparison: Comparison, space: Optional[SentenceSpace] = None,
                   ledger: Optional[list[LedgerEntry]] = None) -> list[QuoteVariant]:
    """Ledger entries worded differently across articles, and quotes another article paraphrases."""
    space = space or SentenceSpace(comparison)
    ledger = ledger if ledger is not None else build_ledger(comparison, space)
    variants: list[QuoteVariant] = []
    for entry in ledger:
        if len(entry.quotes) < 2:
            continue
        firsts = [q.quote.text for q in representatives(entry).values()]
        kinds = [variant_kind(a, b) for n, a in enumerate(firsts) for b in firsts[n + 1:]]
        kinds = [k for k in kinds if k]
        if not kinds:
            continue
        how = WORDED if WORDED in kinds else SHORTENED if SHORTENED in kinds else SPELLING
        change = 1.0 - min(similarity(quote_words(a), quote_words(b))
                           for n, a in enumerate(firsts) for b in firsts[n + 1:])
        variants.append(QuoteVariant(entry, how, change))
    variants += _paraphrased(comparison, space, ledger)
    return variants


def _content(words: list[str]) -> set[str]:
    return {w for w in words if w not in _STOP and len(w) > 2}


def _paraphrased(comparison: Comparison, space: SentenceSpace, ledger: list[LedgerEntry]) -> list[QuoteVariant]:
    """Quotes one article prints that another reports without quotation marks."""
    quoted_spans: dict[str, list[tuple[int, int]]] = {}
    for q in comparison.quotes:
        quoted_spans.setdefault(q.path, []).append((q.quote.start, q.quote.end))
    # Each sentence outside quotation marks with its content words, found once for all
    # entries (not per entry: two long articles have thousands of quotes and sentences).
    unquoted: dict[str, list] = {}  # path -> [(sentence, its content words once computed)]
    for path in comparison.paths:
        spans = quoted_spans.get(path, [])
        unquoted[path] = [(ref, None) for ref in space.sentences[path]
                          if not any(s < ref.end and ref.start < e for s, e in spans)]
    found = []
    for entry in ledger:
        first_path, first_quotes = next(iter(entry.quotes.items()))
        quote = first_quotes[0]
        content = _content(quote_words(quote.quote.text))
        if len(content) < 4:
            continue
        paraphrases: dict[str, tuple[int, int]] = {}
        for path in comparison.paths:
            if path in entry.quotes:
                continue
            sentences = unquoted[path]
            for n, (ref, words) in enumerate(sentences):
                if words is None:
                    words = _content(quote_words(space.text(ref)))
                    sentences[n] = (ref, words)
                if len(content & words) >= PARAPHRASE_SHARE * len(content):
                    paraphrases[path] = (ref.start, ref.end)
                    break
        if paraphrases:
            found.append(QuoteVariant(entry, PARAPHRASED, 0.5, paraphrases))
    return found
