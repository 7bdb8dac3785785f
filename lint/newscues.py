"""Evidence that a page is editorial news when its markup does not declare it.

Why: many news pages carry no NewsArticle type, no news ``article:section`` and no /news/ path (older
CMSs, trade and tech sites), and the rules that keep commerce out of news (PLG, AFF003) would never
look at them. Every cue on its own is weak: blogs have bylines and dated URLs, press releases have
datelines and "said", templates put "news" in class names. So cues are weighed, counter-cues (first
person, how-to titles, recipe or FAQ types, press-release boilerplate, a blog host) subtract, and a
page counts as news only when the sum reaches ``NEWS_THRESHOLD`` with at least one cue from the page's
frame (breadcrumb, section, markup, URL, byline) *and* one from its text (dateline, reporting style).

Weights: a breadcrumb naming a news desk 2, an opinion section or crumb 1, "news" in the class names of
the body or the article's containers 1, a dated URL path 1, a byline with a publication time 1, a
dateline opening the lede 2, reporting style 1 (2 when dense: several attributions and dated events);
first-person voice -2, how-to or recipe title -2, a non-news schema.org type -2, press-release
boilerplate -5 (in effect a veto: datelines and quotes are what releases imitate), a blog host -2.
The lexicons are data: ``lint/data/news_cues.toml``; users read the table in ``docs/news.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import Any, Iterable, Sequence
from urllib.parse import urlsplit

import tomllib
from lxml import etree

from affilint.literals import required_literals
from affilint.metadata import Metadata
from affilint.text import squash, text_content

NEWS_THRESHOLD = 3
FRAME, TEXT, COUNTER = "frame", "text", "counter"


@dataclass(frozen=True)
class Cue:
    """One piece of evidence for (weight > 0) or against (weight < 0) editorial news."""

    name: str
    weight: int
    detail: str
    group: str  # FRAME, TEXT or COUNTER

    def describe(self) -> str:
        return f"{self.detail} ({self.weight:+d})"


def _load() -> dict[str, Any]:
    data = tomllib.loads(resources.files("affilint").joinpath("data/news_cues.toml").read_text(encoding="utf-8"))

    def alternation(key: str, flags: int = 0) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in data[key]), flags)

    return {
        "news_sections": frozenset(data["news_sections"]),
        "opinion_sections": frozenset(data["opinion_sections"]),
        "attribution": alternation("attribution"),
        "dated_event": alternation("dated_event"),
        "first_person": alternation("first_person"),
        "howto_titles": alternation("howto_titles", re.I),
        "not_news_types": frozenset(data["not_news_types"]),
        "press_release": alternation("press_release", re.M | re.I),
        "press_release_patterns": list(data["press_release"]),
    }


_CUES = _load()
# A sentence that dates an event ("on Monday", "July 3", "in August 2021", "last week").
DATED_EVENT: re.Pattern[str] = _CUES["dated_event"]
_DATE_PATH = re.compile(
    r"/(?:19|20)\d{2}/(?:0?[1-9]|1[0-2]|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)(?:/|$)", re.I
)
# "LONDON —", "SAN FRANCISCO, Calif. —", "KYIV, Ukraine, March 3 —", "WASHINGTON (AP) —"
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’-]{2,}(?: [A-Z][A-Z.'’-]+){0,3})"
    r"(?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)?(?:,? [A-Z][a-z]{2,8}\.? \d{1,2})?"
    r"\s*(?:\([^)]{2,30}\))?\s*[—–-]\s"
)
_NOT_PLACES = frozenset("UPDATE UPDATED NOTE EDITOR'S EDITOR’S EXCLUSIVE WATCH VIDEO PHOTOS LISTEN READ FAQ".split())
_BREADCRUMB_TRAILS = etree.XPath(  # "breadcrumb", "Breadcrumbs", "BreadCrumb" in class or aria-label
    '//*[contains(@class, "readcrumb") or contains(@class, "readCrumb")'
    ' or contains(@aria-label, "readcrumb") or contains(@aria-label, "readCrumb")]'
)
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
_WORDS = re.compile(r"\w+")  # each maximal run of word characters, as \b\w+\b finds them, but faster


def weigh_news_cues(
    meta: Metadata, url: str, root: Any, main: Any, body_texts: Sequence[str], lede: str
) -> list[Cue]:
    """Every news cue of a page, and its counter-cues when it has cues from both its frame and its
    text (see the module docstring for the weights). Without both the page cannot be news whatever
    the counter-cues say, so their patterns (which read the whole body) are not run."""
    path = _path(url)
    body = "\n".join(body_texts)  # one pass of each pattern over the body; blocks stay lines
    words = len(_WORDS.findall(body))
    text = _text_cues(body, words, lede)
    # Without a text cue the page cannot be news, so the costly walk for a breadcrumb nav is skipped.
    frame = _frame_cues(meta, path, root if text else None, main)
    return [*frame, *text, *(_counter_cues(meta, url, body, words) if frame and text else ())]


def is_news(cues: Iterable[Cue]) -> bool:
    """Enough evidence, from both the page's frame and its text, net of the counter-evidence."""
    cues = list(cues)
    groups = {cue.group for cue in cues if cue.weight > 0}
    return FRAME in groups and TEXT in groups and sum(cue.weight for cue in cues) >= NEWS_THRESHOLD


# What each press-release marker must contain (lower case), read from the patterns themselves; the
# first marker is "for immediate release" (the data file keeps it first).
_PRESS_RELEASE_LITERALS = [required_literals(p, re.I | re.M) for p in _CUES["press_release_patterns"]]


def press_release_marker(body_texts: Sequence[str]) -> str:
    """The press-release boilerplate in a page's body ("For immediate release", "Media contact",
    "About ExampleCo"), or "". A release is its issuer's own statement: its quotes are the issuer's
    people and it has no sources to link.

    Each marker alone is weak evidence here (a news story may mention "PR Newswire", an author bio
    is headed "About Jane Doe"), so two different ones are needed, or "For immediate release". Only
    the head and the tail of the body are read: releases put their boilerplate there, and the
    patterns are costly on a long body."""
    texts = list(body_texts)
    edges = "\n".join(texts if len(texts) <= 17 else texts[:5] + texts[-12:])
    lower = edges.lower()
    possible = [all(any(literal in lower for literal in group) for group in needed) for needed in _PRESS_RELEASE_LITERALS]
    if sum(possible) < 2 and not possible[0]:
        return ""  # fewer than two markers can be there (literal prefilter): the patterns need not run
    found = {match.group(0).lower() for match in _CUES["press_release"].finditer(edges)}
    if "for immediate release" in found or len(found) >= 2:
        return sorted(found)[0]
    return ""


def _frame_cues(meta: Metadata, path: str, root: Any, main: Any) -> list[Cue]:
    cues = []
    crumbs = list(meta.breadcrumbs) or (_html_breadcrumbs(root) if root is not None else [])
    desk = _desk(crumbs[1:] if len(crumbs) > 1 else crumbs)  # the first crumb is the home page
    if desk:
        kind, crumb = desk
        weight = 2 if kind == "news" else 1
        cues.append(Cue("breadcrumb", weight, f"breadcrumb '{crumb}'", FRAME))
    section = meta.section.strip().lower()
    if section in _CUES["opinion_sections"] and not (desk and desk[0] == "opinion"):
        cues.append(Cue("section", 1, f"section '{meta.section}'", FRAME))
    marked = _news_markup(main)
    if marked:
        cues.append(Cue("news-markup", 1, f"'news' in the page markup ({marked})", FRAME))
    if path and (match := _DATE_PATH.search(path)):
        cues.append(Cue("dated-url", 1, f"dated URL path {match.group(0)}", FRAME))
    if meta.authors and meta.published:
        cues.append(Cue("byline", 1, f"byline {meta.authors[0]!r} with publication time", FRAME))
    return cues


def _text_cues(body: str, words: int, lede: str) -> list[Cue]:
    cues = []
    match = DATELINE.match(lede) if lede else None
    if match and match.group("place").split()[0] not in _NOT_PLACES:
        cues.append(Cue("dateline", 2, f"dateline '{match.group(0).strip()}'", TEXT))
    attributions = len(_CUES["attribution"].findall(body))
    dated = len(_CUES["dated_event"].findall(body))
    if words:
        per_100 = 100 * (attributions + dated) / words
        detail = f"reporting style: {attributions} attributions and {dated} dated events in {words} words"
        if attributions >= 3 and dated >= 2 and per_100 >= 1.5:
            cues.append(Cue("reporting-style", 2, detail, TEXT))
        elif attributions + dated >= 3 and per_100 >= 1.0:
            cues.append(Cue("reporting-style", 1, detail, TEXT))
    return cues


def _counter_cues(meta: Metadata, url: str, body: str, words: int) -> list[Cue]:
    cues = []
    first_person = len(_CUES["first_person"].findall(body))
    if words and first_person >= 5 and 100 * first_person / words >= 1.5:
        cues.append(Cue("first-person", -2, f"first-person voice: {first_person} times in {words} words", COUNTER))
    if meta.title and (match := _CUES["howto_titles"].search(meta.title)):
        cues.append(Cue("how-to-title", -2, f"title says '{match.group(0)}'", COUNTER))
    types = sorted(set(meta.schema_types) & _CUES["not_news_types"])
    if types:
        cues.append(Cue("not-news-type", -2, f"schema.org type {types[0]}", COUNTER))
    if match := _CUES["press_release"].search(body):
        cues.append(Cue("press-release", -5, f"press release ('{match.group(0)}')", COUNTER))
    host = _host(url)
    if host.startswith("blog.") or ".blog." in host:
        cues.append(Cue("blog-host", -2, f"blog host {host}", COUNTER))
    return cues


def _desk(crumbs: Sequence[str]) -> tuple[str, str] | None:
    """("news"|"opinion", crumb) for the first crumb that names a news desk or an opinion section."""
    for crumb in crumbs:
        name = squash(crumb).lower()
        if name in _CUES["news_sections"] or name.endswith(" news"):
            return "news", crumb
        if name in _CUES["opinion_sections"]:
            return "opinion", crumb
    return None


def _html_breadcrumbs(root: Any) -> list[str]:
    """The first breadcrumb trail in the markup: its link (else list item) texts, home first."""
    for trail in _BREADCRUMB_TRAILS(root):
        parts = [squash(text_content(a)) for a in trail.iter("a")] or [squash(text_content(li)) for li in trail.iter("li")]
        parts = [part for part in parts if part and len(part) <= 60]
        if parts:
            return parts[:8]
    return []


def _news_markup(main: Any) -> str:
    """The first class or id of <body>, the main content or its containers with the word "news"
    ("news-article", "category-news"; not "newsletter")."""
    chain = [main, *main.iterancestors()] if main is not None else []
    body = next(iter(chain[-1].iterchildren("body")), None) if chain else None
    if body is not None and body not in chain:
        chain.append(body)
    for element in chain:
        if not isinstance(element.tag, str):
            continue
        for value in (element.get("class") or "").split() + (element.get("id") or "").split():
            if "news" in _TOKEN_SPLIT.split(value.lower()):
                return f"{element.tag}.{value}"
    return ""


def _path(url: str) -> str:
    try:
        return urlsplit(url).path.lower() if url else ""
    except ValueError:
        return ""


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower() if url else ""
    except ValueError:
        return ""
