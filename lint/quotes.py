"""Quotations: the passages an article quotes, and the text of each block with them blanked out.

A quotation is text between paired quotation marks (“…”, "…", «…», „…“, ‘…’), a ``<q>`` element
(whose marks the browser draws) or a ``<blockquote>``.
News style opens every paragraph of a multi-paragraph quote and closes only the last one, so a
quote left open at the end of a block continues into the next block. Quoted words belong to the
speaker, not to the article: claim rules read :func:`blank_quotes` text so that a figure inside an
attributed quote is never the article's own unsupported claim, and a reporting verb inside a quote
never attributes anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from affilint.text import squash, text_content

# Closed pairs first; then a curly quote left open at the end of the block (continued below).
_QUOTE = re.compile(
    r"“(?P<curly>[^“”]*)”"
    r"|«(?P<guillemet>[^«»]*)»"
    r"|„(?P<low>[^„“”]*)[“”]"
    r"|\"(?P<straight>[^\"\n]*)\""
    r"|(?<!\w)‘(?P<single>[^‘’]*)’(?!\w)"
    r"|“(?P<open>[^“”]*)$"
)
_MARKS = re.compile("[“«„\"‘]")
_EMBED_CLASSES = ("twitter-tweet", "instagram-media", "tiktok-embed", "fb-post", "bluesky-embed")
# A speaker label opening a paragraph of an interview or transcript: "Q:", "A.", "Marco Bellini:",
# "Host (Amy Lin):", "AMY LIN:". A name counts only in bold or capitals (plain "Note: …" is prose).
_SPEAKER_LABEL = re.compile(
    r"^(?:(?P<qa>[QA])\s*[:.]|(?P<name>[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3}(?: \([^)]{1,40}\))?)\s*:)\s+\S"
)
# Labels that introduce a box, a list or a verdict, not a speaker ("Note:", "Update:", "Pros:").
_NOT_SPEAKERS = frozenset(
    "note update updated editor's editor’s related read see also photo photos image video watch listen source sources "
    "credit credits tip tips warning summary verdict pros cons price prices bottom line review reviews rating ratings "
    "testimonial testimonials quote quotes comment comments feedback correction clarification disclaimer disclosure "
    "more why what how when where who which step ingredients method key takeaways tl;dr breaking exclusive opinion "
    "analysis background context previously also important caution fact check result results score location date "
    "time when where cost specs dimensions weight size best worst our my the".split()
)


@dataclass(frozen=True)
class Quote:
    """A quoted passage in one block (a multi-paragraph quote is one Quote per block, linked by ``part``)."""

    block: Any
    start: int  # offsets of the passage, marks included, in the block's text
    end: int
    text: str  # the words inside the marks
    part: int = 0  # 0 for a quote's first paragraph, 1 for its continuations
    is_blockquote: bool = False
    opens: bool = True  # starts with a quotation mark
    closes: bool = True  # ends with a quotation mark (False: continues in the next block)
    cite: str = ""  # the source a ``<q cite>`` or ``<blockquote cite>`` names

    @property
    def words(self) -> int:
        return len(self.text.split())


def find_quotes(blocks: list[Any]) -> list[Quote]:
    """Every quoted passage of ``blocks``, in document order."""
    quotes: list[Quote] = []
    open_part = -1  # part number of a quote still open at the end of the previous block
    previous_blockquote = None
    for block in blocks:
        text = block.text
        continuing = open_part >= 0
        open_part = -1
        blockquote = blockquote_of(block)
        if blockquote is not None and not _quotes_inside(text):
            # A block quotation without quoted passages of its own: the whole block is quoted words
            # (a word quoted inside it, “continue”, is part of them), and the paragraphs of one
            # <blockquote> are one quotation (the first is its part 0). One that quotes ("He told
            # the BBC: “I took the call …”") is a styled paragraph: its quotes are found below.
            part = 1 if blockquote is previous_blockquote else 0
            previous_blockquote = blockquote
            cite = blockquote.get("cite") or ""
            quotes.append(Quote(block, 0, len(text), text.strip("“”\"«» "), part=part, is_blockquote=True, cite=cite))
            continue
        if continuing and not text.startswith(("“", '"')):
            # The continuation closes in this block: "…the rest of the quote,” she said.
            close = text.find("”")
            if close > 0:
                quotes.append(Quote(block, 0, close + 1, text[:close], part=1, opens=False))
                text_from = close + 1
            else:
                text_from = 0
        else:
            text_from = 0
        # Every alternative of _QUOTE starts with a mark: most blocks have none, and skip the regex.
        for match in _QUOTE.finditer(text, text_from) if _MARKS.search(text, text_from) else ():
            kind = match.lastgroup
            part = 0
            if continuing and match.start() == 0:
                part = 1
            quotes.append(Quote(block, match.start(), match.end(), match.group(kind), part=part, closes=kind != "open"))
            if kind == "open":
                open_part = part
        if next(block.element.iterdescendants("q"), None) is not None:
            quotes.extend(_inline_quotes(block, quotes))
    quotes.sort(key=lambda quote: (quote.block.index, quote.start))
    return quotes


def _quotes_inside(text: str) -> bool:
    """Whether ``text`` has a quoted passage of four or more words (not a term in quotes)."""
    return any(len(match.group(match.lastgroup).split()) >= 4 for match in _QUOTE.finditer(text)) if _MARKS.search(text) else False


def blockquote_of(block: Any) -> Any:
    """The ``<blockquote>`` a block is or sits in (``<blockquote><p>…</p></blockquote>``), or None."""
    element = block.element
    if element.tag == "blockquote":
        return element
    if block.kind in ("heading", "caption"):
        return None
    return next(element.iterancestors("blockquote"), None)


def _inline_quotes(block: Any, found: list[Quote]) -> list[Quote]:
    """``<q>`` elements: browsers draw their marks, so the text has none; find their words in the block."""
    inline = []
    position = 0
    for element in block.element.iter("q"):
        words = squash(text_content(element))
        start = block.text.find(words, position) if words else -1
        if start < 0:
            continue
        end = start + len(words)
        position = end
        if any(q.block is block and q.start <= start < q.end for q in found):
            continue  # the author also typed the marks: already found
        inline.append(Quote(block, start, end, words, opens=False, closes=False, cite=element.get("cite") or ""))
    return inline


def blank_quotes(text: str, quotes: list[Quote]) -> str:
    """``text`` with the inside of each quote replaced by spaces (same length, so offsets still hold)."""
    if not quotes:
        return text
    parts = []
    position = 0
    for quote in quotes:
        inner_start = quote.start + (quote.opens and not quote.is_blockquote)
        inner_end = max(inner_start, quote.end - (quote.closes and not quote.is_blockquote))
        parts.append(text[position:inner_start])
        parts.append(" " * (inner_end - inner_start))
        position = inner_end
    parts.append(text[position:])
    return "".join(parts)


def interview_speakers(blocks: list[Any]) -> dict[int, str]:
    """Block index -> the speaker label it opens with, for the paragraphs of an interview or
    transcript. Speakers take turns, so some label must come back: a lone "NEW DELHI:" dateline or
    a run of different bold lead-ins ("Flashback:", "Details:") is no interview."""
    labels = {block.index: label for block in blocks if block.kind != "heading" and (label := speaker_label(block))}
    surnames = [label.split()[-1].strip("()").lower() for label in labels.values()]
    return labels if len(surnames) > len(set(surnames)) else {}


def speaker_label(block: Any) -> str:
    """The speaker label a paragraph opens with ("Q", "Marco Bellini", "AMY LIN"), or "". In an
    interview (:func:`interview_speakers`) the whole paragraph, quotations in it included, is that
    speaker's."""
    match = _SPEAKER_LABEL.match(block.text)
    if match is None:
        return ""
    if match.group("qa"):
        return match.group("qa")
    label = match.group("name")
    if any(word.lower() in _NOT_SPEAKERS for word in label.split()[:2]):
        return ""
    if label.isupper() and len(label) >= 2:
        return label  # "AMY LIN:" in a transcript
    first = next(block.element.iterchildren("strong", "b"), None)
    lead = (block.element.text or "").strip()
    if first is None or lead or not squash(text_content(first)).startswith(label):
        return ""
    return label


def is_embed(element: Any) -> bool:
    """A social-media embed (the platform names the speaker)."""
    classes = (element.get("class") or "").split()
    return any(name in classes for name in _EMBED_CLASSES)
