"""Load articles from .txt, .md and saved .html pages into ``Article`` objects."""
from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from pathlib import Path
from typing import Callable, Iterable, Optional

from . import datetext, furniture, metadata, sources
from .decoding import MAX_FILE_BYTES, DecodeError, decode_bytes, too_large_message
from ..model import (BODY, BOILERPLATE, BYLINE, HEADING, TITLE, Article, ArticleMeta, display_text,
                    LoadError, Paragraph)
from .segment import paragraph_spans

TEXT_SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
                 ".html": "html", ".htm": "html", ".xhtml": "html"}

# Bump when segmentation or classification changes: cached analyses depend on it.
SEGMENTER_VERSION = "8"  # 8: "Image source, X" credits; roles and outlets are not byline authors

# Limits that keep one odd file from stalling the whole library. A long news
# article is ~60,000 characters in ~150 paragraphs; analysis runs at roughly
# 25,000 characters a second, and alignment grows with paragraphs squared.
MAX_TEXT_CHARS = 500_000
MAX_PARAGRAPHS = 1_000


class ArticleLoadError(Exception):
    """A file could not be loaded; ``str(exc)`` names the file and the reason."""


def is_article_file(path: Path) -> bool:
    return path.suffix.lower() in TEXT_SUFFIXES and not path.name.startswith(".")


def expand_paths(paths: Iterable[str]) -> tuple[list[str], list[LoadError]]:
    """Expand folders into their article files (sorted), keeping files as given.

    Every entry of a folder that cannot be listed, looked at (``stat``) or entered is
    reported as a LoadError naming it and skipped; the rest is still found.
    """
    files: list[str] = []
    errors: list[LoadError] = []
    for raw in paths:
        try:
            info = os.stat(raw)
        except FileNotFoundError:
            errors.append(_entry_error(raw, "no such file or folder"))
            continue
        except (OSError, ValueError) as exc:  # e.g. a parent folder that may not be searched
            errors.append(_entry_error(raw, f"cannot look at it ({_reason(exc)})"))
            continue
        if stat.S_ISDIR(info.st_mode):
            found: list[str] = []
            before = len(errors)
            _walk(raw, found, errors)
            if not found and len(errors) == before:
                errors.append(_entry_error(raw, "folder has no .txt, .md or .html files"))
            files.extend(sorted(found))
        else:
            files.append(raw)  # a file given by name is loaded whatever its suffix or kind
    return files, errors


def _walk(folder: str, found: list[str], errors: list[LoadError]) -> None:
    """Article files under ``folder`` into ``found``; what cannot be read into ``errors``.

    Links to folders are not followed (a link to an ancestor would never end); links to
    files are, as before. Hidden files are not articles, but hidden folders are searched.
    """
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)  # the same order everywhere
    except OSError as exc:
        errors.append(_entry_error(folder, f"cannot open folder ({_reason(exc)})"))
        return
    for entry in entries:
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
            if is_dir:
                _walk(entry.path, found, errors)
                continue
            # A link of any (not hidden) name may lead to a folder (reported, not followed)
            # or nowhere; other files only matter when their names are articles' names.
            if not is_article_file(Path(entry.name)) and (entry.name.startswith(".") or not entry.is_symlink()):
                continue
            # stat() follows a link, so a broken or looping link or a file in a folder
            # that may not be searched fails here, with its reason.
            mode = entry.stat().st_mode
        except OSError as exc:
            errors.append(_entry_error(entry.path, _link_reason(entry, exc)))
            continue
        if stat.S_ISREG(mode):
            if is_article_file(Path(entry.name)):
                found.append(entry.path)
        elif stat.S_ISDIR(mode):
            errors.append(_entry_error(entry.path, "is a link to a folder; links to folders are not "
                                                   "followed (open that folder itself)"))
        elif is_article_file(Path(entry.name)):
            errors.append(_entry_error(entry.path, "not a regular file (a FIFO, socket or device)"))


def _link_reason(entry: os.DirEntry, exc: OSError) -> str:
    try:
        link = entry.is_symlink()
    except OSError:
        link = False
    if link and isinstance(exc, FileNotFoundError):
        return "is a broken link (what it points to does not exist)"
    if link and exc.errno == errno.ELOOP:
        return "is a link that loops back on itself"
    return f"cannot look at it ({_reason(exc)})"


def _entry_error(path: str, reason: str) -> LoadError:
    return LoadError(path, display_text(f"{path}: {reason}"))


def _reason(exc: BaseException) -> str:
    return (exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)) or type(exc).__name__


def load_paths(paths: Iterable[str], encodings: Optional[dict[str, str]] = None,
               progress: Optional[Callable[[int, int], None]] = None
               ) -> tuple[list[Article], list[LoadError]]:
    """Load every article under ``paths``; a bad file becomes a LoadError, not an exception."""
    files, errors = expand_paths(paths)
    articles: list[Article] = []
    for n, file in enumerate(files):
        try:
            articles.append(load_article(file, (encodings or {}).get(file)))
        except ArticleLoadError as exc:
            errors.append(LoadError(file, display_text(str(exc))))  # path kept exact, message shown
        if progress:
            progress(n + 1, len(files))
    return articles, errors


def load_article(path: str, encoding: Optional[str] = None) -> Article:
    """Read and segment one article file.

    Raises:
        ArticleLoadError: missing, unreadable, binary, empty or undecodable file.
    """
    data = read_limited(path)
    try:
        decoded = decode_bytes(data, encoding)
    except DecodeError as exc:
        raise ArticleLoadError(f"{path}: {exc}") from exc
    fmt = TEXT_SUFFIXES.get(Path(path).suffix.lower(), "text")
    if fmt == "text" and _looks_like_html(decoded.text):
        fmt = "html"
    if fmt == "html":
        from .htmlextract import extract_html  # lxml/trafilatura load only when needed
        try:
            text, html_meta = extract_html(decoded.text)
        except ValueError as exc:
            raise ArticleLoadError(f"{path}: {exc}") from exc
    else:
        text, html_meta = decoded.text, ArticleMeta()
    if len(text) > MAX_TEXT_CHARS:
        raise ArticleLoadError(
            f"{path}: text is {len(text):,} characters long; the limit for one article is "
            f"{MAX_TEXT_CHARS:,} characters")
    article = build_article(path, text, fmt, html_meta)
    article.encoding = decoded.encoding
    return article


def read_limited(path: str) -> bytes:
    """The bytes of a regular file, refusing (without reading) files over the size limit.

    The file is opened read-only and never written; opened without blocking and checked
    through the open descriptor, so a FIFO swapped in after the check cannot hang loading.
    """
    file = Path(path)
    try:
        # A look by name first, so a device is never even opened ...
        if file.is_dir():
            raise ArticleLoadError(f"{path}: is a folder, not a file")
        if not file.is_file():  # a FIFO or device would block or never end
            raise ArticleLoadError(f"{path}: not a regular file")
        # ... then the open file itself: the name may have been given to a FIFO in between,
        # so the open must not block (O_NONBLOCK) and what was opened is what is checked.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
        descriptor = os.open(file, flags)
        with os.fdopen(descriptor, "rb") as handle:
            info = os.fstat(descriptor)
            if stat.S_ISDIR(info.st_mode):
                raise ArticleLoadError(f"{path}: is a folder, not a file")
            if not stat.S_ISREG(info.st_mode):
                raise ArticleLoadError(f"{path}: not a regular file")
            if info.st_size > MAX_FILE_BYTES:
                raise ArticleLoadError(f"{path}: {too_large_message(info.st_size)}")
            data = handle.read(MAX_FILE_BYTES + 1)  # the file may have grown since fstat()
    except OSError as exc:
        raise ArticleLoadError(f"{path}: cannot read file ({exc.strerror or exc})") from exc
    if len(data) > MAX_FILE_BYTES:
        raise ArticleLoadError(f"{path}: {too_large_message(len(data))}")
    return data


_HTML_START = re.compile(r"<(?:html|head|body|article|main|section|div|p|h[1-6]|table|ul)\b")


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head):
        return True
    # A copied fragment of a page: it opens with a block element and closes tags.
    return bool(_HTML_START.match(head)) and "</" in head


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def build_article(path: str, text: str, fmt: str = "text",
                  known: Optional[ArticleMeta] = None) -> Article:
    """Segment ``text`` into classified paragraphs and read its metadata."""
    spans = paragraph_spans(text)
    if not spans:
        raise ArticleLoadError(f"{path}: no text found")
    if len(spans) > MAX_PARAGRAPHS:
        raise ArticleLoadError(
            f"{path}: text has {len(spans):,} paragraphs; the limit for one article is "
            f"{MAX_PARAGRAPHS:,} paragraphs")
    meta = ArticleMeta(**{**(known or ArticleMeta()).__dict__})
    kinds = [BODY] * len(spans)
    texts = [text[s:e] for s, e in spans]

    for i, flag in enumerate(furniture.classify_boilerplate(text, spans)):
        if flag:
            kinds[i] = BOILERPLATE

    first = next((i for i, k in enumerate(kinds) if k == BODY), None)
    if first is not None:
        header = metadata.parse_header(texts[first].splitlines())
        if header:
            kinds[first] = BYLINE
            _apply_header(meta, header)
            first = next((i for i in range(first + 1, len(kinds)) if kinds[i] == BODY), None)
    if first is not None and _is_title_candidate(texts[first], fmt):
        kinds[first] = TITLE
        if not meta.title:
            meta.title = _clean_title(texts[first])
    # Bylines sit just under the title (or first); look at the next few paragraphs.
    for i in range(len(spans)):
        if kinds[i] != BODY:
            continue
        if i > (first or 0) + 3:
            break
        found = metadata.parse_byline(texts[i])
        if found:
            kinds[i] = BYLINE
            meta.authors = meta.authors or found.get("authors", [])
            meta.outlet = meta.outlet or found.get("outlet")
            meta.published = meta.published or found.get("published")
    for i, t in enumerate(texts):
        if kinds[i] == BODY and i > (first or 0) and furniture.looks_like_heading(t):
            kinds[i] = HEADING
    # The dateline opens the first paragraph of the story proper, which may follow a standfirst.
    for i in [i for i, k in enumerate(kinds) if k == BODY][:3]:
        dateline = metadata.parse_dateline(texts[i])
        if dateline:
            meta.dateline = meta.dateline or dateline[0]
            break
    if not meta.published:
        publication = datetext.find_publication(text, spans, [k == TITLE for k in kinds])
        meta.published = publication.date.isoformat() if publication.date else None
    if not meta.outlet:
        cue = sources.identify_outlet(meta.title, texts, [i for i, k in enumerate(kinds) if k == BODY],
                                      [i for i, k in enumerate(kinds) if k == BYLINE])
        meta.outlet = cue.outlet if cue else None
        if cue and cue.cue == "copyright line" and cue.paragraph is not None and kinds[cue.paragraph] == BODY:
            kinds[cue.paragraph] = BOILERPLATE  # "All rights reserved" is not what the outlet reports
    if meta.title is None:  # shown everywhere: an undecodable byte of the name becomes U+FFFD
        meta.title = display_text(Path(path).stem)

    paragraphs = [Paragraph(i, s, e, kinds[i]) for i, (s, e) in enumerate(spans)]
    body = [p.index for p in paragraphs if p.kind == BODY]
    for dup, original in furniture.find_duplicates(texts, body).items():
        paragraphs[dup].duplicate_of = original
    return Article(path=path, text=text, meta=meta, paragraphs=paragraphs,
                   content_hash=content_hash(text), source_format=fmt)


_SENTENCE_BREAK = re.compile(r"[.!?][\"”’]?\s+[A-Z]")


def _is_title_candidate(text: str, fmt: str) -> bool:
    if fmt == "markdown" and text.lstrip().startswith("#"):
        return True
    text = text.strip()
    if "\n" in text or len(text) > 200 or text.endswith(":"):
        return False
    # A headline may end with a full stop ("Harbour Board: Ministers Agree To Resume
    # Talks."); a lead sentence is longer or holds a second sentence.
    return not text.endswith(".") or (len(text.split()) <= 16 and not _SENTENCE_BREAK.search(text[:-1]))


def _clean_title(text: str) -> str:
    return re.sub(r"^\s*#+\s*", "", re.sub(r"\s+", " ", text)).strip()


def _apply_header(meta: ArticleMeta, header: dict[str, str]) -> None:
    meta.title = header.get("title") or meta.title
    meta.outlet = header.get("outlet") or meta.outlet
    meta.url = header.get("url") or meta.url
    if header.get("authors"):
        meta.authors = metadata.byline_authors(header["authors"])
    if header.get("date"):
        meta.published = metadata.parse_date(header["date"]) or meta.published
