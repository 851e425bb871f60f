"""The command line reads the corrections made in the window (and never writes them)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from conftest import ROOT, SEEDS
from viewer.library.library import Library
from viewer.library.userstate import UserState

A, B = "002_da053de626068850.txt", "003_0ca16b3c0b738ea6.txt"


def _cli(data_dir, *args) -> dict:
    env = {**os.environ, "VIEWER_DATA_DIR": str(data_dir)}
    out = subprocess.run([sys.executable, "-m", "viewer", *args, "--json"], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_cli_applies_the_outlet_and_event_edits_of_the_window(tmp_path):
    folder = tmp_path / "library"
    folder.mkdir()
    for name in (A, B):
        shutil.copy(SEEDS / name, folder)
    data_dir = tmp_path / "data"
    state = UserState.load(data_dir / "state.json")
    library = Library.open(sorted(str(p) for p in folder.iterdir()))
    state.apply_to_library(library)
    a = library.article(str(folder / A))
    state.set_meta(a, "outlet", "Harbour Daily Record")
    b_path = str(folder / B)
    if library.event_of(a.path) is library.event_of(b_path):
        state.split_event(library.event_of(b_path).id, [b_path])
    saved = (data_dir / "state.json").read_bytes()

    compared = _cli(data_dir, "compare", str(folder / A), str(folder / B))
    assert next(x for x in compared["articles"] if x["path"] == a.path)["outlet"] == "Harbour Daily Record"
    grouped = _cli(data_dir, "groups", str(folder))
    assert all(len(e["articles"]) == 1 for e in grouped["events"])  # the split holds
    assert (data_dir / "state.json").read_bytes() == saved  # read, never written

    plain = _cli(data_dir, "compare", str(folder / A), str(folder / B), "--no-state")
    assert next(x for x in plain["articles"] if x["path"] == a.path)["outlet"] != "Harbour Daily Record"
