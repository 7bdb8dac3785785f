"""Finding the main content region: the article body that compliance rules care about.

Order of evidence: a user's CSS selector; schema.org ``articleBody`` (microdata); a single dominant
``<article>``; ``<main>``; well-known CMS body containers; and finally a text-density guess (the
element under which most paragraph text sits), as readability-style extractors do. Fragments are
their own main content.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lxml import etree
from lxml.cssselect import CSSSelector

from affilint.blocks import BLOCK_KINDS, CONTAINER_TAGS
from affilint.errors import ConfigError
from affilint.metadata import attribute_tokens, microdata_elements
from affilint.text import squash, text_content

# Containers used by common CMSs and themes for the article body (WordPress, Drupal, Ghost, Arc, etc.).
CMS_SELECTORS = (
    ".entry-content",
    ".post-content",
    ".article-content",
    ".article-body",
    ".article__body",
    ".story-body",
    ".post-body",
    ".td-post-content",
    ".field--name-body",
    ".gh-content",
    "#article-body",
    "#story-body",
)
_CMS_SELECTOR_SET = frozenset(CMS_SELECTORS)
_CMS_CLASSES = frozenset(css[1:] for css in CMS_SELECTORS if css.startswith("."))
_CHROME = frozenset({"footer", "nav", "aside", "header"})  # never the article body, however wordy
_MIN_ARTICLE_TEXT = 200  # characters of paragraph text that make an <article> plausibly the body
# An <article> holding less than this share of the page's paragraph text is a teaser, photo box or
# comment, not the story (the story's paragraphs are elsewhere, in a CMS container or a dense <div>).
_MIN_ARTICLE_SHARE = 0.4
_SELECTOR_CACHE: dict[str, CSSSelector] = {}


@dataclass(frozen=True)
class MainContent:
    """The main content element, how it was found (``method``) and a selector that names it."""

    element: Any
    method: str
    selector: str


def compile_selector(selector: str) -> CSSSelector:
    """Compile a CSS selector once per process; raise :class:`ConfigError` when it is invalid."""
    compiled = _SELECTOR_CACHE.get(selector)
    if compiled is None:
        try:
            compiled = CSSSelector(selector, translator="html")
        except Exception as exc:  # cssselect raises several parse error types
            raise ConfigError(f"invalid CSS selector {selector!r}: {exc}") from None
        _SELECTOR_CACHE[selector] = compiled
    return compiled


def find_main_content(root: Any, is_fragment: bool, selector: str | None = None, microdata: list[Any] | None = None) -> MainContent:
    """Locate the main content element of a parsed document (``microdata``: see :func:`microdata_elements`)."""
    body = root.find("body")
    if body is None:
        body = root
    if selector:
        matches = compile_selector(selector)(root)
        if matches:
            return MainContent(matches[0], "configured-selector", selector)
    if is_fragment:
        return MainContent(body, "fragment", "body")
    for element in microdata if microdata is not None else microdata_elements(root):
        if "articleBody" in attribute_tokens(element.get("itemprop")):
            return MainContent(element, "schema.org articleBody", '[itemprop~="articleBody"]')
    all_articles = list(root.iter("article"))
    # Articles nest, and each is measured more than once: every paragraph's length is taken once.
    text_of = _ParagraphText()
    articles = [a for a in all_articles if text_of(a) >= _MIN_ARTICLE_TEXT]
    page_text = text_of(body) if all_articles else 0
    best_is_whole = not articles and len(all_articles) == 1 and page_text < _MIN_ARTICLE_TEXT
    if best_is_whole:
        articles = all_articles  # one <article>, however short, and no paragraphs elsewhere to rival it
    if articles:
        # Nested <article> elements (comments, teasers) lose to the outermost one with the most text.
        best = max(articles, key=text_of)
        if best_is_whole or text_of(best) >= _MIN_ARTICLE_SHARE * page_text:
            return MainContent(best, "article element", "article")
    mains = list(root.iter("main"))
    if len(mains) == 1:
        return MainContent(mains[0], "main element", "main")
    found = _cms_container(root)
    if found is not None:
        return MainContent(found[1], "CMS container", found[0])
    return _densest(body)


def _cms_container(root: Any) -> tuple[str, Any] | None:
    """The first of :data:`CMS_SELECTORS` (in their order) that matches, with its first match in
    document order: one walk over the tree instead of one query per selector."""
    first: dict[str, Any] = {}
    for element in root.iter(etree.Element):
        classes = element.get("class")
        # str.split cuts at every whitespace character XML's does, and more: a quick, safe test first.
        has_class = classes is not None and not _CMS_CLASSES.isdisjoint(classes.split())
        names = [f".{token}" for token in attribute_tokens(classes)] if has_class else []
        ident = element.get("id")
        if ident is not None:
            names.append(f"#{ident}")
        for name in names:
            if name in _CMS_SELECTOR_SET and name not in first:
                first[name] = element
        if CMS_SELECTORS[0] in first:
            break  # the preferred container: nothing later can win
    return next(((css, first[css]) for css in CMS_SELECTORS if css in first), None)


class _ParagraphText:
    """Characters of paragraph text under an element, each element and paragraph measured once."""

    def __init__(self) -> None:
        self._paragraphs: dict[Any, int] = {}
        self._elements: dict[Any, int] = {}

    def __call__(self, element: Any) -> int:
        total = self._elements.get(element)
        if total is None:
            total = 0
            for paragraph in element.iter("p"):
                length = self._paragraphs.get(paragraph)
                if length is None:
                    length = self._paragraphs[paragraph] = len(text_content(paragraph).strip())
                total += length
            self._elements[element] = total
        return total


def _densest(body: Any) -> MainContent:
    """Score each paragraph's parent (and half to its grandparent) by text length; pick the best."""
    scores: dict[Any, float] = {}
    for paragraph in body.iter("p"):
        length = len(squash(text_content(paragraph)))
        if length < 25 or any(a.tag in _CHROME for a in paragraph.iterancestors()):
            continue
        parent = paragraph.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + length
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0.0) + length / 2
    # Bodies written as text runs between <br> tags (no <p>): score the runs like paragraphs of
    # their container, as readability turns such <div>s into paragraphs before scoring.
    for parent in {br.getparent() for br in body.iter("br")}:
        if parent is None or parent.tag in _CHROME or any(a.tag in _CHROME for a in parent.iterancestors()):
            continue
        runs = [parent.text, *(child.tail for child in parent)]
        length = sum(n for n in (len(squash(run)) for run in runs if run) if n >= 25)
        if not length:
            continue
        scores[parent] = scores.get(parent, 0.0) + length
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0.0) + length / 2
    if not scores:
        return MainContent(body, "whole body", "body")
    best = max(scores, key=scores.get)
    while best.tag not in CONTAINER_TAGS and best.tag not in BLOCK_KINDS and best.getparent() is not None:
        best = best.getparent()  # text runs in a <span>: their block is the box that holds the span
    return MainContent(best, "text density", _describe(best))


def _describe(element: Any) -> str:
    """A short CSS-like name for an element: ``tag#id`` or ``tag.class``."""
    tag = element.tag
    if element.get("id"):
        return f"{tag}#{element.get('id').split()[0]}"
    classes = element.get("class", "").split()
    return f"{tag}.{classes[0]}" if classes else tag
