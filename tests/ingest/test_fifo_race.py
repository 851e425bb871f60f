"""Issue 18.5: an article swapped for a FIFO between the check and the open cannot hang loading.

Before, ``read_limited`` looked at the file (``is_file``) and then opened it with a
blocking ``open()``: a FIFO put in its place in between blocked for good (no writer).
Now the file is opened non-blocking and the open descriptor is looked at (``fstat``).
"""
from __future__ import annotations

import os
import stat
import threading

import pytest

from viewer.ingest.loading import ArticleLoadError, read_limited


def test_a_fifo_swapped_in_after_the_check_is_refused_without_hanging(tmp_path, monkeypatch):
    regular = tmp_path / "regular.txt"
    regular.write_text("An article that was a plain file when it was looked at.\n")
    path = tmp_path / "article.txt"
    os.mkfifo(path)  # what is there when the file is opened
    seen_regular = os.stat(regular)
    real_stat = os.stat

    def stat_before_the_swap(target, *args, **kwargs):
        # Every look at the path by name reports the plain file it was a moment ago.
        if os.fspath(target) == str(path):
            return seen_regular
        return real_stat(target, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat_before_the_swap)
    outcome: list[object] = []

    def load() -> None:
        try:
            outcome.append(read_limited(str(path)))
        except ArticleLoadError as exc:
            outcome.append(exc)

    reader = threading.Thread(target=load, daemon=True)
    reader.start()
    reader.join(timeout=10)
    hung = reader.is_alive()
    if hung:  # release the blocked open() (a writer appears and leaves) before failing
        monkeypatch.undo()
        os.close(os.open(path, os.O_RDWR))
        reader.join(timeout=10)
    assert not hung, "read_limited blocked opening a FIFO"
    assert len(outcome) == 1 and isinstance(outcome[0], ArticleLoadError)
    assert "not a regular file" in str(outcome[0])
    assert stat.S_ISFIFO(os.lstat(path).st_mode)


def test_regular_files_still_read(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"plain text\n")
    assert read_limited(str(path)) == b"plain text\n"


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_odd_files_are_refused_by_name(tmp_path, kind):
    path = tmp_path / "odd.txt"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    with pytest.raises(ArticleLoadError, match="folder" if kind == "folder" else "not a regular file"):
        read_limited(str(path))
