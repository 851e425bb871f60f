"""Run the NLP pipeline over articles (batched, cached) and keep what later stages need."""
from __future__ import annotations

import bisect
import os
import re
import sys
from sys import intern
import time
from collections import Counter
from typing import Callable, Iterable, Iterator, Optional, Protocol, Sequence

from .cache import AnalysisCache, decode_analysis, encode_analysis
from .entities import ENTITY_LABELS
from ..bundle import workers_unavailable
from ..gcpause import collector_paused
from ..ingest.loading import SEGMENTER_VERSION
from ..model import BOILERPLATE, Analysis, Article, Mention, Sentence
from .nlp import get_nlp, pipeline_version
from .quotes import find_quotes

ANALYSIS_VERSION = "4"  # 3: long paragraphs analysed in sentence-aligned pieces of MAX_CHUNK; 4: mixed quote marks
# spaCy's time and memory per character grow with the length of one text: a 499,000-character
# paragraph in 20,000-character pieces took 29 s and 1.5 GB, in 2,000-character pieces 21 s and
# 0.3 GB. Pieces end at a sentence end where one is near, so sentences and names stay whole.
MAX_CHUNK = 2_000
# Below this many articles to analyse, starting worker processes costs more than it saves.
PARALLEL_MIN_ARTICLES = 40
# ...but a few very long articles are worth splitting over worker processes by paragraph
# piece: spaCy reads ~25,000 characters a second per core, a worker starts in ~4 s.
PARALLEL_MIN_CHARS = 200_000
PIECES_PER_JOB_CHARS = 40_000  # one job's text: short enough for smooth progress and a quick cancel
MAX_WORKERS = 4  # each worker holds its own spaCy model (~250 MB)
CHUNK_ARTICLES = 4  # small chunks: each result the parent takes in is a short GIL hold
# Finished analyses are committed to the cache at least this often (seconds), so a run that
# is killed keeps what it finished and a rerun resumes there.
COMMIT_EVERY = 0.5


class Finished(Protocol):
    """Takes one article's analysis in (with its encoded form when a worker made it)."""

    def __call__(self, article: Article, analysis: Analysis, encoded: Optional[bytes] = None) -> None: ...


class Cancelled(Exception):
    """Raised when the caller's ``cancelled()`` callback says stop."""


def analysis_key(article: Article) -> str:
    return f"{article.content_hash}:{SEGMENTER_VERSION}:{ANALYSIS_VERSION}:{pipeline_version()}"


def analyse_articles(articles: Sequence[Article], cache: Optional[AnalysisCache] = None,
                     progress: Optional[Callable[[int, int], None]] = None,
                     cancelled: Optional[Callable[[], bool]] = None,
                     batch_size: int = 64, workers: Optional[int] = None) -> dict[str, Analysis]:
    """Analyse every article, reading cached results where the text has not changed.

    Only new or changed articles are analysed. Many of them are analysed by worker
    processes (one per core, see ``parallel_workers``), which also keeps the GIL of
    this process free for a GUI thread; a few are analysed here, where no worker
    start-up (a spaCy model load each) has to be paid. The result follows the order
    of ``articles``.
    """
    with collector_paused():
        return _analyse_articles(articles, cache, progress, cancelled, batch_size, workers)


def _analyse_articles(articles: Sequence[Article], cache: Optional[AnalysisCache],
                      progress: Optional[Callable[[int, int], None]], cancelled: Optional[Callable[[], bool]],
                      batch_size: int, workers: Optional[int]) -> dict[str, Analysis]:
    results: dict[str, Analysis] = {}
    todo: list[Article] = []
    for article in articles:
        cached = cache.get(analysis_key(article), article) if cache else None
        if cached is not None:
            results[article.path] = cached
        else:
            todo.append(article)
    total = len(articles)
    counter = {"done": len(results)}
    if progress:
        progress(counter["done"], total)

    last_commit = [time.monotonic()]

    def finished(article: Article, analysis: Analysis, encoded: Optional[bytes] = None) -> None:
        results[article.path] = analysis
        if cache:
            cache.put(analysis_key(article), analysis, encoded)
            if time.monotonic() - last_commit[0] >= COMMIT_EVERY:
                cache.commit()
                last_commit[0] = time.monotonic()
        counter["done"] += 1
        if progress:
            progress(counter["done"], total)

    if todo:
        split = split_workers(todo) if workers is None else 1
        workers = parallel_workers(len(todo)) if workers is None else workers
        try:
            if split > 1:
                _analyse_pieces_in_workers(todo, finished, cancelled, split, batch_size)
            elif workers > 1:
                _analyse_in_workers(todo, finished, cancelled, workers, batch_size)
            else:
                _analyse_here(todo, finished, cancelled, batch_size)
        finally:
            if cache:
                cache.commit()  # what was analysed before a cancel is kept
    return {a.path: results[a.path] for a in articles}


def parallel_workers(todo: int) -> int:
    """How many worker processes to analyse ``todo`` articles with (1: none, in this process).

    ``VIEWER_ANALYSIS_WORKERS`` overrides it (1 turns workers off). A frozen app has
    no worker entry point unless it calls ``multiprocessing.freeze_support()`` (and says
    so with ``bundle.enable_worker_processes``); without one it analyses in-process.
    """
    override = os.environ.get("VIEWER_ANALYSIS_WORKERS")
    if override and override.isdigit():
        return max(1, int(override)) if todo >= 2 else 1
    if workers_unavailable() or todo < PARALLEL_MIN_ARTICLES:
        return 1
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


def split_workers(todo: Sequence[Article]) -> int:
    """Worker processes to share the paragraph pieces of a few long articles (1: none).

    Used below ``PARALLEL_MIN_ARTICLES`` articles when their text to analyse passes
    ``PARALLEL_MIN_CHARS``: one 500,000-character article would otherwise keep one core
    busy for 20 s while the other idles. ``VIEWER_ANALYSIS_WORKERS=1`` turns it off too.
    """
    override = os.environ.get("VIEWER_ANALYSIS_WORKERS")
    cores = os.cpu_count() or 1
    if (override and override.isdigit() and int(override) <= 1) or workers_unavailable() \
            or len(todo) >= PARALLEL_MIN_ARTICLES or cores < 2:
        return 1
    if sum(end - start for _, start, end in _unit_spans(todo)) < PARALLEL_MIN_CHARS:
        return 1
    wanted = int(override) if override and override.isdigit() else cores
    return max(1, min(MAX_WORKERS, wanted))


def _analyse_here(todo: Sequence[Article], finished: Finished,
                  cancelled: Optional[Callable[[], bool]], batch_size: int) -> None:
    nlp = get_nlp()
    units = list(_units(todo))
    docs = nlp.pipe((text for _, _, text in units), batch_size=batch_size)
    per_article: dict[int, list[UnitParts]] = {}
    remaining = Counter(index for index, _, _ in units)
    for (index, offset, _), doc in zip(units, docs):
        if cancelled and cancelled():
            raise Cancelled()
        # Only plain data is kept, not the Doc: a long article's docs held until its
        # last piece is read would cost far more memory than its text.
        per_article.setdefault(index, []).append(_doc_parts(offset, doc))
        remaining[index] -= 1
        if remaining[index] == 0:
            finished(todo[index], _assemble(todo[index], per_article.pop(index)))
    for index, article in enumerate(todo):  # articles with nothing to analyse
        if index not in remaining:
            finished(article, Analysis([], [], [], [], 0))


def _analyse_chunk(articles: list[Article], batch_size: int) -> list[bytes]:
    """Worker-process entry point: analyses of ``articles``, in order, in the cache's encoding.

    The worker encodes, so the parent only decodes once (no unpickle + re-encode
    for the cache): less work under the parent's GIL, which a GUI thread shares.
    """
    out: dict[str, Analysis] = {}

    def keep(article: Article, analysis: Analysis, encoded: Optional[bytes] = None) -> None:
        out[article.path] = analysis

    _analyse_here(articles, keep, None, batch_size)
    return [encode_analysis(out[a.path]) for a in articles]


def _worker_started(parent: int) -> None:
    """Worker-process initializer: end this worker when the process that started it ends.

    On Linux the kernel sends SIGKILL when the parent dies (``PR_SET_PDEATHSIG``), even when
    the parent itself was killed with SIGKILL; everywhere a watchdog thread also checks
    twice a second that the parent is still there.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)

    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _stop_workers(executor) -> None:
    """End the worker processes now (cancel, error, the parent exiting): no chunk is waited for."""
    for process in list((getattr(executor, "_processes", None) or {}).values()):
        try:
            process.terminate()
        except (OSError, AttributeError, ValueError):
            pass


def _analyse_in_workers(todo: Sequence[Article], finished: Finished,
                        cancelled: Optional[Callable[[], bool]], workers: int, batch_size: int) -> None:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    # Small chunks keep progress smooth and a cancel quick; "spawn" because forking a
    # process that runs Qt threads is unsafe.
    size = max(1, min(CHUNK_ARTICLES, len(todo) // (4 * workers)))  # every worker gets several chunks
    chunks = [list(todo[i:i + size]) for i in range(0, len(todo), size)]
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_worker_started, initargs=(os.getpid(),))
    complete = False
    try:
        pending = {executor.submit(_analyse_chunk, chunk, batch_size): chunk for chunk in chunks}
        while pending:
            if cancelled and cancelled():
                raise Cancelled()
            done, _ = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            for future in done:
                chunk = pending.pop(future)
                for article, encoded in zip(chunk, future.result()):
                    finished(article, decode_analysis(encoded), encoded)
        complete = True
    finally:
        if not complete:
            _stop_workers(executor)
        executor.shutdown(wait=False, cancel_futures=True)


def _units(articles: Sequence[Article]) -> Iterator[tuple[int, int, str]]:
    for index, start, end in _unit_spans(articles):
        yield index, start, articles[index].text[start:end]


def _unit_spans(articles: Sequence[Article]) -> Iterator[tuple[int, int, int]]:
    """(article index, start, end) of every piece of text spaCy reads."""
    for index, article in enumerate(articles):
        for p in article.paragraphs:
            if p.kind == BOILERPLATE:
                continue
            for start, end in _chunks(article.text, p.start, p.end):
                yield index, start, end


# A sentence end: terminal punctuation, maybe closing quotes or brackets, then a space.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+")


def _chunks(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """Pieces of at most MAX_CHUNK characters, cut after the last sentence end in the
    second half of each window, else at the last space, else (one huge word) anywhere."""
    while end - start > MAX_CHUNK:
        limit = start + MAX_CHUNK
        cut = -1
        for match in _SENTENCE_END.finditer(text, start + MAX_CHUNK // 2, limit):
            cut = match.end()
        if cut <= start:
            cut = text.rfind(" ", start, limit)
            cut = cut + 1 if cut > start else limit
        yield start, cut
        start = cut
    if end > start:
        yield start, end


# What the analysis keeps of one spaCy Doc, as plain data (picklable, small):
# (offset, token count, sentences (start, end), mentions (start, end, text, label, id), lemmas (start, lemma))
UnitParts = tuple[int, int, list[tuple[int, int]], list[tuple[int, int, str, str, str]], list[tuple[int, str]]]


def _doc_parts(offset: int, doc) -> UnitParts:
    sentences = []
    for sent in doc.sents:
        text = sent.text
        lead = len(text) - len(text.lstrip())
        if text.strip():
            sentences.append((offset + sent.start_char + lead, offset + sent.start_char + len(text.rstrip())))
    mentions = [(offset + ent.start_char, offset + ent.end_char, ent.text, intern(ent.label_), intern(ent.ent_id_))
                for ent in doc.ents if ent.label_ in ENTITY_LABELS]
    lemmas = []
    for token in doc:
        if token.is_stop or token.is_punct or token.is_space:
            continue
        if token.is_alpha or token.like_num:
            lemma = (token.lemma_ or token.text).lower()
            if len(lemma) > 1 or token.like_num:
                lemmas.append((offset + token.idx, intern(lemma)))  # one string per word (memory)
    return offset, len(doc), sentences, mentions, lemmas


def _assemble(article: Article, parts: list[UnitParts]) -> Analysis:
    """The article's analysis from the parts of its pieces (in text order)."""
    sentences: list[Sentence] = []
    mentions: list[Mention] = []
    lemmas: list[tuple[int, str]] = []
    tokens = 0
    starts = [p.start for p in article.paragraphs]
    for offset, count, unit_sentences, unit_mentions, unit_lemmas in sorted(parts, key=lambda part: part[0]):
        paragraph = article.paragraphs[bisect.bisect_right(starts, offset) - 1].index
        tokens += count
        sentences += [Sentence(start, end, paragraph) for start, end in unit_sentences]
        mentions += [Mention(*mention) for mention in unit_mentions]
        lemmas += unit_lemmas
    quotes = find_quotes(article.text, sentences, mentions)
    return Analysis(sentences, mentions, quotes, lemmas, tokens)


def _build_analysis(article: Article, docs: list) -> Analysis:
    return _assemble(article, [_doc_parts(offset, doc) for offset, doc in docs])


def _analyse_pieces(pieces: list[tuple[int, str]], batch_size: int) -> list[UnitParts]:
    """Worker-process entry point: the parts of each (offset, text) piece, in order."""
    nlp = get_nlp()
    return [_doc_parts(offset, doc)
            for (offset, _), doc in zip(pieces, nlp.pipe((text for _, text in pieces), batch_size=batch_size))]


def _analyse_pieces_in_workers(todo: Sequence[Article], finished: Finished,
                               cancelled: Optional[Callable[[], bool]], workers: int, batch_size: int) -> None:
    """Analyse a few long articles with their pieces shared among ``workers`` processes."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    jobs: list[tuple[int, list[tuple[int, str]]]] = []  # (article index, pieces)
    remaining: Counter = Counter()
    for index, start, end in _unit_spans(todo):
        if not jobs or jobs[-1][0] != index or sum(len(t) for _, t in jobs[-1][1]) >= PIECES_PER_JOB_CHARS:
            jobs.append((index, []))
            remaining[index] += 1
        jobs[-1][1].append((start, todo[index].text[start:end]))
    parts: dict[int, list[UnitParts]] = {}
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        pending = {executor.submit(_analyse_pieces, pieces, batch_size): index for index, pieces in jobs}
        while pending:
            if cancelled and cancelled():
                raise Cancelled()
            done, _ = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            for future in done:
                index = pending.pop(future)
                parts.setdefault(index, []).extend(future.result())
                remaining[index] -= 1
                if remaining[index] == 0:
                    finished(todo[index], _assemble(todo[index], parts.pop(index)))
    finally:
        executor.shutdown(wait=False, cancel_futures=True)
    for index, article in enumerate(todo):  # articles with nothing to analyse
        if index not in remaining:
            finished(article, Analysis([], [], [], [], 0))
