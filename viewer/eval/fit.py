"""Fit the grouping model's weights (``library.events.FEATURE_WEIGHTS``) on one half of a gold corpus.

``python -m viewer.eval.fit CORPUS_DIR --gold GOLD.json --events-subset half-a``

Opens the subset as a library (as the harness does), computes every article pair's
signals, labels a pair 1 when the gold puts both articles in one event, and fits an
L2-regularised logistic regression (Newton's method; pairs a confident date gap already
rules out are left out). Prints the weights and bias to paste into ``events.py``
(``--groups``: the second stage's, over pairs of groups cut from the gold events); the
other half is then scored with ``python -m viewer.eval`` to see whether they hold.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from . import corpus_files, load_gold


# Sizes of the smaller libraries drawn from the subset (besides the whole subset), so the
# weights hold for a library of a few articles as for a large one (the word weights
# depend on the library's size: see ``vectors.smoothed_tfidf_matrix``).
SUBLIBRARY_SIZES = (2, 3, 5, 10, 20)
SUBLIBRARY_DRAWS = 40


def pair_table(corpus: str, gold_path: str, subset: Optional[str], seed: int = 0
               ) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(feature names, X of shape pairs × features, y) for the article pairs of the subset
    and of smaller libraries drawn from it (two-article draws take a pair of one event half
    the time, so both labels are seen at every size)."""
    from ..library import Library
    from ..library import events as grouping
    gold = load_gold(gold_path)
    files = corpus_files(corpus, gold, subset)
    event_of = gold.subset(subset).event_of
    library = Library.open(files)
    profiles = grouping.profile_articles(library.articles, library.analyses, library.entities)
    labels = [event_of.get(Path(p.path).name) for p in profiles]
    rng = np.random.default_rng(seed)
    draws = [np.arange(len(profiles))]
    for size in SUBLIBRARY_SIZES:
        for k in range(SUBLIBRARY_DRAWS if size < len(profiles) else 0):
            if size == 2 and k % 2 == 0:
                first = int(rng.integers(len(profiles)))
                mates = [j for j in range(len(profiles)) if j != first and labels[j] == labels[first]]
                if mates:
                    draws.append(np.asarray([first, int(rng.choice(mates))]))
                    continue
            draws.append(np.sort(rng.choice(len(profiles), size=size, replace=False)))
    names: list[str] = []
    tables, targets = [], []
    for rows in draws:
        chosen = [profiles[i] for i in rows]
        vectors = grouping.ProfileVectors.of(chosen)
        local = np.arange(len(chosen))
        columns = []
        names = []
        for name, values in grouping.pair_features(vectors, local):
            names.append(name)
            columns.append(values.copy())
        upper = np.triu_indices(len(chosen), k=1)
        keep = ~(grouping.block_similarity(vectors, local) <= 1e-12)[upper]
        same = np.asarray([[labels[i] is not None and labels[i] == labels[j] for j in rows] for i in rows])
        tables.append(np.stack([c[upper][keep] for c in columns], axis=1).astype(np.float64))
        targets.append(same[upper][keep].astype(np.float64))
    return names, np.vstack(tables), np.concatenate(targets)


def group_pair_table(corpus: str, gold_path: str, subset: Optional[str], seed: int = 0,
                     draws: int = 60) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(feature names, X, y) for pairs of *groups* of articles (``events.merge_groups``):
    each draw cuts every gold event of the subset at random into parts of one to three
    articles (what a first clustering leaves), and pairs of parts are labelled 1 when
    they come from one event."""
    from ..library import Library
    from ..library import events as grouping
    gold = load_gold(gold_path)
    files = corpus_files(corpus, gold, subset)
    event_of = gold.subset(subset).event_of
    library = Library.open(files)
    profiles = grouping.profile_articles(library.articles, library.analyses, library.entities)
    labels = [event_of.get(Path(p.path).name) for p in profiles]
    vectors = grouping.ProfileVectors.of(profiles)
    evidence = [p.evidence for p in profiles]
    rng = np.random.default_rng(seed)
    names: list[str] = []
    tables, targets = [], []
    for _ in range(draws):
        groups, group_labels = [], []
        for label in sorted({lab for lab in labels if lab is not None}):
            members = [i for i, lab in enumerate(labels) if lab == label]
            rng.shuffle(members)
            while members:
                size = int(rng.integers(1, 4))
                groups.append(sorted(members[:size]))
                group_labels.append(label)
                members = members[size:]
        whole = vectors.of_groups(groups, evidence)
        local = np.arange(len(groups))
        names, columns = [], []
        for name, values in grouping.pair_features(whole, local):
            names.append(name)
            columns.append(values.copy())
        upper = np.triu_indices(len(groups), k=1)
        keep = ~(grouping.block_similarity(whole, local) <= 1e-12)[upper]
        same = np.asarray([[a == b for b in group_labels] for a in group_labels])
        tables.append(np.stack([c[upper][keep] for c in columns], axis=1).astype(np.float64))
        targets.append(same[upper][keep].astype(np.float64))
    return names, np.vstack(tables), np.concatenate(targets)


def fit_logistic(X: np.ndarray, y: np.ndarray, l2: float = 1.0, iterations: int = 50) -> tuple[np.ndarray, float]:
    """Weights and bias maximising the L2-penalised log-likelihood (the bias is not penalised)."""
    A = np.hstack([X, np.ones((len(X), 1))])
    w = np.zeros(A.shape[1])
    penalty = np.full(A.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-A @ w))
        gradient = A.T @ (p - y) + penalty * w
        hessian = (A * (p * (1 - p))[:, None]).T @ A + np.diag(penalty) + 1e-9 * np.eye(A.shape[1])
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


def _wrapped(head: str, weights: dict[str, float], width: int = 110) -> str:
    """``weights`` as a Python dict literal to paste into ``events.py``, lines under ``width``."""
    items = [f"{json.dumps(name)}: {value}" for name, value in weights.items()]
    lines, line = [], head + "{"
    for k, item in enumerate(items):
        piece = item + ("}" if k == len(items) - 1 else ", ")
        if len(line) + len(piece.rstrip()) > width:
            lines.append(line.rstrip())
            line = " " * (len(head) + 1)
        line += piece
    return "\n".join(lines + [line])


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m viewer.eval.fit", description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", metavar="CORPUS_DIR")
    parser.add_argument("--gold", required=True, metavar="GOLD.json")
    parser.add_argument("--events-subset", default="half-a", help="the half to fit on (default half-a)")
    parser.add_argument("--l2", type=float, default=0.03, help="L2 penalty on the weights (default 0.03)")
    parser.add_argument("--groups", action="store_true",
                        help="fit the second stage's model (pairs of groups, GROUP_WEIGHTS)")
    parser.add_argument("--also", action="append", default=[], metavar="CORPUS_DIR:GOLD.json",
                        help="add every pair of another annotated corpus (all its events) to the fit; "
                             "e.g. the project's own seeds, whose contrasts (other leaders, other "
                             "years) a half of one corpus may lack")
    args = parser.parse_args(argv)
    table = group_pair_table if args.groups else pair_table
    names, X, y = table(args.corpus, args.gold, args.events_subset)
    for extra in args.also:
        corpus, _, gold = extra.rpartition(":")
        _, X_extra, y_extra = table(corpus, gold, None)
        X, y = np.vstack([X, X_extra]), np.concatenate([y, y_extra])
    weights, bias = fit_logistic(X, y, args.l2)
    prefix = "GROUP" if args.groups else "FEATURE"
    print(f"{len(y)} {'group ' if args.groups else ''}pairs ({int(y.sum())} of one event) from {args.events_subset}")
    print(_wrapped(f"{prefix}_WEIGHTS = ", {n: round(float(w), 2) for n, w in zip(names, weights)}))
    print(f"{prefix}_BIAS = {bias:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
