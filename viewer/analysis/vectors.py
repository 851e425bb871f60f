"""Weighted bag-of-lemmas vectors shared by event grouping, alignment and topics.

A term's weight mixes how rare it is in English (wordfreq) with how rare it is in
the texts at hand (IDF), so "fentanyl" outweighs "said" even in a two-article
comparison where corpus IDF alone has nothing to go on.
"""
from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache
from typing import Mapping, Sequence

import numpy as np
from scipy import sparse


@lru_cache(maxsize=200_000)
def english_rarity(lemma: str) -> float:
    """~0.3 for everyday words, up to ~2.5 for rare ones and unknown names."""
    if lemma.isdigit():
        return 1.5
    from wordfreq import zipf_frequency
    zipf = zipf_frequency(lemma, "en")
    return max(0.3, min(2.5, (6.5 - zipf) / 2.0))


def tfidf_matrix(docs: Sequence[Sequence[str]], sublinear: bool = True, rarity: float = 1.0
                 ) -> tuple[sparse.csr_matrix, dict[str, int]]:
    """Rows are L2-normalised weighted vectors of ``docs``; returns (matrix, vocabulary).

    ``rarity`` is the exponent of the English-rarity factor (0 turns it off).
    """
    vocab: dict[str, int] = {}
    rows, cols, tfs = [], [], []
    df: list[int] = []
    for r, doc in enumerate(docs):
        counts = Counter(doc)
        for term, tf in counts.items():
            c = vocab.get(term)
            if c is None:
                c = vocab[term] = len(vocab)
                df.append(0)
            df[c] += 1
            rows.append(r)
            cols.append(c)
            tfs.append(tf)
    n = max(1, len(docs))
    # Per-term factors once, then one vectorised product per stored cell (same
    # operations in the same order as weighting cell by cell, so the same floats).
    idf = np.asarray([math.log((n + 1) / (d + 0.5)) + 1.0 for d in df], dtype=np.float64)
    col_array = np.asarray(cols, dtype=np.int64)
    log_tf = {tf: 1 + math.log(tf) for tf in set(tfs)} if sublinear else {}
    vals = np.asarray([log_tf[tf] for tf in tfs] if sublinear else tfs, dtype=np.float64) * idf[col_array]
    if rarity:
        vals *= np.asarray([english_rarity(t) ** rarity for t in vocab], dtype=np.float64)[col_array]
    matrix = sparse.csr_matrix((vals.astype(np.float32), (rows, col_array)),
                               shape=(len(docs), max(1, len(vocab))))
    norms = np.sqrt(matrix.multiply(matrix).sum(axis=1)).A.ravel()
    norms[norms == 0] = 1.0
    matrix = sparse.diags(1.0 / norms).dot(matrix).tocsr()
    return matrix, vocab


def tfidf_rows(docs: Sequence[Sequence[str]], background_df: Mapping[str, int], background_n: int
               ) -> sparse.csr_matrix:
    """The rows of ``tfidf_matrix(docs + background, rarity=0)`` that belong to ``docs``,
    from the background's document frequencies alone (``background_df``: in how many of
    its ``background_n`` documents each term occurs), so a fixed background is counted
    once rather than re-read for every comparison. Columns: the docs' own terms."""
    vocab: dict[str, int] = {}
    rows, cols, tfs = [], [], []
    df: list[int] = []
    for r, doc in enumerate(docs):
        for term, tf in Counter(doc).items():
            c = vocab.get(term)
            if c is None:
                c = vocab[term] = len(vocab)
                df.append(background_df.get(term, 0))
            df[c] += 1
            rows.append(r)
            cols.append(c)
            tfs.append(tf)
    n = max(1, len(docs) + background_n)
    idf = np.log((n + 1) / (np.asarray(df, dtype=np.float64) + 0.5)) + 1.0
    col_array = np.asarray(cols, dtype=np.int64)
    vals = (1.0 + np.log(np.asarray(tfs, dtype=np.float64))) * idf[col_array] if cols else np.zeros(0)
    matrix = sparse.csr_matrix((vals.astype(np.float32), (rows, col_array)),
                               shape=(len(docs), max(1, len(vocab))))
    norms = np.sqrt(matrix.multiply(matrix).sum(axis=1)).A.ravel()
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms).dot(matrix).tocsr()


# What a term's document frequency in news-like text is guessed to be, from its
# frequency in English: a ~400-word article holds a word of frequency f about 400·f times.
_WORDS_PER_ARTICLE = 400


@lru_cache(maxsize=200_000)
def prior_document_frequency(term: str) -> float:
    """Share of articles in general that contain ``term`` (a lemma, or an entity key
    "LABEL:name" whose rarest word counts), guessed from wordfreq."""
    if ":" in term:
        words = term.split(":", 1)[1].split()
        return min((prior_document_frequency(w) for w in words if w), default=0.5)
    if term.isdigit():
        return 0.01
    from wordfreq import zipf_frequency
    frequency = 10 ** (zipf_frequency(term, "en") - 9)
    return min(0.9, max(1e-4, _WORDS_PER_ARTICLE * frequency))


def smoothed_tfidf_matrix(docs: Sequence[Sequence[str]], pseudo_docs: float) -> sparse.csr_matrix:
    """L2-normalised rows of sublinear tf × IDF, where each term's document frequency is
    the library's count plus ``pseudo_docs`` imaginary articles at its prior frequency.

    A two-article library has no document frequencies worth the name: its weights are
    then the prior's (English rarity). The more articles, the more the library's own
    counts decide, so words every article of this library uses ("Xi", "tariffs") fade.
    A pair's score depends on the rest of the library only through those counts.
    """
    vocab: dict[str, int] = {}
    rows, cols, tfs = [], [], []
    df: list[int] = []
    for r, doc in enumerate(docs):
        for term, tf in Counter(doc).items():
            c = vocab.get(term)
            if c is None:
                c = vocab[term] = len(vocab)
                df.append(0)
            df[c] += 1
            rows.append(r)
            cols.append(c)
            tfs.append(1.0 + math.log(tf))
    n = len(docs)
    prior = np.asarray([prior_document_frequency(t) for t in vocab], dtype=np.float64)
    idf = np.log((n + pseudo_docs) / (np.asarray(df, dtype=np.float64) + pseudo_docs * prior))
    col_array = np.asarray(cols, dtype=np.int64)
    vals = np.asarray(tfs, dtype=np.float64) * np.maximum(idf, 0.0)[col_array] if len(cols) else np.zeros(0)
    matrix = sparse.csr_matrix((vals.astype(np.float32), (rows, col_array)), shape=(n, max(1, len(vocab))))
    norms = np.sqrt(matrix.multiply(matrix).sum(axis=1)).A.ravel()
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms).dot(matrix).tocsr()
