"""Where the bundled files live: next to the package in a checkout, or in a frozen bundle."""
from __future__ import annotations

import sys
from pathlib import Path


def bundle_root() -> Path:
    """The folder holding ``seeds/`` and ``resources/`` (PyInstaller unpacks to ``sys._MEIPASS``)."""
    return Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))


def default_seeds() -> Path:
    """The bundled sample corpus the app opens when given nothing else."""
    return bundle_root() / "seeds"


_worker_entry = False


def enable_worker_processes() -> None:
    """Called by the frozen app's entry point after ``multiprocessing.freeze_support()``:
    the executable can then start analysis worker processes of itself."""
    global _worker_entry
    _worker_entry = True


def workers_unavailable() -> bool:
    """True in a frozen app whose entry point cannot run worker processes."""
    return bool(getattr(sys, "frozen", False)) and not _worker_entry
