"""Text helpers shared by the model modules."""

from __future__ import annotations

from typing import Any

from lxml import etree

_STRING = etree.XPath("string()")


def text_content(element: Any) -> str:
    """All text under ``element`` (like ``HtmlElement.text_content()``, for plain lxml elements)."""
    if not len(element) and isinstance(element.tag, str):  # a childless element (most links): its own text
        return element.text or ""
    return str(_STRING(element))


def squash(text: str) -> str:
    """Collapse runs of whitespace to single spaces and trim."""
    return " ".join(text.split())
