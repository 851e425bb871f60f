"""Reading a gold file: the shape of ``shared/dev/gold.json`` and of the seeds' gold.

Both carry ``events`` (gold event id -> file names) and ``alignments`` (pairs of files
with ``sure``/``possible`` paragraph links). The dev gold also has ``event_dates``; the
seeds' gold names its events ``...-YYYY-MM-DD`` instead, so the day is read from the id
when ``event_dates`` is absent.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Union

_ID_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})$")
SUBSETS = ("half-a", "half-b")


@dataclass
class GoldAlignment:
    a: str  # file name
    b: str
    sure: set[tuple[int, int]]  # (block in a, block in b); blocks as in ``gold_blocks``
    possible: set[tuple[int, int]]


@dataclass
class Gold:
    events: dict[str, list[str]]  # gold event id -> file names
    event_dates: dict[str, str]  # gold event id -> YYYY-MM-DD
    alignments: list[GoldAlignment] = field(default_factory=list)

    @property
    def event_of(self) -> dict[str, str]:
        """File name -> gold event id."""
        return {name: event for event, names in self.events.items() for name in names}

    def subset(self, which: Optional[str]) -> "Gold":
        """One half of the events (and the alignments whose two files are in it).

        The halves are fixed by the sorted event ids, even positions in ``half-a`` and
        odd ones in ``half-b``: parameters are chosen on one half and the score is also
        reported on the other, which no choice saw.
        """
        if not which:
            return self
        if which not in SUBSETS:
            raise ValueError(f"unknown events subset {which!r}; use one of {', '.join(SUBSETS)}")
        ids = sorted(self.events)[SUBSETS.index(which)::2]
        events = {i: self.events[i] for i in ids}
        names = {n for i in ids for n in events[i]}
        return Gold(events, {i: d for i, d in self.event_dates.items() if i in events},
                    [a for a in self.alignments if a.a in names and a.b in names])


def load_gold(path: Union[str, Path]) -> Gold:
    """Parse a gold file (either shape; see the module docstring)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return gold_from_dict(data)


def gold_from_dict(data: dict) -> Gold:
    events = {str(k): [str(n) for n in v] for k, v in data.get("events", {}).items()}
    dates = {str(k): str(v) for k, v in (data.get("event_dates") or {}).items()}
    for event in events:
        if event not in dates:
            match = _ID_DATE.search(event)
            if match:
                dates[event] = match.group(1)
    alignments = [GoldAlignment(str(a["a"]), str(a["b"]),
                                {(int(x), int(y)) for x, y in a.get("sure", [])},
                                {(int(x), int(y)) for x, y in a.get("possible", [])})
                  for a in data.get("alignments", [])]
    return Gold(events, dates, alignments)


def gold_blocks(text: str) -> list[tuple[int, int]]:
    """The paragraphs the gold counts: blank-line blocks, stripped, empty ones skipped.

    Written independently of the app's segmenter on purpose: predicted passages are
    mapped onto these by character overlap, so the scores do not depend on the app
    numbering its paragraphs the same way (a title split off a block, an HTML page).
    """
    blocks: list[tuple[int, int]] = []
    start: Optional[int] = None
    end = 0
    pos = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            body_start = pos + (len(line) - len(line.lstrip()))
            if start is None:
                start = body_start
            end = pos + len(line.rstrip())
        elif start is not None:
            blocks.append((start, end))
            start = None
        pos += len(line)
    if start is not None:
        blocks.append((start, end))
    return blocks
