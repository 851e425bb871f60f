"""Topics: which passages of which articles discuss Taiwan, TikTok, climate change...

A topic is a named set of cue patterns. The built-in list covers the recurring
subjects of international news; a user query (any word or phrase) works the same way.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from .dates import article_date
from ..model import BODY, Article


@dataclass(frozen=True)
class Topic:
    name: str
    cues: tuple[str, ...]  # regular expressions, matched case-insensitively on word boundaries

    @property
    def pattern(self) -> re.Pattern:
        return _compiled(self.cues)


TOPICS: tuple[Topic, ...] = (
    Topic("Taiwan", (r"taiwan\w*", r"taipei", r"cross-strait", r"tsai ing-wen", r"lai ching-te")),
    Topic("TikTok", (r"tiktok", r"bytedance")),
    Topic("climate change", (r"climate", r"emissions?", r"carbon", r"global warming", r"paris agreement",
                             r"clean energy")),
    Topic("pandemic / COVID-19", (r"pandemic", r"coronavirus", r"covid(?:-19)?", r"epidemic", r"outbreak",
                                  r"vaccines?", r"virus", r"infections?")),
    Topic("narcotics / fentanyl", (r"fentanyl", r"narcotics?", r"opioids?", r"(?:illegal|illicit) drugs?",
                                   r"drug trafficking", r"counternarcotics")),
    Topic("cyber security", (r"cyber\w*", r"hack(?:ing|ers?|ed)?", r"ransomware")),
    Topic("trade", (r"trade", r"tariffs?", r"export controls?", r"imports?", r"exports?", r"trading")),
    Topic("technology / AI", (r"artificial intelligence", r"AI", r"semiconductors?", r"chips?",
                              r"technolog\w*", r"huawei")),
    Topic("human rights", (r"human rights", r"xinjiang", r"uyghurs?", r"uighurs?", r"tibet\w*", r"hong kong")),
    Topic("South China Sea", (r"south china sea", r"maritime", r"philippines")),
    Topic("Russia / Ukraine", (r"ukrain\w*", r"russia\w*", r"putin")),
    Topic("Middle East", (r"gaza", r"israel\w*", r"iran\w*", r"middle east", r"hamas")),
    Topic("Korean peninsula", (r"north korea\w*", r"korean peninsula", r"pyongyang")),
    Topic("nuclear weapons", (r"nuclear",)),
    Topic("military", (r"military", r"defen[cs]e", r"pentagon", r"army", r"navy", r"troops")),
    Topic("Afghanistan", (r"afghan\w*", r"taliban")),
)
_BY_NAME = {t.name.lower(): t for t in TOPICS}
_cache: dict[tuple[str, ...], re.Pattern] = {}


def _alternatives(cues: tuple[str, ...]) -> str:
    # "AI" must stay upper case to avoid matching the word "ai" in other languages/names
    return "|".join(f"(?-i:{c})" if c.isupper() else c for c in cues)


def _compiled(cues: tuple[str, ...]) -> re.Pattern:
    pattern = _cache.get(cues)
    if pattern is None:
        pattern = _cache[cues] = re.compile(r"(?<![\w-])(?:" + _alternatives(cues) + r")(?![\w-])", re.I)
    return pattern


# All built-in topics in one pattern, one named group per topic: one scan of an article
# finds every topic (sixteen scans cost ~12 ms an article, too slow for big libraries).
_ALL_TOPICS = re.compile(r"(?<![\w-])(?:" + "|".join(f"(?P<t{i}>{_alternatives(t.cues)})"
                                                      for i, t in enumerate(TOPICS)) + r")(?![\w-])", re.I)
# content hash -> topic name -> {body paragraph index: hits}; articles are immutable once loaded
_article_hits: dict[tuple[str, int], dict[str, dict[int, int]]] = {}


def article_topic_hits(article: Article) -> dict[str, dict[int, int]]:
    """Built-in topics this article discusses: topic name -> {body paragraph index: hits}."""
    key = (article.content_hash, len(article.paragraphs))
    found = _article_hits.get(key)
    if found is not None:
        return found
    body = [p for p in article.paragraphs if p.kind == BODY]
    starts = [p.start for p in body]
    found = {}
    for match in _ALL_TOPICS.finditer(article.text):
        at = bisect_right(starts, match.start()) - 1
        if at < 0 or match.end() > body[at].end:
            continue
        group = match.lastgroup
        assert group is not None  # every alternative of _ALL_TOPICS is a named group
        topic = TOPICS[int(group[1:])].name
        per_paragraph = found.setdefault(topic, {})
        per_paragraph[body[at].index] = per_paragraph.get(body[at].index, 0) + 1
    _article_hits[key] = found
    return found


def topic_by_name(name: str) -> Topic:
    """A built-in topic by name, or an ad-hoc topic matching the words of ``name``."""
    found = _BY_NAME.get(name.lower().strip())
    if found:
        return found
    words = [re.escape(w) for w in name.split() if w]
    return Topic(name, (r"\s+".join(words),) if words else (r"(?!x)x",))


def topics_for_lemmas(lemmas: Iterable[str], minimum: int = 2) -> list[str]:
    """Topic names a bag of lemmas touches, most frequent first."""
    text = " ".join(lemmas)
    counts = Counter({t.name: len(t.pattern.findall(text)) for t in TOPICS})
    return [name for name, n in counts.most_common() if n >= minimum]


@dataclass
class TopicPassage:
    path: str
    paragraph: int
    span: tuple[int, int]
    hits: int


@dataclass
class TopicView:
    topic: str
    # article path -> passages, articles in date order
    passages: dict[str, list[TopicPassage]] = field(default_factory=dict)


def topic_passages(topic: Topic, articles: Sequence[Article]) -> TopicView:
    """Passages about ``topic`` in every article (body paragraphs), articles by date."""
    view = TopicView(topic.name)
    ordered = sorted(articles, key=lambda a: (article_date(a) or "9999", a.path))
    builtin = _BY_NAME.get(topic.name.lower()) == topic
    for article in ordered:
        found = []
        if builtin:
            hits = article_topic_hits(article).get(topic.name, {})
            found = [TopicPassage(article.path, p.index, p.span, hits[p.index])
                     for p in article.paragraphs if p.index in hits]
            if found:
                view.passages[article.path] = found
            continue
        for p in article.paragraphs:
            if p.kind != BODY:
                continue
            count = len(topic.pattern.findall(article.text, p.start, p.end))
            if count:
                found.append(TopicPassage(article.path, p.index, p.span, count))
        if found:
            view.passages[article.path] = found
    return view


def library_topics(articles: Sequence[Article], minimum_articles: int = 1) -> list[tuple[str, int]]:
    """(topic name, number of articles discussing it), most widespread first."""
    per_topic = Counter(name for a in articles for name in article_topic_hits(a))
    counts = [(name, n) for name, n in per_topic.items() if n >= minimum_articles]
    return sorted(counts, key=lambda x: (-x[1], x[0]))
