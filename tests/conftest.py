"""Shared fixtures: the bundled seeds and their gold annotations."""
from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

# GUI tests run headless everywhere, CI included.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = json.loads((Path(__file__).parent / "gold_seeds.json").read_text(encoding="utf-8"))

# Test modules import ROOT, SEEDS, seed and in_copy with ``from conftest import ...``. A
# conftest.py in a folder without __init__.py is imported as "conftest" too (tests/ui/ has
# one), replacing this module under that name; it re-exports these names from this alias.
sys.modules["tests_conftest"] = sys.modules[__name__]


@pytest.fixture(autouse=True, scope="session")
def _isolated_user_dirs(tmp_path_factory):
    """Keep the analysis cache and user state of test runs out of the real home."""
    base = tmp_path_factory.mktemp("userdirs")
    os.environ["VIEWER_CACHE_DIR"] = str(base / "cache")
    os.environ["VIEWER_DATA_DIR"] = str(base / "data")
    yield


@pytest.fixture(autouse=True, scope="session")
def _widgets_application(qapp):
    """One QApplication for the whole run: code that only needs a QGuiApplication (the PDF
    export) would otherwise create one first, and the window tests could not run after it."""
    yield qapp


@pytest.fixture(scope="session")
def gold() -> dict:
    return GOLD


@pytest.fixture(scope="session")
def seed_paths() -> list[str]:
    return sorted(str(p) for p in SEEDS.glob("*.txt"))


@pytest.fixture
def library_copy(tmp_path, seed_paths) -> Path:
    """The seeds copied to a folder of their own, for tests that edit, move or index them."""
    folder = tmp_path / "library"
    folder.mkdir()
    for path in seed_paths:
        shutil.copy(path, folder)
    return folder


def in_copy(folder: Path, name_prefix: str) -> str:
    """The path in ``folder`` of the seed whose name starts with ``name_prefix``."""
    return str(folder / Path(seed(name_prefix)).name)


def seed(name_prefix: str) -> str:
    return str(next(SEEDS.glob(f"{name_prefix}*")))


def pytest_collection_modifyitems(config, items):
    if os.environ.get("RUN_SLOW") or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason="slow test: set RUN_SLOW=1 to run")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
