"""``python -m viewer.bench.limits [--case NAME ...] [--folder DIR]``: the inputs at the size
limits the README states (issue 16), run through the CLI cold, with wall time and peak memory.

Each case writes its input files (deterministic, built from the seeds' sentences) and
runs ``python -m viewer ... --no-cache`` in a child process under ``/usr/bin/time -v``
(else ``resource``), so the figures include the interpreter, spaCy's model load and the
export. Nothing is asserted here: the figures are printed (and written as JSON with
``--out``) for the README's table; the tests only check that each case completes.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

ROOT = Path(__file__).resolve().parent.parent.parent
SEEDS = ROOT / "seeds"

LONG_PARAGRAPH_CHARS = 499_000  # under the 500,000-character limit
PAGE_ELEMENTS = 199_000          # under the 200,000-element limit
PAGE_PARAGRAPHS = 19_900         # under the 20,000-<p> limit
MANY_PARAGRAPHS = 999            # under the 1,000-paragraph limit
DEEP_LEVELS = 3_000              # deeper than libxml2 goes (2,048 with huge_tree, 256 without)


def seed_sentences(seed_folder: Path = SEEDS) -> list[str]:
    """Every sentence of the seeds' body paragraphs (a crude split is enough for test text)."""
    sentences: list[str] = []
    for path in sorted(seed_folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for block in re.split(r"\n\s*\n", text):
            block = " ".join(block.split())
            if len(block) < 80:  # titles, bylines
                continue
            sentences += [s for s in re.split(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])", block) if len(s) > 30]
    return sentences


def long_paragraph(rng: random.Random, sentences: list[str], chars: int = LONG_PARAGRAPH_CHARS) -> str:
    """One paragraph of ``chars`` characters of news sentences, no blank line anywhere."""
    out: list[str] = []
    size = 0
    while size < chars:
        sentence = rng.choice(sentences)
        out.append(sentence)
        size += len(sentence) + 1
    return " ".join(out)[:chars].rstrip()


def distinct_paragraphs(rng: random.Random, sentences: list[str], count: int = MANY_PARAGRAPHS) -> list[str]:
    """``count`` different paragraphs of two or three sentences (none a repeat of another)."""
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        paragraph = " ".join(rng.sample(sentences, rng.choice((2, 3))))
        if paragraph not in seen:
            seen.add(paragraph)
            out.append(paragraph)
    return out


def reworded(rng: random.Random, paragraph: str) -> str:
    """A light rewording: a few words dropped or swapped, as another outlet might."""
    words = paragraph.split()
    for _ in range(max(1, len(words) // 15)):
        i = rng.randrange(len(words))
        if rng.random() < 0.5:
            del words[i]
        else:
            j = rng.randrange(len(words))
            words[i], words[j] = words[j], words[i]
        if not words:
            break
    return " ".join(words) or paragraph


@dataclass(frozen=True)
class Case:
    name: str
    description: str
    write: Callable[[Path, random.Random, list[str]], list[str]]  # -> CLI arguments after "python -m viewer"


def _long_paragraph_case(folder: Path, rng: random.Random, sentences: list[str]) -> list[str]:
    body = long_paragraph(rng, sentences)
    a = folder / "long-a.txt"
    b = folder / "long-b.txt"
    a.write_text("Leaders talk trade in one long paragraph\n\n" + body + "\n", encoding="utf-8")
    b.write_text("Leaders talk trade, one long paragraph again\n\n" + reworded(rng, body) + "\n", encoding="utf-8")
    return ["compare", str(a), str(b), "--html", str(folder / "long.html"), "--pdf", str(folder / "long.pdf")]


def _one_long_paragraph_case(folder: Path, rng: random.Random, sentences: list[str]) -> list[str]:
    body = long_paragraph(rng, sentences)
    a = folder / "long.txt"
    b = folder / "usual.txt"
    a.write_text("Leaders talk trade in one long paragraph\n\n" + body + "\n", encoding="utf-8")
    b.write_text("Leaders talk trade\n\n" + "\n\n".join(rng.sample(sentences, 30)) + "\n", encoding="utf-8")
    return ["compare", str(a), str(b), "--html", str(folder / "long.html"), "--pdf", str(folder / "long.pdf")]


def _long_paragraph_groups_case(folder: Path, rng: random.Random, sentences: list[str]) -> list[str]:
    args = _long_paragraph_case(folder, rng, sentences)
    return ["groups", "--json", args[1], args[2]]


def _many_elements_case(folder: Path, rng: random.Random, sentences: list[str]) -> list[str]:
    article = "".join(f"<p>{s}</p>" for s in rng.sample(sentences, 12))
    # The worst page the limits let through: as many <p> as allowed (libxml2 selects them in
    # quadratic time), the rest <div>s.
    filler = "<p>x</p>" * (PAGE_PARAGRAPHS - 20) + "<div>x</div>" * (PAGE_ELEMENTS - PAGE_PARAGRAPHS - 40)
    page = folder / "elements.html"
    page.write_text(f"<!DOCTYPE html><html><head><title>Leaders talk trade</title></head><body>"
                    f"<article><h1>Leaders talk trade</h1>{article}</article><div>{filler}</div>"
                    f"</body></html>", encoding="utf-8")
    other = folder / "elements-other.txt"
    other.write_text("Leaders talk trade\n\n" + "\n\n".join(rng.sample(sentences, 12)) + "\n", encoding="utf-8")
    return ["compare", str(page), str(other), "--html", str(folder / "elements.html.out.html")]


def _many_paragraphs_case(folder: Path, rng: random.Random, sentences: list[str]) -> list[str]:
    paragraphs = distinct_paragraphs(rng, sentences)
    a = folder / "many-a.txt"
    b = folder / "many-b.txt"
    a.write_text("\n\n".join(["Leaders talk trade at length"] + paragraphs[:-1]) + "\n", encoding="utf-8")
    shuffled = [reworded(rng, p) for p in paragraphs[:-1]]
    b.write_text("\n\n".join(["Leaders talk trade, at length"] + shuffled) + "\n", encoding="utf-8")
    return ["compare", str(a), str(b), "--html", str(folder / "many.html"), "--pdf", str(folder / "many.pdf")]


def shuffled(rng: random.Random, paragraph: str) -> str:
    """The paragraph's words in another order: the same words (so it is aligned with the
    original), but a word diff that finds little in common (the costliest to compute)."""
    words = paragraph.split()
    rng.shuffle(words)
    return " ".join(words)


def _shuffled_paragraphs_case(folder: Path, rng: random.Random, sentences: list[str]) -> list[str]:
    paragraphs = distinct_paragraphs(rng, sentences)
    a = folder / "shuffled-a.txt"
    b = folder / "shuffled-b.txt"
    a.write_text("\n\n".join(["Leaders talk trade at length"] + paragraphs[:-1]) + "\n", encoding="utf-8")
    b.write_text("\n\n".join(["Leaders talk trade, at length"] + [shuffled(rng, p) for p in paragraphs[:-1]])
                 + "\n", encoding="utf-8")
    return ["compare", str(a), str(b), "--html", str(folder / "shuffled.html")]


def _deep_nesting_case(folder: Path, rng: random.Random, sentences: list[str]) -> list[str]:
    article = "".join(f"<p>{s}</p>" for s in rng.sample(sentences, 12))
    page = folder / "deep.html"
    page.write_text("<!DOCTYPE html><html><head><title>Leaders talk trade</title></head><body>"
                    + "<div>" * DEEP_LEVELS + f"<h1>Leaders talk trade</h1>{article}" + "</div>" * DEEP_LEVELS
                    + "</body></html>", encoding="utf-8")
    return ["groups", "--json", str(page)]


CASES = {c.name: c for c in (
    Case("one-long-paragraph", f"compare + HTML + PDF: an article of one {LONG_PARAGRAPH_CHARS:,}-character "
                               "paragraph and a usual one", _one_long_paragraph_case),
    Case("long-paragraph", f"compare + HTML + PDF: two articles of one {LONG_PARAGRAPH_CHARS:,}-character "
                           "paragraph", _long_paragraph_case),
    Case("long-paragraph-groups", "groups: the same two articles", _long_paragraph_groups_case),
    Case("many-elements", f"compare + HTML: a saved page of {PAGE_ELEMENTS:,} elements and a short article",
         _many_elements_case),
    Case("many-paragraphs", f"compare + HTML + PDF: two articles of {MANY_PARAGRAPHS:,} distinct paragraphs",
         _many_paragraphs_case),
    Case("shuffled-paragraphs", f"compare + HTML: two articles of {MANY_PARAGRAPHS:,} paragraphs, the "
                                "second's words shuffled (every word diff at its costliest)",
         _shuffled_paragraphs_case),
    Case("deep-nesting", f"groups: a page nested {DEEP_LEVELS:,} elements deep", _deep_nesting_case),
)}


def write_case(name: str, folder: Path, seed: int = 16) -> list[str]:
    """Write the input files of case ``name`` into ``folder``; return its CLI arguments."""
    folder.mkdir(parents=True, exist_ok=True)
    return CASES[name].write(folder, random.Random(seed), seed_sentences())


def run_case(name: str, folder: Path, python: str = sys.executable, pythonpath: Optional[str] = None) -> dict:
    """Run case ``name`` cold (no cache); wall seconds, peak RSS in MB, exit status, stderr tail."""
    args = write_case(name, folder) + ["--no-cache"]
    env = {**os.environ, "PYTHONPATH": pythonpath or str(ROOT), "VIEWER_CACHE_DIR": str(folder / "cache")}
    command = [python, "-m", "viewer", *args]
    timer = shutil.which("time") and Path("/usr/bin/time").exists()
    if timer:
        command = ["/usr/bin/time", "-v", *command]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        # cwd: the case's folder, so "-m viewer" imports the package on PYTHONPATH, not one
        # that happens to sit in the current folder.
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True, env=env, cwd=folder)
        tree_kb = 0
        while process.poll() is None:  # worker processes count too: sum the whole tree
            tree_kb = max(tree_kb, _tree_rss_kb(process.pid))
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        result = subprocess.CompletedProcess(command, process.returncode, out.read(), err.read())
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    stderr = result.stderr
    if timer:
        found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
        peak_kb = int(found.group(1)) if found else peak_kb
        stderr = stderr[:stderr.find("\tCommand being timed")] if "\tCommand being timed" in stderr else stderr
    elif peak_kb <= before:
        peak_kb = 0  # an earlier, larger child hides this one's peak
    status = result.returncode
    if timer and "Exit status:" in result.stderr:
        exit_status = re.search(r"Exit status: (\d+)", result.stderr)
        assert exit_status, "GNU time -v always reports the exit status"
        status = int(exit_status.group(1))
    return {"case": name, "seconds": round(seconds, 1), "peak_mb": round(peak_kb / 1024),
            "peak_tree_mb": round(tree_kb / 1024),
            "exit": status, "messages": [line for line in stderr.splitlines() if line.strip()][-4:]}


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants now, in kB (Linux /proc; else 0)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return 0
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", encoding="ascii", errors="replace") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
        except OSError:
            continue
        children.setdefault(int(fields.get("PPid", "0").strip() or 0), []).append(int(entry))
        rss[int(entry)] = int(fields.get("VmRSS", "0 kB").split()[0])
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += rss.get(current, 0)
        stack += children.get(current, [])
    return total


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m viewer.bench.limits", description=__doc__.split("\n")[0])
    parser.add_argument("--case", action="append", choices=sorted(CASES), help="only this case (repeatable)")
    parser.add_argument("--folder", type=Path, help="where to write the inputs (default: a temporary folder)")
    parser.add_argument("--out", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(argv)
    names = args.case or list(CASES)
    with tempfile.TemporaryDirectory(prefix="viewer-limits-") as temporary:
        base = args.folder or Path(temporary)
        figures = []
        for name in names:
            figure = run_case(name, base / name)
            figures.append(figure)
            print(f"{name:<22} {figure['seconds']:7.1f} s {figure['peak_tree_mb']:6d} MB all processes "
                  f"({figure['peak_mb']} MB largest)  exit {figure['exit']}  "
                  f"{CASES[name].description}", flush=True)
            for line in figure["messages"]:
                print(f"{'':<24}{line[:150]}", flush=True)
    if args.out:
        args.out.write_text(json.dumps({"cases": figures}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
