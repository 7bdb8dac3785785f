"""Source positions: turning lxml nodes into 1-based (line, column) spans in the decoded text.

lxml records only the line on which an element's start tag *ends* (``sourceline``) and no column, so
columns and end positions are recovered from the source text itself: one forward scan pairs each
element and comment, in document order, with its start tag. The scan runs lazily, only when a
finding, a suppression comment or ``inspect`` asks for a position.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from dataclasses import dataclass
from typing import Any, Iterator

from lxml import etree

# libxml2 stores line numbers in 16 bits for HTML: every node past this line reports this line.
LXML_MAX_LINE = 65535
# How many lines a start tag may span before we stop looking back for its '<'.
_MAX_TAG_LINES = 50
_TAG_CACHE: dict[str, re.Pattern[str]] = {}
_COMMENT_START = re.compile(r"<!--")


@dataclass(frozen=True)
class AttributeSpan:
    """An attribute value's offsets in the source (end exclusive) and its quote: '"', "'", "" for an
    unquoted value, None for a bare attribute without a value."""

    start: int
    end: int
    quote: str | None


@dataclass(frozen=True)
class Span:
    """A 1-based source range; the end is exclusive and may be unknown."""

    line: int
    column: int | None
    end_line: int | None = None
    end_column: int | None = None


def _start_tag(tag: str) -> re.Pattern[str]:
    pattern = _TAG_CACHE.get(tag)
    if pattern is None:
        pattern = re.compile(r"<%s(?=[\s/>])" % re.escape(tag), re.I)
        _TAG_CACHE[tag] = pattern
    return pattern


class SourceMap:
    """Line/offset arithmetic over the decoded source text, plus the start offset of every node."""

    def __init__(self, text: str, root: Any) -> None:
        self.text = text
        self._root = root
        # Lines end at "\n" only, as libxml2 counts them for ``sourceline`` (a lone "\r" is not a break).
        # Each line starts one past the end of the previous one (accumulated in C, not per line in Python).
        lengths = map(len, text.split("\n")[:-1])
        self.line_starts = list(itertools.accumulate(map(operator.add, lengths, itertools.repeat(1)), initial=0))
        self._offsets: dict[Any, int] = {}
        self._scan = self._scanner()
        self._scan_done = False

    # -- offsets and lines -------------------------------------------------------------------
    def offset(self, line: int, column: int = 1) -> int:
        """The text offset of a 1-based (line, column)."""
        line = max(1, min(line, len(self.line_starts)))
        return min(self.line_starts[line - 1] + max(column, 1) - 1, len(self.text))

    def line_col(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of a text offset."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def line_text(self, line: int) -> str:
        """The source line without its line break ('' when out of range)."""
        if not 1 <= line <= len(self.line_starts):
            return ""
        start = self.line_starts[line - 1]
        end = self.line_starts[line] if line < len(self.line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    # -- nodes ---------------------------------------------------------------------------------
    def offset_of(self, node: Any) -> int | None:
        """Start offset of ``node``'s tag in the source, or None for parser-implied nodes.

        The scan pairs nodes with tags in document order and stops as soon as ``node`` is reached,
        so asking for positions near the top of a page does not scan all of it.
        """
        found = self._offsets.get(node)
        if found is not None or self._scan_done:
            return found
        for scanned in self._scan:
            if scanned is node:
                return self._offsets.get(node)
        self._scan_done = True
        return self._offsets.get(node)

    def _scanner(self) -> Iterator[Any]:
        offsets = self._offsets
        cursor = 0
        text = self.text
        text_length = len(text)
        root = self._root
        starts = self.line_starts
        line_count = len(starts)
        beyond_lxml_lines = line_count > LXML_MAX_LINE
        # Names used once per node, bound locally (this loop runs for every node of the page).
        patterns, comment, comment_start, tag_end, raw_text = _TAG_CACHE, etree.Comment, _COMMENT_START, _TAG_END, _RAW_TEXT
        lookback = 1 + _MAX_TAG_LINES
        nodes = itertools.chain(reversed(list(root.itersiblings(preceding=True))), root.iter(), root.itersiblings())
        for node in nodes:
            line = node.sourceline
            if not line:
                yield node
                continue
            tag = node.tag
            if tag is comment:
                pattern = comment_start
            elif isinstance(tag, str):
                pattern = patterns.get(tag) or _start_tag(tag)
            else:
                yield node
                continue
            if line >= LXML_MAX_LINE and beyond_lxml_lines:
                low, high = cursor, text_length  # lxml stops counting lines here; search forward
            else:
                back = line - lookback
                low = starts[back] if back > 0 else starts[0]
                high = starts[line] if line < line_count else text_length
            match = pattern.search(text, cursor if cursor > low else low, high)
            if match is not None:
                offset = offsets[node] = match.start()
                if pattern is comment_start or tag.lower() in raw_text:
                    cursor = self._skip_past(node, offset)
                else:  # the common case, inline: past the start tag's attributes
                    end = tag_end.match(text, offset)
                    cursor = end.end() if end else min(text_length, offset + 1)
            yield node

    def _skip_past(self, node: Any, offset: int) -> int:
        """Where the next node's tag may start: past this start tag's attributes, past a comment's
        end, past a raw-text element's content, so a '<a' inside any of them is never taken for a tag."""
        text = self.text
        if node.tag is etree.Comment:
            close = text.find("-->", offset + 4)
            return close + 3 if close >= 0 else len(text)
        end = self.start_tag_end(offset)
        tag = node.tag.lower()
        if tag in _RAW_TEXT:
            close = _end_or_start(tag).search(text, end)
            while close is not None and not close.group(1):
                close = _end_or_start(tag).search(text, close.end())
            return close.end() if close is not None else end
        return end

    def line_of(self, node: Any) -> int:
        """The source line of ``node``'s start tag, correct past line 65,535 too."""
        line = getattr(node, "sourceline", None) or 1
        if line >= LXML_MAX_LINE and len(self.line_starts) > LXML_MAX_LINE:
            offset = self.offset_of(node)
            if offset is not None:
                return self.line_col(offset)[0]
        return line

    def start(self, node: Any) -> Span:
        """Where ``node`` starts: its exact column when found in the source, else its line only."""
        offset = self.offset_of(node)
        if offset is None:
            return Span(self.line_of(node), None)
        line, column = self.line_col(offset)
        return Span(line, column)

    def span(self, node: Any) -> Span:
        """Start and end of ``node`` in the source, from its start tag to the end of its end tag."""
        offset = self.offset_of(node)
        if offset is None:
            return self.start(node)
        end = self._end_offset(node, offset)
        line, column = self.line_col(offset)
        end_line, end_column = self.line_col(end)
        return Span(line, column, end_line, end_column)

    def attribute(self, node: Any, name: str) -> AttributeSpan | None:
        """Where attribute ``name`` of ``node``'s start tag is written, or None when it is absent
        (or the node has no start tag in the source). Attributes are tokenised as HTML does, so a
        ``rel=`` inside another attribute's value is never mistaken for the attribute."""
        offset = self.offset_of(node)
        if offset is None or not isinstance(node.tag, str):
            return None
        end = self.start_tag_end(offset)
        position = offset + 1 + len(node.tag)
        name = name.lower()
        for match in _ATTRIBUTE.finditer(self.text, position, end):
            if match.group(1).lower() != name:
                continue
            for group, quote in ((2, '"'), (3, "'"), (4, "")):
                if match.group(group) is not None:
                    return AttributeSpan(match.start(group), match.end(group), quote)
            return AttributeSpan(match.end(1), match.end(1), None)  # a bare attribute: no value
        return None

    def tag_name_end(self, node: Any) -> int | None:
        """Offset just after the tag name in ``node``'s start tag (where a new attribute can go)."""
        offset = self.offset_of(node)
        return None if offset is None else offset + 1 + len(node.tag)

    def start_tag_end(self, offset: int) -> int:
        """Offset just past the '>' of the start tag beginning at ``offset`` (quotes respected)."""
        match = _TAG_END.match(self.text, offset)
        return match.end() if match else min(len(self.text), offset + 1)

    def _end_offset(self, node: Any, offset: int) -> int:
        text = self.text
        if node.tag is etree.Comment:
            close = text.find("-->", offset + 4)
            return close + 3 if close >= 0 else len(text)
        open_end = self.start_tag_end(offset)
        if text[open_end - 2 : open_end] == "/>" or node.tag.lower() in _VOID:
            return open_end
        # Depth-count same-name tags until the matching end tag, but never past the first node that
        # follows this element's subtree: an unclosed element ends there (and the search stays short).
        following = self._following_offset(node)
        limit = min(len(text), open_end + 262_144, following if following is not None else len(text))
        pattern = _end_or_start(node.tag)
        depth = 1
        for match in pattern.finditer(text, open_end, limit):
            if match.group(1):
                depth -= 1
                if depth == 0:
                    return match.end()
            else:
                depth += 1
        if following is not None:
            end = following
            while end > open_end and text[end - 1].isspace():
                end -= 1
            return end
        return open_end

    def _following_offset(self, node: Any) -> int | None:
        """Offset of the first located node after ``node``'s subtree, in document order."""
        current = node
        while current is not None:
            sibling = current.getnext()
            while sibling is not None:
                offset = self.offset_of(sibling)
                if offset is not None:
                    return offset
                sibling = sibling.getnext()
            current = current.getparent()
        return None


_TAG_END = re.compile(r"<[^>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^>\"']*)*>", re.S)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]*)))?""")
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"})
_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)
_END_CACHE: dict[str, re.Pattern[str]] = {}


def _end_or_start(tag: str) -> re.Pattern[str]:
    pattern = _END_CACHE.get(tag)
    if pattern is None:
        pattern = re.compile(r"<(/?)%s(?=[\s/>])[^>]*>" % re.escape(tag), re.I)
        _END_CACHE[tag] = pattern
    return pattern
