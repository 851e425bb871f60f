"""Worker processes end with their parent, and finished analyses are in the cache at once,
so killing the CLI mid-analysis leaves no process behind and a rerun resumes."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from viewer.bench.corpus import generate_library

from conftest import ROOT, SEEDS


def _tagged_processes(tag: str) -> list[int]:
    """Live processes whose environment carries ``tag`` (the CLI's workers inherit it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if tag.encode() in environ and state != "Z":
            found.append(int(entry.name))
    return found


def _rows(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT count(*) FROM analysis").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("lib") / "articles"
    generate_library(SEEDS, out, 48, 8)
    (out / "truth.json").unlink()
    return out


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_killing_the_cli_mid_analysis_leaves_no_process_and_keeps_finished_work(sig, library, tmp_path):
    tag = f"VIEWER_TEST_TAG={uuid.uuid4().hex}"
    cache = tmp_path / "cache"
    env = {**os.environ, "VIEWER_CACHE_DIR": str(cache), "VIEWER_DATA_DIR": str(tmp_path / "data"),
           "VIEWER_ANALYSIS_WORKERS": "2", "PYTHONPATH": str(ROOT), tag.split("=")[0]: tag.split("=")[1]}
    cli = subprocess.Popen([sys.executable, "-m", "viewer", "groups", str(library), "--json"], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with cli.stderr:  # the pipe is closed however the test ends
        try:
            deadline = time.monotonic() + 240
            while _rows(cache / "analysis.sqlite") == 0:  # some analyses finished (and committed)
                assert cli.poll() is None, cli.stderr.read().decode()
                assert time.monotonic() < deadline, "no analysis was committed while the run went on"
                time.sleep(0.2)
            workers = [p for p in _tagged_processes(tag) if p != cli.pid]
            assert workers, "the analysis should run in worker processes"
            cli.send_signal(sig)
            cli.wait(timeout=60)
        finally:
            if cli.poll() is None:
                cli.kill()
                cli.wait()
        deadline = time.monotonic() + 15
        while _tagged_processes(tag) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = _tagged_processes(tag)
        for pid in left:  # clean up before failing
            os.kill(pid, signal.SIGKILL)
        assert left == [], f"processes left behind after {sig.name}"
        kept = _rows(cache / "analysis.sqlite")
        assert 0 < kept < 48
        assert "Traceback" not in cli.stderr.read().decode()
