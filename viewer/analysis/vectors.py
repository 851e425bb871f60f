"""Weighted bag-of-lemmas vectors shared by event grouping, alignment and topics.

A term's weight mixes how rare it is in English (wordfreq) with how rare it is in
the texts at hand (IDF), so "fentanyl" outweighs "said" even in a two-article
comparison where corpus IDF alone has nothing to go on.
"""
from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache
from typing import Sequence

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
