"""Measured quality of affilint against a labelled corpus (the schema of ../shared/corpus/README.md).

Why this script exists: the unit tests say whether a rule behaves as its author intended on
hand-written HTML; this says how often affilint agrees with people who labelled real pages, so a change
to a rule or to the network data can be judged by the numbers and by the concrete misses it fixes or
introduces. It measures, it does not assert (``tests/test_corpus.py`` holds the assertions), and it
does not time anything (``corpus_throughput.py`` does).

Everything goes through the real code path: the ``Linter`` the CLI builds (registry from the
installed plugins, ``ConfigResolver(isolated=True)`` so no affilint.toml near the corpus changes what
is measured), and for link-level numbers the ``Document`` that ``Linter.document`` builds for the
rules, with the same rule set.

1. Affiliate links, link level. Within the first element that each page's ``main_content_hint``
   matches (lxml cssselect on the document's parsed tree), the set of raw ``href`` attribute values of
   links affilint classifies as affiliate (``link.affiliate is not None``) is compared exactly with
   the labelled ``affiliate_links`` hrefs. Raw means ``link.element.get("href")``: ``Link.href`` is
   stripped of surrounding whitespace, while the labels keep the parsed value unchanged.
   * Labels whose network is ``unspecified (rel=sponsored)``, or that are marked "inferred" (in the
     network, or in a sentence of the page notes that also names the link's host or network), are
     counted in their own row, "rel=sponsored / inferred", and not in their network's row: they carry
     no marker in the URL, so they measure something else than the classifier's network data.
   * Labelled lists stop at 50 entries. On a page whose list has 50 entries or whose notes say it was
     truncated, a detected href missing from the list may be one of the unlisted ones, so it is
     counted as "unknown" (listed, but neither TP nor FP). TP and FN are counted as usual there.
   * A true positive counts whichever network affilint names; when affilint's network differs from
     the labelled one, the pair is listed under "network disagreements".
   * Per-network rows: TP and FN by the labelled network; FP by the network affilint assigned
     (label network names are reduced to their first word: "bhphoto (bhpho.to)" -> "bhphoto").
   * Exclusions that the notes describe in prose (ads or recirculation inside the matched element)
     are not applied: a detection there shows up as an FP to read against the page's notes.

2. Page level, per rule family present in the registry (see ``FAMILIES``): a page is predicted
   positive when it has at least one unsuppressed finding of the family's rules, and compared with
   the label. The family's rules are switched on with ``--extend-select PREFIX`` semantics, so an
   opt-in rule is measured too; a family with no registered rule is skipped. Sentence-level families
   (CLM) compare findings with the labelled example sentences instead (see ``measure_sentences``).

    python benchmarks/evaluate.py [--corpus DIR] [--format text|json]

Exit status: 0 after printing the figures; 2 when the corpus (labels.jsonl and pages/) is missing or
unreadable, or when the installed plugins cannot be loaded.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence
from urllib.parse import urlsplit

from affilint.config import ConfigResolver
from affilint.decode import decode
from affilint.document import Document
from affilint.engine import FileResult, Linter
from affilint.errors import ConfigError, InputError
from affilint.plugins import PluginError, Registry, build_registry
from affilint.settings import Overrides

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus"
LABEL_CAP = 50  # the README: affiliate_links lists at most 50 hrefs per page
TRUNCATION_NOTE = re.compile(r"truncat|first 50\b|\b50 (?:entries|hrefs|links) (?:are |were )?listed", re.I)
SOFT_NETWORK = "unspecified (rel=sponsored)"
SOFT_ROW = "rel=sponsored / inferred"
EXIT_OK, EXIT_NO_CORPUS, EXIT_SETUP = 0, 2, 2


class CorpusError(Exception):
    """The corpus directory, its labels or its pages cannot be used at all (exit status 2)."""


# -- what each rule family is measured against ----------------------------------------------------
@dataclass(frozen=True)
class Family:
    """How one rule family is compared with the labels.

    ``truth`` gives a page's label for page-level families; sentence-level families (``truth`` None)
    are compared with the labelled claim sentences. ``codes`` narrows the family to some of its rules
    (empty: every rule whose code starts with ``prefix``).
    """

    prefix: str
    compared_with: str
    truth: Callable[[dict[str, Any]], bool] | None
    codes: tuple[str, ...] = ()
    name: str = ""  # the report's key; defaults to the prefix (set it when a prefix is measured twice)
    # Findings below this severity are not counted: "info" is "needs review", not an assertion.
    min_severity: str = "info"

    @property
    def key(self) -> str:
        return self.name or self.prefix

    def counts_rule(self, code: str) -> bool:
        return code in self.codes if self.codes else code.startswith(self.prefix)


# One line per family; a family whose prefix no registered rule has is skipped.
FAMILIES: tuple[Family, ...] = (
    Family("AFF", "has_affiliate_links", lambda label: bool(label["has_affiliate_links"])),
    Family("AFF", "is_editorial_news and has_affiliate_links",
           lambda label: bool(label["is_editorial_news"] and label["has_affiliate_links"]), codes=("AFF003",), name="AFF003"),
    # SRC001 reports an article that names sources but links none as "needs review" (info); the label
    # calls such a page thinly sourced, not missing sources, so only warnings and errors are counted.
    Family("SRC", "missing_sources", lambda label: bool(label["missing_sources"]), codes=("SRC001",), min_severity="warning"),
    Family("SRC", "quotes_unattributed > 0", lambda label: bool(label.get("quotes_unattributed")), codes=("SRC002",),
           name="SRC002"),
    # The placement label covers missing, late, chrome-only and hidden disclosures (DIS001-DIS003);
    # wording (DIS004) and Amazon's statement (DIS005) are other questions the labels do not answer.
    Family("DIS", "disclosure.placement in after_first_link/footer_only/none",
           lambda label: (label.get("disclosure") or {}).get("placement") in ("after_first_link", "footer_only", "none"),
           codes=("DIS001", "DIS002", "DIS003")),
    Family("PLG", "product_plug_in_news", lambda label: bool(label["product_plug_in_news"])),
    # Unsupported claims are also what a weasel attribution (SRC004) marks: "studies show …" is a claim
    # with no real source. Measured with every severity, then without the "needs review" (info) ones.
    Family("CLM", "sentences: unsupported_claims (positive) / sourced_claims (negative)", None,
           codes=("CLM001", "CLM002", "CLM003", "CLM004", "CLM005", "SRC004")),
    Family("CLM", "the same, warnings and errors only", None,
           codes=("CLM001", "CLM002", "CLM003", "CLM004", "CLM005", "SRC004"), name="CLM (warning+)", min_severity="warning"),
)


# -- loading and linting --------------------------------------------------------------------------
@dataclass
class Page:
    """One labelled page after linting: its file result and the document model the rules saw."""

    label: dict[str, Any]
    path: Path
    result: FileResult | None = None
    doc: Document | None = None
    problem: str | None = None

    @property
    def id(self) -> str:
        return self.label["id"]


def load_labels(corpus: Path) -> list[dict[str, Any]]:
    """The labels, one per page; a missing or malformed corpus is a :class:`CorpusError`, since
    figures from half a corpus would look like real ones."""
    labels_path, pages_dir = corpus / "labels.jsonl", corpus / "pages"
    if not labels_path.is_file() or not pages_dir.is_dir():
        raise CorpusError(
            f"corpus not found at {corpus}: expected {labels_path.name} and a pages/ directory there "
            "(pass --corpus DIR; see the corpus README for the layout)"
        )
    labels = []
    with labels_path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                label = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CorpusError(f"{labels_path}:{number}: not valid JSON: {exc}") from None
            if not isinstance(label, dict) or not isinstance(label.get("id"), str):
                raise CorpusError(f"{labels_path}:{number}: a label must be an object with an 'id'")
            labels.append(label)
    if not labels:
        raise CorpusError(f"{labels_path} holds no labels")
    return labels


def present_families(registry: Registry) -> tuple[list[Family], list[Family]]:
    """Split ``FAMILIES`` into those with at least one registered rule and those without."""
    present, absent = [], []
    for family in FAMILIES:
        (present if any(family.counts_rule(code) for code in registry.rules) else absent).append(family)
    return present, absent


def make_linter(registry: Registry, families: Sequence[Family]) -> Linter:
    """The CLI's ``Linter``, isolated from configuration files, with every measured family switched
    on (as ``--extend-select AFF,SRC,...`` would), so opt-in rules are measured rather than silent."""
    overrides = Overrides(extend_select=tuple(sorted({family.prefix for family in families})))
    return Linter(registry, ConfigResolver(isolated=True), overrides)


def lint_pages(corpus: Path, labels: Iterable[dict[str, Any]], linter: Linter) -> list[Page]:
    """Lint each labelled page as the CLI does (``lint_path``) and build the same ``Document`` the
    rules saw, for link-level comparison. A page that cannot be linted is kept with its problem."""
    pages = []
    for label in labels:
        path = corpus / "pages" / f"{label['id']}.html"
        page = Page(label, path)
        pages.append(page)
        if not path.is_file():
            page.problem = f"page file missing: {path}"
            continue
        page.result = linter.lint_path(path)
        if page.result.status != "ok":
            page.problem = f"lint status {page.result.status}: {page.result.error}"
            continue
        ruleset = linter.ruleset(linter.resolver.for_path(path))
        try:
            page.doc = linter.document(decode(path.read_bytes()).text, str(path), ruleset)
        except InputError as exc:  # cannot happen after an "ok" lint, but never hide a page silently
            page.problem = f"document model: {exc.code}: {exc.message}"
    return pages


# -- counting -------------------------------------------------------------------------------------
@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    def to_dict(self, with_tn: bool) -> dict[str, Any]:
        data: dict[str, Any] = {"tp": self.tp, "fp": self.fp, "fn": self.fn}
        if with_tn:
            data["tn"] = self.tn
        data.update(precision=self.precision, recall=self.recall)
        return data


def label_network_id(network: str) -> str:
    """The network a label names, reduced to its first word: 'bhphoto (bhpho.to)' -> 'bhphoto'."""
    return re.split(r"[\s(]", network.strip().lower(), maxsplit=1)[0]


def _host(href: str) -> str:
    try:
        host = (urlsplit(href.strip()).hostname or "").lower()
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


def is_soft_label(entry: dict[str, Any], notes: str) -> bool:
    """A label with no marker in the URL: ``rel=sponsored`` only, or an attribution the labeller
    inferred. "Inferred" counts when it is in the network, or in a sentence of the notes that also
    names the link's host or network (the README says such labels are marked in either place)."""
    network = entry.get("network", "")
    if network == SOFT_NETWORK or "inferred" in network.lower():
        return True
    host, network_id = _host(entry["href"]), label_network_id(network)
    for sentence in re.split(r"(?<=[.!?])\s+", notes):
        lowered = sentence.lower()
        if "inferred" in lowered and ((host and host in lowered) or (network_id and network_id in lowered)):
            return True
    return False


def is_truncated(label: dict[str, Any]) -> bool:
    """Whether the labelled list may omit some affiliate hrefs of the page (the 50-entry cap)."""
    return len(label.get("affiliate_links") or ()) >= LABEL_CAP or bool(TRUNCATION_NOTE.search(label.get("notes") or ""))


def _inside(element: Any, container: Any) -> bool:
    return element is container or any(ancestor is container for ancestor in element.iterancestors())


def measure_links(pages: Sequence[Page]) -> dict[str, Any]:
    """Link-level precision and recall of the affiliate classifier inside the labelled body.

    Why the labelled body and not affilint's own main content: the labels only cover that element, and
    main-content detection is measured separately (tests/test_corpus.py); this keeps the two apart.
    Every FP, FN, unknown and network disagreement is listed with what a developer needs to act.
    """
    rows: dict[str, Counts] = {"all labels": Counts(), "marker-based labels": Counts(), SOFT_ROW: Counts()}
    by_network: dict[str, Counts] = {}
    false_positives, false_negatives, unknown, disagreements, soft, skipped = [], [], [], [], [], []
    truncated_pages = []
    evaluated = 0
    for page in pages:
        if page.doc is None:
            continue
        hint = page.label.get("main_content_hint") or ""
        try:
            hits = page.doc.css(hint)
        except ConfigError as exc:
            skipped.append({"page": page.id, "reason": f"main_content_hint does not compile: {exc}"})
            continue
        if not hits:
            skipped.append({"page": page.id, "reason": f"main_content_hint {hint!r} matches nothing"})
            continue
        evaluated += 1
        body = hits[0]
        raw = lambda link: link.element.get("href") or ""  # noqa: E731 - the label's form of the href
        page_hrefs = {raw(link) for link in page.doc.links}
        body_links = [link for link in page.doc.links if _inside(link.element, body)]
        body_hrefs = {raw(link) for link in body_links}
        detected: dict[str, Any] = {}
        for link in body_links:
            if link.affiliate is not None:
                detected.setdefault(raw(link), link)
        labelled = {entry["href"]: entry for entry in page.label.get("affiliate_links") or ()}
        notes = page.label.get("notes") or ""
        truncated = is_truncated(page.label)
        if truncated:
            truncated_pages.append(page.id)

        for href, entry in labelled.items():
            network = entry.get("network", "")
            is_soft = is_soft_label(entry, notes)
            targets = [rows["all labels"]]
            if is_soft:
                targets.append(rows[SOFT_ROW])
                soft.append({"page": page.id, "href": href, "network": network})
            else:
                targets += [rows["marker-based labels"], by_network.setdefault(label_network_id(network), Counts())]
            link = detected.get(href)
            if link is not None:
                for c in targets:
                    c.tp += 1
                if not is_soft and link.affiliate.network != label_network_id(network):
                    disagreements.append({"page": page.id, "href": href, "network": network, "affilint": _match(link)})
            else:
                for c in targets:
                    c.fn += 1
                if href in body_hrefs:
                    why = "in the body, not classified affiliate"
                elif href in page_hrefs:
                    why = "on the page but outside the labelled body"
                else:
                    why = "no link with exactly this href on the page"
                false_negatives.append({"page": page.id, "href": href, "network": network, "soft": is_soft, "why": why})

        for href, link in detected.items():
            if href in labelled:
                continue
            item = {"page": page.id, "href": href, "network": link.affiliate.network, "affilint": _match(link),
                    "within_affilint_main": link.within_main}
            if truncated:
                unknown.append(item)
                continue
            false_positives.append(item)
            for c in (rows["all labels"], rows["marker-based labels"], by_network.setdefault(link.affiliate.network, Counts())):
                c.fp += 1
    return {
        "pages_evaluated": evaluated,
        "skipped_pages": skipped,
        "truncated_pages": truncated_pages,
        "rows": {name: counts.to_dict(with_tn=False) for name, counts in rows.items()},
        "networks": {name: by_network[name].to_dict(with_tn=False) for name in sorted(by_network)},
        "false_positives": false_positives,
        "false_negatives": false_negatives,
        "unknown": unknown,
        "network_disagreements": disagreements,
        "soft_labels": soft,
    }


def _match(link: Any) -> str:
    match = link.affiliate
    return f"{match.network} ({match.signal}: {match.detail})"


_RANK = {"info": 1, "warning": 2, "error": 3}


def _family_findings(page: Page, family: Family) -> list[Any]:
    if not page.result:
        return []
    floor = _RANK[family.min_severity]
    return [f for f in page.result.findings if family.counts_rule(f.rule) and _RANK[f.severity.value] >= floor]


def measure_pages(pages: Sequence[Page], family: Family) -> dict[str, Any]:
    """Page-level agreement of one rule family with one boolean label.

    Why page level: these labels are per page (a page has affiliate links, lacks sources), and a
    reviewer triages pages, so a page the family flags wrongly or misses is the unit of cost.
    """
    counts = Counts()
    mismatches = []
    for page in pages:
        if page.result is None or page.problem:
            continue
        findings = _family_findings(page, family)
        predicted, actual = bool(findings), family.truth(page.label)
        if predicted and actual:
            counts.tp += 1
        elif predicted:
            counts.fp += 1
            rules = sorted({f.rule for f in findings})
            mismatches.append({"page": page.id, "kind": "FP", "detail": f"{len(findings)} finding(s) of {', '.join(rules)}; first: line {findings[0].line}: {findings[0].message}"})
        elif actual:
            counts.fn += 1
            mismatches.append({"page": page.id, "kind": "FN", "detail": "labelled positive, no finding"})
        else:
            counts.tn += 1
    return {"compared_with": family.compared_with, **counts.to_dict(with_tn=True), "mismatches": mismatches}


def _squash(text: str) -> str:
    return " ".join(text.split())


def measure_sentences(pages: Sequence[Page], family: Family) -> dict[str, Any]:
    """Sentence-level agreement for claim rules, on the labelled example sentences only.

    Why only those: ``unsupported_claims`` and ``sourced_claims`` are up to 5 examples each, not an
    exhaustive list, so a finding on any other sentence cannot be judged (it is counted as
    "unjudged"). An unsupported claim that some finding covers is a TP (else FN); a sourced claim that
    some finding covers is an FP (else TN). "Covers": after collapsing whitespace, the finding's
    snippet (its sentence text, minus a truncation ellipsis) contains the claim or is contained in it.
    """
    counts = Counts()
    mismatches = []
    unjudged = 0
    for page in pages:
        if page.result is None or page.problem:
            continue
        snippets = [_squash(f.snippet.rstrip("…")) for f in _family_findings(page, family)]
        snippets = [s for s in snippets if s]
        covers = lambda claim: [s for s in snippets if s in claim or claim in s]  # noqa: E731
        used: set[str] = set()
        for claim in map(_squash, page.label.get("unsupported_claims") or ()):
            hits = covers(claim)
            used.update(hits)
            if hits:
                counts.tp += 1
            else:
                counts.fn += 1
                mismatches.append({"page": page.id, "kind": "FN", "detail": claim})
        for claim in map(_squash, page.label.get("sourced_claims") or ()):
            hits = covers(claim)
            used.update(hits)
            if hits:
                counts.fp += 1
                mismatches.append({"page": page.id, "kind": "FP", "detail": claim})
            else:
                counts.tn += 1
        unjudged += sum(1 for s in snippets if s not in used)
    return {"compared_with": family.compared_with, **counts.to_dict(with_tn=True), "unjudged_findings": unjudged, "mismatches": mismatches}


# -- the run ---------------------------------------------------------------------------------------
def evaluate(corpus: Path, registry: Registry | None = None) -> dict[str, Any]:
    """Lint the corpus and compute every measure; raises :class:`CorpusError` when it is missing."""
    labels = load_labels(corpus)
    registry = registry if registry is not None else build_registry()
    present, absent = present_families(registry)
    linter = make_linter(registry, present)
    pages = lint_pages(corpus, labels, linter)
    families: dict[str, Any] = {}
    for family in FAMILIES:
        if family in absent:
            families[family.key] = {"compared_with": family.compared_with, "skipped": "no rules registered"}
        elif family.truth is None:
            families[family.key] = measure_sentences(pages, family)
        else:
            families[family.key] = measure_pages(pages, family)
    active = sorted(a.rule.code for a in linter.ruleset(linter.resolver.project()).active)
    return {
        "corpus": str(corpus),
        "pages_labelled": len(labels),
        "pages_linted": sum(1 for page in pages if page.problem is None),
        "problems": [{"page": page.id, "problem": page.problem} for page in pages if page.problem],
        "plugins": list(registry.plugins),
        "rules_run": active,
        "links": measure_links(pages),
        "families": families,
    }


def _ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def format_text(report: dict[str, Any]) -> str:
    """The human-readable report: figures first, then every miss so a developer can act on it."""
    out = [
        f"affilint evaluation on {report['corpus']}",
        f"pages: {report['pages_labelled']} labelled, {report['pages_linted']} linted; rules run: {', '.join(report['rules_run'])}",
    ]
    for problem in report["problems"]:
        out.append(f"  PROBLEM {problem['page']}: {problem['problem']}")

    links = report["links"]
    out += ["", f"1. Affiliate links inside the labelled body (main_content_hint), exact raw href, {links['pages_evaluated']} pages"]
    header = f"   {'row':<34}{'TP':>5}{'FP':>5}{'FN':>5}{'precision':>11}{'recall':>8}"
    out.append(header)
    rows = list(links["rows"].items()) + [(f"  {name}", row) for name, row in links["networks"].items()]
    for name, row in rows:
        out.append(f"   {name:<34}{row['tp']:>5}{row['fp']:>5}{row['fn']:>5}{_ratio(row['precision']):>11}{_ratio(row['recall']):>8}")
    out.append("   (network rows: TP/FN by labelled network, FP by affilint's network; "
               f"'{SOFT_ROW}' labels are counted only in their own row)")
    out.append(f"   pages whose list may be truncated (extra detections = unknown): {', '.join(links['truncated_pages']) or 'none'}")
    for skipped in links["skipped_pages"]:
        out.append(f"   SKIPPED {skipped['page']}: {skipped['reason']}")
    sections = (
        ("False positives", links["false_positives"], lambda i: f"{i['page']}  {i['href']}  -> {i['affilint']}"
         + ("" if i["within_affilint_main"] else "  [outside affilint's main content]")),
        ("False negatives", links["false_negatives"], lambda i: f"{i['page']}  {i['href']}  [{i['network']}{', soft' if i['soft'] else ''}] {i['why']}"),
        ("Unknown (truncated label lists)", links["unknown"], lambda i: f"{i['page']}  {i['href']}  -> {i['affilint']}"),
        ("Network disagreements (TP, other network)", links["network_disagreements"], lambda i: f"{i['page']}  {i['href']}  label {i['network']}, affilint {i['affilint']}"),
        (f"Labels counted as '{SOFT_ROW}'", links["soft_labels"], lambda i: f"{i['page']}  {i['href']}  [{i['network']}]"),
    )
    for title, items, line in sections:
        out.append(f"   {title} ({len(items)}):")
        out += [f"     {line(item)}" for item in items]

    out += ["", "2. Rule families against the labels"]
    for prefix, family in report["families"].items():
        if "skipped" in family:
            out.append(f"   {prefix}: {family['skipped']} (would compare with {family['compared_with']})")
            continue
        extra = f", unjudged findings {family['unjudged_findings']}" if "unjudged_findings" in family else ""
        out.append(
            f"   {prefix} vs {family['compared_with']}: TP {family['tp']} FP {family['fp']} FN {family['fn']} TN {family['tn']}, "
            f"precision {_ratio(family['precision'])}, recall {_ratio(family['recall'])}{extra}"
        )
        for item in family["mismatches"]:
            out.append(f"     {item['kind']} {item['page']}: {item['detail']}")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None, registry: Registry | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help=f"labelled corpus directory (default: {DEFAULT_CORPUS})")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    try:
        report = evaluate(args.corpus, registry)
    except CorpusError as exc:
        print(f"evaluate: {exc}", file=sys.stderr)
        return EXIT_NO_CORPUS
    except PluginError as exc:  # the same error the CLI reports: nothing can be measured without rules
        print(f"evaluate: cannot load affilint's plugins: {exc}", file=sys.stderr)
        return EXIT_SETUP
    if args.format == "json":
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(format_text(report))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
