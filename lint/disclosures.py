"""Disclosures on a page: where the publisher tells readers it is paid, in which words, and whether a
reader can see it.

The lexicon is data (kind ``disclosure_phrases``; the built-in one is
``affilint/rules/data/disclosures.toml``), chosen by the page's language (plus English, the lingua
franca of affiliate boilerplate; all languages when the page declares none). A match in the same
sentence as a negation ("we do not earn commissions") does not count. Besides visible text, a
disclosure may sit only in a ``title`` tooltip or an image's ``alt`` text; those are recorded with
that ``medium`` so rules can say they are not conspicuous.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Mapping

from lxml import etree

from affilint.affiliate import AffiliateDataError
from affilint.literals import Alternation, fold, may_match, required_literals
from affilint.text import squash

KINDS = ("affiliate", "amazon", "sponsored", "vague", "ambiguous", "negation")
ADEQUATE = frozenset({"affiliate", "amazon", "sponsored"})
_ATTRIBUTE_TEXT = etree.XPath("//*[@title] | //img[@alt]")
# A pattern that opens with a word boundary and a letter ("\bthis ...").
_LEADING_BOUNDARY = re.compile(r"\\b([A-Za-z])(?![*+?{])")
_CLAUSE_BOUNDARY = re.compile(r"[.!?;:,]\s|\b(?:but|however|aber|mais|pero|ma|maar|mas)\b", re.I)


@dataclass(frozen=True, eq=False)
class Disclosure:
    """One disclosure found on the page."""

    kind: str
    language: str
    text: str  # the matching words
    element: Any
    block: Any  # the Block, or None for tooltip / image text
    medium: str  # "text" | "title-attribute" | "image-alt"
    region: str
    in_main_content: bool
    visibility: str
    hidden_reason: str
    line: int

    @property
    def adequate(self) -> bool:
        """Says in words that the publisher is paid."""
        return self.kind in ADEQUATE

    @property
    def conspicuous(self) -> bool:
        return self.medium == "text" and self.visibility == "visible"

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "language": self.language,
            "text": self.text,
            "medium": self.medium,
            "line": self.line,
            "region": self.region,
            "in_main_content": self.in_main_content,
            "visibility": self.visibility,
        }


class _Subset:
    """Some patterns of one (language, kind) list, matched as their alternation would match them."""

    __slots__ = ("patterns",)

    def __init__(self, patterns: list[re.Pattern[str]]) -> None:
        self.patterns = patterns

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return Alternation.run(self.patterns, text)


class DisclosureLexicon:
    """Compiled phrase patterns per (language, kind); build once per process."""

    def __init__(self, entries: Iterable[Mapping[str, Any]]) -> None:
        collected: dict[tuple[str, str], list[str]] = {}
        for entry in entries:
            label = f"{entry.get('language')}/{entry.get('kind')}"
            if entry.get("kind") not in KINDS:
                raise AffiliateDataError(f"disclosure phrases {label}: 'kind' must be one of {', '.join(KINDS)}")
            language = entry.get("language")
            if not isinstance(language, str) or not re.fullmatch(r"[a-z]{2,3}", language):
                raise AffiliateDataError(f"disclosure phrases {label}: 'language' must be a primary language subtag such as 'en'")
            patterns = entry.get("patterns")
            if not isinstance(patterns, list) or not patterns or not all(isinstance(p, str) for p in patterns):
                raise AffiliateDataError(f"disclosure phrases {label}: 'patterns' must be a non-empty list of strings")
            for pattern in patterns:
                try:
                    re.compile(f"(?:{pattern})", re.I | re.M)  # as it is used: joined with the others
                except re.error as exc:
                    raise AffiliateDataError(f"disclosure phrases {label}: bad pattern {pattern!r}: {exc}") from None
            collected.setdefault((language, entry["kind"]), []).extend(patterns)
        self.patterns = {
            key: re.compile("|".join(f"(?:{_fast_start(p)})" for p in patterns), re.I | re.M) for key, patterns in collected.items()
        }
        # A page holds the words that most phrase patterns require nowhere in its text: only those
        # that may match run on its blocks (see literals.py), joined as before so matches keep their order.
        self._required = {
            key: tuple(required_literals(p, re.I | re.M) for p in patterns) for key, patterns in collected.items()
        }
        # Each pattern compiled once on its own: a page's subset runs them as their alternation would
        # (literals.Alternation.run), instead of compiling (and keeping) an alternation per subset.
        self._compiled = {
            key: [re.compile(f"(?:{_fast_start(p)})", re.I | re.M) for p in patterns] for key, patterns in collected.items()
        }
        self.languages = sorted({language for language, _kind in collected})

    def languages_for(self, lang: str) -> list[str]:
        primary = lang.split("-")[0].lower() if lang else ""
        if primary in self.languages:
            return sorted({primary, "en"} & set(self.languages))
        return self.languages

    def match(self, text: str, languages: list[str], candidates: Mapping[tuple[str, str], re.Pattern[str]] | None = None) -> tuple[str, str, str] | None:
        """(kind, language, matched words) of the strongest disclosure in ``text``, or None.

        Every match is tried, so "We don't earn on Apple products. We do earn a commission on other
        purchases" still counts as a disclosure. ``candidates`` (from :meth:`candidates` of a text
        that includes this one) skips the patterns that cannot match.
        """
        patterns = self.patterns if candidates is None else candidates
        for kind in ("amazon", "affiliate", "sponsored", "vague", "ambiguous"):
            for language in languages:
                pattern = patterns.get((language, kind))
                if pattern is None:
                    continue
                for found in pattern.finditer(text):
                    if not self._negated(text, found.start(), found.end(), languages):
                        return kind, language, found.group(0)
        return None

    def candidates(self, text: str, languages: list[str]) -> dict[tuple[str, str], Any]:
        """Per (language, kind), the patterns that may match somewhere in ``text`` (say, all the
        texts of a page, joined), for :meth:`match`; keys none of whose patterns may match are left out."""
        folded = fold(text)
        found = {}
        for key, required in self._required.items():
            if key[0] not in languages or key[1] == "negation":
                continue
            chosen = tuple(index for index, needs in enumerate(required) if may_match(needs, folded))
            if len(chosen) == len(required):
                found[key] = self.patterns[key]
            elif chosen:
                found[key] = _Subset([self._compiled[key][index] for index in chosen])
        return found

    def _negated(self, text: str, start: int, end: int, languages: list[str]) -> bool:
        """Whether a negation stands in the clause of the match ("not sponsored by Sony, but we earn
        a commission" denies one thing and discloses another)."""
        clause_start = 0
        for boundary in _CLAUSE_BOUNDARY.finditer(text, 0, start):
            clause_start = boundary.end()
        following = _CLAUSE_BOUNDARY.search(text, end)
        clause = text[clause_start : following.start() if following else len(text)]
        return any(
            (pattern := self.patterns.get((language, "negation"))) is not None and pattern.search(clause)
            for language in languages
        )


def _fast_start(pattern: str) -> str:
    """``\\bthis …`` as ``t(?<!\\wt)his …``: the same matches, but a pattern that opens with a letter lets
    the regex engine skip ahead to where that letter occurs, where a leading ``\\b`` makes it try every
    position (about twice as slow on a page's blocks). The lookbehind, placed after the letter, asks
    what ``\\b`` asked: that no word character comes before it. Literals for the prefilter are read
    from the pattern as written."""
    match = _LEADING_BOUNDARY.match(pattern)
    if match is None:
        return pattern
    letter = match.group(1)
    return f"{letter}(?<!\\w{letter}){pattern[match.end():]}"


def find_disclosures(doc: Any, lexicon: DisclosureLexicon) -> list[Disclosure]:
    """Every disclosure on the page, in document order (text blocks, then tooltip and alt texts)."""
    languages = lexicon.languages_for(doc.metadata.lang)
    found: list[Disclosure] = []
    blocks = [block for block in doc.blocks if len(block.text) <= 2000]  # disclosures are short; long blocks are body text
    candidates = lexicon.candidates("\n".join(block.text for block in blocks), languages)
    for block in blocks:
        hit = lexicon.match(block.text, languages, candidates)
        if hit:
            kind, language, words = hit
            found.append(
                Disclosure(kind, language, words, block.element, block, "text", block.region, block.in_main_content,
                           block.visibility, block.hidden_reason, block.line)
            )
    attribute_texts = []
    for element in _ATTRIBUTE_TEXT(doc.root):
        for attribute, medium in (("title", "title-attribute"), ("alt", "image-alt")):
            value = element.get(attribute)
            if value and len(value) <= 500:
                attribute_texts.append((element, medium, squash(value)))
    candidates = lexicon.candidates("\n".join(text for _e, _m, text in attribute_texts), languages)
    for element, medium, text in attribute_texts:
        hit = lexicon.match(text, languages, candidates)
        if hit and hit[0] in ADEQUATE | {"vague"}:
            placement = doc.placement(element)
            found.append(
                Disclosure(hit[0], hit[1], hit[2], element, None, medium, placement.region, placement.in_main_content,
                           placement.visibility, placement.reason, element.sourceline or 1)
            )
    return found
