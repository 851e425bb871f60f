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
