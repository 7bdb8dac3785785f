"""Literal prefilters for case-insensitive regular expressions: a cheap "can this match at all?" test.

Python's ``re`` tries a pattern at every position of the text, so a lexicon of dozens of phrase
patterns costs far more than the substring search a literal-extracting engine (ripgrep, Hyperscan)
would do first. :func:`required_literals` reads a pattern's syntax tree and returns the sets of
strings every match must contain one of; text that lacks all strings of one set cannot match, and
the regex need not run. It is exact, not a heuristic: what the tree does not prove is not required.

:func:`required_words` does the same for whole words, which a text's set of words (:func:`words_of`,
made once per block) answers with a hash lookup instead of a scan. :class:`Alternation` runs a
lexicon's patterns, each compiled once per process, exactly as their ``|``-alternation, skipping
those a text's words or literals rule out; :class:`Alternations` does it for several lexicons at once.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
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
def required_literals(pattern: str, flags: int = 0, exact: bool = False, cased: bool = False) -> tuple[frozenset[str], ...]:
    """Sets of lower-case ASCII strings such that every match of ``pattern`` contains (case-insensitively)
    one string of each set; empty when none is known. Compare with :func:`fold` of the text.

    ``exact``: ``pattern`` is matched as it is, case-sensitively, on the text compared (a
    :func:`lower_pattern` on folded text), so its characters are taken as they are, any character,
    and a character set of a few characters (``[$€£]``) requires one of them. ``cased`` (with
    ``exact``): ``pattern`` is matched case-sensitively on a text whose :func:`fold` is compared,
    so its ASCII characters are taken lower-cased (``[Vv]ia`` requires "via") and others not at all."""
    if _parse is None:
        return ()
    try:
        tree = _parse.parse(pattern, flags)
    except Exception:  # the caller compiles the pattern itself and reports its errors
        return ()
    if exact and tree.state.flags & (re.IGNORECASE | re.LOCALE):
        return ()
    mode = ("cased" if cased else "exact") if exact else ""
    return tuple(frozenset(found) for found in _sequence(list(tree), mode))


def may_match(required: tuple[frozenset[str], ...], folded: str) -> bool:
    """False when ``folded`` text lacks every string of one of the ``required`` sets (so no match)."""
    for group in required:  # loops, not all(any(...)): called for every block, generators cost more
        for literal in group:
            if literal in folded:
                break
        else:
            return False
    return True


def _char(value: int, mode: str) -> str | None:
    """A pattern's literal character as the compared text has it (None: not known)."""
    if mode == "exact":
        return chr(value)
    return chr(value).lower() if value < 128 else None


def _class_chars(members: list[Any], mode: str) -> set[str] | None:
    """The characters a small character set of literals (``[$€£¥]``, ``[Vv]``) matches, as the
    compared text has them (None: not such a set, or not known); only where ``mode`` is exact."""
    if not mode or len(members) > 8 or not all(op is _sre.LITERAL for op, _ in members):
        return None
    chars = {_char(value, mode) for _, value in members}
    return None if None in chars else chars  # type: ignore[return-value]


def _sequence(items: list[Any], mode: str = "") -> list[set[str]]:
    """Required sets of a sequence: each item must match, so each item's set is required."""
    found: list[set[str]] = []
    run: list[str] = []
    for op, value in items + [(None, None)]:
        char = _char(value, mode or "ignorecase") if op is _sre.LITERAL else None
        if char is None and op is _sre.IN and len(chars := _class_chars(value, mode) or ()) == 1:
            char = next(iter(chars))  # "[Vv]" matched case-sensitively, then folded: "v"
        if char is not None:
            run.append(char)
            continue
        if run:
            found.append({"".join(run)})
            run = []
        item = _item(op, value, mode)
        if item:
            found.append(item)
    return found


def _best(sets: list[set[str]]) -> set[str] | None:
    """The most selective of several required sets: the one whose shortest string is longest."""
    return max(sets, key=lambda found: min(map(len, found))) if sets else None


def _item(op: Any, value: Any, mode: str = "") -> set[str] | None:
    """One set of strings, one of which any match of this item contains (None when unknown)."""
    if op is _sre.SUBPATTERN:
        if mode and (value[1] or value[2]):
            return None  # inline flags, such as (?i:...), change what the characters match
        return _best(_sequence(list(value[-1]), mode))  # (group, add_flags, del_flags, pattern)
    if op is _sre.BRANCH:
        union: set[str] = set()
        for alternative in value[1]:
            found = _best(_sequence(list(alternative), mode))
            if not found:
                return None  # an alternative without a literal can match without any of them
            union |= found
        return union
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and value[0] >= 1:
        return _best(_sequence(list(value[2]), mode))
    if op is _sre.ATOMIC_GROUP:
        return _best(_sequence(list(value), mode))
    if op is _sre.IN:
        return _class_chars(value, mode)
    return None


_WORD_CHAR = re.compile(r"\w")
_WORDS = re.compile(r"\w+")
_MAX_SPELLINGS = 256  # a word part with more spellings than this is not worth a set


# Marks a literal in a set of required words: it is searched for in the text (no word starts with it).
LITERAL = "\x00"


def _has_literal(group: "set[str] | frozenset[str]") -> bool:
    return any(word[:1] == LITERAL for word in group)


def split_words(group: frozenset[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """A set of :func:`required_words`: (its words, its literals)."""
    return frozenset(w for w in group if w[:1] != LITERAL), tuple(w[1:] for w in group if w[:1] == LITERAL)


def meets(group: frozenset[str], words: "frozenset[str] | set[str]", folded: str) -> bool:
    """Whether a text with ``words`` (its :func:`words_of`) and folded text ``folded`` has one word of
    ``group`` (a set of :func:`required_words`), or one of its literals."""
    if not group.isdisjoint(words):
        return True
    plain, literals = split_words(group)
    return any(literal in folded for literal in literals)


# Stands among a text's words for "it has a digit" (\\d): no run of word characters spells it.
DIGIT = "\\d"
_DIGIT = re.compile(r"\d")


def words_of(text: str) -> frozenset[str]:
    """The words of ``text`` as :func:`required_words` means them: its maximal runs of ``\\w``
    characters, and :data:`DIGIT` when one of them has a digit."""
    words = _WORDS.findall(text)
    if _DIGIT.search(text):
        words.append(DIGIT)
    return frozenset(words)


@lru_cache(maxsize=1024)
def required_words(pattern: str) -> tuple[frozenset[str], ...]:
    """Sets of whole words such that a text in which ``pattern`` (compiled as it is, no flags) matches
    has, among :func:`words_of` it, one word of each set; empty when none is known.

    Like :func:`required_literals`, but only for a part of the pattern that is a word on its own:
    letters bounded by ``\\b``, a space or another character that is no word character, on both
    sides. Such a part is looked up in a set of the text's words instead of searched in its text,
    which costs a hash lookup instead of a scan.

    An alternative of a set that is no word ("catastroph\\w*") may stand in it as a literal, marked
    by a leading :data:`LITERAL` and searched for in the folded text (see :func:`meets`).
    """
    if _parse is None:
        return ()
    try:
        tree = _parse.parse(pattern, 0)
    except Exception:
        return ()
    if tree.state.flags & (re.IGNORECASE | re.ASCII | re.LOCALE):
        return ()
    return tuple(frozenset(found) for found in _word_parts(list(tree), False, False))


def _word_parts(items: list[Any], bounded_before: bool, bounded_after: bool) -> list[set[str]]:
    """Required word sets of a sequence; ``bounded_*``: whether the character before (after) the
    sequence is known to be no word character (or the text's edge)."""
    found: list[set[str]] = []
    index = 0
    while index < len(items):
        end = index
        spellings: set[str] | None = {""}
        while end < len(items) and (part := _spellings(items[end])) is not None:
            spellings = {a + b for a in spellings for b in part} if spellings is not None else None
            if spellings is not None and len(spellings) > _MAX_SPELLINGS:
                spellings = None
            end += 1
        if end > index:  # a run of items that spell words, from index to end
            if (
                spellings
                and "" not in spellings
                and _bounded_before(items, index, bounded_before)
                and _bounded_after(items, end, bounded_after)
            ):
                found.append(spellings)
            index = end
            continue
        op, value = items[index]
        before, after = _bounded_before(items, index, bounded_before), _bounded_after(items, index + 1, bounded_after)
        if op is _sre.SUBPATTERN and not value[1] and not value[2]:
            found += _word_parts(list(value[-1]), before, after)
        elif op is _sre.ATOMIC_GROUP:
            found += _word_parts(list(value), before, after)
        elif op is _sre.BRANCH:
            union: set[str] | None = set()
            for alternative in value[1]:
                parts = _word_parts(list(alternative), before, after)
                best = _best([part for part in parts if not _has_literal(part)]) or _best(parts)
                if not best:  # no word: a literal it needs, to be searched for in the text
                    best = {LITERAL + literal for literal in _best(_sequence(list(alternative), "cased")) or ()}
                if not best:
                    union = None  # this alternative matches without a known word or literal
                    break
                union |= best
            if union:
                found.append(union)
        index += 1
    if _needs_digit(items) and {DIGIT} not in found:
        found.append({DIGIT})  # "\d+": no word known, but a digit
    return found


def _needs_digit(items: list[Any]) -> bool:
    """Whether every match of the sequence has a digit (``\\d``, not the digits of a literal)."""
    for op, value in items:
        if op is _sre.IN and value and all(member == (_sre.CATEGORY, _sre.CATEGORY_DIGIT) for member in value):
            return True
        if op is _sre.SUBPATTERN and not value[1] and not value[2] and _needs_digit(list(value[-1])):
            return True
        if op is _sre.ATOMIC_GROUP and _needs_digit(list(value)):
            return True
        if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and value[0] >= 1 and _needs_digit(list(value[2])):
            return True
        if op is _sre.BRANCH and all(_needs_digit(list(alternative)) for alternative in value[1]):
            return True
    return False


def _spellings(item: Any) -> set[str] | None:
    """The strings of word characters ``item`` can match (perhaps ""), or None when it can match
    something else or too many of them."""
    op, value = item
    if op is _sre.LITERAL:
        char = chr(value)
        return {char} if _WORD_CHAR.fullmatch(char) else None
    if op is _sre.IN:
        chars = {chr(v) for o, v in value if o is _sre.LITERAL}
        if len(chars) != len(value) or not all(_WORD_CHAR.fullmatch(c) for c in chars):
            return None
        return chars
    if op is _sre.SUBPATTERN:
        return None if value[1] or value[2] else _sequence_spellings(list(value[-1]))
    if op is _sre.BRANCH:
        union: set[str] = set()
        for alternative in value[1]:
            part = _sequence_spellings(list(alternative))
            if part is None:
                return None
            union |= part
        return union if len(union) <= _MAX_SPELLINGS else None
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
        low, high, body = value
        part = _sequence_spellings(list(body))
        if part is None or high > 3:
            return None
        union, power = set(), {""}
        for count in range(high + 1):
            if count >= low:
                union |= power
            power = {a + b for a in power for b in part}
            if len(union) + len(power) > _MAX_SPELLINGS:
                return None
        return union
    return None


def _sequence_spellings(items: list[Any]) -> set[str] | None:
    spellings = {""}
    for item in items:
        part = _spellings(item)
        if part is None:
            return None
        spellings = {a + b for a in spellings for b in part}
        if len(spellings) > _MAX_SPELLINGS:
            return None
    return spellings


if _sre is not None:
    _ZERO_WIDTH = (_sre.ASSERT, _sre.ASSERT_NOT)
    _EDGE_BEFORE = (_sre.AT_BOUNDARY, _sre.AT_BEGINNING, _sre.AT_BEGINNING_STRING, _sre.AT_BEGINNING_LINE)
    _EDGE_AFTER = (_sre.AT_BOUNDARY, _sre.AT_END, _sre.AT_END_STRING, _sre.AT_END_LINE)
    _NO_WORD_CATEGORIES = (_sre.CATEGORY_SPACE, _sre.CATEGORY_NOT_WORD, _sre.CATEGORY_LINEBREAK)


def _bounded_before(items: list[Any], index: int, outer: bool) -> bool:
    """Whether the character before ``items[index]`` is never a word character (a word follows)."""
    for op, value in reversed(items[:index]):
        if op in _ZERO_WIDTH:
            continue  # a lookaround consumes nothing: the item before it is the neighbour
        if op is _sre.AT:
            return value in _EDGE_BEFORE
        if _optional_without_word(op, value, last=True):
            continue  # "(?:very )?": either it ends with a space, or the item before it is the neighbour
        return _ends_without_word(op, value, last=True)
    return outer


def _bounded_after(items: list[Any], index: int, outer: bool) -> bool:
    """Whether the character at ``items[index]`` is never a word character (a word precedes)."""
    for op, value in items[index:]:
        if op in _ZERO_WIDTH:
            continue
        if op is _sre.AT:
            return value in _EDGE_AFTER
        if _optional_without_word(op, value, last=False):
            continue
        return _ends_without_word(op, value, last=False)
    return outer


def _ends_without_word(op: Any, value: Any, last: bool) -> bool:
    """Whether the item consumes at least one character and its last (``last``) or first character
    is never a word character."""
    if op is _sre.LITERAL:
        return not _WORD_CHAR.fullmatch(chr(value))
    if op is _sre.IN:
        return all(_no_word_member(o, v) for o, v in value)
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
        return value[0] >= 1 and _sequence_edge_without_word(list(value[2]), last)
    if op is _sre.SUBPATTERN:
        return not value[1] and not value[2] and _sequence_edge_without_word(list(value[-1]), last)
    if op is _sre.ATOMIC_GROUP:
        return _sequence_edge_without_word(list(value), last)
    if op is _sre.BRANCH:
        return all(_sequence_edge_without_word(list(alternative), last) for alternative in value[1])
    return False


def _optional_without_word(op: Any, value: Any, last: bool) -> bool:
    """An optional item (``?``, ``*``) whose every non-empty match ends (starts) with no word character."""
    return op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and value[0] == 0 and _sequence_edge_without_word(list(value[2]), last)


def _sequence_edge_without_word(items: list[Any], last: bool) -> bool:
    if not items:
        return False
    op, value = items[-1] if last else items[0]
    return _ends_without_word(op, value, last)


def _no_word_member(op: Any, value: Any) -> bool:
    """Whether a member of a character set ``[...]`` never matches a word character."""
    if op is _sre.LITERAL:
        return not _WORD_CHAR.fullmatch(chr(value))
    if op is _sre.CATEGORY:
        return value in _NO_WORD_CATEGORIES
    return False


class GatedPatterns:
    """A lexicon of case-insensitive patterns matched as one alternation, of only the patterns that may match.

    ``for_text(fold(text))`` returns an :class:`Alternation` of the patterns whose required words or
    literals occur in the text, or None when none can match, so most blocks of a page never run the
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
        self._lowered = tuple(lower_pattern(p) for p in self.patterns)
        self.required = tuple(required_literals(p, 0, exact=True) for p in self._lowered)
        self.words = tuple(required_words(p) for p in self._lowered)
        self._page_words = tuple(tuple((group, split_words(group)[1]) for group in words) for words in self.words)
        self._single = tuple(re.compile(p) for p in self._lowered)
        self._entries = tuple(_entry(*parts) for parts in zip(self._single, self.words, self.required))
        # An alternative that can match the empty string needs re's own rules for where the next
        # match may start; such a (never seen) lexicon is compiled as one alternation instead.
        self._may_be_empty = any(_min_width(p) == 0 for p in self._lowered)

    def candidates(self, folded: "str | LiteralProbe", among: tuple[int, ...] | None = None) -> tuple[int, ...]:
        """Indexes of the patterns (of ``among``, default all) that may match ``folded`` text (or a
        :class:`LiteralProbe` of it, when several lexicons ask about the same page)."""
        indexes = range(len(self.patterns)) if among is None else among
        if isinstance(folded, LiteralProbe):
            return tuple(index for index in indexes if self._may_match_page(index, folded))
        return tuple(index for index in indexes if may_match(self.required[index], folded))

    def _may_match_page(self, index: int, probe: "LiteralProbe") -> bool:
        words = self.words[index]
        present = probe.present
        if words:  # a set lookup: cheaper than searching the page for a literal
            page_words = probe.words
            return all(not group.isdisjoint(page_words) or any(map(present, literals)) for group, literals in self._page_words[index])
        return all(any(present(literal) for literal in group) for group in self.required[index])

    def compiled(self, chosen: tuple[int, ...]) -> "Alternation | None":
        """The alternation of the ``chosen`` patterns for folded text (None for none)."""
        if not chosen:
            return None
        if self._may_be_empty:
            return Alternation((), whole=_compile_alternation(tuple(self._lowered[i] for i in chosen)))
        return Alternation(tuple(self._entries[i] for i in chosen), built=True)

    @cached_property
    def everything(self) -> "Alternation":
        """The alternation of all the patterns (for texts that are gated one by one, by their words)."""
        return self.compiled(tuple(range(len(self.patterns)))) or Alternation(())

    def for_text(self, folded: "str | LiteralProbe") -> "Alternation | None":
        return self.compiled(self.candidates(folded))


_FEW = 8


class Alternation:
    """Patterns, each compiled on its own, that search and iterate exactly as their ``|``-alternation
    ``(?:p0)|(?:p1)|…`` would (none of them matching the empty string).

    The alternation's match is the leftmost one, and at that position its first alternative that
    matches; the next match is searched from where that one ends. Each pattern's own search finds its
    leftmost match, so the alternation's is the earliest of those (the lowest index on a tie), and a
    pattern's pending match stays valid until a chosen match ends past its start.

    Before a text is searched, each pattern's required words (in ``words``, the words of the folded
    text, when the caller has them) or else its required literals (in ``folded``, the folded text)
    are checked: a pattern lacking one never runs. Most texts lack all of them, and a set operation
    over every pattern's words at once passes them over.
    """

    __slots__ = ("entries", "whole", "_by_word", "_filed", "_unfiled")

    def __init__(self, entries: tuple[tuple[Any, ...], ...], whole: re.Pattern[str] | None = None, built: bool = False) -> None:
        # (compiled pattern, required words, required literals, those of them in small sets: where
        # the words are known, these few literals are cheap to check as well)
        self.entries = entries if built else tuple(_entry(*entry) for entry in entries)
        self.whole = whole  # the one compiled alternation, for patterns that may match the empty string
        # Each pattern filed under the words of its most selective set: a text's words name the
        # patterns worth checking in one set intersection (patterns without words are always checked).
        self._by_word: dict[str, list[int]] = {}
        for number, entry in enumerate(self.entries):
            for word in _best(list(entry[1])) or ():
                self._by_word.setdefault(word, []).append(number)
        self._filed = frozenset(self._by_word)
        self._unfiled = tuple(number for number, entry in enumerate(self.entries) if not entry[1])

    @classmethod
    def case_sensitive(cls, patterns: Iterable[str]) -> "Alternation":
        """The alternation of ``patterns`` matched as they are (on text that is not folded), gated by
        the words and literals of the folded text: a case-sensitive match is also a case-insensitive
        one, and folding keeps every word a word (``tests/test_literals.py`` checks it)."""
        patterns = tuple(patterns)
        if any(_min_width(p) == 0 for p in patterns):
            return cls((), whole=re.compile("|".join(f"(?:{p})" for p in patterns)))
        entries = []
        for pattern in patterns:
            words = tuple(frozenset(fold(word) for word in group) for group in required_words(pattern))
            literals = required_literals(pattern, 0, exact=True, cased=True)
            entries.append((re.compile(pattern), words, literals))
        return cls(tuple(entries))

    def live(self, folded: str, words: "frozenset[str] | set[str] | None" = None) -> list[re.Pattern[str]]:
        """The patterns that may match the text whose folded form is ``folded`` (its words ``words``, when known)."""
        entries = self.entries
        if words is None:
            return [entry[0] for entry in entries if _entry_may_match(entry, folded, None)]
        hits = self._filed.intersection(words)
        if not hits and not self._unfiled:
            return []
        numbers = set(self._unfiled)
        for word in hits:
            numbers.update(self._by_word[word])
        return [entries[n][0] for n in sorted(numbers) if _entry_may_match(entries[n], folded, words)]

    def search(self, text: str, words: "frozenset[str] | set[str] | None" = None, folded: str | None = None) -> re.Match[str] | None:
        """The alternation's first match in ``text`` (folded, unless ``folded`` is given: then ``text``
        is the text as it is, and ``folded`` its :func:`folded_same_length`)."""
        if self.whole is not None:
            return self.whole.search(text)
        best = None
        for pattern in self.live(text if folded is None else folded, words):
            found = pattern.search(text)
            if found is not None and (best is None or found.start() < best.start()):
                best = found
        return best

    def finditer(self, text: str, words: "frozenset[str] | set[str] | None" = None, folded: str | None = None) -> Iterator[re.Match[str]]:
        """The alternation's matches in ``text`` (as for :meth:`search`)."""
        if self.whole is not None:
            return self.whole.finditer(text)
        return self.run(self.live(text if folded is None else folded, words), text)

    @staticmethod
    def run(live: list[re.Pattern[str]], text: str) -> Iterator[re.Match[str]]:
        """The matches in ``text`` of the alternation of ``live`` (patterns of it, in its order)."""
        if len(live) <= 1:
            return live[0].finditer(text) if live else iter(())
        return Alternation._merged(live, text)

    @staticmethod
    def _merged(live: list[re.Pattern[str]], text: str) -> Iterator[re.Match[str]]:
        pending = [pattern.search(text) for pattern in live]
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
                    pending[index] = live[index].search(text, end)


def _entry(pattern: re.Pattern[str], words: tuple[frozenset[str], ...], literals: tuple[frozenset[str], ...]) -> tuple[Any, ...]:
    """An :class:`Alternation` entry: (pattern, its sets of plain words, its literal sets, those of
    them small enough to check along with words, its sets of words and literals split)."""
    plain = tuple(group for group in words if not _has_literal(group))
    mixed = tuple(split_words(group) for group in words if _has_literal(group))
    return pattern, plain, literals, tuple(group for group in literals if len(group) <= _FEW), mixed


def _entry_may_match(entry: tuple[Any, ...], folded: str, words: "frozenset[str] | set[str] | None") -> bool:
    _pattern, plain, literals, few, mixed = entry
    if words is None or not (plain or mixed):
        return may_match(literals, folded)
    for group in plain:
        if group.isdisjoint(words):
            return False
    for group, group_literals in mixed:
        if group.isdisjoint(words) and not any(literal in folded for literal in group_literals):
            return False
    return may_match(few if plain else literals, folded)


class Alternations:
    """Several alternations (a lexicon's lists, say) asked about the same texts: which of their
    patterns may match a text is found for all of them at once.

    Each pattern is filed under the words of its most selective required set; a text's words meet
    those in one set intersection, so a text without any costs that one operation, and only the
    patterns it names have the rest of their words and literals checked. Alternations whose
    patterns may match the empty string, and patterns without known words, are checked one by one.
    """

    def __init__(self, alternations: dict[str, Alternation]) -> None:
        self.alternations = alternations
        self._by_word: dict[str, list[tuple[str, int]]] = {}
        self._unfiled: list[tuple[str, int]] = []
        self._whole = [name for name, alternation in alternations.items() if alternation.whole is not None]
        for name, alternation in alternations.items():
            for number, (_pattern, needs_words, *_checks) in enumerate(alternation.entries):
                if needs_words:
                    for word in _best(list(needs_words)) or ():
                        self._by_word.setdefault(word, []).append((name, number))
                else:
                    self._unfiled.append((name, number))
        self._filed = frozenset(self._by_word)

    def may_occur(self, words: "frozenset[str] | set[str]") -> bool:
        """Whether a pattern may match in a text with these words (all of a page's, say)."""
        return bool(self._unfiled or self._whole) or not self._filed.isdisjoint(words)

    def finditer(self, folded: str, words: "frozenset[str] | set[str] | None") -> Iterator[tuple[str, re.Match[str]]]:
        """(name, match) of each alternation's matches in ``folded`` (whose words are ``words``, when
        known), the alternations in their order, each one's matches as its :meth:`Alternation.finditer`."""
        if words is None:
            for name, alternation in self.alternations.items():
                for match in alternation.finditer(folded):
                    yield name, match
            return
        hits = self._filed.intersection(words)
        if not hits and not self._unfiled and not self._whole:
            return
        named: dict[str, set[int]] = {}
        for name, number in self._unfiled:
            named.setdefault(name, set()).add(number)
        for word in hits:
            for name, number in self._by_word[word]:
                named.setdefault(name, set()).add(number)
        for name, alternation in self.alternations.items():
            if alternation.whole is not None:
                live = None
            else:
                # Only the named entries, in lexicon order: a text names few of a long lexicon's patterns.
                numbers = named.get(name)
                if not numbers:
                    continue
                entries = alternation.entries
                live = [entries[n][0] for n in sorted(numbers) if _entry_may_match(entries[n], folded, words)]
                if not live:
                    continue
            for match in alternation.finditer(folded, words) if live is None else Alternation.run(live, folded):
                yield name, match


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
    """A page's folded text and its words, asked by all of the page's lexicons whether a pattern may
    match somewhere on it: a pattern's required words are looked up in ``words`` (see
    :func:`required_words`), and only a pattern without known words has its required literals
    searched for in the text, each literal once per page.
    """

    def __init__(self, folded: str, words: "frozenset[str] | set[str] | None" = None) -> None:
        self.folded = folded
        self.words = words_of(folded) if words is None else words
        self._known: dict[str, bool] = {}

    def present(self, literal: str) -> bool:
        known = self._known.get(literal)
        if known is None:
            known = self._known[literal] = literal in self.folded
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
