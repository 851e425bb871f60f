"""Tiered opening in the window: events listed from the first pass, then the full library."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.gui


def test_events_are_listed_before_the_full_analysis_and_the_view_follows(qtbot, open_window, library_copy,
                                                                        tmp_path, monkeypatch):
    monkeypatch.setenv("VIEWER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("VIEWER_ANALYSIS_WORKERS", "1")
    monkeypatch.setattr("viewer.library.tiered.TIERED_MIN_NEW", 1)
    folder = library_copy
    seen = []
    win = open_window([], size=None, loaded=False)
    win.libraryListed.connect(lambda library: seen.append(("listed", library, bool(library.pending))))
    win.libraryLoaded.connect(lambda library: seen.append(("loaded", library, bool(library.pending))))
    with qtbot.waitSignal(win.libraryLoaded, timeout=180_000):
        win.open_paths([str(folder)])
    qtbot.waitUntil(lambda: not win.loader.is_busy(), timeout=60_000)
    kinds = [kind for kind, _, _ in seen if kind in ("listed", "loaded")]
    assert kinds[-2:] == ["listed", "loaded"]
    listed, loaded = seen[-2][1], seen[-1][1]
    assert loaded is win.library and not loaded.pending and loaded.events
    assert {p for e in listed.events for p in e.articles} == {p for e in loaded.events for p in e.articles}
    qtbot.waitUntil(lambda: win.comparison is not None and win.comparison.event is not None, timeout=60_000)
    assert all(p in win.library.event_of(win.comparison.paths[0]).articles for p in win.comparison.paths)

    # reopened: listed from the index at once, nothing to analyse
    seen.clear()
    with qtbot.waitSignal(win.libraryLoaded, timeout=60_000):
        win.open_paths([str(folder)])
    assert win.library.from_index
    assert [e.articles for e in win.library.events] == [e.articles for e in loaded.events]
