"""Build a library index on a Dask cluster: ``python -m viewer index SOURCE... --out INDEX``.

The files are read and analysed by Dask workers in batches (each worker process loads
spaCy once); the driver (this process) writes what comes back into the index folder
as it arrives (``library-index.sqlite``: articles and grouping; ``analysis.sqlite``:
the analyses, the same cache the app keeps) and groups the articles with the
sub-quadratic ``candidates.cluster_sparse`` over the profiles the workers computed.
The window and the command line open the folder like any library
(``python -m viewer INDEX``, ``python -m viewer groups INDEX --json``).

Workers read the sources by path: on a real cluster they must see the same files
(a shared file system) at the same paths. Dask is imported only here.
"""
from __future__ import annotations

import json
import os
import resource
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Sequence

from ..analysis.cache import AnalysisCache, encode_analysis
from ..analysis.entities import EntityIndex, build_entities
from ..ingest.loading import ArticleLoadError, expand_paths, load_article
from ..model import CanonicalEntity, Mention
from .events import ArticleProfile, _make_event, order_events, profile_articles
from .index import INDEX_FILE, LibraryIndex, _file_stamp, encode_article, grouping_key

BATCH_ARTICLES = 50  # one task: long enough to pay for itself, short enough to spread well
CACHE_FILE = "analysis.sqlite"


@dataclass
class _Indexed:
    """What a worker sends back for one article."""
    path: str
    content_hash: str
    stamp: Optional[str]
    article: bytes  # ``index.encode_article``
    summary: tuple  # (title, outlet, published)
    analysis_key: Optional[str]
    analysis: Optional[bytes]  # ``cache.encode_analysis``; None for a first-pass index
    profile: ArticleProfile
    people: dict[str, tuple[str, list[str]]]  # participant key -> (name, surface forms)


def index_batch(paths: Sequence[str], first_pass: bool = False) -> tuple[list[_Indexed], list[tuple[str, str]]]:
    """Worker task: load, analyse and profile ``paths``; returns (records, (path, error) pairs)."""
    from ..analysis.pipeline import analyse_articles, analysis_key
    from ..analysis.quick import quick_analyses
    articles, errors = [], []
    for path in paths:
        try:
            articles.append(load_article(path))
        except ArticleLoadError as exc:
            errors.append((path, str(exc)))
    analyses = quick_analyses(articles) if first_pass else analyse_articles(articles, None, workers=1)
    records = []
    for article in articles:
        analysis = analyses[article.path]
        # Names are resolved within the article (surnames to full names): the library-wide
        # entity index would need every analysis in one place.
        entities = build_entities({article.path: analysis})
        profile = profile_articles([article], {article.path: analysis}, entities)[0]
        people = {}
        for key in profile.participants:
            entity = entities.by_key.get(key)
            if entity is not None:
                people[key] = (entity.name, [m.text for m in entity.mentions.get(article.path, [])])
        records.append(_Indexed(article.path, article.content_hash, _file_stamp(article.path, None),
                                encode_article(article),
                                (article.meta.title, article.meta.outlet, article.meta.published),
                                None if first_pass else analysis_key(article),
                                None if first_pass else encode_analysis(analysis), profile, people))
    return records, errors


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class _Key:
    path: str
    content_hash: str


def build_index(sources: Sequence[str], out: str | Path, scheduler: Optional[str] = None, workers: int = 2,
                first_pass: bool = False, batch: int = BATCH_ARTICLES,
                log: Callable[[str], None] = lambda _: None) -> dict:
    """Index ``sources`` into the folder ``out``; returns figures (times, memory, counts)."""
    from dask.distributed import Client, LocalCluster, as_completed

    from .candidates import cluster_sparse, pair_statistics

    started = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    files, errors = expand_paths(sources)
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    figures: dict = {"articles_found": len(files), "workers": len(client.scheduler_info()["workers"]),
                     "first_pass": first_pass}
    log(f"{len(files)} files, {figures['workers']} workers")
    index = LibraryIndex(out / INDEX_FILE)
    cache = AnalysisCache(out / CACHE_FILE) if not first_pass else None
    profiles: list[ArticleProfile] = []
    keys: list[_Key] = []
    people: dict[str, tuple[str, dict[str, list[str]]]] = {}
    try:
        batches = [files[i:i + batch] for i in range(0, len(files), batch)]
        futures = client.map(index_batch, batches, first_pass=first_pass, pure=False)
        done = 0
        for future in as_completed(futures):
            records, failed = future.result()
            future.release()
            errors.extend(_load_error(path, message) for path, message in failed)
            index.put_encoded([(r.path, r.stamp, r.content_hash, *r.summary, r.article) for r in records if r.stamp])
            for r in records:
                if cache is not None and r.analysis is not None:
                    cache.put(r.analysis_key, None, r.analysis)
                profiles.append(r.profile)
                keys.append(_Key(r.path, r.content_hash))
                for key, (name, forms) in r.people.items():
                    people.setdefault(key, (name, {}))[1][r.path] = forms
            if cache is not None:
                cache.commit()
            done += len(records) + len(failed)
            log(f"analysed {done}/{len(files)}")
        figures["analyse_s"] = round(time.perf_counter() - started, 2)
        figures["worker_peak_rss_mb"] = sorted(round(v, 1) for v in client.run(_peak_rss_mb).values())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    group_started = time.perf_counter()
    order = sorted(range(len(profiles)), key=lambda i: profiles[i].path)
    profiles = [profiles[i] for i in order]
    keys = [keys[i] for i in order]
    groups = cluster_sparse(profiles)
    stub = EntityIndex([CanonicalEntity(key, name, "PERSON", {p: [Mention(0, 0, f, "PERSON") for f in forms]
                                                             for p, forms in by_path.items()})
                        for key, (name, by_path) in people.items()])
    stub.by_key = {e.key: e for e in stub.entities}
    events = order_events([_make_event([profiles[i] for i in group], stub) for group in groups])
    index.put_grouping(grouping_key(keys, ""), events)
    figures["group_s"] = round(time.perf_counter() - group_started, 2)
    figures.update(pair_statistics(profiles) if len(profiles) <= 50_000 else {})
    index.set_info("sources", json.dumps([os.path.abspath(s) for s in sources]))
    index.set_info("built", json.dumps({**figures, "events": len(events)}))
    index.close()
    if cache is not None:
        cache.close()
    figures.update({"articles": len(profiles), "events": len(events), "errors": len(errors),
                    "total_s": round(time.perf_counter() - started, 2), "driver_peak_rss_mb": round(_peak_rss_mb(), 1),
                    "groups": [[profiles[i].path for i in g] for g in groups]})
    return figures


def _load_error(path: str, message: str):
    from ..model import LoadError, display_text
    return LoadError(path, display_text(message))
