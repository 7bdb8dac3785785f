"""What the DIS rules share: the affiliate links a disclosure must cover, and where they start."""

from __future__ import annotations

from typing import Any

# Below this confidence an affiliate match is "needs review" and does not by itself demand a disclosure.
MIN_CONFIDENCE = 0.5


def disclosed_links(doc: Any) -> list[Any]:
    """Visible affiliate links in the main content, in document order."""
    return [
        link for link in doc.links
        if link.affiliate is not None and link.affiliate.confidence >= MIN_CONFIDENCE and link.in_main_content and not link.hidden
    ]


def affiliate_disclosures(doc: Any) -> list[Any]:
    """Disclosures that tell readers about the page's paid links, in document order: affiliate and
    Amazon statements and vague ones; and, when the only paid links are sponsors' links the page marks
    rel="sponsored", sponsored labels in the content ("Sponsored by Acme"). Ad-slot labels
    ("Advertisement") never disclose affiliate links."""
    declared_only = all(link.affiliate.signal == "rel-sponsored" for link in disclosed_links(doc))
    return [
        d for d in doc.disclosures
        if d.kind in ("affiliate", "amazon", "vague")
        or (declared_only and d.kind == "sponsored" and d.region != "boilerplate")
    ]


def describe(disclosure: Any) -> str:
    text = disclosure.text if len(disclosure.text) <= 60 else disclosure.text[:59] + "…"
    return f"“{text}” (line {disclosure.line})"
