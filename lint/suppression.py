"""Inline suppression in HTML comments, usable anywhere, inside block elements too::

    <!-- affilint-disable AFF001, SRC -- reason -->   ...   <!-- affilint-enable -->
    <!-- affilint-disable-next AFF001 -- reason -->  (the next element; or, inside text, the rest of it)
    <!-- affilint-disable-file SRC001 -- reason -->

Directives are ranges of source positions, so they work at any depth of the tree. Each directive that
suppressed nothing can be reported (``report-unused-suppressions``), as ESLint and Ruff do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from affilint.selection import matches_any

_DIRECTIVE = re.compile(r"^\s*affilint-(disable-next|disable-file|disable|enable)\b(.*)$", re.S)
_CODE_LIKE = re.compile(r"^[A-Z]{1,5}[0-9]*$")  # "AFF0001", a typo, is code-like too


@dataclass
class Directive:
    kind: str  # "disable" | "disable-next" | "disable-file"
    selectors: tuple[str, ...]  # empty: every rule
    reason: str
    line: int
    column: int | None
    start: tuple[int, int]  # the range it covers, as (line, column)
    end: tuple[int, int]
    exempt: tuple[str, ...] = ()  # rules re-enabled inside a broader disable
    unknown: tuple[str, ...] = ()  # code-like selectors that name no rule
    origin: "Directive | None" = None  # the comment this range continues (after a narrower enable)
    used: bool = field(default=False)

    def names(self, code: str, name: str) -> bool:
        if not self.selectors and self.unknown:
            return False  # only a typo ("disable AFF01"): it must not switch every rule off
        if self.selectors and not matches_any(code, name, self.selectors):
            return False
        return not (self.exempt and matches_any(code, name, self.exempt))

    def covers(self, code: str, name: str, position: tuple[int, int]) -> bool:
        return self.start <= position < self.end and self.names(code, name)

    def describe(self) -> str:
        return f"affilint-{self.kind} {', '.join(self.selectors + self.unknown) or '(all rules)'}"


def parse_directives(doc: Any, aliases: Mapping[str, str] | None = None) -> list[Directive]:
    """All suppression directives of a document, each with the source range it covers.

    ``aliases`` maps rule names to codes: names are accepted as selectors, ``enable AFF001`` closes
    ``disable affiliate-link-…``, and code-like words that name no rule are kept as ``unknown``.
    """
    aliases = aliases or {}
    raw = []
    for comment in doc.comments:
        match = _DIRECTIVE.match(comment.text or "")
        if match:
            kind, rest = match.groups()
            raw.append((kind, *_selectors_and_reason(rest, aliases), comment))
    if not raw:
        return []
    source = doc.source
    end_of_file = source.line_col(len(source.text))
    end_of_file = (end_of_file[0], end_of_file[1] + 1)
    directives: list[Directive] = []
    open_ranges: list[Directive] = []
    for kind, selectors, unknown, reason, comment in raw:
        span = source.span(comment)
        here = (span.line, span.column or 0)
        after = (span.end_line or span.line, span.end_column or 0)
        if kind == "enable":
            for directive in [d for d in open_ranges if _reenables(selectors, d)]:
                directive.end = here
                open_ranges.remove(directive)
                if selectors and not _covers_all(selectors, directive):
                    # A narrower enable inside a broader disable: the rest stays disabled.
                    rest = Directive(directive.kind, directive.selectors, directive.reason, directive.line, directive.column,
                                     after, end_of_file, exempt=directive.exempt + selectors, origin=directive.origin or directive)
                    directives.append(rest)
                    open_ranges.append(rest)
            continue
        if kind == "disable-file":
            directive = Directive(kind, selectors, reason, span.line, span.column, (0, 0), end_of_file, unknown=unknown)
        elif kind == "disable":
            directive = Directive(kind, selectors, reason, span.line, span.column, after, end_of_file, unknown=unknown)
            open_ranges.append(directive)
        else:
            end = _next_range_end(doc, comment, end_of_file)
            directive = Directive(kind, selectors, reason, span.line, span.column, after, end, unknown=unknown)
        directives.append(directive)
    return directives


def _selectors_and_reason(rest: str, aliases: Mapping[str, str]) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """Split ``AFF001, SRC -- reason`` into selectors, unknown code-like words and the reason.

    Without ``--``, the first word that is not a selector starts the reason, so a reason written in
    plain words can never turn into a prefix that silences other rules.
    """
    head, dashes, reason = rest.partition("--")
    words = head.replace(",", " ").split()
    selectors: list[str] = []
    unknown: list[str] = []
    known_codes = set(aliases.values())
    for index, word in enumerate(words):
        if word == "ALL":
            selectors.append(word)
        elif word in aliases:
            selectors.append(aliases[word])
        elif _CODE_LIKE.match(word):
            if any(code.startswith(word) for code in known_codes) or not known_codes:
                selectors.append(word)
            else:
                unknown.append(word)
        else:
            if not dashes:
                reason = " ".join(words[index:])
            break
    return tuple(selectors), tuple(unknown), reason.strip()


def _reenables(selectors: tuple[str, ...], directive: Directive) -> bool:
    """Whether an ``enable`` with these selectors ends (part of) ``directive``."""
    if not selectors or not directive.selectors:
        return True
    return any(a == "ALL" or b == "ALL" or a.startswith(b) or b.startswith(a) for a in directive.selectors for b in selectors)


def _covers_all(selectors: tuple[str, ...], directive: Directive) -> bool:
    """Whether the enable's selectors name every rule the directive disabled."""
    if "ALL" in selectors:
        return True
    if not directive.selectors:
        return False
    return all(any(name.startswith(sel) for sel in selectors) for name in directive.selectors)


def _next_range_end(doc: Any, comment: Any, end_of_file: tuple[int, int]) -> tuple[int, int]:
    """End of what ``disable-next`` covers: the next element, or the rest of the enclosing element."""
    source = doc.source
    tail = comment.tail or ""
    nxt = comment.getnext()
    while nxt is not None and not isinstance(nxt.tag, str):
        nxt = nxt.getnext()
    if not tail.strip() and nxt is not None:
        # Parser-implied wrappers (<html>/<body> around a fragment) have no source: use the first
        # element that was actually written.
        while source.offset_of(nxt) is None:
            child = next((c for c in nxt if isinstance(c.tag, str)), None)
            if child is None:
                break
            nxt = child
        span = source.span(nxt)
    else:
        parent = comment.getparent()
        if parent is None:
            return end_of_file
        span = source.span(parent)
    if span.end_line is None:
        return (span.line + 1, 0)
    return (span.end_line, span.end_column or 0)


def apply_directives(findings: Iterable[Any], directives: list[Directive]) -> tuple[list[Any], int]:
    """Drop suppressed findings; mark directives used. Returns (kept findings, suppressed count)."""
    kept = []
    suppressed = 0
    for finding in findings:
        # A finding whose column is unknown counts as after anything else on its line.
        position = (finding.line, finding.column if finding.column is not None else 1 << 30)
        hit = False
        for directive in directives:
            if directive.covers(finding.rule, finding.name, position):
                directive.used = True
                if directive.origin is not None:
                    directive.origin.used = True
                hit = True
        if hit:
            suppressed += 1
        else:
            kept.append(finding)
    return kept, suppressed
