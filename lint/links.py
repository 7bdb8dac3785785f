"""Links as rules see them: resolved URL, host, rel tokens, anchor text, placement and affiliate class."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import Any, Callable

from affilint.affiliate import AffiliateClassifier, AffiliateMatch
from affilint.regions import VISIBLE_OUTSIDE, Placement
from affilint.text import squash, text_content
from affilint.urls import host_of, resolve, same_site

_NON_NAVIGATING = ("javascript:", "mailto:", "tel:", "sms:", "data:", "#")


def _load_patterns(name: str) -> re.Pattern[str]:
    """One regex from a data file of patterns, one a line ('#' starts a comment line)."""
    text = resources.files("affilint").joinpath(f"data/{name}").read_text(encoding="utf-8")
    patterns = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I)


SHARE_URLS = _load_patterns("share_urls.txt")
AD_URLS = _load_patterns("ad_urls.txt")


@dataclass(frozen=True, eq=False)
class Link:
    """One ``<a href>`` / ``<area href>`` of the document."""

    index: int
    element: Any
    href: str  # the attribute as written
    url: str  # resolved against <base>/the document URL when one is known
    host: str
    rel: frozenset[str]
    text: str
    title: str
    line: int
    region: str
    in_main_content: bool
    visibility: str
    is_external: bool
    affiliate: AffiliateMatch | None
    within_main: bool = False  # inside the main content element, widgets and asides included
    auto_affiliate: AffiliateMatch | None = None  # a merchant link an auto-affiliation script may monetise

    @property
    def is_share(self) -> bool:
        """A share button or share intent (facebook.com/sharer, x.com/intent, ...): never a source."""
        return bool(self.url) and SHARE_URLS.search(self.url) is not None

    @property
    def is_ad(self) -> bool:
        """An ad, recommendation-widget or paid-traffic link (doubleclick, Taboola, utm_medium=cpc, ...)."""
        return bool(self.url) and AD_URLS.search(self.url) is not None

    @property
    def is_citation_candidate(self) -> bool:
        """An outbound link a reader could follow to check the text: off-site, inside the article
        (asides and collapsed notes included, hidden text not), not paid, not a share button."""
        return (
            self.is_external
            and self.within_main
            and self.visibility != "hidden"
            and self.affiliate is None
            and "sponsored" not in self.rel
            and not self.is_share
            and not self.is_ad
        )

    @property
    def is_affiliate(self) -> bool:
        return self.affiliate is not None

    @property
    def hidden(self) -> bool:
        return self.visibility != "visible"


def extract_links(
    root: Any,
    placements: dict[Any, Placement],
    base_url: str | None,
    site_host: str,
    classifier: AffiliateClassifier,
    line_of: Callable[[Any], int] | None = None,
) -> list[Link]:
    """All links with an href, in document order, classified once."""
    links: list[Link] = []
    for element in root.iter("a", "area"):
        href = element.get("href")
        if href is None:
            continue
        href = href.strip()
        url = resolve(href, base_url)
        host = host_of(url)
        navigating = bool(href) and not href.lower().startswith(_NON_NAVIGATING)
        internal = not host or (bool(site_host) and same_site(host, site_host))
        placement = placements.get(element, VISIBLE_OUTSIDE)
        affiliate = classifier.classify(url, same_site=internal) if navigating else None
        links.append(
            Link(
                index=len(links),
                element=element,
                href=href,
                url=url,
                host=host,
                rel=frozenset((element.get("rel") or "").lower().split()),
                text=squash(text_content(element)),
                title=(element.get("title") or "").strip(),
                line=line_of(element) if line_of is not None else (element.sourceline or 1),
                region=placement.region,
                in_main_content=placement.in_main_content,
                visibility=placement.visibility,
                is_external=navigating and not internal and url.lower().startswith(("http://", "https://", "//")),
                affiliate=affiliate,
                within_main=placement.within_main,
            )
        )
    return links
