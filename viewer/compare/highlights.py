"""The highlight palette shared by the window and the exports (no Qt here).

One definition of what each highlight means, its colours and its second cue, so a
printed comparison reads exactly like the screen. A ``Highlight`` is a kind of mark
(``INSERTED``, ``DELETED``, ``CHANGED`` words, a name or value only one article
gives, a quote); where each one goes is ``marks.column_marks``. The window builds
its ``QTextCharFormat`` from ``Highlight.colours(dark)`` and the cue fields
(``viewer/ui/palette.py``, keyed by ``Highlight.name``), and the exports use the
light colours because paper is white.

Colour is never the only cue: added words are underlined, dropped words struck
out, changed words dash-underlined, names only one outlet gives are bold with a
dotted underline, numbers/dates only one gives wavy-underlined, quotes italic.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

RGB = tuple[int, int, int]
UNDERLINES = ("single", "dash", "dot", "wave")


def rgb(hex_colour: str) -> RGB:
    value = hex_colour.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def hex_colour(colour: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


@dataclass(frozen=True)
class Colours:
    background: Optional[RGB] = None
    foreground: Optional[RGB] = None
    line: Optional[RGB] = None  # underline colour


@dataclass(frozen=True)
class Highlight:
    name: str  # stable key, the GUI's style key and the CSS class suffix (``hl-<name>``)
    label: str  # short legend label
    legend: str  # what it means, one sentence
    light: Colours
    dark: Colours
    underline: Optional[str] = None  # one of UNDERLINES
    strike: bool = False
    bold: bool = False
    italic: bool = False

    @property
    def css_class(self) -> str:
        return f"hl-{self.name}"

    def colours(self, dark: bool = False) -> Colours:
        return self.dark if dark else self.light

    @property
    def cue(self) -> str:
        """The non-colour cue in words, for the legend."""
        parts = []
        if self.bold:
            parts.append("bold")
        if self.italic:
            parts.append("italic")
        if self.strike:
            parts.append("struck out")
        if self.underline:
            parts.append({"single": "underlined", "dash": "dashed underline", "dot": "dotted underline",
                          "wave": "wavy underline"}[self.underline])
        return ", ".join(parts) or "colour only"

    def painted_colours(self) -> list[RGB]:
        """The light colours this highlight paints (for checking exports)."""
        return [c for c in (self.light.background, self.light.foreground, self.light.line) if c]


INSERTED = Highlight("inserted", "Added words", "Words this passage adds to its counterpart in the column on its left",
                     Colours(rgb("#c9f2d2"), line=rgb("#1b7f3b")), Colours(rgb("#1f5130"), line=rgb("#6fdc8c")),
                     underline="single")
DELETED = Highlight("deleted", "Dropped words", "Words of column A that the passage beside it does not keep",
                    Colours(rgb("#ffd0d0")), Colours(rgb("#6a2a2a")), strike=True)
CHANGED = Highlight("changed", "Changed words", "Words the counterpart says differently (paraphrase is common, "
                    "so this stays quiet)", Colours(line=rgb("#1d4fa8")), Colours(line=rgb("#8cb8ff")),
                    underline="dash")
ENTITY_ONLY = Highlight("entity", "Only here: name", "A person, place or organisation no other article names",
                        Colours(foreground=rgb("#6a1fb5"), line=rgb("#6a1fb5")),
                        Colours(foreground=rgb("#c9a3ff"), line=rgb("#c9a3ff")), underline="dot", bold=True)
VALUE_DIFFERS = Highlight("value", "Only here: number/date", "A number, amount or date no other article gives",
                          Colours(rgb("#ffe0b3"), line=rgb("#b35c00")), Colours(rgb("#7a4a12"), line=rgb("#ffb35c")),
                          underline="wave")
QUOTE = Highlight("quote", "Quote", "Quoted words", Colours(foreground=rgb("#00695c")),
                  Colours(foreground=rgb("#7fd1c7")), italic=True)
UNMATCHED = Highlight("unmatched", "No counterpart", "A passage no other article has a counterpart for",
                      Colours(rgb("#f1e8fa"), foreground=rgb("#5b2a8c")),
                      Colours(rgb("#3b2f45"), foreground=rgb("#d7b8ff")))
# Single-article export: every mention (there is nothing to compare against).
NAME = Highlight("name", "Name", "A person, place or organisation",
                 Colours(foreground=rgb("#6a1fb5")), Colours(foreground=rgb("#c9a3ff")), bold=True)
NUMBER = Highlight("number", "Number/date", "A number, amount or date",
                   Colours(rgb("#ffe0b3")), Colours(rgb("#7a4a12")))

# Legend order of the comparison view.
COMPARISON_HIGHLIGHTS: tuple[Highlight, ...] = (INSERTED, DELETED, CHANGED, ENTITY_ONLY, VALUE_DIFFERS, QUOTE)
ARTICLE_HIGHLIGHTS: tuple[Highlight, ...] = (NAME, NUMBER, QUOTE)
ALL: tuple[Highlight, ...] = COMPARISON_HIGHLIGHTS + (UNMATCHED, NAME, NUMBER)

# When highlights overlap, each property comes from the first highlight in this order that has it.
PRIORITY: tuple[Highlight, ...] = (VALUE_DIFFERS, ENTITY_ONLY, NUMBER, NAME, DELETED, INSERTED, CHANGED, QUOTE)


def by_name(name: str) -> Highlight:
    for highlight in ALL:
        if highlight.name == name:
            return highlight
    raise KeyError(name)


@dataclass(frozen=True)
class Combined:
    """What a run of words covered by several highlights looks like."""
    background: Optional[RGB]
    foreground: Optional[RGB]
    underline: Optional[str]
    line: Optional[RGB]
    strike: bool
    bold: bool
    italic: bool


def combine(active: Iterable[Highlight], dark: bool = False) -> Combined:
    ordered = [h for h in PRIORITY if h in set(active)]
    background = next((h.colours(dark).background for h in ordered if h.colours(dark).background), None)
    foreground = next((h.colours(dark).foreground for h in ordered if h.colours(dark).foreground), None)
    lined = next((h for h in ordered if h.underline), None)
    return Combined(background, foreground, lined.underline if lined else None,
                    lined.colours(dark).line if lined else None,
                    any(h.strike for h in ordered), any(h.bold for h in ordered), any(h.italic for h in ordered))
