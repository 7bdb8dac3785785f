"""Checks against the labelled dev corpus of real third-party pages (``../shared/corpus``).

The corpus is not part of this repository; when it is absent the whole module is skipped. See the
corpus README for the label schema. Only what the current code and data can support is asserted:

* every page lints with status "ok";
* the main content affilint finds is the labelled body container, inside it, or around it for at
  least 80% of the pages;
* every labelled affiliate href of a network that ``affiliate_networks.toml`` knows is classified as
  affiliate (networks affilint has no data for yet, such as Skimlinks or Impact, are only measured);
* no link at all is classified as affiliate on pages labelled ``has_affiliate_links == false``.

Run with ``pytest -s tests/test_corpus.py`` to see the measured numbers and the misses.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
LABELS = CORPUS / "labels.jsonl"
PAGES = CORPUS / "pages"

if not LABELS.is_file() or not PAGES.is_dir():
    pytest.skip(f"dev corpus not found at {CORPUS}", allow_module_level=True)

from affilint.config import ConfigResolver  # noqa: E402
from affilint.decode import decode  # noqa: E402
from affilint.document import Document  # noqa: E402
from affilint.engine import Linter  # noqa: E402
from affilint.plugins import build_registry  # noqa: E402
from affilint.rules import load_data_file  # noqa: E402

MAIN_CONTENT_MIN_SHARE = 0.80


def _load_labels() -> list[dict[str, Any]]:
    labels = []
    with LABELS.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                labels.append(json.loads(line))
    return labels


ALL_LABELS = _load_labels()
LABELS_BY_ID = {label["id"]: label for label in ALL_LABELS}
PAGE_IDS = [label["id"] for label in ALL_LABELS]

# The networks affilint has data for *now* (read from the installed data file, so the test follows it).
KNOWN_NETWORKS = frozenset(entry["id"].lower() for entry in load_data_file("affiliate_networks.toml").get("networks", []))


def label_network_id(network: str) -> str:
    """The network id a label names: 'amazon', 'bhphoto (bhpho.to)' -> 'bhphoto', 'unspecified (…)' -> 'unspecified'."""
    return re.split(r"[\s(]", network.strip().lower(), maxsplit=1)[0]


def page_path(page_id: str) -> Path:
    return PAGES / f"{page_id}.html"


@pytest.fixture(scope="module")
def linter() -> Linter:
    # Isolated: no affilint.toml found around the corpus or the cwd may change what is measured.
    return Linter(build_registry(), resolver=ConfigResolver(isolated=True))


@dataclass
class PageModel:
    label: dict[str, Any]
    doc: Document


@pytest.fixture(scope="module")
def models(linter: Linter) -> dict[str, PageModel]:
    """One document model per page, built the way the engine builds it (decode, then parse)."""
    built = {}
    for label in ALL_LABELS:
        path = page_path(label["id"])
        text = decode(path.read_bytes()).text
        built[label["id"]] = PageModel(label, linter.document(text, str(path)))
    return built


# -- every page lints ------------------------------------------------------------------------------
@pytest.mark.parametrize("page_id", PAGE_IDS)
def test_page_lints_ok(linter: Linter, page_id: str) -> None:
    path = page_path(page_id)
    assert path.is_file(), f"labelled page missing from the corpus: {path}"
    result = linter.lint_path(path)
    assert result.status == "ok", f"{page_id}: {result.error}"
    assert result.error is None
    assert result.document is not None and result.document["main_content"]["line"] >= 1
    for finding in result.findings:
        assert finding.line >= 1
        assert finding.column is None or finding.column >= 1
    json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")  # the report can be written


# -- main content --------------------------------------------------------------------------------
def relation(main: Any, hint: Any) -> str:
    """How the detected main element relates to the labelled one.

    Two elements of one tree either are the same, nest, or share no node at all, so "overlap" is the
    nesting cases: ``same``, ``main-inside-hint`` (affilint picked part of the body) or
    ``hint-inside-main`` (affilint picked a container of the body). Anything else is ``disjoint``.
    """
    if hint is None:
        return "hint-not-found"
    if main is hint:
        return "same"
    if any(ancestor is hint for ancestor in main.iterancestors()):
        return "main-inside-hint"
    if any(ancestor is main for ancestor in hint.iterancestors()):
        return "hint-inside-main"
    return "disjoint"


def _text_length(element: Any) -> int:
    return len(" ".join("".join(element.itertext()).split()))


def test_main_content_matches_hint(models: dict[str, PageModel]) -> None:
    rows = []
    wide = []  # (page, share of the main element's text that is the labelled body's, selector)
    for page_id, model in models.items():
        hits = model.doc.css(model.label["main_content_hint"])
        hint = hits[0] if hits else None
        main = model.doc.main_content
        rel = relation(main.element, hint)
        rows.append((page_id, rel, main.method, main.selector, model.label["main_content_hint"]))
        if rel == "hint-inside-main":
            wide.append((page_id, _text_length(hint) / max(1, _text_length(main.element)), main.selector))
    matched = [row for row in rows if row[1] in ("same", "main-inside-hint", "hint-inside-main")]
    counts: dict[str, int] = {}
    for row in rows:
        counts[row[1]] = counts.get(row[1], 0) + 1
    print(f"\nmain content match {len(matched)}/{len(rows)} ({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))})")
    for page_id, rel, method, selector, hint in rows:
        if rel not in ("same", "main-inside-hint", "hint-inside-main"):
            print(f"  MISS {page_id}: {rel}; affilint chose {selector!r} by {method}, label hint {hint!r}")
    loose = [item for item in wide if item[1] < 0.5]
    print(f"  (measured) main content wider than the labelled body, body under half its text: {len(loose)}/{len(wide)}")
    for page_id, share, selector in loose:
        print(f"    WIDE {page_id}: {selector!r}, labelled body is {share:.0%} of its text")
    assert not [row for row in rows if row[1] == "hint-not-found"], "a label's main_content_hint matches nothing"
    assert len(matched) >= MAIN_CONTENT_MIN_SHARE * len(rows), f"main content found for only {len(matched)}/{len(rows)} pages"


# -- affiliate links: recall for the networks affilint knows ------------------------------------
def _links_by_href(doc: Document) -> dict[str, list[Any]]:
    """Links keyed by the parsed attribute value (entities decoded), and by its stripped form."""
    found: dict[str, list[Any]] = {}
    for link in doc.links:
        raw = link.element.get("href") or ""
        found.setdefault(raw, []).append(link)
        if raw.strip() != raw:
            found.setdefault(raw.strip(), []).append(link)
    return found


def test_known_network_affiliate_links_detected(models: dict[str, PageModel]) -> None:
    assert KNOWN_NETWORKS >= {"amazon", "cj", "rakuten", "awin", "shareasale"}, KNOWN_NETWORKS
    checked = 0
    misses = []
    other_total = 0
    other_detected = 0
    per_network: dict[str, list[int]] = {}
    for page_id, model in models.items():
        by_href = _links_by_href(model.doc)
        for entry in model.label["affiliate_links"]:
            network = label_network_id(entry["network"])
            links = by_href.get(entry["href"], [])
            detected = bool(links) and all(link.affiliate is not None for link in links)
            if network not in KNOWN_NETWORKS:
                other_total += 1
                other_detected += detected
                continue
            checked += 1
            tally = per_network.setdefault(network, [0, 0])
            tally[1] += 1
            tally[0] += detected
            if not links:
                misses.append(f"{page_id}: {entry['network']} href not found among doc.links: {entry['href']}")
            elif not detected:
                misses.append(f"{page_id}: {entry['network']} not classified affiliate: {entry['href']}")
    print(f"\nknown-network affiliate hrefs detected {checked - len(misses)}/{checked} "
          f"({', '.join(f'{n} {d}/{t}' for n, (d, t) in sorted(per_network.items()))})")
    print(f"other labelled affiliate hrefs (networks without data yet, measured only) detected {other_detected}/{other_total}")
    for miss in misses:
        print("  MISS", miss)
    assert checked > 0, "the corpus lists no affiliate href of a known network; nothing was checked"
    # The link-level target is recall >= 0.95; the misses printed above are the work list
    # (hosts the sourced research does not cover yet, such as Impact vanity hosts and bhpho.to).
    recall = (checked - len(misses)) / checked
    assert recall >= 0.95, f"recall {recall:.3f} < 0.95 on known networks:\n" + "\n".join(misses)


# -- affiliate links: precision on pages with none -----------------------------------------------
def test_no_affiliate_links_on_pages_without_any(models: dict[str, PageModel]) -> None:
    offenders = []
    pages = 0
    links_checked = 0
    for page_id, model in models.items():
        if model.label["has_affiliate_links"]:
            continue
        pages += 1
        for link in model.doc.links:
            links_checked += 1
            if link.affiliate is not None:
                match = link.affiliate
                offenders.append(
                    f"{page_id} line {link.line}: {link.href!r} -> {match.network} ({match.signal}: {match.detail}), "
                    f"region {link.region}"
                )
    print(f"\nfalse affiliate links on {pages} pages without affiliate links: {len(offenders)} of {links_checked} links")
    for offender in offenders:
        print("  FALSE POSITIVE", offender)
    assert pages > 0
    assert not offenders, "\n".join(offenders)


def test_affiliate_classification_in_labelled_body_measured(models: dict[str, PageModel]) -> None:
    """Measured only: links inside the labelled body that affilint calls affiliate but the label does not list.

    The label lists each href once and at most 50 per page, and leaves out plain retailer links, so
    these are candidates for review rather than certain false positives; nothing is asserted beyond
    the model being consistent (every affiliate link carries a network and a signal).
    """
    extra = []
    classified = 0
    for page_id, model in models.items():
        hits = model.doc.css(model.label["main_content_hint"])
        if not hits:
            continue
        body = hits[0]
        labelled = {entry["href"] for entry in model.label["affiliate_links"]}
        for link in model.doc.links:
            if link.affiliate is None:
                continue
            assert link.affiliate.network and link.affiliate.signal in ("redirect-host", "click-url", "click-path", "tracking-param", "wrapped", "cloaked-path", "rel-sponsored")
            inside = link.element is body or any(a is body for a in link.element.iterancestors())
            if not inside:
                continue
            classified += 1
            raw = link.element.get("href") or ""
            if raw not in labelled and raw.strip() not in labelled:
                extra.append(f"{page_id}: {link.href} ({link.affiliate.network}/{link.affiliate.signal})")
    print(f"\naffiliate-classified links inside labelled bodies {classified}, not in the labels {len(extra)}")
    for item in extra[:20]:
        print("  UNLABELLED", item)
