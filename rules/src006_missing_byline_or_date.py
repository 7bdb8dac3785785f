"""SRC006: a news article with no byline or no publication date (opt-in)."""

from __future__ import annotations

from typing import Iterable

from affilint import Rule, Severity, Violation


class MissingBylineOrDate(Rule):
    """
    ## What it does
    Reports a news article that names no author (no byline in schema.org/Open Graph metadata, no
    `rel="author"` or byline element) or gives no publication date (no `datePublished`,
    `article:published_time` or `<time datetime>`). Off by default (select `SRC006` to use it).

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
        missing = [what for what, present in (("byline", bool(meta.authors)), ("publication date", bool(meta.published))) if not present]
        if missing:
            heading = next((b for b in doc.main_blocks if b.kind == "heading"), None)
            yield Violation(
                heading if heading is not None else doc.main_content.element,  # where a byline belongs
                f"News article with no {' and no '.join(missing)}; publish who wrote it and when.",
                evidence={"missing": missing, "page_kind": "news"},
                identity="byline-date",
            )
