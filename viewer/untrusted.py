"""Reading back and showing what the app did not just write.

The analysis cache, the state file and the window's settings are files in the user's
folders: another version, a sync tool, a disk error or a hostile program may have
written them. Everything read back goes through these helpers first:

- ``inflate_limited``: zlib data decompressed as a stream with a cap on the output, so a
  compression bomb costs at most the cap, never gigabytes;
- ``loads_bounded``: JSON parsed only after a check that its nesting depth is within a
  limit (so the parser cannot recurse without bound), with NaN/Infinity and huge
  numbers refused;
- ``isolate``: text from articles (titles, outlets, paths…) wrapped in a Unicode bidi
  isolate before it is shown next to the app's own text, so that a stray U+202E in a
  title cannot reverse the line it sits in.

Each raises ``Untrusted`` (a ValueError) on anything it refuses.
"""
from __future__ import annotations

import json
import re
import zlib
from typing import Any


class Untrusted(ValueError):
    """Data read back from disk that is refused: too large, too deep or not well-formed."""


def inflate_limited(blob: bytes, limit: int) -> bytes:
    """``blob`` zlib-decompressed, refusing output over ``limit`` bytes without producing it."""
    if not isinstance(blob, (bytes, bytearray, memoryview)):
        raise Untrusted(f"expected compressed bytes, found {type(blob).__name__}")
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(blob, limit + 1)
    except zlib.error as exc:
        raise Untrusted(f"not zlib data ({exc})") from exc
    if len(out) > limit or inflater.unconsumed_tail:
        raise Untrusted(f"decompresses to more than {limit:,} bytes")
    if not inflater.eof:
        raise Untrusted("compressed data is truncated")
    if inflater.unused_data:
        raise Untrusted("data follows the compressed stream")
    return out


# A JSON string, escapes included (the unrolled form: linear, no backtracking).
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
# An innermost array or object: brackets with no bracket inside.
_INNERMOST = re.compile(rb"\[[^\[\]{}]*\]|\{[^\[\]{}]*\}")
_BRACKET = re.compile(rb"[\[\]{}]")


def nesting_within(text: bytes | str, max_depth: int) -> bool:
    """Whether the JSON ``text`` nests arrays and objects at most ``max_depth`` deep.

    Strings are blanked out first, then innermost brackets are removed one level per pass
    (each pass a linear regular-expression scan, no recursion); brackets left after
    ``max_depth`` passes mean deeper nesting (or unbalanced brackets).
    """
    if isinstance(text, str):
        text = text.encode("utf-8", "surrogatepass")
    skeleton = _STRING.sub(b"", text)
    for _ in range(max_depth):
        skeleton, found = _INNERMOST.subn(b"0", skeleton)
        if not found:
            break
    return _BRACKET.search(skeleton) is None


def _refuse_constant(name: str) -> Any:
    raise Untrusted(f"{name} is not a number this file may hold")


def loads_bounded(raw: bytes | str, max_depth: int) -> Any:
    """Parse JSON whose nesting is at most ``max_depth`` deep (else ``Untrusted``)."""
    if not isinstance(raw, (bytes, bytearray, str)):
        raise Untrusted(f"expected JSON text, found {type(raw).__name__}")
    if not nesting_within(raw, max_depth):
        raise Untrusted(f"nested more than {max_depth} levels deep")
    try:
        text = raw.decode("utf-8") if isinstance(raw, (bytes, bytearray)) else raw
    except UnicodeDecodeError as exc:
        raise Untrusted(f"not UTF-8 ({exc})") from exc
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except Untrusted:
        raise
    except (ValueError, RecursionError) as exc:  # JSONDecodeError; an integer too long to convert
        raise Untrusted(f"not valid JSON ({exc})") from exc


# ------------------------------------------------------------------------------ display
FSI, PDI = "\u2068", "\u2069"
_ISOLATE_OPENERS = "\u2066\u2067\u2068"  # LRI, RLI, FSI
_EMBEDDING_OPENERS = "\u202a\u202b\u202d\u202e"  # LRE, RLE, LRO, RLO
_POP_EMBEDDING = "\u202c"  # PDF
BIDI_CONTROLS = _ISOLATE_OPENERS + PDI + _EMBEDDING_OPENERS + _POP_EMBEDDING
_HAS_CONTROL = re.compile(f"[{BIDI_CONTROLS}]")


def balanced_bidi(text: str) -> str:
    """``text`` with its bidi controls balanced: unmatched closers dropped, unclosed
    embeddings and isolates closed at the end, so nothing leaks past it."""
    if not _HAS_CONTROL.search(text):
        return text
    out: list[str] = []
    stack: list[str] = []  # "i" for an open isolate, "e" for an open embedding/override
    for char in text:
        if char in _ISOLATE_OPENERS:
            stack.append("i")
        elif char in _EMBEDDING_OPENERS:
            stack.append("e")
        elif char == PDI:
            if "i" not in stack:
                continue  # would close an isolate opened outside this text
            while stack.pop() != "i":  # a PDI also closes the embeddings opened inside it
                pass
        elif char == _POP_EMBEDDING:
            if not stack or stack[-1] != "e":
                continue
            stack.pop()
        out.append(char)
    for kind in reversed(stack):
        out.append(PDI if kind == "i" else _POP_EMBEDDING)
    return "".join(out)


def isolate(text: str | None) -> str:
    """Untrusted ``text`` as a bidi isolate (FSI … PDI), so it cannot reorder what is around it.

    Text with no right-to-left letters and no bidi controls is returned as it is.
    """
    if not text:
        return text or ""
    if not _HAS_CONTROL.search(text) and not _RTL.search(text):
        return text
    return FSI + balanced_bidi(text) + PDI


# Right-to-left letters (Hebrew, Arabic, Syriac, Thaana, NKo… and their presentation forms).
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]")
