"""Single-core throughput of affilint against bare parsing, on the labelled corpus pages.

In one process and one run (so machine noise hits all alike) it measures the median over rounds of:

  - a bare lxml parse of the bytes: the floor any lxml-based linter pays,
  - BeautifulSoup with the lxml tree builder: the naive design, for scale,
  - affilint's full lint with every built-in rule (what ``affilint check`` does per file, the
    JSON report of the result included),

and prints pages/s, MB/s and ratios to the bare parse. It then splits the full lint into stages,
timed separately on every page in pipeline order (decode, parse, each part of the document model,
each rule family with its findings' positions and snippets, report), and measures peak memory.

    python benchmarks/corpus_throughput.py [--rounds 9] [--corpus ../shared/corpus/pages]

Times are CPU time of this process (``time.process_time``): on a shared machine wall time also
counts the moments other processes hold the core. Still, compare ratios measured in one run rather
than absolute numbers across runs.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import resource
import statistics
import sys
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path
from typing import Callable

from lxml import etree

from affilint import lexical, regions, urls
from affilint.config import ConfigResolver
from affilint.decode import decode
from affilint.engine import Linter, _document_summary, _identity_path, _with_fingerprints
from affilint.parse import parse
from affilint.plugins import build_registry
from affilint.rules import plg001_product_plug_in_news as plg001
from affilint.settings import Overrides
from affilint.suppression import apply_directives, parse_directives
from corpus_pages import DEFAULT_CORPUS, corpus_files

FLOOR = "bare lxml parse (floor)"
# Model parts in the order they are forced (each part is timed without the parts before it).
MODEL_STAGES = (
    ("main content", ("main_content",)),
    ("placements (regions, visibility)", ("placements",)),
    ("blocks", ("blocks", "main_blocks")),
    ("sentences", ("sentences", "main_sentences")),
    ("metadata, URL, page kind", ("metadata", "url", "base_url", "site_host", "kind")),
    ("links (affiliate classification)", ("auto_affiliate_scripts", "links")),
    ("disclosures (lexicon)", ("disclosures",)),
    ("sourcing (quotes, attributions, claims)", ("sourcing",)),
    ("positions (source map)", ("source",)),
)


def forget_caches(linter: Linter) -> None:
    """Empty the caches that remember answers per input (link classes, URLs, class strings), so every
    round pays what a fresh process linting these pages would: the corpus pages come from 30
    different sites and share almost nothing, and repeating them must not turn into cache hits. Data
    files and compiled patterns stay loaded, as they do for the second file of any run (no lexicon
    compiles anything per page: each pattern is compiled once per process)."""
    linter.context.affiliate_classifier.cache_clear()
    for memo in (urls.resolve, urls.host_of, urls.site_of, regions._class_marker, regions._hidden_class,
                 regions._style_hidden, plg001._container_token, lexical.stem):
        memo.cache_clear()


def median_cpu_seconds(function: Callable[[], object], rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        gc.collect()
        start = time.process_time()
        function()
        samples.append(time.process_time() - start)
    return statistics.median(samples)


def model_parts_used(linter: Linter, name: str, data: bytes) -> set[str]:
    """The model parts a full lint of this page computes (the model is lazy: rules skip what they
    do not need, e.g. disclosures on pages without affiliate links), so the profile forces only those."""
    ruleset = linter.ruleset(linter.resolver.project())
    doc = linter.document(decode(data).text, name, ruleset)
    for active in ruleset.active:
        for violation in active.rule.check(doc) or ():
            linter._finding(doc, active.rule, active.severity, violation, ruleset)
    _document_summary(doc)
    return set(vars(doc))  # cached_property values live in the instance dict


def stage_profile(linter: Linter, pages: list[tuple[str, bytes]], rounds: int) -> list[dict[str, float]]:
    """Seconds per stage over the corpus for each round, each stage timed on its own in pipeline
    order, and the bare parse of the same round under ``FLOOR``."""
    needed = {name: model_parts_used(linter, name, data) for name, data in pages}
    per_round: list[dict[str, float]] = []
    for _ in range(rounds):
        totals: dict[str, float] = defaultdict(float)
        forget_caches(linter)
        gc.collect()
        totals[FLOOR] = median_cpu_seconds(lambda: [etree.fromstring(data, etree.HTMLParser()) for _, data in pages], 1)
        for name, data in pages:
            clock = time.process_time
            start = clock()
            text = decode(data).text
            totals["decode"] += clock() - start
            start = clock()
            parse(text)  # the engine parses inside document(); time it alone, then build the model
            totals["parse"] += clock() - start
            ruleset = linter.ruleset(linter.resolver.project())
            doc = linter.document(text, name, ruleset)
            for stage, attributes in MODEL_STAGES:
                start = clock()
                for attribute in attributes:
                    if attribute in needed[name]:
                        getattr(doc, attribute)
                totals[f"model: {stage}"] += clock() - start
            findings = []
            for active in ruleset.active:
                start = clock()
                for violation in active.rule.check(doc) or ():
                    findings.append(linter._finding(doc, active.rule, active.severity, violation, ruleset))
                totals[f"rules: {active.rule.family}"] += clock() - start
            start = clock()
            directives = parse_directives(doc, linter.rule_aliases)
            if directives:
                findings, _ = apply_directives(findings, directives)
            findings = _with_fingerprints(findings, _identity_path(name, None, ruleset.config))
            summary = _document_summary(doc)
            json.dumps({"findings": [f.to_dict() for f in findings], "document": summary})
            totals["report (suppression, fingerprints, JSON)"] += clock() - start
        per_round.append(totals)
    return per_round


def peak_memory(linter: Linter, pages: list[tuple[str, bytes]]) -> tuple[float, float]:
    """(largest Python-heap peak while linting one page, process max RSS), in MB.

    tracemalloc sees Python objects only, not libxml2's tree; the RSS covers both (and the interpreter).
    """
    largest = 0
    tracemalloc.start()
    for name, data in pages:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        linter.lint_bytes(data, name)
        largest = max(largest, tracemalloc.get_traced_memory()[1] - before)
    tracemalloc.stop()
    return largest / 1e6, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    files = corpus_files(args.corpus)
    pages = [(path.name, path.read_bytes()) for path in files]
    count, megabytes = len(pages), sum(len(data) for _, data in pages) / 1e6
    linter = Linter(build_registry(), ConfigResolver(isolated=True), Overrides())
    html_parser = etree.HTMLParser()

    def bare_parse() -> None:
        for _, data in pages:
            etree.fromstring(data, html_parser)

    def soup_parse() -> None:
        from bs4 import BeautifulSoup

        for _, data in pages:
            BeautifulSoup(data, "lxml")

    def full_lint() -> None:
        forget_caches(linter)
        for name, data in pages:
            result = linter.lint_bytes(data, name)
            json.dump(result.to_dict(), io.StringIO())

    full_lint()  # warm up: imports, data files, compiled patterns
    # The three run in turn within each round, and ratios are taken per round, so a burst of load
    # from other processes on a shared machine skews one round's ratio, not the whole comparison.
    runs = {FLOOR: bare_parse, "BeautifulSoup + lxml parse": soup_parse, "affilint full lint, all rules": full_lint}
    samples: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.rounds):
        for name, function in runs.items():
            samples[name].append(median_cpu_seconds(function, 1))
    floor = samples[FLOOR]
    print(f"{count} pages, {megabytes:.1f} MB, one core, median of {args.rounds} rounds\n")
    print(f"{'':<34} {'ms':>8} {'pages/s':>8} {'MB/s':>7} {'time x floor':>13}")
    for name, times in samples.items():
        seconds = statistics.median(times)
        ratio = statistics.median(t / f for t, f in zip(times, floor))
        print(f"{name:<34} {seconds * 1000:8.1f} {count / seconds:8.0f} {megabytes / seconds:7.1f} {ratio:13.2f}")
    full = statistics.median(samples["affilint full lint, all rules"])
    ratio = statistics.median(f / t for t, f in zip(samples["affilint full lint, all rules"], floor))
    print(f"\nfull-lint throughput = {ratio:.2f} x bare lxml parse throughput (target >= 0.5)")

    per_round = stage_profile(linter, pages, args.rounds)
    stages = {stage: statistics.median(r[stage] for r in per_round) for stage in per_round[0] if stage != FLOOR}
    total = sum(stages.values())
    print(f"\nstages, each timed alone (sum {total * 1000:.1f} ms vs full lint {full * 1000:.1f} ms)\n")
    print(f"{'stage':<44} {'ms':>8} {'% of lint':>10} {'x floor':>8}")
    for stage, seconds in stages.items():
        ratio = statistics.median(r[stage] / r[FLOOR] for r in per_round)
        print(f"{stage:<44} {seconds * 1000:8.1f} {100 * seconds / total:9.1f}% {ratio:8.2f}")

    heap, rss = peak_memory(linter, pages)
    print(f"\npeak memory: {heap:.1f} MB Python heap for the largest page; process max RSS {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
