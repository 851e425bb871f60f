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
from typing import AbstractSet, Optional

from .align import stem
from .comparison import Comparison, QuoteInfo
from .sentence_pairs import SentenceSpace, union_find

WORDED, SHORTENED, SPELLING, PARAPHRASED = "worded differently", "shortened", "spelt differently", "paraphrased"
PARTIAL = "quoted in part"  # an exact fragment of another outlet's longer quote
_WORDS = re.compile(r"[\w]+(?:['’][\w]+)*")
_SPELLING = [("our", "or"), ("ise", "ize"), ("isa", "iza"), ("yse", "yze"), ("tre", "ter"), ("lled", "led"),
             ("lling", "ling"), ("ogue", "og"), ("ae", "e")]
_STOP = {"the", "a", "an", "of", "to", "and", "in", "on", "for", "is", "are", "was", "were", "be", "that", "this",
         "it", "we", "our", "us", "i", "with", "as", "at", "by", "has", "have", "had", "will", "would", "not", "no"}
MATCH_RATIO = 0.5      # word-sequence similarity for "the same quote"
CONTAIN_RATIO = 0.8    # share of the shorter quote found in the longer one ("shortened")
PARAPHRASE_SHARE = 0.6  # share of a quote's content words a sentence must hold to report it
REWRITE_RATIO = 0.6  # word similarity of two paragraphs, quotes left out, for a rewritten copy
CONTEXT_SIMILARITY = 0.4  # sentence similarity at which two quotes of one speaker are one quote
POSITION_OVERLAP = 0.3  # word similarity of two quotes in place in a rewritten copy, speakers apart
UNNAMED_OVERLAP = 0.5  # quotes in sentences on one point, a speaker unknown: this much of a stretch shared
CONTEXT_OVERLAP = 0.25  # and their words must still overlap this much (rewritten copies match by position)


def positioned_words(text: str) -> list[tuple[str, int, int]]:
    """``quote_words`` with each word's span in ``text`` (both halves of "don't" span the word)."""
    out = []
    for m in _WORDS.finditer(text):
        word = m.group().lower().replace("’", "'")
        if word.endswith("n't"):
            out += [(word[:-3], m.start(), m.end()), ("not", m.start(), m.end())] if word[:-3] else \
                [("not", m.start(), m.end())]
        else:
            out.append((word, m.start(), m.end()))
    return out


def quote_words(text: str) -> list[str]:
    """Lower-cased words, curly apostrophes straightened, contractions expanded."""
    return [w for w, _, _ in positioned_words(text)]


def best_window(short: list[str], long_: list[str]) -> Optional[tuple[int, int, bool]]:
    """Where in ``long_`` the words of ``short`` are quoted: (first, end, one_piece).

    The window is anchored on the longest run of shared words, takes the other shared runs
    in line with it, and stretches over the words of ``short`` that match nothing (a reworded start
    or end). ``one_piece`` is true when ``short`` is a contiguous run of ``long_``.
    """
    if not short or not long_:
        return None
    blocks = [b for b in SequenceMatcher(None, short, long_, autojunk=False).get_matching_blocks() if b.size]
    if not blocks:
        return None
    anchor = max(blocks, key=lambda b: b.size)
    # other runs count when they sit where the anchor puts them, give or take a few inserted words
    slack = max(1, len(short) // 4)
    # (a run of three words or more is the same remark even across a cut: "… [cut] …")
    kept = [b for b in blocks if abs((b.b - b.a) - (anchor.b - anchor.a)) <= (slack if b.size < 3 else len(short))]
    first, last = kept[0], kept[-1]
    lo = max(0, first.b - first.a)
    hi = min(len(long_), last.b + last.size + len(short) - last.a - last.size)
    return lo, hi, len(kept) == 1 and anchor.size == len(short)


@dataclass
class Correspondence:
    """How one quote reads in another article: the words each gives for the same stretch."""
    how: Optional[str]  # WORDED, SHORTENED, SPELLING, or None for the same words
    similarity: float  # of the two stretches' words
    span_a: tuple[int, int]  # character spans within each quote's text
    span_b: tuple[int, int]
    gap: bool = False  # SHORTENED with words cut from the middle (not a partial quote)


def correspond(a: str, b: str) -> Correspondence:
    """Compare two quotations of one remark stretch for stretch.

    A short quote is compared with the stretch of the long one it quotes, so "the closeness
    of relations" against a long quote holding "the strength of ties" reads as worded
    differently, and an exact fragment as a partial (shortened) quote.
    """
    wa, wb = positioned_words(a), positioned_words(b)
    la, lb = [w for w, _, _ in wa], [w for w, _, _ in wb]
    full_a = (wa[0][1], wa[-1][2]) if wa else (0, len(a))
    full_b = (wb[0][1], wb[-1][2]) if wb else (0, len(b))
    if not la or not lb:
        return Correspondence(None, 0.0, full_a, full_b)
    swap = len(la) > len(lb)
    short, long_, pos_long = (lb, la, wa) if swap else (la, lb, wb)
    window = best_window(short, long_) if len(short) < 0.8 * len(long_) else None
    if window is None:
        kind = _word_variant(la, lb)
        contiguous = kind == SHORTENED and max(
            b.size for b in SequenceMatcher(None, short, long_, autojunk=False).get_matching_blocks()) == len(short)
        return Correspondence(kind, similarity(la, lb), full_a, full_b, kind == SHORTENED and not contiguous)
    lo, hi, one_piece = window
    part = long_[lo:hi]
    kind = _word_variant(short, part)
    span_long = (pos_long[lo][1], pos_long[hi - 1][2])
    full_long = full_a if swap else full_b
    full_short = full_b if swap else full_a
    if kind is None or (kind == SHORTENED and one_piece):
        kind, gap, shown = SHORTENED, False, full_long  # a partial quote: the long one is the point
    else:
        gap, shown = kind == SHORTENED, span_long
    sim = similarity(short, part)
    return Correspondence(kind, sim, shown if swap else full_short, full_short if swap else shown, gap)


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
    return _word_variant(quote_words(a), quote_words(b))


def _word_variant(wa: list[str], wb: list[str]) -> Optional[str]:
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
    # path -> (start, end) of the stretch of its quote that differs (the whole quote for PARTIAL)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)


def _same_speaker(a: QuoteInfo, b: QuoteInfo, people: Optional[set[str]] = None) -> bool:
    """Whether two quotes may be credited to one speaker: the same name, or either unknown.

    With ``people`` (the compared articles' person names), a speaker that is not a person
    counts as unknown: the broadcaster, ministry or country an outlet credits ("… CCTV
    said", "China said") passes on a person's words.
    """
    if a.speaker is None or b.speaker is None or a.speaker == b.speaker:
        return True
    return people is not None and (a.speaker not in people or b.speaker not in people)


LONG_QUOTE = 6  # words: a quote this long is recognised by its words even when speakers were told apart
GIST_SIMILARITY = 0.7  # cosine of word vectors at which a reworded (or translated) quote is the same remark
GIST_OVERLAP = 0.3  # … provided this much of its wording survives
LOCAL_QUOTE = 6  # words: a quote this long is matched with the stretch of a longer one it resembles …
LOCAL_SAME = 0.6  # … at this word similarity
CROSS_SPEAKER_GIST = 0.8  # gist at which long quotes credited to different speakers are one remark


def same_remark(a: list[str], b: list[str], same_speaker: bool, gist: Optional[float] = None) -> bool:
    """Whether two quotations (as ``quote_words``) render one remark.

    By the words: alike as a whole, or the shorter found in the longer. The speaker each
    article names must agree, unless both quotes are long and their words clearly match
    (speaker attribution is the weaker evidence: a spun copy credits the wrong person).
    By the gist: a rewording or a second translation ("honours the choice of the firms" /
    "respects what the company decides") when the word vectors are close and some wording
    is shared.
    """
    shortest = min(len(a), len(b))
    local = local_similarity(a, b)
    if not same_speaker:  # (one credits the person, the other the broadcaster that quoted them)
        return shortest >= LONG_QUOTE and (similarity(a, b) >= 0.6 or local >= 0.75 or (
            gist is not None and gist >= CROSS_SPEAKER_GIST and local >= 0.5))
    if similarity(a, b) >= MATCH_RATIO or (shortest >= 4 and containment(a, b) >= CONTAIN_RATIO):
        return True
    if shortest >= LOCAL_QUOTE and local >= LOCAL_SAME:
        return True  # one outlet split a long quote, or joined two: a stretch of it, reworded a little
    return gist is not None and shortest >= 4 and gist >= GIST_SIMILARITY and local >= GIST_OVERLAP


def _quote_vectors(quotes: list[QuoteInfo]):
    """Unit word-vector averages of the quotes, or None without the word vectors."""
    from ..analysis.embeddings import get_embedder
    embedder = get_embedder()
    if embedder is None or not quotes:
        return None
    return embedder.embed([q.quote.text for q in quotes])


def build_ledger(comparison: Comparison, space: Optional[SentenceSpace] = None) -> list[LedgerEntry]:
    """Quotes matched across articles; an entry per quotation (quotes of one article alone included)."""
    space = space or SentenceSpace(comparison)
    quotes = [q for q in comparison.quotes if len(quote_words(q.quote.text)) >= 3]
    words = [quote_words(q.quote.text) for q in quotes]
    edges: list[tuple[int, int]] = []
    gist = _quote_vectors(quotes)
    people = {e.name for e in comparison.entities.entities if e.label == "PERSON"}
    for i in range(len(quotes)):
        for j in range(i + 1, len(quotes)):
            if quotes[i].path == quotes[j].path:
                continue
            if same_remark(words[i], words[j], _same_speaker(quotes[i], quotes[j], people),
                           float(gist[i] @ gist[j]) if gist is not None else None):
                edges.append((i, j))
    edges += _positional_matches(comparison, quotes, space, people)
    edges += _context_matches(quotes, words, space, people)
    entries: list[LedgerEntry] = []
    # a country is not a speaker ("Quote of United States" is an attribution gone wrong), nor is "X"
    places = {e.name for e in comparison.entities.entities if e.label in ("GPE", "LOC", "NORP")} - people
    for group in union_find(quotes, edges):
        members = sorted((quotes[k] for k in group), key=lambda q: q.quote.start)
        entry = LedgerEntry(_agreed_speaker([q.speaker for q in members if q.speaker], people, places))
        for q in members:
            entry.quotes.setdefault(q.path, []).append(q)
        entries.append(entry)
    order = {p: n for n, p in enumerate(comparison.paths)}
    entries.sort(key=lambda e: min((order[p], qs[0].quote.start) for p, qs in e.quotes.items()))
    return entries


def _agreed_speaker(speakers: list[str], people: set[str], places: AbstractSet[str] = frozenset()) -> Optional[str]:
    """Who an entry's quote is credited to: the one speaker its articles name most often;
    where they are as many, the one that is a person; else nobody (never a coin toss).
    A country or a name of one or two letters ("X") is never the speaker."""
    speakers = [s for s in speakers if s not in places and len(s) > 2]
    if not speakers:
        return None
    counts = {s: speakers.count(s) for s in speakers}
    top = max(counts.values())
    leaders = sorted(s for s, c in counts.items() if c == top)
    if len(leaders) == 1:
        return leaders[0]
    persons = [s for s in leaders if s in people]
    return persons[0] if len(persons) == 1 else None


def _positional_matches(comparison: Comparison, quotes: list[QuoteInfo], space: SentenceSpace,
                        people: Optional[set[str]] = None) -> list[tuple[int, int]]:
    """Quotes in place in two linked paragraphs of a rewritten copy (the words around them match).

    As many quotes on each side: the k-th with the k-th, when the speakers may be one or the
    words still overlap (a copy that also moved the attribution). Not as many (the copy moved
    a quotation mark, so a quote grew or fell under three words): each quote with the one of
    the other paragraph whose words it shares most, if it shares enough.
    """
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
    words: dict[int, list[str]] = {}

    def words_of(k: int) -> list[str]:
        if k not in words:
            words[k] = quote_words(quotes[k].quote.text)
        return words[k]

    for link in comparison.all_links():
        left = by_paragraph.get((link.a_path, link.a_paragraph), [])
        right = by_paragraph.get((link.b_path, link.b_paragraph), [])
        if not left or not right:
            continue
        # Only a rewritten copy keeps its quotes in place: the words around them must match.
        around_a = _outside_quotes(texts[link.a_path], link.a_span, [quotes[i] for i in left])
        around_b = _outside_quotes(texts[link.b_path], link.b_span, [quotes[j] for j in right])
        if similarity(around_a, around_b) < REWRITE_RATIO:
            continue
        if len(left) == len(right):
            for i, j in zip(left, right):
                if quotes[i].speaker == quotes[j].speaker or (
                        _same_speaker(quotes[i], quotes[j], people) or
                        local_similarity(words_of(i), words_of(j)) >= POSITION_OVERLAP):
                    edges.append((i, j))
            continue
        for i in left:
            overlap, j = max((local_similarity(words_of(i), words_of(j)), j) for j in right)
            back = max(local_similarity(words_of(k), words_of(j)) for k in left)
            if overlap >= POSITION_OVERLAP and overlap >= back:
                edges.append((i, j))
    return edges


def _context_matches(quotes: list[QuoteInfo], words: list[list[str]], space: SentenceSpace,
                     people: Optional[set[str]] = None) -> list[tuple[int, int]]:
    """Quotes of one speaker in sentences that report the same point: the same quote, reworded.

    Where one of the two speakers is unknown or not a person ("the ministry said"), the
    sentences must report the same point and the quotes share most of a stretch ("ready and
    willing" / "ready and willing to talk again"); long quotes credited to two people (a copy
    that moved the attribution, or a speaker mistaken) match when they still share a good
    part of their words. Each quote keeps only its best such counterpart in each other article.
    """
    refs = [space.sentence_at(q.path, q.quote.start) for q in quotes]
    best: dict[tuple[int, str], tuple[float, int]] = {}
    for i, qa in enumerate(quotes):
        for j, qb in enumerate(quotes):
            ref_a, ref_b = refs[i], refs[j]
            if qa.path >= qb.path or ref_a is None or ref_b is None:
                continue
            named = bool(qa.speaker) and qa.speaker == qb.speaker
            if not named and people is None:
                continue
            compatible = named or _same_speaker(qa, qb, people)
            long_ = min(len(words[i]), len(words[j])) >= LONG_QUOTE
            if not compatible and not long_:
                continue
            sim = float(space.similarity_matrix(qa.path, qb.path)[ref_a.index, ref_b.index])
            overlap = local_similarity(words[i], words[j])
            score = sim + 0.5 * overlap
            if not named and (sim < CONTEXT_SIMILARITY or overlap < (UNNAMED_OVERLAP if compatible else 0.4)):
                continue  # (credited to two people: long quotes on one point that still share words)
            if overlap < CONTEXT_OVERLAP or (sim < CONTEXT_SIMILARITY and score < CONTEXT_SIMILARITY + 0.2):
                continue  # two different quotes of one speaker in one passage are not one quote
            for key, other in (((i, qb.path), j), ((j, qa.path), i)):
                if key not in best or score > best[key][0]:
                    best[key] = (score, other)
    return [(min(k[0], o), max(k[0], o)) for k, (_, o) in best.items()
            if best.get((o, quotes[k[0]].path), (0, -1))[1] == k[0]]


def local_similarity(a: list[str], b: list[str]) -> float:
    """Word similarity of the shorter quote with the stretch of the longer one it matches best."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    window = best_window(short, long_)
    if window is None:
        return 0.0
    return max(similarity(a, b), similarity(short, long_[window[0]:window[1]]))


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
        if len(entry.quotes) >= 2:
            variants += entry_variants(entry)
    variants += _paraphrased(comparison, space, ledger)
    return variants


LOCAL_MATCH = 0.3  # word similarity of two stretches below which they are not one remark


def entry_variant(entry: LedgerEntry) -> Optional[QuoteVariant]:
    """The most telling difference between the articles' wordings of one ledger entry."""
    variants = entry_variants(entry)
    return variants[0] if variants else None


def entry_variants(entry: LedgerEntry) -> list[QuoteVariant]:
    """The differences between the articles' wordings of one ledger entry, most telling first.

    Each quote is compared with its best counterpart in each other article, stretch for
    stretch (``correspond``). A rewording counts first, then words cut from the middle,
    a spelling, and last a partial quote (an exact fragment of another's longer quote).
    Where one outlet gives as one quote what another gives as two, each stretch reworded
    is a variant of its own ("… has terrible consequences" / "… unbearable consequences"
    and "turning their back" / "turning our back" in one long quote).
    """
    paths = entry.paths
    matched: list[tuple[str, QuoteInfo, str, QuoteInfo, Correspondence]] = []
    for x, pa in enumerate(paths):
        for pb in paths[x + 1:]:
            table = [(qa, qb, correspond(qa.quote.text, qb.quote.text)) for qa in entry.quotes[pa]
                     for qb in entry.quotes[pb]]
            for qa, qb, c in table:
                best_a = max(t[2].similarity for t in table if t[0] is qa)
                best_b = max(t[2].similarity for t in table if t[1] is qb)
                if c.similarity >= min(best_a, best_b):
                    matched.append((pa, qa, pb, qb, c))
    one_each = all(len(qs) == 1 for qs in entry.quotes.values())

    def rank(t) -> tuple:
        c = t[4]
        if c.how == WORDED and (c.similarity >= LOCAL_MATCH or one_each):
            return (4, 1 - c.similarity)
        if c.how == SHORTENED and c.gap:
            return (3, 1 - c.similarity)
        if c.how == SPELLING:
            return (2, 0.0)
        if c.how == SHORTENED:
            return (1, 1 - c.similarity)
        return (0, 0.0)

    if not matched:
        return []
    ordered = sorted(matched, key=rank, reverse=True)
    variants: list[QuoteVariant] = []
    taken: list[tuple[str, tuple[int, int]]] = []
    for pa, qa, pb, qb, c in ordered:
        level = rank((pa, qa, pb, qb, c))[0]
        if level == 0 or (variants and level < 3):
            break  # after the first, only other rewordings or cuts (one outlet split the remark in two)
        spans = {pa: (qa.quote.start + c.span_a[0], qa.quote.start + c.span_a[1]),
                 pb: (qb.quote.start + c.span_b[0], qb.quote.start + c.span_b[1])}
        if any(p == path and s < spans[path][1] and spans[path][0] < e for path in spans for p, (s, e) in taken):
            continue  # the same stretch again
        taken += list(spans.items())
        focus = qa.quote.text[c.span_a[0]:c.span_a[1]]
        for path in paths:
            if path in spans:
                continue
            options = [(correspond(focus, q.quote.text), q) for q in entry.quotes[path]]
            other, q = max(options, key=lambda o: o[0].similarity)
            spans[path] = (q.quote.start + other.span_b[0], q.quote.start + other.span_b[1])
        assert c.how is not None  # a correspondence without a kind ranks 0 (above)
        how = c.how if not (c.how == SHORTENED and not c.gap) else PARTIAL
        variants.append(QuoteVariant(entry, how, 1.0 - c.similarity, spans=spans))
    return variants


def _content(words: list[str]) -> set[str]:
    return {w for w in words if w not in _STOP and len(w) > 2}


PARAPHRASE_GIST = 0.72  # cosine of word vectors at which a sentence may render a quote in other words
PARAPHRASE_GIST_SHARE = 0.35  # … when it still holds this share of the quote's content words
PARAPHRASE_GIST_FLOOR = 0.4  # shared words with another gist ("treat each other as partner" / "… as equals") are not it


def _paraphrased(comparison: Comparison, space: SentenceSpace, ledger: list[LedgerEntry]) -> list[QuoteVariant]:
    """Quotes one article prints that another reports without quotation marks.

    A sentence reports a quote when it holds most of its content words (stemmed), or a
    good part of them and the same gist by word vectors (a second translation: "respects
    the will of enterprises" / "respects what the company decides").
    """
    from ..analysis.embeddings import get_embedder
    quoted_spans: dict[str, list[tuple[int, int]]] = {}
    for q in comparison.quotes:
        quoted_spans.setdefault(q.path, []).append((q.quote.start, q.quote.end))
    candidates = {path: [ref for ref in space.sentences[path]
                         if not any(s < ref.end and ref.start < e for s, e in quoted_spans.get(path, []))]
                  for path in comparison.paths}
    stems = {path: [_content_stems(space.text(ref)) for ref in refs] for path, refs in candidates.items()}
    entries = [(entry, next(iter(entry.quotes.values()))[0]) for entry in ledger]
    entries = [(e, q) for e, q in entries if len(_content_stems(q.quote.text)) >= 4]
    embedder = get_embedder()
    quote_vectors = sentence_vectors = None
    if embedder is not None and entries:
        quote_vectors = embedder.embed([q.quote.text for _, q in entries])
        sentence_vectors = {path: embedder.embed([space.text(ref) for ref in refs]) if refs else None
                            for path, refs in candidates.items()}
    found = []
    for n, (entry, quote) in enumerate(entries):
        content = _content_stems(quote.quote.text)
        paraphrases: dict[str, tuple[int, int]] = {}
        for path in comparison.paths:
            if path in entry.quotes:
                continue
            best = None
            vectors = sentence_vectors[path] if sentence_vectors is not None else None
            for k, ref in enumerate(candidates[path]):
                share = len(content & stems[path][k]) / len(content)
                gist = (float(quote_vectors[n] @ vectors[k])
                        if quote_vectors is not None and vectors is not None else 0.0)
                if (share >= PARAPHRASE_SHARE and (quote_vectors is None or gist >= PARAPHRASE_GIST_FLOOR)) or (
                        share >= PARAPHRASE_GIST_SHARE and gist >= PARAPHRASE_GIST):
                    if best is None or share + gist > best[0]:
                        best = (share + gist, ref)
            if best:
                paraphrases[path] = (best[1].start, best[1].end)
        if paraphrases:
            found.append(QuoteVariant(entry, PARAPHRASED, 0.5, paraphrases))
    return found


def _content_stems(text: str) -> set[str]:
    return {stem(w) for w in _content(quote_words(text))}
