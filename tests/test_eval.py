"""The quality harness (viewer.eval): its scores on hand-made cases, and floors on the
seeds' gold and, when present, on the development corpus ``../shared/dev`` (a regression gate)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from viewer.eval import (bcubed, block_of, evaluate, event_dates, gold_blocks, gold_from_dict,
                         load_gold, score_alignment)
from viewer.eval.__main__ import main as eval_main

ROOT = Path(__file__).resolve().parent.parent
DEV = Path(os.environ.get("VIEWER_DEV_CORPUS", ROOT.parent / "shared" / "dev"))


def test_bcubed_perfect_split_and_merge():
    gold = {"e1": ["a", "b"], "e2": ["c", "d"]}
    assert bcubed([["a", "b"], ["c", "d"]], gold).f1 == 1.0
    split = bcubed([["a"], ["b"], ["c", "d"]], gold)
    assert split.precision == 1.0 and split.recall == pytest.approx(0.75)
    assert split.split == {"e1": 2} and split.merged == []
    merged = bcubed([["a", "b", "c", "d"]], gold)
    assert merged.recall == 1.0 and merged.precision == pytest.approx(0.5)
    assert merged.merged == [["e1", "e2"]]


def test_bcubed_ignores_files_the_gold_does_not_name_and_counts_lost_ones():
    gold = {"e1": ["a", "b"]}
    assert bcubed([["a", "b", "extra"]], gold).f1 == 1.0
    assert bcubed([["a"]], gold).recall == pytest.approx(0.5)


def test_event_dates_use_the_predicted_event_holding_most_articles():
    predicted = [(["a"], "2024-01-01"), (["b", "c"], "2024-01-03"), (["d"], None)]
    gold_events = {"e1": ["a", "b", "c"], "e2": ["d"]}
    results = event_dates(predicted, gold_events, {"e1": "2024-01-02", "e2": "2024-05-05"})
    assert [(r.event, r.predicted, r.off_by) for r in results] == [
        ("e1", "2024-01-03", 1), ("e2", None, None)]


def test_gold_blocks_and_block_of_count_blank_line_blocks_from_the_title():
    text = "Title line\n\n  First para\ncontinues.\n \n\n\nSecond para.\n"
    blocks = gold_blocks(text)
    assert [text[s:e] for s, e in blocks] == ["Title line", "First para\ncontinues.", "Second para."]
    second = text.index("Second")
    assert block_of(blocks, (second, second + 6)) == 2
    assert block_of(blocks, (0, 5)) == 0


def test_alignment_score_counts_possible_links_as_correct():
    score = score_alignment("a", "b", {(1, 1), (2, 3), (4, 4)}, sure={(1, 1), (2, 2)}, possible={(2, 3)})
    assert score.sure_recall == pytest.approx(0.5)
    assert score.precision == pytest.approx(2 / 3)


def test_gold_adapter_reads_the_seeds_shape_and_halves_are_disjoint():
    gold = load_gold(ROOT / "tests" / "gold_seeds.json")
    # The seeds' gold has no event_dates: the day comes from the event id.
    assert gold.event_dates["biden-xi-call-2021-09-09"] == "2021-09-09"
    synthetic = gold_from_dict({"events": {f"e{i}": [f"{i}.txt"] for i in range(5)},
                                "event_dates": {f"e{i}": "2020-01-01" for i in range(5)}})
    a, b = synthetic.subset("half-a"), synthetic.subset("half-b")
    assert sorted(a.events) == ["e0", "e2", "e4"] and sorted(b.events) == ["e1", "e3"]
    with pytest.raises(ValueError):
        synthetic.subset("half-c")


def test_seeds_gold_floors():
    report = evaluate(ROOT / "seeds", load_gold(ROOT / "tests" / "gold_seeds.json"))
    assert report["grouping"]["f1"] == 1.0
    (pair,) = report["alignments"]
    assert pair["sure_recall"] == 1.0
    assert pair["precision"] >= 0.85
    assert report["dates"]["within_1_day"] >= 0.5


def test_cli_prints_the_scores(capsys):
    assert eval_main([str(ROOT / "seeds"), "--gold", str(ROOT / "tests" / "gold_seeds.json"),
                      "--no-align"]) == 0
    out = capsys.readouterr().out
    assert "B-cubed" in out and "F1 1.000" in out


@pytest.fixture(scope="module")
def dev_report():
    if not (DEV / "gold.json").exists():
        pytest.skip(f"development corpus absent ({DEV})")
    return evaluate(DEV / "articles", load_gold(DEV / "gold.json"))


def test_dev_corpus_floors(dev_report):
    """Regression gate on real coverage no one here wrote: floors just under today's scores."""
    assert dev_report["grouping"]["f1"] >= 0.96
    assert dev_report["dates"]["exact"] >= 0.90
    assert dev_report["dates"]["within_1_day"] >= 0.92
    for pair in dev_report["alignments"]:
        assert pair["sure_recall"] >= 0.95, pair
        assert pair["precision"] >= 0.85, pair


def test_events_subset_opens_only_that_half(tmp_path):
    gold = gold_from_dict({"events": {f"e{i}": [f"{i}.txt"] for i in range(4)}})
    for i in range(4):
        (tmp_path / f"{i}.txt").write_text(f"Title {i}\n\nBody {i}.\n", encoding="utf-8")
    from viewer.eval import corpus_files
    assert [Path(f).name for f in corpus_files(tmp_path, gold, "half-a")] == ["0.txt", "2.txt"]
    assert [Path(f).name for f in corpus_files(tmp_path, gold, "half-b")] == ["1.txt", "3.txt"]


def test_two_articles_of_one_event_are_one_event():
    """Opened alone, two reports of one call: no library statistics to lean on."""
    from viewer.library import Library
    paths = [str(next((ROOT / "seeds").glob(f"{prefix}*"))) for prefix in ("002", "003")]
    library = Library.open(paths, use_cache=False)
    assert len(library.events) == 1
