"""Literal prefilters for case-insensitive regular expressions: a cheap "can this match at all?" test.

Python's ``re`` tries a pattern at every position of the text, so a lexicon of dozens of phrase
patterns costs far more than the substring search a literal-extracting engine (ripgrep, Hyperscan)
would do first. :func:`required_literals` reads a pattern's syntax tree and returns the sets of
strings every match must contain one of; text that lacks all strings of one set cannot match, and
the regex need not run. It is exact, not a heuristic: what the tree does not prove is not required.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterable, Iterator

try:  # the standard library's own regex parser (``sre_parse`` before Python 3.11)
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser as _parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python: no prefilter, every pattern just runs
    _parse = _sre = None

# Characters outside ASCII that ``re.IGNORECASE`` matches to an ASCII letter (the Kelvin sign to
# "k", the long s to "s", dotted and dotless i to "i"); folded first, so the substring test sees
# what the regex sees. ``tests/test_literals.py`` checks this table against ``re`` itself.
_FOLD_TO_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_FOLDED = ("\u0130", "\u0131", "\u017f", "\u212a")


def fold(text: str) -> str:
    """``text`` as :func:`required_literals` strings are compared with it (lower-case, folded)."""
    if not text.isascii() and any(char in text for char in _FOLDED):  # str.translate is slow: rarely needed
        text = text.translate(_FOLD_TO_ASCII)
    return text.lower()


@lru_cache(maxsize=1024)  # a process builds its lexicon twice (validation, then use): parse once
def required_literals(pattern: str, flags: int = 0) -> tuple[frozenset[str], ...]:
    """Sets of lower-case ASCII strings such that every match of ``pattern`` contains (case-insensitively)
    one string of each set; empty when none is known. Compare with :func:`fold` of the text."""
    if _parse is None:
        return ()
    try:
        tree = _parse.parse(pattern, flags)
    except Exception:  # the caller compiles the pattern itself and reports its errors
        return ()
    return tuple(frozenset(found) for found in _sequence(list(tree)))


def may_match(required: tuple[frozenset[str], ...], folded: str) -> bool:
    """False when ``folded`` text lacks every string of one of the ``required`` sets (so no match)."""
    return all(any(literal in folded for literal in group) for group in required)


def _sequence(items: list[Any]) -> list[set[str]]:
    """Required sets of a sequence: each item must match, so each item's set is required."""
    found: list[set[str]] = []
    run: list[str] = []
    for op, value in items + [(None, None)]:
        if op is _sre.LITERAL and value < 128:
            run.append(chr(value).lower())
            continue
        if run:
            found.append({"".join(run)})
            run = []
        item = _item(op, value)
        if item:
            found.append(item)
    return found


def _best(sets: list[set[str]]) -> set[str] | None:
    """The most selective of several required sets: the one whose shortest string is longest."""
    return max(sets, key=lambda found: min(map(len, found))) if sets else None


def _item(op: Any, value: Any) -> set[str] | None:
    """One set of strings, one of which any match of this item contains (None when unknown)."""
    if op is _sre.SUBPATTERN:
        return _best(_sequence(list(value[-1])))  # (group, add_flags, del_flags, pattern)
    if op is _sre.BRANCH:
        union: set[str] = set()
        for alternative in value[1]:
            found = _best(_sequence(list(alternative)))
            if not found:
                return None  # an alternative without a literal can match without any of them
            union |= found
        return union
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and value[0] >= 1:
        return _best(_sequence(list(value[2])))
    if op is _sre.ATOMIC_GROUP:
        return _best(_sequence(list(value)))
    return None


class GatedPatterns:
    """A lexicon of case-insensitive patterns matched as one alternation, of only the patterns that may match.

    ``for_text(fold(text))`` returns an :class:`Alternation` of the patterns whose required literals
    occur in the text, or None when none can match, so most blocks of a page never run the
    lexicon's regexes at all. ``candidates`` and ``compiled`` split the two steps.

    Each pattern is compiled once per process, on its own: a page's subset of the lexicon is then
    run pattern by pattern (see :class:`Alternation`) instead of compiling the page's own
    alternation, whose compile cost more than all of the matching (each page's subset differs).
    The patterns are meant for *folded* text (see :func:`fold`, which keeps offsets): Python's
    ``re.IGNORECASE`` makes every character comparison several times slower, so the patterns are
    lower-cased once and matched without it. Take the matched words from the original text with the
    match's span.
    """

    def __init__(self, patterns: Iterable[str]) -> None:
        self.patterns = tuple(patterns)
        self.required = tuple(required_literals(p, re.I) for p in self.patterns)
        self._lowered = tuple(lower_pattern(p) for p in self.patterns)
        self._single = tuple(re.compile(p) for p in self._lowered)
        # An alternative that can match the empty string needs re's own rules for where the next
        # match may start; such a (never seen) lexicon is compiled as one alternation instead.
        self._may_be_empty = any(_min_width(p) == 0 for p in self._lowered)

    def candidates(self, folded: "str | LiteralProbe", among: tuple[int, ...] | None = None) -> tuple[int, ...]:
        """Indexes of the patterns (of ``among``, default all) that may match ``folded`` text (or a
        :class:`LiteralProbe` of it, when several lexicons ask about the same page)."""
        indexes = range(len(self.patterns)) if among is None else among
        required = self.required
        if isinstance(folded, LiteralProbe):
            present = folded.present
            return tuple(index for index in indexes if all(any(present(lit) for lit in group) for group in required[index]))
        return tuple(index for index in indexes if may_match(required[index], folded))

    def compiled(self, chosen: tuple[int, ...]) -> "Alternation | re.Pattern[str] | None":
        """The alternation of the ``chosen`` patterns for folded text (None for none)."""
        if not chosen:
            return None
        if self._may_be_empty:
            return _compile_alternation(tuple(self._lowered[i] for i in chosen))
        return Alternation(tuple(self._single[i] for i in chosen), tuple(self.required[i] for i in chosen))

    def for_text(self, folded: "str | LiteralProbe") -> "Alternation | re.Pattern[str] | None":
        return self.compiled(self.candidates(folded))


class Alternation:
    """Patterns, each compiled on its own, that search and iterate exactly as their ``|``-alternation
    ``(?:p0)|(?:p1)|…`` would (none of them matching the empty string).

    The alternation's match is the leftmost one, and at that position its first alternative that
    matches; the next match is searched from where that one ends. Each pattern's own search finds its
    leftmost match, so the alternation's is the earliest of those (the lowest index on a tie), and a
    pattern's pending match stays valid until a chosen match ends past its start. Before searching a
    text, each pattern's required literals are checked in it: a pattern lacking one never runs.
    """

    __slots__ = ("patterns", "required")

    def __init__(self, patterns: tuple[re.Pattern[str], ...], required: tuple[tuple[frozenset[str], ...], ...]) -> None:
        self.patterns = patterns
        self.required = required

    def _live(self, folded: str) -> list[re.Pattern[str]]:
        return [pattern for pattern, needs in zip(self.patterns, self.required) if may_match(needs, folded)]

    def search(self, folded: str) -> re.Match[str] | None:
        best = None
        for pattern in self._live(folded):
            found = pattern.search(folded)
            if found is not None and (best is None or found.start() < best.start()):
                best = found
        return best

    def finditer(self, folded: str) -> Iterator[re.Match[str]]:
        live = self._live(folded)
        if len(live) <= 1:
            if live:
                yield from live[0].finditer(folded)
            return
        pending = [pattern.search(folded) for pattern in live]
        while True:
            best = None
            for found in pending:
                if found is not None and (best is None or found.start() < best.start()):
                    best = found
            if best is None:
                return
            yield best
            end = best.end()
            for index, found in enumerate(pending):
                if found is not None and found.start() < end:
                    pending[index] = live[index].search(folded, end)


@lru_cache(maxsize=64)
def _compile_alternation(lowered: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in lowered))


def _min_width(pattern: str) -> int:
    """The fewest characters a match of ``pattern`` has (0 when unknown)."""
    if _parse is None:
        return 0
    try:
        return _parse.parse(pattern).getwidth()[0]
    except Exception:
        return 0


class LiteralProbe:
    """"Does this literal occur in the page?", answered once per literal for all of a page's lexicons.

    A literal without whitespace occurs in the text exactly when it occurs in one of its words, so it
    is looked up in the page's distinct words joined by spaces, a fraction of the page's length.
    """

    def __init__(self, folded: str) -> None:
        self.folded = folded
        self.vocabulary = " ".join(set(folded.split()))
        self._known: dict[str, bool] = {}

    def present(self, literal: str) -> bool:
        known = self._known.get(literal)
        if known is None:
            haystack = self.vocabulary if literal.isprintable() and " " not in literal else self.folded
            known = self._known[literal] = literal in haystack
        return known


def lower_pattern(pattern: str) -> str:
    """``pattern`` with its letters lower-cased, escapes (``\\W``, ``\\S``, ``\\B``, ``\\x27``) left alone,
    so that on folded text it matches what the original matches with ``re.IGNORECASE``."""
    out = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            out.append(pattern[index : index + 2])
            index += 2
            continue
        out.append(char.lower())
        index += 1
    return "".join(out)


def folded_same_length(text: str) -> str:
    """:func:`fold` of ``text`` when it keeps every offset (it does, but for exotic case mappings)."""
    folded = fold(text)
    return folded if len(folded) == len(text) else text.lower() if len(text.lower()) == len(text) else text
