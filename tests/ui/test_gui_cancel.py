"""A comparison being prepared can be cancelled, and a new request supersedes it without waiting."""
from __future__ import annotations

import threading
import time

import pytest

from conftest import SEEDS
from viewer.analysis.pipeline import Cancelled

pytestmark = pytest.mark.gui


def _slow(started: threading.Event, stopped: threading.Event):
    """A call that runs until it is cancelled (checking as the alignment does between steps)."""
    def call(cancelled):
        started.set()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if cancelled():
                stopped.set()
                raise Cancelled()
            time.sleep(0.005)
        return "never cancelled"
    return call


def test_a_new_call_supersedes_a_running_one_without_waiting_for_it(qtbot):
    from viewer.ui.worker import BackgroundCalls

    calls = BackgroundCalls(threads=2)
    answers = []
    calls.done.connect(lambda token, result, _s: answers.append((token, result)))
    started, stopped = threading.Event(), threading.Event()
    first = calls.submit(_slow(started, stopped), cancellable=True)
    assert started.wait(10)
    with qtbot.waitSignal(calls.done, timeout=10_000):
        second = calls.submit(lambda cancelled: "new", cancellable=True)
    assert stopped.wait(10)
    assert answers == [(second, "new")] and first != second
    calls.shutdown()


def test_cancel_stops_the_running_call_and_no_answer_comes(qtbot):
    from viewer.ui.worker import BackgroundCalls

    calls = BackgroundCalls()
    answers = []
    calls.done.connect(lambda *args: answers.append(args))
    calls.failed.connect(lambda *args: answers.append(args))
    started, stopped = threading.Event(), threading.Event()
    calls.submit(_slow(started, stopped), cancellable=True)
    assert started.wait(10)
    calls.cancel()
    assert stopped.wait(10)
    calls.shutdown()
    qtbot.wait(50)
    assert answers == []


def test_the_window_cancels_comparing_from_the_status_bar(qtbot, open_window, monkeypatch):
    import viewer.ui.main_window as main_window

    window = open_window([SEEDS], size=None)
    shown = []
    window.comparisonShown.connect(shown.append)
    started, stopped = threading.Event(), threading.Event()
    slow = _slow(started, stopped)
    monkeypatch.setattr(main_window, "prepare_comparison", lambda library, paths, cancelled: slow(cancelled))
    window.compare_paths([a.path for a in window.library.articles[:2]])
    assert window.cancel_compare_button.isVisibleTo(window)
    assert started.wait(10)
    window.cancel_compare_button.click()
    assert stopped.wait(10)
    assert not window.cancel_compare_button.isVisibleTo(window)
    assert "cancelled" in window.statusBar().currentMessage()
    qtbot.wait(50)
    assert shown == []
    from viewer.compare.comparison import compare_paths
    with pytest.raises(Cancelled):  # the real preparation stops at its checks
        compare_paths(window.library, [a.path for a in window.library.articles[:2]], lambda: True)
