"""The command line (python -m viewer ...): its JSON contract, exit codes and error reports.

Command-line tests of one feature (encodings, exports, key differences, robustness, the
reader's state) stay with that feature's tests; these are about the commands themselves."""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT, SEEDS


def test_cli_compare_json_contract(gold):
    pair = gold["alignments"][0]
    out = subprocess.run([sys.executable, "-m", "viewer", "compare", str(SEEDS / pair["a"]),
                          str(SEEDS / pair["b"]), "--json"], capture_output=True, text=True, cwd=ROOT,
                         check=True)
    data = json.loads(out.stdout)
    assert {"articles", "alignments", "entities", "boilerplate"} <= set(data)
    for article in data["articles"]:
        assert {"path", "title", "outlet", "published", "event"} <= set(article)
    alignment = data["alignments"][0]
    assert {"a", "b", "pairs"} <= set(alignment)
    texts = {a["path"]: (ROOT / a["path"]).read_text(encoding="utf-8") for a in data["articles"]}
    for p in alignment["pairs"]:
        assert {"a", "b", "score", "diff"} <= set(p)
        start, end = p["a"]
        assert "".join(t for op, t in p["diff"] if op <= 0) == texts[alignment["a"]][start:end]
    for e in data["entities"]:
        assert {"name", "label", "articles"} <= set(e)
    names = {e["name"] for e in data["entities"]}
    assert "Xi Jinping" in names and "Joe Biden" in names
    boiler = data["boilerplate"][alignment["a"]]
    a_text = texts[alignment["a"]]
    assert any("Image source" in a_text[s:e] for s, e in boiler)


def test_cli_groups_json_and_errors(tmp_path):
    out = subprocess.run([sys.executable, "-m", "viewer", "groups", str(SEEDS), "--json"],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    events = json.loads(out.stdout)["events"]
    assert len(events) == 4
    for event in events:
        assert {"id", "label", "date", "articles"} <= set(event)
    missing = subprocess.run([sys.executable, "-m", "viewer", "compare", str(tmp_path / "nope.txt"),
                              str(SEEDS), "--json"], capture_output=True, text=True, cwd=ROOT)
    assert missing.returncode == 2 and "nope.txt" in missing.stderr  # README: a missing file exits 2


def test_cli_topics_json():
    out = subprocess.run([sys.executable, "-m", "viewer", "topics", str(SEEDS), "--json"],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    topics = {t["topic"]: t for t in json.loads(out.stdout)["topics"]}
    assert {"Taiwan", "TikTok", "climate change"} <= set(topics)
    assert len(topics["Taiwan"]["articles"]) >= 4
