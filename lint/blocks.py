"""Blocks: the readable units of a page (paragraphs, list items, headings, quotes, cells, captions).

Each block is the visible text a reader sees as one unit, whitespace collapsed, with the source line
of every part of it so sentences inside can be located. Text that sits directly in a container
(``<div>text</div>``, common in CMS output and fragments) forms a ``text`` block, split wherever a
nested block interrupts it, as a browser's anonymous block boxes are. A hidden inline part of a block
(``<span style="display:none">``) becomes a block of its own, marked hidden, so rules can tell
visible from hidden wording.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any, Callable

from lxml import etree

from affilint.regions import SKIPPED_TAGS, Placement, Placer

BLOCK_KINDS = {
    "p": "paragraph",
    "li": "list-item",
    "h1": "heading",
    "h2": "heading",
    "h3": "heading",
    "h4": "heading",
    "h5": "heading",
    "h6": "heading",
    "blockquote": "quote",
    "td": "cell",
    "th": "cell",
    "figcaption": "caption",
    "caption": "caption",
    "legend": "caption",
    "dt": "term",
    "dd": "definition",
    "pre": "preformatted",
    "summary": "summary",
    "address": "text",
}
CONTAINER_TAGS = frozenset(
    "html body div section article main header footer aside nav figure form details ul ol dl menu table "
    "thead tbody tfoot tr colgroup fieldset center hgroup search dialog".split()
)


@dataclass(frozen=True, eq=False)
class Block:
    """One block of visible text with its element, kind, placement and source lines."""

    index: int
    kind: str
    element: Any
    text: str
    line: int
    region: str
    in_main_content: bool
    visibility: str
    hidden_reason: str
    breaks: tuple[tuple[int, int], ...]  # (offset in text, source line) anchors, offsets ascending

    @property
    def hidden(self) -> bool:
        return self.visibility != "visible"

    def line_at(self, offset: int) -> int:
        """The source line of the character at ``offset`` in :attr:`text`."""
        index = bisect.bisect_right(self.breaks, (offset, _INF)) - 1
        return self.breaks[index][1] if index >= 0 else self.line


_INF = float("inf")


class _Run:
    """Text being collected for one owner element until a nested block interrupts it."""

    __slots__ = ("element", "kind", "placement", "chunks", "length", "last_space", "breaks")

    def __init__(self, element: Any, kind: str, placement: Placement) -> None:
        self.element, self.kind, self.placement = element, kind, placement
        self.chunks: list[str] = []  # as reset() leaves them, without the call: one run per container
        self.length = 0
        self.last_space = True
        self.breaks: list[tuple[int, int]] = []

    def reset(self) -> None:
        self.chunks = []
        self.length = 0
        self.last_space = True
        self.breaks: list[tuple[int, int]] = []

    def add(self, raw: str, line: int) -> int:
        """Append raw text that starts on ``line``; return the line it ends on."""
        if raw.isspace():  # most text nodes are the whitespace between tags
            if self.length:
                self._space()
            return line + raw.count("\n")
        self.breaks.append((self.length, line))
        if "\n" not in raw:  # one line (most text): the loop below, for a single non-blank part
            if raw[0].isspace():
                self._space()
            norm = " ".join(raw.split())
            self.chunks.append(norm)
            self.length += len(norm)
            self.last_space = False
            if raw[-1].isspace():
                self._space()
            return line
        for number, part in enumerate(raw.split("\n")):
            if number:
                line += 1
                self._space()
                self.breaks.append((self.length, line))
            if not part:
                continue
            if part[0].isspace():
                self._space()
            words = part.split()  # str.split and the parser agree on what whitespace is (str.isspace)
            if not words:
                continue
            norm = " ".join(words)
            self.chunks.append(norm)
            self.length += len(norm)
            self.last_space = False
            if part[-1].isspace():
                self._space()
        return line

    def hard_break(self) -> None:
        """A ``<br>``: kept as a newline so sentence splitting treats it as a boundary."""
        if self.length and self.chunks[-1] != "\n":
            if self.last_space and self.chunks and self.chunks[-1] == " ":
                self.chunks[-1] = "\n"
            else:
                self.chunks.append("\n")
                self.length += 1
            self.last_space = True

    def _space(self) -> None:
        if self.length and not self.last_space:
            self.chunks.append(" ")
            self.length += 1
            self.last_space = True

    def emit(self, blocks: list[Block]) -> None:
        if not self.chunks:
            self.breaks.clear()
            return
        text = "".join(self.chunks).rstrip()
        if text:
            breaks = tuple(self.breaks)
            first_line = breaks[0][1] if breaks else (self.element.sourceline or 1)
            # The line of the first character: Block.line_at(0), computed before the (frozen) block is.
            first = bisect.bisect_right(breaks, (0, _INF)) - 1
            line = breaks[first][1] if first >= 0 else first_line
            block = Block(
                index=len(blocks),
                kind=self.kind,
                element=self.element,
                text=text,
                line=line,
                region=self.placement.region,
                in_main_content=self.placement.in_main_content,
                visibility=self.placement.visibility,
                hidden_reason=self.placement.reason if self.placement.visibility != "visible" else "",
                breaks=breaks,
            )
            blocks.append(block)
        self.reset()


def extract_blocks(root: Any, placer: Placer, line_of: Callable[[Any], int] | None = None) -> list[Block]:
    """All blocks of the document in reading (document) order.

    The walk places each element as it goes (``placer`` holds the placements afterwards): one walk of
    the tree serves both, which costs less than two. ``line_of`` maps a node to its source line
    (defaults to lxml's ``sourceline``, which stops at 65,535).
    """
    enter, leave = placer.enter, placer.leave
    blocks: list[Block] = []
    stack: list[_Run] = []
    last_line = 1
    # Comments and processing instructions have no start/end events, only their own; their tail is text
    # of the enclosing block (`<p><!-- note -->text</p>`).
    walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, node in walker:
        tag = node.tag
        is_element = isinstance(tag, str)
        if event in ("comment", "pi"):  # invisible, but the text after it is not
            tail = node.tail  # (lxml makes a new str on every read of .text and .tail: read once)
            if tail and stack:
                line = (line_of(node) if line_of is not None else node.sourceline) or last_line
                last_line = stack[-1].add(tail, max(last_line, line))
            continue
        if event == "start":
            if not is_element:
                continue
            if tag in SKIPPED_TAGS:
                walker.skip_subtree()
                continue
            line = (line_of(node) if line_of is not None else node.sourceline) or last_line
            if line > last_line:
                last_line = line
            placement = enter(node, tag)
            if (
                not stack
                or tag in BLOCK_KINDS
                or tag in CONTAINER_TAGS
                or placement.visibility != stack[-1].placement.visibility
            ):
                kind = BLOCK_KINDS.get(tag) or (stack[-1].kind if stack and tag not in CONTAINER_TAGS else "text")
                if stack and stack[-1].chunks:
                    stack[-1].emit(blocks)
                stack.append(_Run(node, kind, placement))
            if tag == "br":
                stack[-1].hard_break()
            else:
                text = node.text
                if text:
                    last_line = stack[-1].add(text, line)
            continue
        if is_element and tag not in SKIPPED_TAGS:
            leave()
            if stack and stack[-1].element is node:
                run = stack.pop()
                if run.chunks:  # most runs are containers' whitespace: nothing to emit
                    run.emit(blocks)
        tail = node.tail
        if tail and stack:
            last_line = stack[-1].add(tail, last_line)
    while stack:
        stack.pop().emit(blocks)
    return blocks
