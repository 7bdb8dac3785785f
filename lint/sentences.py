"""A fast sentence splitter: one regex for candidate boundaries, an abbreviation list to veto them.

Statistical or rule-heavy splitters (pysbd) are two to three orders of magnitude slower and this runs
on every block of every page. A boundary is end punctuation (``.``, ``!``, ``?``, ``…``, optionally
followed by closing quotes or brackets) plus whitespace, followed by something that can start a
sentence. A period after a known abbreviation or a single-letter initial is not a boundary. Hard line
breaks (``<br>``) always are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

# Anchored at the start of a punctuation run and possessive, so a long run of dots is linear. The
# run's first mark comes first and the "not after another mark" test after it (a lookbehind over both):
# a pattern that starts with a character set lets the regex engine skip ahead to the next mark.
_BOUNDARY = re.compile(r"[.!?…](?<![.!?…]{2})[.!?…]*+[\"'”’»)\]]*+(?=\s+[\"'“‘«(\[]?[A-Z0-9À-ÖØ-Þ¿¡])|\n")
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")


def _load_abbreviations() -> tuple[frozenset[str], frozenset[str]]:
    """Read ``data/abbreviations.txt``: plain entries, then a ``[before-number]`` section."""
    text = resources.files("affilint").joinpath("data/abbreviations.txt").read_text(encoding="utf-8")
    always: set[str] = set()
    before_number: set[str] = set()
    target = always
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line == "[before-number]":
            target = before_number
            continue
        target.add(line)
    return frozenset(always), frozenset(before_number)


ABBREVIATIONS, NUMBER_ABBREVIATIONS = _load_abbreviations()


@dataclass(frozen=True, eq=False)
class Sentence:
    """A sentence of a block: its text, offsets in the block's text and source position."""

    index: int
    block: Any
    text: str
    start: int
    end: int
    line: int

    @property
    def element(self) -> Any:
        return self.block.element


def split_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences in ``text`` (whitespace-trimmed, non-empty)."""
    spans = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if match.group() != "\n" and match.group()[0] == "." and _is_abbreviation(text, match.start()):
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    trimmed = []
    for begin, finish in spans:
        segment = text[begin:finish]
        stripped = segment.strip()
        if stripped:
            lead = len(segment) - len(segment.lstrip())
            trimmed.append((begin + lead, begin + lead + len(stripped)))
    return trimmed


def _is_abbreviation(text: str, period: int) -> bool:
    """True when the period at ``period`` closes an abbreviation or an initial, not a sentence."""
    if text[period : period + 2] in ("..", ".…"):
        return False
    match = _WORD_BEFORE.search(text, max(0, period - 12), period + 1)
    if not match:
        return False
    word = match.group(1)
    if len(word) == 1 and word.isalpha() and word.isupper():
        # An initial ("J. K. Rowling"), unless the letter ends a longer token ("ISIS-K.", "Plan-B.").
        before = text[match.start() - 1] if match.start() else " "
        return not (before.isalnum() or before in "-–/")
    word = word.lower()
    if word in NUMBER_ABBREVIATIONS:
        following = text[period + 1 : period + 3].strip()
        return following[:1].isdigit()
    return word in ABBREVIATIONS


def split_blocks(blocks: list[Any]) -> list[Sentence]:
    """Every sentence of every block, in document order."""
    sentences: list[Sentence] = []
    for block in blocks:
        for start, end in split_spans(block.text):
            sentences.append(
                Sentence(
                    index=len(sentences),
                    block=block,
                    text=block.text[start:end],
                    start=start,
                    end=end,
                    line=block.line_at(start),
                )
            )
    return sentences
