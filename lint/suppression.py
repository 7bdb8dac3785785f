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
_CODES = re.compile(r"[A-Za-z][\w-]*")


@dataclass
class Directive:
    kind: str  # "disable" | "disable-next" | "disable-file" | "enable"
    selectors: tuple[str, ...]  # empty: every rule
    reason: str
    line: int
    column: int | None
    start: tuple[int, int]  # the range it covers, as (line, column)
    end: tuple[int, int]
    used: bool = field(default=False)

    def covers(self, code: str, name: str, position: tuple[int, int]) -> bool:
        if self.selectors and not matches_any(code, name, self.selectors):
            return False
        return self.start <= position < self.end

    def describe(self) -> str:
        return f"affilint-{self.kind} {', '.join(self.selectors) or '(all rules)'}"


def parse_directives(doc: Any, aliases: Mapping[str, str] | None = None) -> list[Directive]:
    """All suppression directives of a document, each with the source range it covers.

    ``aliases`` maps rule names to codes, so ``enable AFF001`` closes ``disable affiliate-link-…``.
    """
    aliases = aliases or {}
    raw: list[tuple[str, tuple[str, ...], str, Any]] = []
    for comment in doc.comments:
        match = _DIRECTIVE.match(comment.text or "")
        if not match:
            continue
        kind, rest = match.groups()
        codes_part, _, reason = rest.partition("--")
        selectors = tuple(_canonical(sel, aliases) for sel in _CODES.findall(codes_part.replace(",", " ")))
        raw.append((kind, selectors, reason.strip(), comment))
    if not raw:
        return []
    source = doc.source
    end_of_file = source.line_col(len(source.text))
    end_of_file = (end_of_file[0], end_of_file[1] + 1)
    directives: list[Directive] = []
    open_ranges: list[Directive] = []
    for kind, selectors, reason, comment in raw:
        span = source.span(comment)
        here = (span.line, span.column or 0)
        after = (span.end_line or span.line, span.end_column or 0)
        if kind == "enable":
            closing = [d for d in open_ranges if not selectors or not d.selectors or _overlaps(d.selectors, selectors)]
            for directive in closing:
                directive.end = here
                open_ranges.remove(directive)
            continue
        if kind == "disable-file":
            directive = Directive(kind, selectors, reason, span.line, span.column, (0, 0), end_of_file)
        elif kind == "disable":
            directive = Directive(kind, selectors, reason, span.line, span.column, after, end_of_file)
            open_ranges.append(directive)
        else:
            directive = Directive(kind, selectors, reason, span.line, span.column, after, _next_range_end(doc, comment, end_of_file))
        directives.append(directive)
    return directives


def _canonical(selector: str, aliases: Mapping[str, str]) -> str:
    return aliases.get(selector, selector.upper() if selector != "ALL" and "-" not in selector else selector)


def _overlaps(opened: tuple[str, ...], closing: tuple[str, ...]) -> bool:
    """True when an enable's selectors name some rule the disable named (``enable AFF`` closes ``disable AFF001``)."""
    return any(a == "ALL" or b == "ALL" or a.startswith(b) or b.startswith(a) for a in opened for b in closing)


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
        position = (finding.line, finding.column or 1)
        hit = False
        for directive in directives:
            if directive.covers(finding.rule, finding.name, position):
                directive.used = True
                hit = True
        if hit:
            suppressed += 1
        else:
            kept.append(finding)
    return kept, suppressed
