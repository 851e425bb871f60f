"""Merge entity mentions into one canonical entity per real-world thing.

"Xi", "President Xi", "Chinese President Xi Jinping" and "Jinping" become one
PERSON "Xi Jinping"; "US", "U.S." and "the United States" one GPE. Labels are
decided by majority across the corpus because the small model mislabels some
names ("Biden" as GPE) in some sentences.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable, Mapping, Optional, Sequence

from ..gcpause import collector_paused
from ..model import Analysis, CanonicalEntity, Mention

NAME_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART")
VALUE_LABELS = ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL")
ENTITY_LABELS = frozenset(NAME_LABELS + VALUE_LABELS)  # every label of spaCy's model the analysis keeps

_TITLE_WORDS = (
    r"president(?:-elect)?|vice[- ]president|chairman|chairwoman|chair|premier|prime\ minister|"
    r"secretary(?:\ of\ state|\ of\ defense|-general)?|state\ secretary|foreign\ minister|minister|"
    r"senator|sen\.|rep\.|representative|gov\.|governor|general|gen\.|ambassador|spokesman|"
    r"spokeswoman|spokesperson|mr\.?|mrs\.?|ms\.?|dr\.?|prof\.?|professor|leader|king|queen|"
    r"envoy|adviser|advisor|director|commerce\ secretary|treasury\ secretary|national\ security\ adviser|"
    r"counselor|counsellor|chancellor|mayor|former|then|u\.s\.|us|chinese|american|taiwanese|russian"
)
# "then-President", "former-" and "ex-" join the title they qualify with a hyphen.
_LEADING_TITLE = re.compile(r"^(?:(?:then|former|ex)-|(?:" + _TITLE_WORDS + r")\s+)+", re.I)
# Office names spaCy sometimes pulls into a PERSON span: "National Intelligence Avril D. Haines".
_OFFICE_WORDS = {"national", "intelligence", "security", "defense", "defence", "state", "foreign",
                 "affairs", "commerce", "trade", "treasury", "department", "ministry", "council",
                 "house", "white", "of", "the", "representative", "staff", "chief", "deputy", "acting",
                 "homeland", "justice", "finance", "economic", "central", "committee", "party"}
_LEADING_THE = re.compile(r"^(?:the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_INITIAL = re.compile(r"^[A-Z]\.?$")

# Variants of the same country; the ruler covers the common ones, this folds the rest.
COUNTRY_VARIANTS = {
    "united states": ("us", "u.s.", "u.s", "usa", "u.s.a.", "u.s.a", "united states of america", "america",
                      "the united states", "the us", "the u.s."),
    "china": ("prc", "people's republic of china", "people’s republic of china", "mainland china", "p.r.c."),
    "united kingdom": ("uk", "u.k.", "britain", "great britain"),
    "european union": ("eu", "e.u."),
    "russia": ("russian federation",),
    "united nations": ("un", "u.n."),
}
_COUNTRY_OF = {variant: canon for canon, variants in COUNTRY_VARIANTS.items() for variant in variants}


@lru_cache(maxsize=200_000)
def clean_surface(text: str, label: str) -> str:
    """Strip articles, possessives and titles: "the U.S.'s" -> "U.S.", "President Xi" -> "Xi"."""
    text = re.sub(r"\s+", " ", text).strip(" \t\n,.;:“”\"'‘’()[]") if label in NAME_LABELS else \
        re.sub(r"\s+", " ", text).strip()
    text = _POSSESSIVE.sub("", text)
    if label in NAME_LABELS:
        text = _LEADING_THE.sub("", text)
        if label == "PERSON":
            # Titles and office words alternate: "Deputy Secretary of State Wendy Sherman".
            words = text.split()
            while True:
                words = _LEADING_TITLE.sub("", " ".join(words)).split() or words
                if len(words) > 2 and words[0].lower() in _OFFICE_WORDS:
                    words.pop(0)
                else:
                    break
            text = " ".join(words)
    return text.strip()


_PERSON_TAIL = re.compile(r"(?:^|\s)((?:[A-Z][a-z]+\s)(?:[A-Z]\.\s)+[A-Z][a-z]+)$")


@lru_cache(maxsize=200_000)
def _person_tail(text: str) -> Optional[str]:
    match = _PERSON_TAIL.search(text)
    return match.group(1) if match else None


def _is_common_word(surface: str, label: str) -> bool:
    """A one-word ORG that is an everyday word ("State" of "Secretary of State") is noise."""
    if label != "ORG" or " " in surface or surface.isupper():
        return False
    return _zipf(surface.lower()) >= 5.0


@lru_cache(maxsize=200_000)
def _has_alnum(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


@lru_cache(maxsize=100_000)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency
    return zipf_frequency(word, "en")


@lru_cache(maxsize=200_000)
def _fold(name: str) -> str:
    low = name.lower().replace("’", "'")
    return _COUNTRY_OF.get(low, low)


@lru_cache(maxsize=200_000)
def _person_tokens(name: str) -> tuple[str, ...]:
    """Name tokens without middle initials: "Antony J. Blinken" -> ("antony", "blinken")."""
    return tuple(t.lower() for t in name.replace(".", ". ").split() if not _INITIAL.match(t))


@dataclass
class EntityIndex:
    entities: list[CanonicalEntity]
    by_key: dict[str, CanonicalEntity] = field(default_factory=dict)
    # (article path, mention start) -> canonical key
    mention_key: dict[tuple[str, int], str] = field(default_factory=dict)
    # folded cleaned surface form -> canonical key
    form_key: dict[str, str] = field(default_factory=dict)
    person_key: Optional[Callable[[Optional[str], str], str]] = None

    def resolve(self, surface: str) -> Optional[str]:
        """Canonical key for any surface form ("President Xi" -> "PERSON:xi jinping")."""
        for label in ("PERSON", "GPE", "ORG", "LOC", "NORP"):
            cleaned = _fold(clean_surface(surface, label))
            if cleaned in self.form_key:
                return self.form_key[cleaned]
        if self.person_key is not None:
            key = "PERSON:" + self.person_key(None, clean_surface(surface, "PERSON"))
            if key in self.by_key:
                return key
        return None

    def for_article(self, path: str) -> list[CanonicalEntity]:
        return [e for e in self.entities if path in e.mentions]

    def key_of(self, path: str, mention: Mention) -> Optional[str]:
        return self.mention_key.get((path, mention.start))

    def canonical_name(self, surface: str) -> str:
        """Display name for a free-text surface form (e.g. a quote's speaker)."""
        key = self.resolve(surface)
        return self.by_key[key].name if key else clean_surface(surface, "ORG")


def build_entities(analyses: Mapping[str, Analysis],
                   scopes: Optional[Sequence[Sequence[str]]] = None) -> EntityIndex:
    """Canonical entities over the given articles.

    ``scopes`` are groups of article paths (events): a bare surname joins a full
    name seen in the same scope first, then anywhere in the corpus.
    """
    with collector_paused():
        return _build_entities(analyses, scopes)


def _build_entities(analyses: Mapping[str, Analysis], scopes: Optional[Sequence[Sequence[str]]]) -> EntityIndex:
    scope_of: dict[str, int] = {}
    for n, scope in enumerate(scopes or [list(analyses)]):
        for path in scope:
            scope_of[path] = n
    labels = _LabelVote()
    cleaned = _clean_mentions(analyses, labels)
    _relabel_lone_surnames(cleaned, labels, scope_of)
    # Labels are settled now: decide each mention's once.
    final_labels = [labels.label_of(m, surface) for _, m, surface in cleaned]
    names = _FullNames(cleaned, final_labels, scope_of)
    return _group_mentions(cleaned, final_labels, names)


class _LabelVote:
    """The label of each cleaned name: the entity ruler's when it knows the name, else the
    label most of its mentions carry."""

    def __init__(self) -> None:
        self.votes: dict[str, Counter] = defaultdict(Counter)
        self.ruler_label: dict[str, str] = {}
        self.mention_label: dict[int, str] = {}
        self._voted: dict[str, Optional[str]] = {}  # folded name -> winning label; cleared when votes change

    def add(self, m: Mention, surface: str, label: str) -> None:
        self.mention_label[id(m)] = label
        if label in NAME_LABELS:
            self.votes[_fold(surface)][label] += 1
            if m.kb_id:
                self.ruler_label[m.kb_id] = label

    def relabel(self, m: Mention, surface: str, label: str, weight: int) -> None:
        self.mention_label[id(m)] = label
        self.votes[_fold(surface)][label] += weight
        self._voted.pop(_fold(surface), None)

    def label_of(self, m: Mention, surface: str) -> str:
        label = self.mention_label[id(m)]
        if m.kb_id:
            return self.ruler_label.get(m.kb_id, label)
        if label not in NAME_LABELS:
            return label
        folded = _fold(surface)
        if folded in self.ruler_label:
            return self.ruler_label[folded]
        if folded not in self._voted:
            counts = self.votes.get(folded)
            self._voted[folded] = counts.most_common(1)[0][0] if counts else None
        return self._voted[folded] or label


def _clean_mentions(analyses: Mapping[str, Analysis], labels: _LabelVote) -> list[tuple[str, Mention, str]]:
    """(path, mention, cleaned surface) for every mention worth keeping; votes on labels."""
    cleaned: list[tuple[str, Mention, str]] = []
    for path, analysis in analyses.items():
        for m in analysis.mentions:
            label = m.label
            person_tail = _person_tail(m.text) if label in ("ORG", "GPE", "FAC") else None
            if person_tail:  # "Director of National Intelligence Avril D. Haines" tagged ORG
                label = "PERSON"
                surface = person_tail
            else:
                surface = clean_surface(m.text, label)
            if not surface or not _has_alnum(surface) or _is_common_word(surface, label):
                continue
            cleaned.append((path, m, surface))
            labels.add(m, surface, label)
    return cleaned


def _relabel_lone_surnames(cleaned: list[tuple[str, Mention, str]], labels: _LabelVote,
                           scope_of: Mapping[str, int]) -> None:
    """A lone surname tagged ORG ("Wang told Kerry") is a person when a full name in
    the same scope carries it."""
    person_words: dict[Optional[int], set[str]] = defaultdict(set)
    for path, m, surface in cleaned:
        if labels.label_of(m, surface) == "PERSON" and len(_person_tokens(surface)) >= 2:
            person_words[scope_of.get(path)].update(_person_tokens(surface))
    for path, m, surface in cleaned:
        if (not m.kb_id and len(surface.split()) == 1 and labels.label_of(m, surface) in ("ORG", "GPE", "NORP")
                and surface.lower() in person_words[scope_of.get(path)]):
            labels.relabel(m, surface, "PERSON", weight=2)


class _FullNames:
    """Full person names per scope (an event), for joining bare surnames and given names."""

    def __init__(self, cleaned: list[tuple[str, Mention, str]], final_labels: list[str],
                 scope_of: Mapping[str, int]) -> None:
        self.scope_of = scope_of
        self.full_names: dict[Optional[int], Counter] = defaultdict(Counter)  # (tokens, key) -> count
        for (path, m, surface), label in zip(cleaned, final_labels):
            tokens = _person_tokens(surface)
            if label == "PERSON" and len(tokens) >= 2:
                entry = (tokens, m.kb_id or " ".join(tokens))
                self.full_names[scope_of.get(path)][entry] += 1
                self.full_names[None][entry] += 1
        # For each scope, every name token -> the (count, key) of the most mentioned full
        # name carrying it: a bare surname is looked up, not matched against every full name.
        self._best_by_token: dict[Optional[int], dict[str, tuple[int, str]]] = {}

    def best_full_name(self, scope: Optional[int], token: str) -> Optional[tuple[int, str]]:
        table = self._best_by_token.get(scope)
        if table is None:
            table = self._best_by_token[scope] = {}
            for (full, key), n in self.full_names.get(scope, {}).items():
                for t in set(full):
                    if t not in table or (n, key) > table[t]:
                        table[t] = (n, key)
        return table.get(token)

    def person_key(self, path: Optional[str], surface: str) -> str:
        tokens = _person_tokens(surface)
        if not tokens:
            return surface.lower()
        if len(tokens) == 1:
            scopes_to_try = ((self.scope_of.get(path),) if path else ()) + (None,)
            for scope in scopes_to_try:
                found = self.best_full_name(scope, tokens[0])
                if found:
                    return found[1]
        return " ".join(tokens)


def _group_mentions(cleaned: list[tuple[str, Mention, str]], final_labels: list[str],
                    names: _FullNames) -> EntityIndex:
    """Mentions grouped by canonical key into entities, with the index that finds them."""
    entities: dict[str, CanonicalEntity] = {}
    forms: dict[str, Counter] = defaultdict(Counter)
    index = EntityIndex([])
    for (path, m, surface), label in zip(cleaned, final_labels):
        if m.kb_id:
            name_key = m.kb_id
        elif label == "PERSON":
            name_key = names.person_key(path, surface)
        elif label in NAME_LABELS:
            name_key = _fold(surface)
        else:
            name_key = _normalise_value(surface)
        key = f"{label}:{name_key}"
        entity = entities.get(key)
        if entity is None:
            entity = entities[key] = CanonicalEntity(key=key, name="", label=label)
        entity.mentions.setdefault(path, []).append(m)
        forms[key][surface] += 1
        index.mention_key[(path, m.start)] = key
        index.form_key.setdefault(_fold(surface), key)
    for key, entity in entities.items():
        name_key = key.split(":", 1)[1]
        entity.name = _display_name(name_key, forms[key], entity.label)
    index.person_key = names.person_key
    index.entities = sorted(entities.values(), key=lambda e: (-sum(len(v) for v in e.mentions.values()), e.name))
    index.by_key = entities
    return index


@lru_cache(maxsize=200_000)
def _normalise_value(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().replace(",", "")).strip(" .")


def _display_name(name_key: str, forms: Counter, label: str) -> str:
    if label in ("GPE", "LOC") and name_key in COUNTRY_VARIANTS:
        return name_key.title()
    if label == "PERSON":
        # The most complete form the articles use: "Antony J. Blinken" over "Blinken".
        multi = [f for f in forms if len(f.split()) >= len(name_key.split())]
        if multi:
            return max(multi, key=lambda f: (forms[f], len(f)))
        return name_key.title() if name_key.islower() else name_key
    return max(forms, key=lambda f: (not f.isupper() or len(f) <= 4, forms[f], len(f)))


def entity_differences(index: EntityIndex, paths: Sequence[str],
                       labels: Iterable[str] = NAME_LABELS) -> dict[str, list[CanonicalEntity]]:
    """For each article, the entities it alone names among ``paths``."""
    wanted = set(labels)
    only: dict[str, list[CanonicalEntity]] = {p: [] for p in paths}
    for entity in index.entities:
        if entity.label not in wanted:
            continue
        present = [p for p in paths if p in entity.mentions]
        if len(present) == 1:
            only[present[0]].append(entity)
    return only
