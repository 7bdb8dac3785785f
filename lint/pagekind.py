"""A coarse page kind (news, review, deals, sponsored, blog, other) with the evidence for it.

Strong signals are declared ones: schema.org types and OpenGraph/section metadata. Weaker ones are the
URL path and a wire-style dateline at the start of the body. Sponsored signals beat everything, since
paid content dressed as news is exactly what rules must see. A page with none of these is news only
when weighed weak cues (breadcrumbs, bylines, datelines, reporting style; ``affilint.newscues``) add up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Sequence
from urllib.parse import urlsplit

from affilint.metadata import Metadata
from affilint.newscues import NEWS_THRESHOLD, Cue, is_news

KINDS = ("news", "review", "deals", "sponsored", "blog", "other")
_TYPE_KINDS = {
    "AdvertiserContentArticle": "sponsored",
    "NewsArticle": "news",
    "ReportageNewsArticle": "news",
    "AnalysisNewsArticle": "news",
    "BackgroundNewsArticle": "news",
    "OpinionNewsArticle": "news",
    "ReviewNewsArticle": "review",
    "LiveBlogPosting": "news",
    "Review": "review",
    "CriticReview": "review",
    "EmployerReview": "review",
    "UserReview": "review",
    "BlogPosting": "blog",
    # Instructions, not reports: their "claims" are steps and their quotes are readers' comments.
    "Recipe": "blog",
    "HowTo": "blog",
}
_NEWS_SECTIONS = frozenset(
    "news world politics business us uk europe asia africa americas national local economy markets "
    "health science climate tech technology elections breaking".split()
)
_PATH_KINDS = (
    (re.compile(r"/(?:sponsored|partner-content|paid-post|brandvoice|advertorial)(?:/|$)"), "sponsored"),
    (re.compile(r"/(?:deals?|coupons?|offers|shopping|black-friday)(?:/|-|$)"), "deals"),
    (re.compile(r"/(?:reviews?|best|buying-guides?|vs)(?:/|-|$)"), "review"),
    (re.compile(r"/(?:news|world|politics|national|business)(?:/|$)"), "news"),
    (re.compile(r"/(?:blog|blogs)(?:/|$)"), "blog"),
)
# A wire dateline: "WASHINGTON (AP) —", "LONDON (Reuters) -", "(Reuters) -", "PARIS, July 3 (AFP) -".
# The agency is the story's source: page kind reads it as news evidence, claim support
# (affilint.claims) as the source of its paragraph.
WIRE_AGENCIES = (
    "AP", "Reuters", "AFP", "Bloomberg", "UPI", "dpa", "DPA", "ANI", "PTI", "IANS", "Xinhua", "Kyodo", "Yonhap",
    "EFE", "ANSA", "CNN", "BBC", "TASS", "CP", "AAP", "PA",
)
DATELINE = re.compile(
    r"^(?:[A-Z][A-Z .,'’-]{1,40}(?:,\s*[A-Z][A-Za-z.]+\.?(?:\s+\d{1,2})?)?\s*)?"
    rf"\((?:{'|'.join(WIRE_AGENCIES)})\)\s*[-—–]"
)


@dataclass(frozen=True)
class PageKind:
    kind: str
    evidence: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "evidence": list(self.evidence)}


def _load_cues() -> tuple[dict[str, frozenset[str]], dict[str, re.Pattern[str]]]:
    from importlib import resources
    import tomllib

    data = tomllib.loads(resources.files("affilint").joinpath("data/commerce_cues.toml").read_text(encoding="utf-8"))
    words = {kind: frozenset(values) for kind, values in data["url_words"].items()}
    titles = {kind: re.compile("|".join(f"(?:{p})" for p in values), re.I) for kind, values in data["title_patterns"].items()}
    return words, titles


_URL_WORDS, _TITLE_PATTERNS = _load_cues()
_WORD_SPLIT = re.compile(r"[/\-_.]+")


def commerce_kind_of_url(url: str) -> str | None:
    """"deals" or "review" when a URL's path words name a deals or review page (else None)."""
    try:
        path = urlsplit(url).path.lower()
    except ValueError:
        return None
    found = _commerce_evidence(path, "")
    return found[0] if found else None


def _commerce_evidence(path: str, title: str) -> tuple[str, str] | None:
    """(kind, why) when the URL path or the title names a deals or review page."""
    words = set(_WORD_SPLIT.split(path))
    for kind in ("deals", "review"):
        hit = words & _URL_WORDS.get(kind, frozenset())
        if hit:
            return kind, f"URL word '{sorted(hit)[0]}' in {path}"
    for kind in ("deals", "review"):
        pattern = _TITLE_PATTERNS.get(kind)
        match = pattern.search(title) if pattern and title else None
        if match:
            return kind, f"title says '{match.group(0).strip()}'"
    return None


def classify_page(
    meta: Metadata,
    url: str,
    first_text: str,
    is_fragment: bool,
    news_cues: Callable[[], Sequence[Cue]] | None = None,
) -> PageKind:
    """Decide the page kind from metadata, URL and the first body text; when none of them names a
    kind, ``news_cues`` (called only then, since weighing reads the whole body) may still make it news."""
    votes: dict[str, list[str]] = {}
    for schema_type in meta.schema_types:
        kind = _TYPE_KINDS.get(schema_type)
        if kind:
            votes.setdefault(kind, []).append(f"schema.org type {schema_type}")
    section = meta.section.strip().lower()
    if section in _NEWS_SECTIONS:
        votes.setdefault("news", []).append(f"section '{meta.section}'")
    if "sponsored" in section or "partner" in section:
        votes.setdefault("sponsored", []).append(f"section '{meta.section}'")
    path = ""
    if url:
        try:
            path = urlsplit(url).path.lower()
        except ValueError:
            path = ""
    for pattern, kind in _PATH_KINDS:
        if path and pattern.search(path):
            votes.setdefault(kind, []).append(f"URL path {path}")
            break
    if first_text and DATELINE.match(first_text):
        votes.setdefault("news", []).append(f"wire dateline '{DATELINE.match(first_text).group(0).strip()}'")
    news = votes.get("news", [])
    if news and all(e == "schema.org type NewsArticle" for e in news):
        # A bare NewsArticle is what many CMSs put on every page; the page's own URL or title saying
        # "best …", "… deals" or "review" is better evidence of what it is.
        commerce = _commerce_evidence(path, meta.title)
        if commerce:
            kind, evidence = commerce
            return PageKind(kind, (*news, f"but {evidence}"))
    for kind in ("sponsored", "news", "review", "deals", "blog"):
        if kind in votes:
            # Declared schema types outrank URL guesses: a NewsArticle under /deals/ is still news.
            declared = [k for k, ev in votes.items() if any(e.startswith("schema.org") for e in ev)]
            if declared and kind not in declared and "sponsored" not in votes:
                kind = next(k for k in ("news", "review", "blog", "deals") if k in declared)
            return PageKind(kind, tuple(votes[kind]))
    if is_fragment:
        return PageKind("other", ("fragment: no page metadata",))
    if news_cues is not None:
        cues = news_cues()
        if is_news(cues) and not _commerce_evidence(path, meta.title):
            score = sum(cue.weight for cue in cues)
            return PageKind("news", (f"weighed news cues {score} >= {NEWS_THRESHOLD}", *(c.describe() for c in cues)))
    return PageKind("other", ("no news, review, deals, sponsored or blog signal",))
