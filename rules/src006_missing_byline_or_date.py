"""SRC006: a news article with no byline or no publication date (opt-in)."""

from __future__ import annotations

import re
from typing import Iterable

from affilint import Rule, Severity, Violation

# A printed byline: "By Martha Jones | Tuesday", "Written by Jo Park and Sam Lee", "BY AP STAFF".
_BYLINE = re.compile(
    r"^(?:By|BY|Written by|Words by|Story by|Reporting by|Author:)[:\s]+[A-Z][\w.’'-]*(?:\s+(?:[A-Z][\w.’'-]*|and|&|de|van|von))*"
    r"\s*(?:$|[|·•,–—-]|\d|on\b|(?i:published|updated|posted)\b)"
)
# A printed date: "March 4, 2025", "4 March 2025", "Mar. 4, 2025", "2025-03-04", "03/04/2025".
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s+(?:19|20)\d\d\b"
    r"|\b(?:19|20)\d\d-\d\d-\d\d\b|\b\d{1,2}/\d{1,2}/(?:19|20)\d\d\b"
)


class MissingBylineOrDate(Rule):
    """
    ## What it does
    Reports a news article that names no author (no byline in schema.org/Open Graph metadata, no
    `rel="author"` link, no printed byline such as "By Jane Doe" or a `byline`/`author` element
    above or at the top of the article) or gives no publication date (no `datePublished`,
    `article:published_time`, `<time datetime>` or printed date such as "March 4, 2025" there). Off
    by default (select `SRC006` to use it).

    ## Why is this bad?
    Google News' transparency guidance and the Trust Project's indicators ask news pages to show
    who wrote them and when. Undated, unsigned news cannot be weighed or corrected.

    ## Example
    ```html
    <html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "Port reopens"}</script></head>
    <body><article><p>The port reopened on Monday after a week of strikes.</p></article></body></html>
    ```

    ## Use instead
    ```html
    <html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "Port reopens",
      "author": {"@type": "Person", "name": "Jane Doe"}, "datePublished": "2026-03-02"}</script></head>
    <body><article><p>The port reopened on Monday after a week of strikes.</p></article></body></html>
    ```

    ## How to fix
    Publish the author's name and the publication date, in the page and in its metadata.
    """

    code = "SRC006"
    name = "missing-byline-or-date"
    family = "SRC"
    severity = Severity.INFO
    summary = "News article with no byline or publication date."
    default_enabled = False

    def check(self, doc) -> Iterable[Violation]:
        if doc.kind.kind != "news":
            return
        meta = doc.metadata
        printed = _printed(doc) if not (meta.authors and meta.published) else (True, True)
        missing = [
            what
            for what, present in (("byline", bool(meta.authors) or printed[0]), ("publication date", bool(meta.published) or printed[1]))
            if not present
        ]
        if missing:
            heading = next((b for b in doc.main_blocks if b.kind == "heading"), None)
            yield Violation(
                heading if heading is not None else doc.main_content.element,  # where a byline belongs
                f"News article with no {' and no '.join(missing)}; publish who wrote it and when.",
                evidence={"missing": missing, "page_kind": "news"},
                identity="byline-date",
            )


def _printed(doc) -> tuple[bool, bool]:
    """Whether the page prints a byline and a date above or at the top of the article (short
    blocks before its sixth paragraph): many CMSs print both and put neither in metadata."""
    main = [b for b in doc.main_blocks if b.kind != "heading"]
    if not main:
        return False, False
    last = main[min(5, len(main) - 1)].index
    byline = dated = False
    for block in doc.blocks:
        if block.index > last:
            break
        if block.hidden or len(block.text.split()) > 20:
            continue
        byline = byline or _BYLINE.match(block.text) is not None or _marked(block.element, ("byline", "author"))
        dated = dated or _DATE.search(block.text) is not None
        if byline and dated:
            break
    return byline, dated


def _marked(element, names) -> bool:
    """An element (or one of its two nearest ancestors) whose class or id says it is a byline."""
    for _ in range(3):
        if element is None:
            return False
        value = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
        if any(name in value for name in names):
            return True
        element = element.getparent()
    return False
