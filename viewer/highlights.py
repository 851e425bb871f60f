"""The highlight palette shared by the window and the exports (no Qt here).

One definition of what each highlight means, its colours and its non-colour cue,
so that a printed comparison reads exactly like the screen. The window should take
its colours from here (``Highlight.light`` on a light theme, ``Highlight.dark`` on a
dark one); the PDF and HTML exports use ``light`` because paper is white.

Colour is never the only cue: entities are bold, numbers and dates bold and
underlined, quotes italic, and wording differences sit in separate columns.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Highlight:
    name: str  # stable identifier, also the CSS class suffix (``hl-<name>``)
    light: RGB  # background on a light theme and on paper
    dark: RGB  # background on a dark theme
    legend: str  # what the reader is told in the legend
    cue: str  # the non-colour cue, in words
    bold: bool = False
    italic: bool = False
    underline: bool = False
    strike: bool = False

    @property
    def css_class(self) -> str:
        return f"hl-{self.name}"

    def light_hex(self) -> str:
        return hex_colour(self.light)

    def dark_hex(self) -> str:
        return hex_colour(self.dark)


def hex_colour(rgb: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


# Wording: the left (or first) passage's words its counterpart lacks, and the reverse.
DELETED = Highlight("deleted", (255, 214, 214), (110, 40, 44),
                    "Wording in the left-hand passage of a row that its counterparts lack", "red background")
INSERTED = Highlight("inserted", (206, 242, 206), (36, 92, 48),
                     "Wording a passage adds to the left-hand one", "green background")
# Names (people, places, organisations) only one of the compared articles mentions.
ENTITY_ONLY = Highlight("entity-only", (255, 222, 140), (120, 92, 20),
                        "Name only this article mentions", "bold, amber background", bold=True)
# Numbers, amounts and dates only one article gives.
VALUE_DIFFERS = Highlight("value-differs", (196, 222, 255), (36, 72, 120),
                          "Number or date only this article gives", "bold, underlined, blue background",
                          bold=True, underline=True)
QUOTE = Highlight("quote", (234, 220, 255), (78, 56, 110),
                  "Quoted words", "italic, lilac background", italic=True)
# Single-article view: every entity mention (nothing to compare against).
ENTITY = Highlight("entity", (255, 236, 184), (100, 82, 30),
                   "Name (person, place, organisation)", "bold, pale amber background", bold=True)
VALUE = Highlight("value", (214, 232, 255), (40, 64, 100),
                  "Number or date", "underlined, pale blue background", underline=True)
# A whole passage that has no counterpart in the other article(s).
UNMATCHED = Highlight("unmatched", (242, 242, 242), (58, 58, 58),
                      "Passage with no counterpart", "grey cell, labelled “only in …”")

COMPARISON_HIGHLIGHTS: tuple[Highlight, ...] = (DELETED, INSERTED, ENTITY_ONLY, VALUE_DIFFERS, QUOTE, UNMATCHED)
ARTICLE_HIGHLIGHTS: tuple[Highlight, ...] = (ENTITY, VALUE, QUOTE)
ALL: tuple[Highlight, ...] = (DELETED, INSERTED, ENTITY_ONLY, VALUE_DIFFERS, QUOTE, ENTITY, VALUE, UNMATCHED)

# When highlights overlap on the same words, the background of the first in this
# order wins; the font cues (bold, italic, underline) of all of them combine.
BACKGROUND_PRIORITY: tuple[Highlight, ...] = (ENTITY_ONLY, VALUE_DIFFERS, DELETED, INSERTED, ENTITY, VALUE, QUOTE)


def by_name(name: str) -> Highlight:
    for highlight in ALL:
        if highlight.name == name:
            return highlight
    raise KeyError(name)


def winning_background(active: Iterable[Highlight]) -> Highlight | None:
    """The highlight whose background shows when several cover the same words."""
    present = set(active)
    return next((h for h in BACKGROUND_PRIORITY if h in present), None)
