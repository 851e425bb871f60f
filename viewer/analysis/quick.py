"""The quick first pass: an ``Analysis`` from regular expressions, with no neural model.

Enough to list, date and group a library (``library.events`` reads lemmas, names and
numbers; ``dates`` reads the text itself) in about a millisecond per article, where
spaCy takes a quarter of a second. The full analysis (``pipeline``) replaces it as it
lands. What it gives:

- sentences: split after terminal punctuation followed by a capital;
- lemmas: content words lower-cased, a possessive and a plural "s" taken off;
- mentions: the entity ruler's patterns (known leaders and countries, with their ids),
  runs of capitalised words (PERSON when a title precedes them or the article later
  calls them by their last word alone, "Harlow said"; else ORG), numbers (CARDINAL,
  PERCENT, MONEY) and day-precise dates (DATE);
- quotes: as ``quotes.find_quotes`` finds them from those sentences and mentions.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from typing import Callable, Optional

from ..model import BOILERPLATE, Analysis, Article, Mention, Sentence
from .dates import date_mentions
from .nlp import PATTERNS_FILE
from .quotes import find_quotes

QUICK_VERSION = "q1"

# Words (hyphens split, as spaCy does: "US-China" is two names), "U.S." whole, "$" and "%".
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W_]+(?:[’'.][^\W_]+)*(?:[’']s)?|\$|%")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")
_TITLES = {"president", "vice", "premier", "minister", "secretary", "senator", "sen.", "rep.", "gov.", "governor",
           "ambassador", "spokesman", "spokeswoman", "spokesperson", "mr", "mr.", "mrs", "mrs.", "ms", "ms.",
           "dr", "dr.", "chancellor", "chairman", "chairwoman", "king", "queen", "envoy", "adviser", "advisor",
           "leader", "mayor", "general", "counselor", "counsellor", "director", "prince", "pope"}
_DEMONYM = re.compile(r"(?:ese|ian|an|ish|ch|i|ic)$")  # "Chinese", "Russian", "Turkish"...
_CONNECTORS = {"of", "for", "and", "de", "al", "bin", "van", "von", "the"}
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.",
           "nov.", "dec.", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS  # a word list; loads no model
    return frozenset(STOP_WORDS)


@lru_cache(maxsize=1)
def _patterns() -> dict[tuple[str, ...], tuple[str, str]]:
    """Entity ruler patterns as token tuples → (label, id)."""
    found: dict[tuple[str, ...], tuple[str, str]] = {}
    if not PATTERNS_FILE.exists():
        return found
    for line in PATTERNS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        pattern = entry["pattern"]
        tokens = tuple(_TOKEN.findall(pattern)) if isinstance(pattern, str) else \
            tuple(t.get("TEXT") or t.get("ORTH") or t.get("LOWER", "") for t in pattern)
        if tokens:
            found[tokens] = (entry["label"], entry.get("id", ""))
    return found


@lru_cache(maxsize=1)
def _pattern_starts() -> frozenset[str]:
    return frozenset(p[0] for p in _patterns())


def _is_name_like(word: str, patterns) -> bool:
    """In a headline, a word kept capitalised: a known name, or one rare in lower case."""
    bare = _bare(word)
    return bare in _pattern_starts() or bare.title() in _pattern_starts() or _common(bare.lower()) < 3.0


def _bare(word: str) -> str:
    return word[:-2] if word.endswith(("’s", "'s")) else word


@lru_cache(maxsize=100_000)
def _common(word: str) -> float:
    """Zipf frequency of ``word`` in general English (a sentence's first word may be any word)."""
    from wordfreq import zipf_frequency
    return zipf_frequency(word, "en")


@lru_cache(maxsize=1)
def _lemma_tables() -> Optional[tuple[dict, dict, dict]]:
    """The model's own lemmatizer tables (exceptions, base forms, suffix rules by part of
    speech), read from its package without loading the model; None when not found."""
    try:
        import importlib.util
        from pathlib import Path
        from spacy.lookups import Lookups
        from .nlp import MODEL_PACKAGE
        spec = importlib.util.find_spec(MODEL_PACKAGE)
        locations = spec.submodule_search_locations if spec else None
        folders = sorted(Path(locations[0]).glob("*/lemmatizer/lookups")) if locations else []
        if not folders:
            return None
        lookups = Lookups().from_disk(folders[0])
        exc, index, rules = (lookups.get_table(name) for name in ("lemma_exc", "lemma_index", "lemma_rules"))
        parts = ("noun", "verb", "adj")
        return ({pos: dict(exc[pos]) for pos in parts}, {pos: set(index[pos]) for pos in parts},
                {pos: [tuple(r) for r in rules[pos]] for pos in parts})
    except Exception:  # any trouble: the plain rules below still work
        return None


@lru_cache(maxsize=200_000)
def quick_lemma(word: str) -> str:
    """A lemma without parts of speech: the model's exceptions and suffix rules (verb, then
    noun, then adjective) where they give a known base form, else no plural "s"."""
    word = word.lower()
    if word.endswith(("’s", "'s")):
        word = word[:-2]
    tables = _lemma_tables()
    if tables is not None and word.isalpha():
        exc, index, rules = tables
        for pos in ("verb", "noun", "adj"):
            if word in exc[pos]:
                return exc[pos][word][0]
        if word in index["noun"] or word in index["adj"]:
            return word
        for pos in ("verb", "noun", "adj"):
            for old, new in rules[pos]:
                if word.endswith(old):
                    candidate = word[:len(word) - len(old)] + new
                    if candidate in index[pos]:
                        return candidate
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ous")):
        return word[:-1]
    return word


def quick_analysis(article: Article) -> Analysis:
    """The first-pass analysis of ``article`` (see the module docstring)."""
    stop = _stop_words()
    patterns = _patterns()
    longest = max((len(p) for p in patterns), default=1)
    text = article.text
    sentences: list[Sentence] = []
    mentions: list[Mention] = []
    lemmas: list[tuple[int, str]] = []
    tokens_total = 0
    candidates: list[tuple[int, int, str, bool]] = []  # (start, end, text, titled) of capitalised runs
    last_words: dict[str, int] = {}  # a capitalised word standing alone → how often
    for paragraph in article.paragraphs:
        if paragraph.kind == BOILERPLATE:
            continue
        start = paragraph.start
        cuts = [m.end() for m in _SENTENCE_END.finditer(text, paragraph.start, paragraph.end)] + [paragraph.end]
        for cut in cuts:
            piece = text[start:cut]
            lead = len(piece) - len(piece.lstrip())
            if piece.strip():
                sentences.append(Sentence(start + lead, start + len(piece.rstrip()), paragraph.index))
            tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, cut)]
            tokens_total += len(tokens)
            words = [t[2] for t in tokens if t[2][:1].isalpha()]
            closed = piece.rstrip()[-1:] in ".!?\"”’'"  # a headline seldom ends with a full stop
            if len(words) >= 4 and sum(w[:1].isupper() for w in words) >= (0.85 if closed else 0.6) * len(words):
                # a headline in title case or capitals: its capitals mark no names
                tokens = [(s, e, w if _is_name_like(w, patterns) else w.lower()) for s, e, w in tokens]
            joined = [k > 0 and text[tokens[k - 1][1]:tokens[k][0]].isspace() for k in range(len(tokens))]
            _read_tokens(tokens, joined, stop, patterns, longest, mentions, lemmas, candidates, last_words)
            start = cut
    full_names = {_bare(c[2].split()[-1]) for c in candidates if len(c[2].split()) >= 2 and c[3] is not None}
    full_names |= {_bare(m.text.split()[-1]) for m in mentions if m.label == "PERSON" and " " in m.text}
    for s, e, surface, titled in candidates:
        words = surface.split()
        last = _bare(words[-1])
        if titled is None:  # a common word opening a sentence: a name only as a known surname
            if last in full_names:
                mentions.append(Mention(s, e, surface, "PERSON"))
            continue
        # a person is called by surname after the first mention: "Wen Tang ... Tang said"
        person = (titled or (len(words) >= 2 and last_words.get(last, 0) >= 1)
                  or (len(words) == 1 and last in full_names))
        label = "PERSON" if person else (
            "NORP" if len(words) == 1 and _DEMONYM.search(last) and _common(last.lower()) >= 3.5 else "ORG")
        mentions.append(Mention(s, e, surface, label))
    # An unknown capitalised run seen once is as often a headline word or a wire credit as a
    # name: only the ones an article repeats count (measured on the dev corpus' grouping).
    seen = Counter(m.text for m in mentions if m.label == "ORG" and not m.kb_id)
    mentions = [m for m in mentions if m.label != "ORG" or m.kb_id or seen[m.text] >= 2]
    for date in date_mentions(text):
        mentions.append(Mention(date.start, date.end, text[date.start:date.end], "DATE"))
    mentions.sort(key=lambda m: (m.start, -m.end))
    kept: list[Mention] = []
    for m in mentions:
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    quotes = find_quotes(text, sentences, kept)
    return Analysis(sentences, kept, quotes, lemmas, tokens_total)


def _read_tokens(tokens, joined, stop, patterns, longest, mentions, lemmas, candidates, last_words) -> None:
    i, n = 0, len(tokens)
    while i < n:
        start, end, word = tokens[i]
        first = word[:1]
        # known names (the entity ruler's patterns), longest first
        matched = 0
        if first.isupper():
            for size in range(min(longest, n - i), 0, -1):
                key = tuple(_bare(t[2]) for t in tokens[i:i + size])
                hit = patterns.get(key) or (patterns.get(tuple(w.title() for w in key)) if word.isupper() else None)
                if hit:
                    label, ident = hit
                    surface = " ".join(t[2] for t in tokens[i:i + size])
                    mentions.append(Mention(start, tokens[i + size - 1][1], surface, label, ident))
                    for s, _, w in tokens[i:i + size]:
                        lemmas.append((s, quick_lemma(w)))
                    matched = size
                    break
        if matched:
            i += matched
            continue
        if first.isdigit():
            label = "CARDINAL"
            if i + 1 < n and tokens[i + 1][2] in ("%", "percent"):
                label = "PERCENT"
            elif i > 0 and tokens[i - 1][2] == "$":
                label = "MONEY"
            mentions.append(Mention(start, end, word, label))
            lemmas.append((start, word.replace(",", "")))
            i += 1
            continue
        lower = word.lower()
        if first.isupper() and lower not in _MONTHS and (i > 0 or lower not in stop):
            # a run of capitalised words, "of"/"and" allowed inside
            j = i + 1
            while j < n and joined[j] and (tokens[j][2][:1].isupper() or (
                    tokens[j][2] in _CONNECTORS and j + 1 < n and joined[j + 1] and tokens[j + 1][2][:1].isupper())):
                if tokens[j][2].lower() in _MONTHS or _bare(tokens[j][2]) in _pattern_starts():
                    break  # a known name starts here: the ruler takes it
                j += 1
            words = [t[2] for t in tokens[i:j]]
            titled = i > 0 and tokens[i - 1][2].lower() in _TITLES
            lead = max((k + 1 for k, w in enumerate(words[:-1]) if w.lower() in _TITLES), default=0)
            if lead:  # "Chinese President Wen Tang": the name follows the title
                words, titled, start = words[lead:], True, tokens[i + lead][0]
            end_at = i + len(words) + lead  # one past the run's last token
            while words and (words[0] in _CONNECTORS or words[0].lower() in ("state", "defense")) and lead:
                words, start = words[1:], tokens[end_at - len(words) + 1][0] if len(words) > 1 else start
            while words and (words[-1] in _CONNECTORS or words[-1].lower() in _TITLES):
                words, end_at, titled = words[:-1], end_at - 1, False  # "Chinese President": no name
            if not words:
                for s, _, w in tokens[i:j]:
                    if w.lower() not in stop:
                        lemmas.append((s, quick_lemma(w)))
                i = j
                continue
            single = words[0].lower() if len(words) == 1 else ""
            if not single or (len(single) > 1 and single not in stop and single not in _TITLES):
                # a sentence's first word may be any word: a common one only counts as a surname
                tentative = bool(single) and i == 0 and (_common(single) >= 3.5 or single.endswith(("ing", "ly")))
                surface = " ".join(words)
                candidates.append((start, tokens[end_at - 1][1], surface, None if tentative else titled))
                if len(words) == 1 and not tentative:
                    last_words[_bare(words[0])] = last_words.get(_bare(words[0]), 0) + 1
            for s, _, w in tokens[i:j]:
                if w.lower() not in stop:
                    lemmas.append((s, quick_lemma(w)))
            i = j
            continue
        if lower not in stop and len(lower) > 1 and word[:1].isalpha():
            lemmas.append((start, quick_lemma(word)))
        i += 1


def quick_analyses(articles, cancelled: Optional[Callable[[], bool]] = None) -> dict[str, Analysis]:
    """``quick_analysis`` of each article, by path."""
    out = {}
    for article in articles:
        if cancelled and cancelled():
            from .pipeline import Cancelled
            raise Cancelled()
        out[article.path] = quick_analysis(article)
    return out
