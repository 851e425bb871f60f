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
    rows, cols, vals = [], [], []
    df: Counter = Counter()
    counted = []
    for doc in docs:
        counts = Counter(doc)
        counted.append(counts)
        df.update(counts.keys())
    n = max(1, len(docs))
    for r, counts in enumerate(counted):
        for term, tf in counts.items():
            c = vocab.setdefault(term, len(vocab))
            idf = math.log((n + 1) / (df[term] + 0.5)) + 1.0
            weight = (1 + math.log(tf) if sublinear else tf) * idf
            if rarity:
                weight *= english_rarity(term) ** rarity
            rows.append(r)
            cols.append(c)
            vals.append(weight)
    matrix = sparse.csr_matrix((np.asarray(vals, dtype=np.float32), (rows, cols)),
                               shape=(len(docs), max(1, len(vocab))))
    norms = np.sqrt(matrix.multiply(matrix).sum(axis=1)).A.ravel()
    norms[norms == 0] = 1.0
    matrix = sparse.diags(1.0 / norms).dot(matrix).tocsr()
    return matrix, vocab
