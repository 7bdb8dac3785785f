"""Page metadata: title, language, canonical URL, schema.org types (JSON-LD and microdata), OpenGraph,
section, breadcrumbs, authors and dates. Broken JSON-LD is common on real pages and is skipped, not fatal."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from lxml import etree

from affilint.text import squash, text_content

_XML_SPACE = re.compile(r"[ \t\r\n]+")


def microdata_elements(root: Any) -> list[Any]:
    """Elements with microdata (``itemprop``, ``itemtype``) and links with a ``rel``, in document
    order. One walk in Python serves the schema-type, byline and main-content lookups, which as
    separate XPath queries (``//*[...]``) cost a walk of the whole tree each."""
    return [
        element
        for element in root.iter(etree.Element)
        if element.get("itemprop") is not None
        or element.get("itemtype") is not None
        or (element.tag == "a" and element.get("rel") is not None)
    ]


def attribute_tokens(value: str | None) -> list[str]:
    """An attribute's space-separated tokens, split as XPath's ``normalize-space`` does."""
    return _XML_SPACE.split(value.strip(" \t\r\n")) if value else []


def _is_byline_author(element: Any) -> bool:
    """A microdata author (its ``name`` part when it is an item) or a ``rel="author"`` link."""
    itemprop = element.get("itemprop")
    if itemprop == "author" and element.get("itemscope") is None:
        return True
    if itemprop == "name" and any(a.get("itemprop") == "author" for a in element.iterancestors()):
        return True
    return element.tag == "a" and "author" in attribute_tokens(element.get("rel"))


@dataclass(frozen=True)
class Metadata:
    title: str = ""
    lang: str = ""
    canonical: str = ""
    description: str = ""
    schema_types: tuple[str, ...] = ()
    og: dict[str, str] = field(default_factory=dict)
    section: str = ""
    authors: tuple[str, ...] = ()
    published: str = ""
    modified: str = ""
    base_href: str = ""
    jsonld_errors: int = 0
    breadcrumbs: tuple[str, ...] = ()  # a JSON-LD BreadcrumbList's names, home first

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "lang": self.lang,
            "canonical": self.canonical,
            "description": self.description,
            "schema_types": list(self.schema_types),
            "og_type": self.og.get("og:type", ""),
            "section": self.section,
            "authors": list(self.authors),
            "published": self.published,
            "modified": self.modified,
            "breadcrumbs": list(self.breadcrumbs),
        }


def extract_metadata(root: Any, microdata: list[Any] | None = None) -> Metadata:
    """The page's metadata; ``microdata`` is :func:`microdata_elements` of ``root`` when already known."""
    if microdata is None:
        microdata = microdata_elements(root)
    metas: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key and key not in metas and meta.get("content") is not None:
            metas[key] = " ".join(meta.get("content").split())
        equiv = (meta.get("http-equiv") or "").strip().lower()
        if equiv == "content-language" and meta.get("content"):
            metas.setdefault("content-language", meta.get("content").strip())
    canonical = ""
    base_href = ""
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            canonical = link.get("href").strip()
            break
    for base in root.iter("base"):
        if base.get("href"):
            base_href = base.get("href").strip()
            break
    nodes, errors = _jsonld_nodes(root)
    types: list[str] = []
    section = metas.get("article:section", "")
    authors: list[str] = []
    published = metas.get("article:published_time", "")
    modified = metas.get("article:modified_time", "")
    breadcrumbs: list[str] = []
    for node in nodes:
        if not breadcrumbs and "BreadcrumbList" in _as_list(node.get("@type")):
            breadcrumbs = _breadcrumb_names(node)
        for node_type in _as_list(node.get("@type")):
            if isinstance(node_type, str) and node_type not in types:
                types.append(node_type)
        if not section:
            section = _first_text(node.get("articleSection"))
        if not published:
            published = _first_text(node.get("datePublished"))
        if not modified:
            modified = _first_text(node.get("dateModified"))
        for author in _as_list(node.get("author")):
            name = author.get("name") if isinstance(author, dict) else author
            if isinstance(name, str) and name.strip() and name.strip() not in authors:
                authors.append(name.strip())
    for element in microdata:
        itemtype = element.get("itemtype")
        if itemtype:
            for url in itemtype.split():
                name = url.rstrip("/").rsplit("/", 1)[-1]
                if name and name not in types:
                    types.append(name)
    if metas.get("author") and metas["author"] not in authors:
        authors.append(metas["author"])
    for element in filter(_is_byline_author, microdata):  # microdata author, rel=author links
        name = squash(element.get("content") or text_content(element))
        if name and len(name) <= 80 and name not in authors:
            authors.append(name)
    if not published:
        time_el = next((t for t in root.iter("time") if t.get("datetime")), None)
        if time_el is not None:
            published = time_el.get("datetime").strip()
    title_el = root.find(".//title")
    title = metas.get("og:title") or (squash(text_content(title_el)) if title_el is not None else "")
    if not title:
        h1 = next(iter(root.iter("h1")), None)
        title = squash(text_content(h1)) if h1 is not None else ""
    lang = (root.get("lang") or root.get("xml:lang") or metas.get("content-language") or metas.get("og:locale") or "").strip()
    return Metadata(
        title=title,
        lang=lang.replace("_", "-"),
        canonical=canonical or metas.get("og:url", ""),
        description=metas.get("description") or metas.get("og:description", ""),
        schema_types=tuple(types),
        og={key: value for key, value in metas.items() if key.startswith(("og:", "article:"))},
        section=section,
        authors=tuple(authors),
        published=published,
        modified=modified,
        base_href=base_href,
        jsonld_errors=errors,
        breadcrumbs=tuple(breadcrumbs),
    )


def _breadcrumb_names(node: dict[str, Any]) -> list[str]:
    """Names of a BreadcrumbList's items in ``position`` order (the name may sit on the item)."""
    items = []
    for index, entry in enumerate(_as_list(node.get("itemListElement"))):
        if not isinstance(entry, dict):
            continue
        name = entry.get("name")
        if not isinstance(name, str) and isinstance(entry.get("item"), dict):
            name = entry["item"].get("name")
        position = entry.get("position")
        if isinstance(position, str) and position.strip().isdigit():
            position = int(position)
        order = position if isinstance(position, (int, float)) else index
        if isinstance(name, str) and name.strip():
            items.append((order, squash(name)))
    return [name for _order, name in sorted(items, key=lambda item: item[0])]


def _jsonld_nodes(root: Any) -> tuple[list[dict[str, Any]], int]:
    nodes: list[dict[str, Any]] = []
    errors = 0
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            errors += 1
            continue
        stack = [data]
        budget = len(nodes) + 500  # per block, so one huge @graph cannot hide a later block
        while stack and len(nodes) < budget:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                nodes.append(item)
                if "@graph" in item:
                    stack.append(item["@graph"])
                if isinstance(item.get("mainEntity"), dict):
                    stack.append(item["mainEntity"])
    return nodes, errors


def _as_list(value: Any) -> Iterable[Any]:
    if value is None:
        return ()
    return value if isinstance(value, list) else (value,)


def _first_text(value: Any) -> str:
    for item in _as_list(value):
        if isinstance(item, str) and item.strip():
            return item.strip()
    return ""
