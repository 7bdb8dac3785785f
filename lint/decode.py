"""Bytes of unknown encoding to text: BOM, then the document's own declaration, then detection.

The order follows the WHATWG encoding sniffing algorithm in spirit: a byte order mark wins; then
``<meta charset>`` / ``http-equiv`` / an XML declaration (via beautifulsoup4's ``EncodingDetector``);
then strict UTF-8; then statistical detection (charset-normalizer, through bs4's ``UnicodeDammit``);
and windows-1252 as the last resort, as browsers do.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from bs4.dammit import EncodingDetector, UnicodeDammit

from affilint.errors import InputError

# WHATWG maps these labels to windows-1252, which is a superset of them.
_WINDOWS_1252_ALIASES = {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "iso8859-1", "l1", "cp819"}
_BINARY_SIGNATURES = {
    b"%PDF-": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x1f\x8b": "gzip-compressed data (decompress it first)",
    b"\x7fELF": "an executable",
    b"RIFF": "a RIFF media file",
    b"\x00\x00\x01\x00": "an icon",
    b"wOF": "a web font",
}


@dataclass(frozen=True)
class Decoded:
    """Decoded text with the encoding used and how it was chosen (``bom``, ``declared``, ``utf-8``, ``detected``)."""

    text: str
    encoding: str
    method: str


def decode(data: bytes) -> Decoded:
    """Decode ``data`` or raise :class:`InputError` (``empty``, ``binary``) when it is not text."""
    if not data.strip():
        raise InputError("empty", "file is empty" if not data else "file contains only whitespace")
    stripped, bom_encoding = EncodingDetector.strip_byte_order_mark(data)
    if bom_encoding:
        return _decoded(stripped, bom_encoding, "bom")
    _reject_binary(data)
    declared = EncodingDetector.find_declared_encoding(data, is_html=True)
    if declared:
        encoding = _normalise(declared)
        if encoding:
            try:
                return Decoded(data.decode(encoding), encoding, "declared")
            except (UnicodeDecodeError, LookupError):
                pass  # a wrong declaration is common; fall through to strict UTF-8 and detection
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError:
        pass
    dammit = UnicodeDammit(data, is_html=True)
    if dammit.unicode_markup is not None and dammit.original_encoding:
        return Decoded(dammit.unicode_markup, dammit.original_encoding.lower(), "detected")
    return Decoded(data.decode("windows-1252", errors="replace"), "windows-1252", "fallback")


def _decoded(data: bytes, encoding: str, method: str) -> Decoded:
    try:
        return Decoded(data.decode(encoding), encoding, method)
    except UnicodeDecodeError:
        return Decoded(data.decode(encoding, errors="replace"), encoding, method)


def _normalise(label: str) -> str | None:
    """Map a declared charset label to a Python codec, following WHATWG where they differ."""
    label = label.strip().lower()
    if label in _WINDOWS_1252_ALIASES:
        return "windows-1252"
    if label.startswith("utf-16") or label.startswith("utf-32"):
        # A declaration found by an ASCII scan cannot be right for UTF-16/32 bytes (WHATWG: use UTF-8).
        return "utf-8"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _reject_binary(data: bytes) -> None:
    head = data[:4096]
    for signature, what in _BINARY_SIGNATURES.items():
        if head.startswith(signature):
            raise InputError("binary", f"file is binary ({what}), not HTML")
    if b"\x00" in head:
        raise InputError("binary", "file is binary (contains NUL bytes), not HTML")
