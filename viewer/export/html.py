"""HTML for an exported comparison, in two variants from one builder (Qt-free).

* ``"html"``: a standalone file with embedded CSS and class-based highlights, no
  remote resource of any kind.
* ``"qt"``: the rich-text subset ``QTextDocument`` understands (tables, inline
  background colours, weights, underline), which the PDF export prints.

Every piece of article text goes through ``html.escape``.
"""
from __future__ import annotations

import datetime as dt
from html import escape
from typing import Iterable, Optional

from .. import APP_NAME
from ..compare.highlights import ALL, ENTITY_ONLY, UNMATCHED, VALUE_DIFFERS, Highlight, combine, hex_colour
from ..model import display_text
from .layout import ArticleInfo, ExportDocument, Passage, Row, Segment
from ..untrusted import isolate


def _u(text: Optional[str]) -> str:
    """Untrusted text (from an article or a file name), escaped and bidi-isolated."""
    return escape(isolate(display_text(text or "")))

VARIANTS = ("html", "qt")
MUTED = "#6b6b6b"
RULE = "#c8c8c8"
HEAD_BG = "#2f3b4c"
assert UNMATCHED.light.background and UNMATCHED.light.foreground  # both set in ``highlights``
_UNMATCHED_BG = hex_colour(UNMATCHED.light.background)
_UNMATCHED_LABEL = hex_colour(UNMATCHED.light.foreground)


def _style(highlights: Iterable[Highlight], variant: str) -> tuple[str, str]:
    """Inline CSS for a run of words covered by ``highlights``, and (Qt) the underline marker.

    Qt's HTML reader knows only plain underlines; the PDF renderer restyles runs whose
    ``title`` carries ``hl-underline:<style>`` (see ``pdf.apply_underline_styles``).
    """
    look = combine(highlights)
    parts = []
    if look.background:
        parts.append(f"background-color:{hex_colour(look.background)}")
    if look.foreground:
        parts.append(f"color:{hex_colour(look.foreground)}")
    if look.bold:
        parts.append("font-weight:bold")
    if look.italic:
        parts.append("font-style:italic")
    decorations = [d for d, on in (("underline", look.underline), ("line-through", look.strike)) if on]
    if decorations:
        parts.append("text-decoration:" + " ".join(decorations))
    if look.underline and variant == "html":
        parts.append(f"text-decoration-style:{_CSS_UNDERLINE[look.underline]}")
        parts.append("text-underline-offset:2px")
    if look.line and look.underline:
        parts.append(f"text-decoration-color:{hex_colour(look.line)}")
    marker = f"hl-underline:{look.underline}" if variant == "qt" and look.underline not in (None, "single") else ""
    return ";".join(parts), marker


_CSS_UNDERLINE = {"single": "solid", "dash": "dashed", "dot": "dotted", "wave": "wavy"}


def _segment(segment: Segment, variant: str) -> str:
    text = escape(segment.text, quote=False)
    if not segment.highlights:
        return text
    style, marker = _style(segment.highlights, variant)
    if variant == "qt":
        title = f' title="{marker}"' if marker else ""
        return f'<span style="{style}"{title}>{text}</span>'
    classes = " ".join(sorted(h.css_class for h in segment.highlights))
    if len(segment.highlights) == 1:  # the class rule has the look; overlaps are resolved inline
        return f'<span class="hl {classes}">{text}</span>'
    return f'<span class="hl {classes}" style="{style}">{text}</span>'


def _passage(passage: Passage, variant: str, show_number: bool) -> str:
    number = (f'<span class="par" style="color:{MUTED};font-size:small">¶{passage.paragraph}</span> '
              if show_number else "")
    body = "".join(_segment(s, variant) for s in passage.segments)
    return f'<p class="passage">{number}{body}</p>'


def _cell(row: Row, column: int, document: ExportDocument, variant: str, width: str) -> str:
    passages = row.cells[column]
    only = row.only_in
    attrs = f'valign="top" width="{width}"'
    if not passages:
        note = "no counterpart" if only is not None else "—"
        return (f'<td {attrs} class="empty"><p style="color:{MUTED};font-style:italic">{note}</p></td>')
    inner = "".join(_passage(p, variant, not document.single) for p in passages)
    if only is not None and not document.single:
        letter = document.articles[column].letter
        label = (f'<p class="only-label" style="color:{_UNMATCHED_LABEL};font-size:small;font-weight:bold">'
                 f'ONLY IN {escape(letter)}</p>')
        background = f' bgcolor="{_UNMATCHED_BG}"' if variant == "qt" else ""
        return f'<td {attrs} class="unmatched"{background}>{label}{inner}</td>'
    return f"<td {attrs}>{inner}</td>"


def _heading(info: ArticleInfo) -> str:
    date = f' · {_u(info.date)}' if info.date else ""
    return f'<b>{escape(info.letter)}</b> · {_u(info.short_label)}{date}'


def _articles_table(document: ExportDocument) -> str:
    """One block per article: letter, title on its own line, then outlet, date, authors, source."""
    rows = []
    for info in document.articles:
        details = [isolate(info.outlet) or "outlet not given", isolate(info.date) or "date not given"]
        if info.authors:
            details.append("by " + ", ".join(isolate(a) for a in info.authors))
        rows.append(
            f'<tr><td valign="top" class="letter" width="4%"><b>{escape(info.letter)}</b></td>'
            f'<td valign="top"><b>{_u(info.title)}</b><br/>'
            f'<span style="color:{MUTED}">{escape(" · ".join(details))} · </span>'
            f'<span class="source" style="color:{MUTED}">{_u(info.source)}</span></td></tr>')
    return (f'<table class="articles" width="100%" cellspacing="0" cellpadding="3">'
            f'<tbody>{"".join(rows)}</tbody></table>')


def _legend(document: ExportDocument, variant: str) -> str:
    items = []
    for highlight in document.legend:
        sample = _segment(Segment("sample words", frozenset([highlight])), variant)
        items.append(f'<tr><td valign="top" class="swatch">{sample}</td>'
                     f'<td valign="top"><b>{escape(highlight.label)}</b></td>'
                     f'<td valign="top">{escape(highlight.legend)} '
                     f'<span style="color:{MUTED}">({escape(highlight.cue)})</span></td></tr>')
    if not document.single:
        sample = (f'<span class="hl {UNMATCHED.css_class}" style="background-color:{_UNMATCHED_BG};'
                  f'color:{_UNMATCHED_LABEL};font-weight:bold">ONLY IN B</span>')
        items.append(f'<tr><td valign="top" class="swatch">{sample}</td>'
                     f'<td valign="top"><b>{escape(UNMATCHED.label)}</b></td>'
                     f'<td valign="top">{escape(UNMATCHED.legend)}; the other columns say “no counterpart”</td></tr>')
        items.append(f'<tr><td valign="top" class="swatch"><span style="color:{MUTED};font-style:italic">—</span>'
                     f'</td><td valign="top"><b>Nothing here</b></td>'
                     f'<td valign="top">This article has nothing for a point that some, but not all, of the '
                     f'others report</td></tr>')
        items.append(f'<tr><td valign="top" class="swatch"><span style="color:{MUTED}">¶7</span></td>'
                     f'<td valign="top"><b>Paragraph</b></td>'
                     f'<td valign="top">Paragraph number in the source article, counted from 0. Each row holds '
                     f'passages that report the same point; column A sets the order.</td></tr>')
    return f'<table class="legend" cellspacing="0" cellpadding="2">{"".join(items)}</table>'


def _passages_table(document: ExportDocument, variant: str) -> str:
    columns = len(document.articles)
    width = f"{100 // columns}%"
    head_colour = f' bgcolor="{HEAD_BG}" style="color:#ffffff"' if variant == "qt" else ""
    head = "".join(f'<th align="left" valign="top" width="{width}" class="colhead"{head_colour}>{_heading(i)}</th>'
                   for i in document.articles)
    rows = []
    for row in document.rows:
        cells = "".join(_cell(row, c, document, variant, width) for c in range(columns))
        rows.append(f"<tr>{cells}</tr>")
    # Qt draws cell rules only through the table border; the HTML variant uses CSS.
    grid = f' border="1" style="border-collapse:collapse;border-color:{RULE};border-style:solid"' \
        if variant == "qt" else ""
    return (f'<table class="passages" width="100%" cellspacing="0" cellpadding="5"{grid}>'
            f'<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _entities_table(document: ExportDocument, variant: str) -> str:
    if not document.entities:
        return "<p>No names, numbers or dates were found.</p>"
    letters = "".join(f'<th align="right">{escape(i.letter)}</th>' for i in document.articles)
    rows = []
    for entity in document.entities:
        counts = []
        for count in entity.counts:
            text = str(count) if count else "–"
            if entity.only_one and count:
                highlight = ENTITY_ONLY if entity.kind not in _VALUE_KINDS else VALUE_DIFFERS
                text = _segment(Segment(text, frozenset([highlight])), variant)
            counts.append(f'<td align="right">{text}</td>')
        rows.append(f'<tr><td>{_u(entity.name)}</td><td><span style="color:{MUTED}">'
                    f'{escape(entity.kind)}</span></td>{"".join(counts)}</tr>')
    return (f'<table class="entities" cellspacing="0" cellpadding="2">'
            f'<thead><tr><th align="left">Name, number or date</th><th align="left">Kind</th>{letters}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


_VALUE_KINDS = {"date", "time", "number", "amount", "percentage", "quantity", "ordinal"}


def _quotes_table(document: ExportDocument) -> str:
    rows = "".join(
        f'<tr><td valign="top" width="4%"><b>{escape(q.letter)}</b></td>'
        f'<td valign="top" width="22%">{_u(q.speaker) or "—"}</td>'
        f'<td valign="top"><i>“{_u(q.text)}”</i></td></tr>' for q in document.quotes)
    return (f'<table class="quotes" width="100%" cellspacing="0" cellpadding="2">'
            f'<thead><tr><th align="left"></th><th align="left">Speaker</th><th align="left">Quote</th></tr></thead>'
            f'<tbody>{rows}</tbody></table>')


def _differences_table(document: ExportDocument) -> str:
    rows = "".join(
        f'<tr><td valign="top" width="5%">{n}</td><td valign="top" width="18%"><b>{escape(d.kind)}</b></td>'
        f'<td valign="top">{escape(d.summary)}</td>'
        f'<td valign="top" width="10%">{escape(", ".join(d.letters))}</td></tr>'
        for n, d in enumerate(document.differences, 1))
    return (f'<table class="differences" width="100%" cellspacing="0" cellpadding="2">'
            f'<thead><tr><th align="left">#</th><th align="left">Kind</th><th align="left">What differs</th>'
            f'<th align="left">In</th></tr></thead><tbody>{rows}</tbody></table>')


def _css(document: ExportDocument) -> str:
    # Spans carry their combined look inline (overlaps resolved as in the PDF); these
    # class rules give each highlight its look for anyone restyling or scripting the file.
    rules = [f".hl.{h.css_class} {{{_style([h], 'html')[0]}}}" for h in reversed(ALL) if h is not UNMATCHED]
    columns = len(document.articles)
    return f"""
body {{ font-family: "DejaVu Sans", "Noto Sans", "Segoe UI", Arial, sans-serif;
       font-size: {10 if columns <= 3 else 9}pt; color: #1b1b1b; margin: 2em auto;
       max-width: {max(60, 38 * columns)}em; line-height: 1.4; }}
h1 {{ font-size: 1.6em; margin: 0 0 .2em; }}
h2 {{ font-size: 1.15em; margin: 1.6em 0 .5em; border-bottom: 2px solid {HEAD_BG}; padding-bottom: .15em; }}
.subtitle {{ color: {MUTED}; margin: 0 0 1em; }}
table {{ border-collapse: collapse; }}
table.differences td, table.differences th, table.articles td, table.articles th,
table.entities td, table.entities th, table.quotes td, table.quotes th
  {{ border-bottom: 1px solid {RULE}; padding: .25em .5em; }}
table.passages {{ table-layout: fixed; }}
table.passages th {{ background: {HEAD_BG}; color: #fff; position: sticky; top: 0; padding: .4em .6em; }}
table.passages td {{ border-bottom: 1px solid {RULE}; border-left: 1px solid {RULE}; padding: .4em .6em;
                     vertical-align: top; }}
table.passages td:first-child {{ border-left: none; }}
td.unmatched {{ background: {_UNMATCHED_BG}; }}
td.empty p {{ color: {MUTED}; font-style: italic; }}
p.passage {{ margin: 0 0 .5em; }}
.par {{ color: {MUTED}; font-size: .8em; }}
.only-label {{ letter-spacing: .05em; }}
.legend td {{ padding: .15em .6em .15em 0; }}
.source {{ word-break: break-all; }}
{chr(10).join(rules)}
@media print {{ table.passages th {{ position: static; }} tr {{ break-inside: avoid; }}
  .hl, td.unmatched, th {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }} }}
"""


def build_html(document: ExportDocument, variant: str = "html", exported: Optional[dt.date] = None) -> str:
    """The whole export as one HTML string (``variant`` "html" or "qt")."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown HTML variant {variant!r}; use one of {VARIANTS}")
    exported = exported or dt.date.today()
    count = len(document.articles)
    bits = [f"{count} article{'s' if count != 1 else ''}"]
    if document.date:
        bits.insert(0, isolate(document.date))
    bits.append(f"exported {exported.isoformat()} by {APP_NAME}")
    parts = [f'<h1>{_u(document.title)}</h1>',
             f'<p class="subtitle" style="color:{MUTED}">{escape(" · ".join(bits))}</p>',
             _articles_table(document)]
    if not document.single:
        parts += ["<h2>Key differences</h2>",
                  _differences_table(document) if document.differences else
                  f'<p style="color:{MUTED}">No key differences found: the articles agree on the figures, '
                  'names and quotes they share.</p>']
    parts += ['<h2>Legend</h2>', _legend(document, variant),
             f'<h2>{"Text" if document.single else "Aligned passages"}</h2>', _passages_table(document, variant),
             f'<h2>{"Names, numbers and dates" if document.single else "Names, numbers and dates by article"}</h2>',
             _entities_table(document, variant)]
    if document.quotes:
        parts += ["<h2>Quotes</h2>", _quotes_table(document)]
    # Whatever slipped through unshown (a lone surrogate from a file name) becomes U+FFFD:
    # the file is written as UTF-8 and Qt would silently drop it.
    body = display_text("\n".join(parts))
    if variant == "qt":
        return f"<html><body>{body}</body></html>"
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/>'
            f'<meta name="generator" content="{APP_NAME}"/>'
            f"<title>{_u(document.title)}</title><style>{_css(document)}</style></head>"
            f"<body>\n{body}\n</body></html>\n")
