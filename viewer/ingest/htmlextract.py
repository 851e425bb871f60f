"""Main text and metadata of a saved web page, via trafilatura.

Nothing here fetches anything: the page is parsed from the string we are given
(lxml's HTML parser never loads DTDs or external entities), active and remote
content (scripts, styles, frames, embedded objects) is dropped from the tree
before extraction, and trafilatura only reads that tree.
"""
from __future__ import annotations

import re
import warnings

from .metadata import byline_authors, parse_date
from ..model import ArticleMeta

# Visible text of the whole page (menus and footers included) above which the page is
# refused before extraction: trafilatura's time grows faster than linearly with it.
MAX_PAGE_TEXT_CHARS = 1_000_000
# Elements in the page; a saved news page has a few thousand.
MAX_PAGE_ELEMENTS = 200_000
# <p> elements in the page. trafilatura selects "//p//text()", which libxml2 answers in time
# growing with the square of their number (20,000: 0.8 s, 40,000: 2.6 s, 199,000: ~70 s); an
# article has at most 1,000 paragraphs (MAX_PARAGRAPHS), so a page with more is refused.
MAX_PAGE_PARAGRAPH_ELEMENTS = 20_000
# Elements above which a page is trimmed before extraction: trafilatura walks the tree a
# dozen times (199,000 elements: ~16 s). A saved news page has a few thousand, so only
# pathological pages are trimmed (see _trim).
PRETRIM_ELEMENTS = 20_000
# Text (characters) below which a childless block element is dropped from such a page:
# shorter than any article paragraph (menus, counters, filler such as <div>x</div>).
TRIM_TEXT_CHARS = 20
# Fewer words than this besides the title: the page holds no article (an index page,
# a login wall, a page whose text is filled in by scripts).
MIN_ARTICLE_WORDS = 15

# Elements that run code or pull remote content; never part of an article's text.
_ACTIVE_TAGS = {"script", "style", "iframe", "frameset", "object", "applet", "template", "svg",
                "math", "canvas", "audio", "video"}
# Void elements that lxml's HTML 4 parser may wrap around what follows them (an
# unclosed <embed> swallows the article): remove the tag, keep its content.
_ACTIVE_VOID_TAGS = {"embed", "source", "link", "base", "frame", "track", "param"}
_REMOTE_ATTRIBUTES = {"src", "srcset", "style", "background", "poster", "data", "action",
                      "formaction", "xlink:href", "lowsrc", "dynsrc", "ping"}
# libxml2's HTML parser silently drops whatever lies deeper than this many levels.
MAX_PARSER_DEPTH = 2_048
_TAG = re.compile(r"<\s*/?\s*([A-Za-z][\w:-]*)\b[^>]*>")
# Tags that carry a page's text structure (or that _drop_active_content must still see).
_STRUCTURE_TAGS = {"html", "head", "body", "title", "meta", "link", "base", "p", "h1", "h2", "h3", "h4", "h5",
                   "h6", "ul", "ol", "li", "br", "blockquote", "pre", "article", "main", "time", "noscript"}
# Wrappers whose end separates text: flattened to a line break, not to nothing.
_BLOCK_WRAPPERS = {"div", "section", "header", "footer", "aside", "nav", "table", "tbody", "thead", "tr",
                   "td", "th", "form", "figure", "figcaption", "dl", "dt", "dd", "center", "address"}
# Block elements that _trim may drop when childless and short (never headings, titles,
# metadata, or inline elements, whose words belong to the sentence around them).
_TRIMMABLE_TAGS = _BLOCK_WRAPPERS | {"p", "li", "ul", "ol"}
# ... unless their attributes say they hold a byline or a date, which trafilatura reads.
_METADATA_HINT = re.compile(r"author|byline|date|time|publish|dateline", re.I)
# Structured metadata that trafilatura reads; it is data, not code.
_DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


def extract_html(html: str) -> tuple[str, ArticleMeta]:
    """Return the article text (paragraphs separated by blank lines) and metadata.

    Raises:
        ValueError: the page is too large or has no article text; the message says which.
    """
    import trafilatura

    if not html.lstrip()[:50].lower().startswith(("<!doctype", "<html", "<?xml", "<!--")):
        html = f"<html><body>{html}</body></html>"  # a fragment: make it a document
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tree = _parse(html)
        if tree is None:
            raise ValueError("not a readable web page (the HTML could not be parsed)")
        if _deepest(tree) >= MAX_PARSER_DEPTH - 1:
            tree = _parse_flattened(html)
        elements = _check_size(tree)
        _drop_active_content(tree)
        if elements > PRETRIM_ELEMENTS:
            _trim(tree)
        doc = trafilatura.bare_extraction(
            tree, with_metadata=True, include_comments=False, include_tables=False,
            favor_recall=True, include_images=False, include_links=False)
    body = (getattr(doc, "text", None) or "") if doc is not None else ""
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    meta = ArticleMeta(
        title=_clean(getattr(doc, "title", None)),
        outlet=_clean(getattr(doc, "sitename", None)),
        authors=byline_authors(getattr(doc, "author", None) or ""),
        published=parse_date(getattr(doc, "date", None) or "") or None,
        url=_clean(getattr(doc, "url", None)),
    )
    words = sum(len(line.split()) for line in lines if line != meta.title)
    if words < MIN_ARTICLE_WORDS:
        raise ValueError(f"web page has no article text that could be extracted "
                         f"({words} word{'' if words == 1 else 's'} found besides the title)")
    if meta.title and lines[0] != meta.title:
        lines.insert(0, meta.title)
    return "\n\n".join(lines) + "\n", meta


def _parse(html: str):
    """The page as an lxml tree, like trafilatura's own loader but without libxml2's
    10 MB limit on one text node: a saved page's inline script can be that large, and
    hitting the limit silently cuts off the rest of the page (the article)."""
    from lxml.etree import ParserError
    from lxml.html import HTMLParser, fromstring

    options = dict(collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True,
                   huge_tree=True)
    try:
        try:
            tree = fromstring(html, parser=HTMLParser(encoding="utf-8", **options))
        except ValueError:  # a str with an XML encoding declaration: parse its UTF-8 bytes
            tree = fromstring(html.encode("utf-8", "surrogatepass"), parser=HTMLParser(**options))
    except ParserError:
        return None
    return tree


def _deepest(tree) -> int:
    """How many levels deep the parsed tree goes (libxml2 stops at MAX_PARSER_DEPTH)."""
    deepest = 0
    stack = [(tree, 1)]
    while stack:  # not recursive: the tree may be thousands of levels deep
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest >= MAX_PARSER_DEPTH - 1:
            break
        stack.extend((child, depth + 1) for child in element)
    return deepest


def _parse_flattened(html: str):
    """The page re-parsed without its wrapper tags, for a page nested deeper than libxml2 goes.

    libxml2 drops everything below 2,048 levels ("Excessive depth"), so such a page would
    read as empty. Wrappers (div, span, section, table cells, ...) only nest; the text and
    its paragraphs are in the tags kept here, so removing the others loses no text.

    Raises:
        ValueError: still too deep (the nesting is of paragraph-level tags themselves).
    """
    def replace(match: re.Match) -> str:
        name = match.group(1).lower()
        if name in _STRUCTURE_TAGS or name in _ACTIVE_TAGS:
            return match.group(0)
        return "\n" if name in _BLOCK_WRAPPERS else ""

    tree = _parse(_TAG.sub(replace, html))
    if tree is None or _deepest(tree) >= MAX_PARSER_DEPTH - 1:
        raise ValueError(f"web page nests its elements more than {MAX_PARSER_DEPTH:,} levels deep, "
                         f"deeper than the HTML parser reads (even without its wrapper elements)")
    return tree


def _check_size(tree) -> int:
    """The number of elements; raises ValueError past a limit (elements, <p>, text)."""
    elements = 0
    paragraphs = 0
    chars = 0
    for element in tree.iter():
        elements += 1
        if elements > MAX_PAGE_ELEMENTS:
            raise ValueError(f"web page has more than {MAX_PAGE_ELEMENTS:,} elements, "
                             f"the limit for one article page")
        if element.tag == "p":  # the HTML parser gives lower-case tag names
            paragraphs += 1
            if paragraphs > MAX_PAGE_PARAGRAPH_ELEMENTS:
                raise ValueError(f"web page has more than {MAX_PAGE_PARAGRAPH_ELEMENTS:,} paragraphs (<p> "
                                 f"elements), the limit for one article page")
        if isinstance(element.tag, str) and element.tag.lower() in ("script", "style"):
            chars += len(element.tail or "")
            continue
        chars += len(element.text or "") + len(element.tail or "")
    if chars > MAX_PAGE_TEXT_CHARS:
        raise ValueError(f"web page holds {chars:,} characters of text; the limit for one "
                         f"article page is {MAX_PAGE_TEXT_CHARS:,}")
    return elements


def _trim(tree) -> int:
    """Drop childless block elements with less than TRIM_TEXT_CHARS of text; return how many.

    Only for pages of more than PRETRIM_ELEMENTS elements, where trafilatura's many walks
    over the tree (and its quadratic selection of paragraphs) cost seconds each. Such an
    element holds no article paragraph. Elements are visited children first, so a wrapper
    left empty by its children goes too. What follows a dropped element (its tail) stays.
    """
    doomed = 0
    for element in reversed(list(tree.iter())):
        if len(element) or not isinstance(element.tag, str) or element.tag.lower() not in _TRIMMABLE_TAGS:
            continue
        if len((element.text or "").strip()) >= TRIM_TEXT_CHARS:
            continue
        if any(_METADATA_HINT.search(f"{name} {value}") for name, value in element.attrib.items()):
            continue
        if element.getparent() is not None:
            element.drop_tree()
            doomed += 1
    return doomed


def _drop_active_content(tree) -> None:
    """Remove code and remote-content elements, and event-handler attributes."""
    doomed, unwrapped = [], []
    for element in tree.iter():
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag in _ACTIVE_TAGS:
            kind = (element.get("type") or "").strip().lower()
            if not (tag == "script" and kind in _DATA_SCRIPT_TYPES):
                doomed.append(element)
            continue
        if tag in _ACTIVE_VOID_TAGS and not (tag == "link" and _is_canonical(element)):
            unwrapped.append(element)
        for name in list(element.attrib):
            if name.lower().startswith("on") or name.lower() in _REMOTE_ATTRIBUTES:
                del element.attrib[name]
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()
    for element in unwrapped:
        if element.getparent() is not None:
            element.drop_tag()


def _is_canonical(link) -> bool:
    """<link rel=canonical> names the page's address (metadata); browsers never fetch it."""
    return "canonical" in (link.get("rel") or "").lower().split()


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
