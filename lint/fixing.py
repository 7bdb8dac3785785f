"""Applying fixes (``check --fix``): byte-exact edits to the input, written atomically.

A fix's edits are given as (line, column) positions in the decoded text. They are turned into byte
offsets of the original file, and only those byte ranges are replaced, so every other byte (line
endings, encoding, BOM, odd whitespace) stays exactly as it was. A file whose bytes do not round-trip
through the decoding (a repaired or guessed encoding) is never edited.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from affilint.atomic import atomic_writer
from affilint.decode import Decoded
from affilint.finding import Finding
from affilint.positions import SourceMap

LOSSLESS_METHODS = frozenset({"bom", "declared", "utf-8", "detected"})


class FixError(Exception):
    """The fixes cannot be applied safely; the message says why."""


@dataclass(frozen=True)
class FixOutcome:
    data: bytes  # the new file content
    applied: int  # findings whose fix was applied
    skipped: int  # fixes left out because they overlapped an earlier one


def apply_fixes(data: bytes, decoded: Decoded, source: SourceMap, findings: Iterable[Finding], unsafe: bool = False) -> FixOutcome:
    """Apply the fixes of ``findings`` to the original bytes; raise :class:`FixError` when unsafe."""
    if decoded.method not in LOSSLESS_METHODS:
        raise FixError(f"the file's encoding was {decoded.method.replace('-', ' ')}, so it cannot be edited byte-exactly")
    bom = data[: len(data) - len(_body(data, decoded))]
    body = data[len(bom):]
    try:
        if decoded.text.encode(decoded.encoding) != body:
            raise FixError(f"the file does not round-trip through {decoded.encoding}, so it cannot be edited byte-exactly")
    except (UnicodeEncodeError, LookupError):
        raise FixError(f"the file cannot be re-encoded as {decoded.encoding}") from None
    edits = []
    for finding in findings:
        fix = finding.fix
        if fix is None or (fix.applicability != "safe" and not unsafe):
            continue
        spans = [
            (source.offset(edit.line, edit.column), source.offset(edit.end_line, edit.end_column), edit.content)
            for edit in fix.edits
        ]
        edits.append(sorted(spans))
    edits.sort(key=lambda spans: spans[0][0])
    chosen, skipped, last_end = [], 0, -1
    for spans in edits:
        if spans[0][0] < last_end or any(a[1] > b[0] for a, b in zip(spans, spans[1:])):
            skipped += 1  # overlaps an earlier fix: the next run will offer it again
            continue
        chosen.append(spans)
        last_end = spans[-1][1]
    if not chosen:
        return FixOutcome(data, 0, skipped)
    encoding = decoded.encoding
    text = decoded.text
    pieces, cursor_char, cursor_byte = [], 0, 0
    for spans in chosen:
        for start, end, content in spans:
            start_byte = cursor_byte + len(text[cursor_char:start].encode(encoding))
            end_byte = start_byte + len(text[start:end].encode(encoding))
            pieces.append(body[cursor_byte:start_byte])
            pieces.append(content.encode(encoding))
            cursor_char, cursor_byte = end, end_byte
    pieces.append(body[cursor_byte:])
    return FixOutcome(bom + b"".join(pieces), len(chosen), skipped)


def _body(data: bytes, decoded: Decoded) -> bytes:
    if decoded.method != "bom":
        return data
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\xff\xfe", b"\xfe\xff"):
        if data.startswith(bom):
            return data[len(bom):]
    return data


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (mode preserved)."""
    with atomic_writer(path, binary=True) as handle:
        handle.write(data)
