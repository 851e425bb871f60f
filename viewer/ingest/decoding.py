"""Turn a file's bytes into text, or a clear reason why not."""
from __future__ import annotations

import codecs
import math
from dataclasses import dataclass

# Larger files are refused rather than read. A news article is a few tens of kB;
# a saved web page with inline scripts and images can reach a few MB.
MAX_FILE_BYTES = 20 * 1024 * 1024
# When charset detection finds several single-byte code pages that read the bytes
# equally well, the Western one is by far the most common for news text.
_PREFERRED_SINGLE_BYTE = "cp1252"

_BINARY_SIGNATURES = {
    b"\x89PNG": "a PNG image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or Office document)",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "a program (ELF binary)",
}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class DecodeError(ValueError):
    """The bytes are not readable text; the message says why, for the user."""


@dataclass
class DecodedText:
    text: str
    encoding: str


def encoding_problem(name: object) -> str | None:
    """Why ``name`` cannot be used to read a file (None: it can).

    A name must look up *and* decode bytes to text: ``undefined`` looks up but refuses every
    input, ``rot13``/``base64``/``hex`` are not text encodings.
    """
    if not isinstance(name, str) or not name.strip() or len(name) > 100:
        return "not an encoding name"
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError, TypeError):
        return "unknown encoding"
    if not getattr(info, "_is_text_encoding", True):
        return "not a text encoding"
    try:
        b"abc".decode(name, "replace")
    except (LookupError, UnicodeError, ValueError, TypeError) as exc:
        return f"cannot decode with it ({exc})"
    return None


def decode_bytes(data: bytes, encoding: str | None = None) -> DecodedText:
    """Decode ``data``; ``encoding`` forces a codec (the user's choice).

    Raises:
        DecodeError: empty, binary, too large or undecodable input.
    """
    if len(data) > MAX_FILE_BYTES:
        raise DecodeError(too_large_message(len(data)))
    if not data:
        raise DecodeError("file is empty")
    if not data.strip():
        raise DecodeError("file contains only whitespace")
    for signature, what in _BINARY_SIGNATURES.items():
        if data.startswith(signature):  # whatever encoding was chosen: no encoding makes it text
            raise DecodeError(f"file is {what}, not text")
    if encoding:
        problem = encoding_problem(encoding)
        if problem:
            raise DecodeError(f"cannot decode as {encoding}: {problem}")
        try:
            text = data.decode(encoding)
        except (LookupError, UnicodeError, ValueError, TypeError) as exc:
            raise DecodeError(f"cannot decode as {encoding}: {exc}") from exc
        return DecodedText(_checked_text(text), encoding)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"broken {codec} text: {exc}") from exc
            return DecodedText(_checked_text(text), codec)
    if b"\x00" not in data:
        try:
            return DecodedText(_checked_text(data.decode("utf-8")), "utf-8")
        except UnicodeDecodeError:
            pass
    return _guess(data)


def too_large_message(size: int) -> str:
    shown = math.ceil(size / 1_048_576 * 10) / 10  # rounded up, so never shown as the limit
    return (f"file is {shown:.1f} MB; the limit for one article file is "
            f"{MAX_FILE_BYTES // 1_048_576} MB")


def _guess(data: bytes) -> DecodedText:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise DecodeError("file looks binary: no text encoding fits it")
    best = matches[0]
    # charset-normalizer folds code pages that decode the bytes identically into one
    # match and names the first alphabetically (cp1250 for most Western text);
    # prefer cp1252 among the equally clean readings.
    for match in matches:
        if match.chaos > best.chaos + 0.005:
            break
        if _PREFERRED_SINGLE_BYTE in match.could_be_from_charset:
            try:
                text = data.decode(_PREFERRED_SINGLE_BYTE)
            except UnicodeDecodeError:
                break
            return DecodedText(_checked_text(text), _PREFERRED_SINGLE_BYTE)
    return DecodedText(_checked_text(str(best)), best.encoding)


def _checked_text(text: str) -> str:
    sample = text[:20000]
    if not sample.strip():
        raise DecodeError("file contains only whitespace")
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > max(8, len(sample) // 100):
        raise DecodeError("file looks binary (many control characters), not text")
    return text
