"""Themes (system / light / dark) and the highlight palette of the comparison view.

Every highlight has a colour *and* a second cue (underline style, strike-out,
weight or italics) so that it stays distinguishable for colour-blind readers and
in print. Colours are chosen per theme: pale backgrounds on light windows, deep
translucent ones on dark windows, text colour left to the palette so contrast
stays high in both.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette, QTextCharFormat
from PySide6.QtWidgets import QApplication, QStyleFactory

from ..compare import highlights as hl

THEMES = ("system", "light", "dark")


@dataclass(frozen=True)
class HighlightStyle:
    """How one kind of difference is drawn, and how the legend explains it."""
    key: str
    label: str
    explanation: str
    background: Optional[str]
    foreground: Optional[str] = None
    underline: Optional[QTextCharFormat.UnderlineStyle] = None
    underline_colour: Optional[str] = None
    strike: bool = False
    bold: bool = False
    italic: bool = False

    def char_format(self) -> QTextCharFormat:
        fmt = QTextCharFormat()
        if self.background:
            fmt.setBackground(QColor(self.background))
        if self.foreground:
            fmt.setForeground(QColor(self.foreground))
        if self.underline is not None:
            fmt.setUnderlineStyle(self.underline)
            if self.underline_colour:
                fmt.setUnderlineColor(QColor(self.underline_colour))
        if self.strike:
            fmt.setFontStrikeOut(True)
        if self.bold:
            fmt.setFontWeight(QFont.Weight.Bold)
        if self.italic:
            fmt.setFontItalic(True)
        return fmt


@dataclass(frozen=True)
class ViewColours:
    """Colours of the non-text parts of the view (link bands, markers, dimmed text)."""
    dark: bool
    band: str  # link band fill between columns
    band_edge: str
    band_manual: str
    band_current: str
    current_passage: str  # background of the selected pair's passages
    unmatched: str  # background of passages with no counterpart
    unmatched_label: str
    dimmed: str  # boilerplate text
    search: str
    entity_focus: str


_U = QTextCharFormat.UnderlineStyle


_UNDERLINE_STYLES = {"single": _U.SingleUnderline, "dash": _U.DashUnderline, "dot": _U.DotLine,
                     "wave": _U.WaveUnderline}


def highlight_styles(dark: bool) -> dict[str, HighlightStyle]:
    """The highlight kinds, in legend order, from ``viewer.highlights``.

    That module is the one definition shared with the PDF/HTML export, so a printed
    comparison reads exactly like the screen.
    """
    styles = {}
    for highlight in hl.COMPARISON_HIGHLIGHTS:
        colours = highlight.colours(dark)
        styles[highlight.name] = HighlightStyle(
            highlight.name, highlight.label, f"{highlight.legend} ({highlight.cue})",
            _hex(colours.background), foreground=_hex(colours.foreground),
            underline=_UNDERLINE_STYLES.get(highlight.underline) if highlight.underline else None,
            underline_colour=_hex(colours.line), strike=highlight.strike, bold=highlight.bold,
            italic=highlight.italic)
    return styles


def _hex(colour: Optional[hl.RGB]) -> Optional[str]:
    return hl.hex_colour(colour) if colour else None


def view_colours(dark: bool) -> ViewColours:
    unmatched = hl.UNMATCHED.dark if dark else hl.UNMATCHED.light
    assert unmatched.background and unmatched.foreground  # both set in ``highlights``
    if dark:
        return ViewColours(True, band="#3a5a8a", band_edge="#6d95d6", band_manual="#8a6d2f",
                           band_current="#e0a030", current_passage="#4a4020",
                           unmatched=hl.hex_colour(unmatched.background),
                           unmatched_label=hl.hex_colour(unmatched.foreground), dimmed="#8a8a8a",
                           search="#7a2c55",
                           entity_focus="#00708a")
    return ViewColours(False, band="#b9cff0", band_edge="#5b86c9", band_manual="#f0d9a0",
                       band_current="#e08a00", current_passage="#fff1c2",
                       unmatched=hl.hex_colour(unmatched.background),
                       unmatched_label=hl.hex_colour(unmatched.foreground), dimmed="#9a9a9a", search="#ffc2e0",
                       entity_focus="#9be7f5")


def is_dark(palette: Optional[QPalette] = None) -> bool:
    """True when the window background is dark (system dark mode or our dark theme)."""
    if palette is None:
        app = QApplication.instance()
        palette = app.palette() if isinstance(app, QGuiApplication) else QPalette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def dark_palette() -> QPalette:
    p = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    base, window, text = QColor("#1e1f22"), QColor("#2b2d31"), QColor("#e6e6e6")
    p.setColor(role.Window, window)
    p.setColor(role.WindowText, text)
    p.setColor(role.Base, base)
    p.setColor(role.AlternateBase, QColor("#26282c"))
    p.setColor(role.ToolTipBase, QColor("#3a3d42"))
    p.setColor(role.ToolTipText, text)
    p.setColor(role.PlaceholderText, QColor("#8d8d8d"))
    p.setColor(role.Text, text)
    p.setColor(role.Button, window)
    p.setColor(role.ButtonText, text)
    p.setColor(role.BrightText, QColor("#ff6b6b"))
    p.setColor(role.Link, QColor("#7fb2ff"))
    p.setColor(role.Highlight, QColor("#3d6bb3"))
    p.setColor(role.HighlightedText, QColor("#ffffff"))
    p.setColor(role.Mid, QColor("#45484e"))
    p.setColor(role.Dark, QColor("#151618"))
    p.setColor(role.Light, QColor("#4a4d53"))
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(group.Disabled, r, QColor("#777777"))
    return p


def light_palette() -> QPalette:
    p = QPalette()
    role = QPalette.ColorRole
    p.setColor(role.Window, QColor("#f3f3f3"))
    p.setColor(role.WindowText, QColor("#1a1a1a"))
    p.setColor(role.Base, QColor("#ffffff"))
    p.setColor(role.AlternateBase, QColor("#f5f7fa"))
    p.setColor(role.ToolTipBase, QColor("#ffffe8"))
    p.setColor(role.ToolTipText, QColor("#1a1a1a"))
    p.setColor(role.Text, QColor("#1a1a1a"))
    p.setColor(role.Button, QColor("#efefef"))
    p.setColor(role.ButtonText, QColor("#1a1a1a"))
    p.setColor(role.Highlight, QColor("#2f6fce"))
    p.setColor(role.HighlightedText, QColor("#ffffff"))
    p.setColor(role.Link, QColor("#1d4fa8"))
    return p


_system_palette: Optional[QPalette] = None
_system_style: Optional[str] = None


def apply_theme(app: QApplication, theme: str) -> None:
    """Switch the whole application to ``theme`` (one of THEMES)."""
    global _system_palette, _system_style
    if _system_palette is None:
        _system_palette = QPalette(app.palette())
        _system_style = app.style().name()
    if theme == "dark":
        app.setStyle(QStyleFactory.create("Fusion"))
        app.setPalette(dark_palette())
    elif theme == "light":
        app.setStyle(QStyleFactory.create("Fusion"))
        app.setPalette(light_palette())
    else:
        if _system_style:
            app.setStyle(QStyleFactory.create(_system_style) or QStyleFactory.create("Fusion"))
        app.setPalette(_system_palette)
