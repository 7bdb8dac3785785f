"""The article as a reader sees it, with each finding placed where it is: for reports that show the page.

The page is walked into passages (paragraphs, list items, headings, cells …, split as the document
model's blocks are) made of text pieces. Every text node is located in the source, so a finding's
span (line/column to end line/column) selects exactly the characters it covers, entities included.
Nothing here produces markup: pieces hold plain text, and the formatter escapes it. Images, frames and
other embedded media become labelled placeholders; nothing from the page is ever loaded.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Sequence

from lxml import etree

from affilint.blocks import BLOCK_KINDS, CONTAINER_TAGS
from affilint.finding import Finding
from affilint.regions import SKIPPED_TAGS, VISIBLE_OUTSIDE

# Embedded content shown as a placeholder, never loaded (and never walked: its fallback text is not prose).
MEDIA_TAGS = frozenset({"img", "iframe", "video", "audio", "embed", "object", "picture", "canvas"})
# A finding spanning every passage of the article (a document-level finding) is listed for the page,
# not marked, unless the article is this short.
WHOLE_ARTICLE_MIN_PASSAGES = 4
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
_WS = re.compile(r"\s+")


@dataclass
class Piece:
    """A stretch of text (or a line break, or a media placeholder) and the findings that cover it."""

    kind: str  # "text" | "break" | "media"
    text: str
    link: str | None = None  # href of the enclosing <a>
    marks: tuple[int, ...] = ()  # indices into the findings


@dataclass
class _Run:
    kind: str
    text: str
    start: int | None  # source offsets of the raw text, end exclusive (None when not located)
    end: int | None
    link: str | None


@dataclass
class Passage:
    """One readable unit: its kind (``paragraph``, ``heading`` …), where it sits and its pieces."""

    kind: str
    region: str
    in_main_content: bool
    visibility: str
    hidden_reason: str
    line: int
    runs: list[_Run] = field(default_factory=list)
    pieces: list[Piece] = field(default_factory=list)
    notes: list[int] = field(default_factory=list)  # findings to show beside this passage

    start: int | None = None  # source offsets of its first and last located text (None: not located)
    end: int | None = None

    def locate(self) -> None:
        self.start = next((run.start for run in self.runs if run.start is not None), None)
        self.end = next((run.end for run in reversed(self.runs) if run.end is not None), None)


@dataclass
class Article:
    passages: list[Passage]
    page_notes: list[int]  # findings that belong to the page as a whole or to nothing shown


def lay_out(doc: Any, findings: Sequence[Finding]) -> Article:
    """Passages of ``doc`` with ``findings`` marked in place and attached as notes."""
    passages = _passages(doc)
    for passage in passages:
        passage.locate()
    source = doc.source
    spans = [_offsets(source, finding) for finding in findings]
    page_notes: list[int] = []
    covering: dict[int, list[tuple[int, int, int]]] = {}  # id(run) -> [(finding, start, end)]
    located = [p for p in passages if p.start is not None]
    article = sum(p.in_main_content for p in located)
    for index, (start, end) in enumerate(spans):
        hits = [] if end is None else [p for p in located if p.start < end and p.end > start]
        whole_article = len(hits) >= WHOLE_ARTICLE_MIN_PASSAGES and sum(p.in_main_content for p in hits) == article
        if hits and not whole_article:
            hits[0].notes.append(index)
            for passage in hits:
                for run in passage.runs:
                    if run.start is not None and run.start < end and run.end > start:
                        covering.setdefault(id(run), []).append((index, max(start, run.start), min(end, run.end)))
            continue
        owner = None if whole_article else _owner(located, start)
        (owner.notes if owner is not None else page_notes).append(index)
    for passage in passages:
        if passage.start is not None:
            passage.line = source.line_col(passage.start)[0]
        passage.pieces = [piece for run in passage.runs for piece in _pieces(source.text, run, covering.get(id(run), ()))]
        passage.runs = []
    return Article(passages, page_notes)


def _owner(located: list[Passage], offset: int) -> Passage | None:
    """Where a finding that covers no text is shown: the passage around it, else the next one (a
    comment or an element without text comes before what it concerns), else the last one; None when
    it precedes all text (the ``<head>``), so it belongs to the page."""
    if not located or offset < located[0].start:
        return None
    for passage in located:
        if passage.end > offset:
            return passage
    return located[-1]


def _offsets(source: Any, finding: Finding) -> tuple[int, int | None]:
    start = source.offset(finding.line, finding.column or 1)
    if finding.end_line is None or finding.end_column is None:
        return start, None
    return start, max(start + 1, source.offset(finding.end_line, finding.end_column))


def _pieces(text: str, run: _Run, covers: Sequence[tuple[int, int, int]]) -> list[Piece]:
    if not covers or run.kind != "text":
        return [Piece(run.kind, run.text, run.link, tuple(sorted({index for index, _s, _e in covers})))]
    cuts = {run.start, run.end}
    for _index, low, high in covers:
        cuts.add(_entity_safe(text, low, run.start))
        cuts.add(_entity_safe(text, high, run.start))
    points = sorted(cuts)
    pieces = []
    for low, high in zip(points, points[1:]):
        if low == high:
            continue
        marks = tuple(sorted({index for index, start, end in covers if start < high and end > low}))
        pieces.append(Piece("text", html.unescape(text[low:high]), run.link, marks))
    return pieces


def _entity_safe(text: str, cut: int, floor: int) -> int:
    """Move a cut that falls inside a character reference (``&amp;``) to the reference's start."""
    amp = text.rfind("&", max(floor, cut - 40), cut)
    if amp >= 0:
        match = _ENTITY.match(text, amp)
        if match and match.end() > cut:
            return amp
    return cut


# -- walking the page --------------------------------------------------------------------------
def _passages(doc: Any) -> list[Passage]:
    """The page's passages in reading order (the document model's block rules, with located text)."""
    source = doc.source
    placements = doc.placements
    passages: list[Passage] = []
    stack: list[tuple[Any, Passage]] = []
    links: list[str] = []

    def current() -> Passage:
        return stack[-1][1]

    def add_run(run: _Run) -> None:
        passage = current()
        if not passage.runs:  # listed when its first text arrives, so passages stay in reading order
            passages.append(passage)
        passage.runs.append(run)

    def add_text(raw: str, start: Callable[[], int | None]) -> None:
        """Add a text node; ``start`` finds where it begins in the source (not needed for whitespace,
        which keeps words apart but is never highlighted, and is most of a page's text nodes)."""
        if stack and raw:
            located = (None, None) if raw.isspace() else _locate(source.text, raw, start())
            add_run(_Run("text", raw, *located, links[-1] if links else None))

    walker = etree.iterwalk(doc.root, events=("start", "end", "comment", "pi"))
    for event, node in walker:
        tag = node.tag
        is_element = isinstance(tag, str)
        if event in ("comment", "pi"):  # no start/end events for these; their tail is text
            if node.tail:
                add_text(node.tail, lambda: _end_of(source, node))
            continue
        if event == "start":
            if not is_element:
                continue
            tag = tag.lower()
            if tag in SKIPPED_TAGS:
                walker.skip_subtree()
                continue
            placement = placements.get(node, VISIBLE_OUTSIDE)
            if not stack or tag in BLOCK_KINDS or tag in CONTAINER_TAGS or placement.visibility != current().visibility:
                kind = BLOCK_KINDS.get(tag) or (current().kind if stack and tag not in CONTAINER_TAGS else "text")
                if stack and stack[-1][1].runs:
                    # A nested block interrupts the owner's text: what follows it is a new passage.
                    owner, interrupted = stack[-1]
                    stack[-1] = (owner, replace(interrupted, runs=[], notes=[]))
                passage = Passage(kind, placement.region, placement.in_main_content, placement.visibility,
                                  placement.reason if placement.visibility != "visible" else "", node.sourceline or 1)
                stack.append((node, passage))
            if tag in MEDIA_TAGS:
                span = source.span(node)
                start = source.offset(span.line, span.column) if span.column else None
                end = source.offset(span.end_line, span.end_column) if span.end_column else None
                add_run(_Run("media", _media_label(tag, node), start, end, links[-1] if links else None))
                walker.skip_subtree()  # its end event still comes, and takes the tail
                continue
            if tag == "br" and current().runs:
                add_run(_Run("break", "", None, None, None))
            if tag == "a":
                links.append(node.get("href") or "")
            if node.text:
                add_text(node.text, lambda: _text_start(source, node))
            continue
        if is_element:  # (a skipped element pushed nothing, but its tail is text like any other)
            if tag.lower() == "a" and links:
                links.pop()
            if stack and stack[-1][0] is node:
                stack.pop()
        if node.tail and stack:
            add_text(node.tail, lambda: _end_of(source, node))
    return [p for p in passages if any(r.kind == "media" or (r.kind == "text" and r.text.strip()) for r in p.runs)]


def _text_start(source: Any, node: Any) -> int | None:
    offset = source.offset_of(node)
    return source.start_tag_end(offset) if offset is not None else None


def _end_of(source: Any, node: Any) -> int | None:
    span = source.span(node)
    if span.end_line is None or span.end_column is None:
        return None
    return source.offset(span.end_line, span.end_column)


def _locate(text: str, raw: str, start: int | None) -> tuple[int | None, int | None]:
    """Source offsets of a text node that should start at ``start``, verified against its text."""
    if start is None:
        return None, None
    end = text.find("<", start)
    end = len(text) if end < 0 else end
    if _WS.sub(" ", html.unescape(text[start:end])).strip() != _WS.sub(" ", raw).strip():
        return None, None
    return start, end


def _media_label(tag: str, node: Any) -> str:
    if tag == "img":
        alt = " ".join((node.get("alt") or "").split())
        return f"image: {alt}" if alt else "image (no alt text)"
    title = " ".join((node.get("title") or node.get("aria-label") or "").split())
    name = {"iframe": "embedded frame", "embed": "embedded object", "object": "embedded object"}.get(tag, tag)
    return f"{name}: {title}" if title else name
