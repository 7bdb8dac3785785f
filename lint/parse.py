"""Text to an lxml tree, once per document, with the limits that keep hostile input from hurting us.

Pages and fragments (a CMS's article body before publishing) go through the same parser: lxml wraps a
fragment in ``<html><body>``, and line numbers still refer to the text as given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lxml import etree

from affilint.errors import InputError

MAX_DEPTH = 255  # libxml2's own nesting limit without XML_PARSE_HUGE
_PAGE_MARKERS = re.compile(r"<(?:!doctype|html|head|body)(?=[\s>/])", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_LONE_CR = re.compile(r"\r(?!\n)")
# What may stand in <head>. libxml2 knows HTML 4 only: on a page that omits the optional <head> and
# <body> tags (minifiers drop them), it keeps <header>, <main>, <article> … inside <head>.
_HEAD_TAGS = frozenset({"meta", "title", "link", "script", "style", "base", "noscript", "template"})
_ANY_TAG = re.compile(r"<(?:[A-Za-z][\w:-]*|!--|/[A-Za-z])")


@dataclass(frozen=True)
class Parsed:
    """The parsed tree, the text it was parsed from, and whether the input was a fragment."""

    root: Any
    text: str
    is_fragment: bool


def parse(text: str) -> Parsed:
    """Parse HTML text with lxml, or raise :class:`InputError` (``not-html``, ``too-deep``, ``parse-error``)."""
    if not _ANY_TAG.search(text):
        raise InputError("not-html", "file has no HTML markup (no tags found)")
    text = _XML_DECLARATION.sub(lambda m: " " * len(m.group(0)), text, count=1)
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")  # libxml2 would end the document at a NUL
    if "\r" in text:
        # A lone CR ends a line for editors but not for libxml2's line count; make it LF (same length,
        # so every offset stays put) and the two agree.
        text = _LONE_CR.sub("\n", text)
    # lxml.etree's HTML parser, not lxml.html: lxml.html looks up a Python element class for every
    # node the code touches, which costs more than the parse itself on real pages.
    # Parsed as UTF-8 bytes: faster than lxml's str input, and libxml2 itself recovers from control
    # characters that str input would reject. Lone surrogates (invalid anyway) become U+FFFD.
    parser = etree.HTMLParser(remove_comments=False, remove_pis=True, recover=True, default_doctype=False, encoding="utf-8")
    try:
        root = etree.fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError("not-html", f"no HTML document could be parsed ({exc})") from None
    except etree.LxmlError as exc:  # pragma: no cover - defensive; lxml recovers from nearly all input
        raise InputError("parse-error", f"HTML could not be parsed: {exc}") from None
    for entry in parser.error_log:
        if "Excessive depth" in entry.message:
            raise InputError(
                "too-deep",
                f"elements are nested more than {MAX_DEPTH} levels deep (line {entry.line}); "
                "affilint does not lint documents this deep",
            )
    if root is None:
        raise InputError("not-html", "no HTML document could be parsed")
    _move_body_out_of_head(root)
    return Parsed(root=root, text=text, is_fragment=_PAGE_MARKERS.search(text) is None)


def _move_body_out_of_head(root: Any) -> None:
    """Move the elements libxml2 left in ``<head>`` from the first one that cannot be there on into
    ``<body>``, as a browser's parser does, so the page's content is not taken for its head."""
    head = root.find("head")
    if head is None:
        return
    children = list(head)
    start = next((i for i, child in enumerate(children) if isinstance(child.tag, str) and child.tag not in _HEAD_TAGS), None)
    if start is None:
        return
    body = root.find("body")
    if body is None:
        body = etree.Element("body")
        head.addnext(body)
    for offset, child in enumerate(children[start:]):
        body.insert(offset, child)  # moving keeps each node's source line and its tail
