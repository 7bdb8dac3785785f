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
        decoded = _decoded(stripped, bom_encoding, "bom")
        if not decoded.text.strip():
            raise InputError("empty", "file holds only a byte order mark and whitespace")
        return decoded
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
    if _mostly_utf8(data):
        # Real pages are often UTF-8 with a stray bad byte (a truncated paste, a bad CMS import):
        # replacing that byte beats re-reading every other character as mojibake.
        return Decoded(data.decode("utf-8", errors="replace"), "utf-8", "utf-8-repaired")
    detected = _detect(data)
    if detected:
        try:
            return Decoded(data.decode(detected), detected, "detected")
        except (UnicodeDecodeError, LookupError):
            pass
    dammit = UnicodeDammit(data, is_html=True)
    if dammit.unicode_markup is not None and dammit.original_encoding:
        return Decoded(dammit.unicode_markup, dammit.original_encoding.lower(), "detected")
    return Decoded(data.decode("windows-1252", errors="replace"), "windows-1252", "fallback")


def _detect(data: bytes) -> str | None:
    """Statistical detection, biased to windows-1252 as browsers are when the evidence is weak.

    Short or accent-light Western text gives detectors little to go on (``café`` alone "looks" like
    cp1006 or mac_roman); a browser would show it as windows-1252, so when that reading is as good
    as the detector's best guess, or the guess has no language evidence and the windows-1252
    reading is plain Latin text, windows-1252 wins.
    """
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - declared dependency; bs4 falls back by itself
        return None
    matches = list(from_bytes(data[:262_144]))
    if not matches:
        return None
    best = matches[0]
    for match in matches:
        if match.encoding == "cp1252" and match.percent_chaos <= best.percent_chaos + 1 and match.percent_coherence >= best.percent_coherence - 5:
            return "windows-1252"
    if best.percent_coherence < 10 and _plausible_latin(data):
        return "windows-1252"
    return best.encoding


def _plausible_latin(data: bytes) -> bool:
    try:
        text = data.decode("windows-1252")
    except UnicodeDecodeError:
        return False
    return all(ch.isalpha() or ch in _LATIN_PUNCTUATION for ch in text if ord(ch) > 127)


_LATIN_PUNCTUATION = frozenset("€–—‘’‚“”„…•·©®™°±£¥§¶«»¡¿×÷¢¬¹²³¼½¾ ")


def _mostly_utf8(data: bytes) -> bool:
    """True when the bytes are valid UTF-8 but for a few bad sequences among many good multibyte ones."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    good = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    return bad <= 3 and good >= 3 * bad or (bad > 0 and good >= 50 * bad)


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
