"""Run the NLP pipeline over articles (batched, cached) and keep what later stages need."""
from __future__ import annotations

import bisect
from typing import Callable, Iterable, Iterator, Optional, Sequence

from .cache import AnalysisCache
from .loading import SEGMENTER_VERSION
from .model import BOILERPLATE, Analysis, Article, Mention, Sentence
from .nlp import get_nlp, pipeline_version
from .quotes import find_quotes

ANALYSIS_VERSION = "2"
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT",
                 "WORK_OF_ART", "DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"}
# spaCy copes with long texts but its memory grows with them; long paragraphs go in pieces.
MAX_CHUNK = 20_000


class Cancelled(Exception):
    """Raised when the caller's ``cancelled()`` callback says stop."""


def analysis_key(article: Article) -> str:
    return f"{article.content_hash}:{SEGMENTER_VERSION}:{ANALYSIS_VERSION}:{pipeline_version()}"


def analyse_articles(articles: Sequence[Article], cache: Optional[AnalysisCache] = None,
                     progress: Optional[Callable[[int, int], None]] = None,
                     cancelled: Optional[Callable[[], bool]] = None,
                     batch_size: int = 64) -> dict[str, Analysis]:
    """Analyse every article, reading cached results where the text has not changed."""
    results: dict[str, Analysis] = {}
    todo: list[Article] = []
    for article in articles:
        cached = cache.get(analysis_key(article)) if cache else None
        if cached is not None:
            results[article.path] = cached
        else:
            todo.append(article)
    done = len(results)
    total = len(articles)
    if progress:
        progress(done, total)
    if todo:
        nlp = get_nlp()
        units = list(_units(todo))
        docs = nlp.pipe((text for _, _, text in units), batch_size=batch_size)
        per_article: dict[int, list] = {}
        remaining = {i: sum(1 for u in units if u[0] == i) for i in range(len(todo))}
        for (index, offset, _), doc in zip(units, docs):
            if cancelled and cancelled():
                raise Cancelled()
            per_article.setdefault(index, []).append((offset, doc))
            remaining[index] -= 1
            if remaining[index] == 0:
                article = todo[index]
                analysis = _build_analysis(article, per_article.pop(index))
                results[article.path] = analysis
                if cache:
                    cache.put(analysis_key(article), analysis)
                done += 1
                if progress:
                    progress(done, total)
        for index, article in enumerate(todo):  # articles with nothing to analyse
            if article.path not in results:
                results[article.path] = Analysis([], [], [], [], 0)
                done += 1
        if cache:
            cache.commit()
    return results


def _units(articles: Sequence[Article]) -> Iterator[tuple[int, int, str]]:
    for index, article in enumerate(articles):
        for p in article.paragraphs:
            if p.kind == BOILERPLATE:
                continue
            for start, end in _chunks(article.text, p.start, p.end):
                yield index, start, article.text[start:end]


def _chunks(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    while end - start > MAX_CHUNK:
        cut = text.rfind(" ", start, start + MAX_CHUNK)
        cut = cut if cut > start else start + MAX_CHUNK
        yield start, cut
        start = cut
    if end > start:
        yield start, end


def _build_analysis(article: Article, docs: list) -> Analysis:
    sentences: list[Sentence] = []
    mentions: list[Mention] = []
    lemmas: list[tuple[int, str]] = []
    tokens = 0
    starts = [p.start for p in article.paragraphs]
    for offset, doc in docs:
        paragraph = article.paragraphs[bisect.bisect_right(starts, offset) - 1].index
        tokens += len(doc)
        for sent in doc.sents:
            text = sent.text
            lead = len(text) - len(text.lstrip())
            if text.strip():
                sentences.append(Sentence(offset + sent.start_char + lead,
                                          offset + sent.start_char + len(text.rstrip()), paragraph))
        for ent in doc.ents:
            if ent.label_ in ENTITY_LABELS:
                mentions.append(Mention(offset + ent.start_char, offset + ent.end_char, ent.text,
                                        ent.label_, ent.ent_id_))
        for token in doc:
            if token.is_stop or token.is_punct or token.is_space:
                continue
            if token.is_alpha or token.like_num:
                lemma = (token.lemma_ or token.text).lower()
                if len(lemma) > 1 or token.like_num:
                    lemmas.append((offset + token.idx, lemma))
    quotes = find_quotes(article.text, sentences, mentions)
    return Analysis(sentences, mentions, quotes, lemmas, tokens)
