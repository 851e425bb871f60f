"""Turn a file's bytes into text, or a clear reason why not."""
from __future__ import annotations

import codecs
from dataclasses import dataclass

# Larger files are refused rather than read: a news article is a few tens of kB,
# and a multi-megabyte "article" would stall the NLP for minutes.
MAX_FILE_BYTES = 5 * 1024 * 1024

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


def decode_bytes(data: bytes, encoding: str | None = None) -> DecodedText:
    """Decode ``data``; ``encoding`` forces a codec (the user's choice).

    Raises:
        DecodeError: empty, binary, too large or undecodable input.
    """
    if len(data) > MAX_FILE_BYTES:
        raise DecodeError(
            f"file is {len(data) / 1_048_576:.1f} MB; the limit for one article is "
            f"{MAX_FILE_BYTES // 1_048_576} MB")
    if not data.strip():
        raise DecodeError("file is empty")
    if encoding:
        try:
            return DecodedText(data.decode(encoding), encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise DecodeError(f"cannot decode as {encoding}: {exc}") from exc
    for signature, what in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise DecodeError(f"file is {what}, not text")
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


def _guess(data: bytes) -> DecodedText:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("file looks binary: no text encoding fits it")
    text = str(best)
    return DecodedText(_checked_text(text), best.encoding)


def _checked_text(text: str) -> str:
    sample = text[:20000]
    if not sample.strip():
        raise DecodeError("file contains only whitespace")
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > max(8, len(sample) // 100):
        raise DecodeError("file looks binary (many control characters), not text")
    return text
