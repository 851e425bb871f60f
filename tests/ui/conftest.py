"""Fixtures of the window tests: each test a fresh user, and main windows that are closed
when the test ends, however it ends, with a check that nothing is left loading."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional, Sequence

import pytest

# Imported as "conftest" in place of tests/conftest.py: keep its helpers importable by that name.
from tests_conftest import GOLD, ROOT, SEEDS, in_copy, seed  # noqa: F401  (re-exported)

_DEFAULT = object()


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    """Settings and user state of each test in its own folder (a fresh "user")."""
    folder = tmp_path / "userdata"
    monkeypatch.setenv("VIEWER_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def window_size() -> tuple[int, int]:
    """The size windows open at; a test module overrides it to test another size."""
    return (1400, 900)


def close_window(window) -> None:
    """Close a main window (once) and check that it stopped its background loading."""
    if window.isVisible():
        window.close()
    assert not window.loader.is_busy()


@pytest.fixture
def open_window(qtbot, data_dir, window_size) -> Callable:
    """``open_window(paths, size=..., loaded=True)``: a main window on ``paths``, shown, and
    (``loaded``) once its library is open. Every window opened is closed in teardown; a
    test that reopens closes the first with ``close_window``."""
    from viewer.ui.app import create_main_window

    opened = []

    def _open(paths: Sequence, size: Optional[tuple[int, int]] = _DEFAULT, loaded: bool = True):
        window = create_main_window([str(p) for p in paths])
        qtbot.addWidget(window)
        opened.append(window)
        size = window_size if size is _DEFAULT else size
        if size:
            window.resize(*size)
        window.show()
        if loaded:
            qtbot.waitUntil(lambda: window.library is not None, timeout=180_000)
        return window

    yield _open
    for window in opened:
        close_window(window)


@pytest.fixture
def window(open_window, library_copy, qtbot):
    """A main window on a copy of the seeds (``window.folder``), its library open and its first
    comparison shown; closed in teardown."""
    window = open_window([library_copy])
    qtbot.waitUntil(lambda: window.comparison is not None, timeout=60_000)
    window.folder = library_copy
    return window
