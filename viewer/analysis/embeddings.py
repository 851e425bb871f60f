"""Static word embeddings for paraphrase evidence: WordLlama's 256-dim table, read offline.

The ``wordllama`` wheel ships its weights (16 MB, float16) and tokenizer inside the
package. We read those two files directly and never import ``wordllama`` itself:
its ``WordLlama.load()`` looks for the tokenizer where the wheel does not put it and
then downloads one, and importing the package reconfigures the root logger. A static
embedding is a table lookup plus an average, so the few lines below are the whole model.

Every failure (package or tokenizer library missing, file unreadable, unexpected
shape) makes :func:`get_embedder` return ``None``; callers then align on lexical
evidence alone. Nothing here can reach the network.
"""
from __future__ import annotations

import importlib.util
import json
import struct
import sys
import threading
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

PACKAGE = "wordllama"
WEIGHTS = "weights/l2_supercat_256.safetensors"
TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"
MAX_TOKENS = 256  # a paragraph's gist is in its first few hundred tokens; caps the cost


def package_dir() -> Optional[Path]:
    """The installed ``wordllama`` folder, found without importing (so without running) it.

    In the frozen app only its data files are bundled, under the bundle's own folder.
    """
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle and (Path(bundle) / PACKAGE / WEIGHTS).is_file():
        return Path(bundle) / PACKAGE
    try:
        spec = importlib.util.find_spec(PACKAGE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def read_safetensors_matrix(path: Path) -> np.ndarray:
    """The one tensor of a safetensors file as float32 (the format is a JSON header + raw data)."""
    with open(path, "rb") as f:
        header_len = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(header_len))
        tensors = {k: v for k, v in header.items() if k != "__metadata__"}
        if len(tensors) != 1:
            raise ValueError(f"expected one tensor in {path.name}, found {len(tensors)}")
        info = next(iter(tensors.values()))
        dtype = {"F16": "<f2", "F32": "<f4"}[info["dtype"]]
        start, end = info["data_offsets"]
        f.seek(8 + header_len + start)
        data = np.frombuffer(f.read(end - start), dtype=dtype)
    return data.reshape(info["shape"]).astype(np.float32)


class Embedder:
    """Average of token vectors, L2-normalised; cosine of two texts is a dot product."""

    def __init__(self, table: np.ndarray, tokenizer) -> None:
        self.table = table
        self.tokenizer = tokenizer

    @property
    def dim(self) -> int:
        return int(self.table.shape[1])

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One unit-length row per text (zeros for a text without tokens)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch(list(texts), add_special_tokens=False)
        for row, encoding in enumerate(encodings):
            ids = np.asarray(encoding.ids[:MAX_TOKENS], dtype=np.int64)
            if not len(ids):
                continue
            np.clip(ids, 0, len(self.table) - 1, out=ids)
            vector = self.table[ids].mean(axis=0)
            norm = float(np.linalg.norm(vector))
            if norm > 0:
                out[row] = vector / norm
        return out


_lock = threading.Lock()
_loaded = False
_embedder: Optional[Embedder] = None


def get_embedder() -> Optional[Embedder]:
    """The shared embedder, loaded once from local files; ``None`` when unavailable."""
    global _loaded, _embedder
    with _lock:
        if not _loaded:
            _loaded = True
            _embedder = _load()
        return _embedder


def _load() -> Optional[Embedder]:
    base = package_dir()
    if base is None:
        return None
    try:
        from tokenizers import Tokenizer
        table = read_safetensors_matrix(base / WEIGHTS)
        tokenizer = Tokenizer.from_file(str(base / TOKENIZER))
        tokenizer.no_padding()
        tokenizer.no_truncation()
    except Exception:  # noqa: BLE001 (tokenizers raises its own exception types; any failure = no model)
        return None
    if table.ndim != 2 or table.shape[1] < 16:
        return None
    return Embedder(table, tokenizer)
