"""Throughput of affilint against a bare lxml parse, on the labelled corpus pages.

Measures, in one process and in the same run (so machine noise hits all alike), the median over
rounds of:
  - bare lxml parse of the bytes (the baseline),
  - affilint's decode + parse,
  - each lazy stage of the document model, cumulatively (main content, placements, blocks,
    sentences, links, metadata + kind),
  - the full lint (every enabled rule, suppression, fingerprints),
and prints pages/s and ratios to the baseline.

    python benchmarks/corpus_throughput.py [--rounds 7] [--corpus ../shared/corpus/pages]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from lxml import etree

from affilint.config import ConfigResolver
from affilint.decode import decode
from affilint.document import Document
from affilint.engine import Linter
from affilint.parse import parse
from affilint.plugins import build_registry

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pages"
STAGES = ("main_content", "placements", "blocks", "sentences", "links", "kind")


def timed(function, rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    files = sorted(args.corpus.glob("*.html"))
    if not files:
        print(f"no pages found in {args.corpus}", file=sys.stderr)
        return 2
    pages = [path.read_bytes() for path in files]
    megabytes = sum(map(len, pages)) / 1e6
    registry = build_registry()
    linter = Linter(registry, ConfigResolver(isolated=True))
    context = linter.context
    html_parser = etree.HTMLParser()

    def bare_parse() -> None:
        for data in pages:
            etree.fromstring(data, html_parser)

    def decode_parse() -> None:
        for data in pages:
            parse(decode(data).text)

    def model_until(stage: str):
        index = STAGES.index(stage)

        def run() -> None:
            for data in pages:
                parsed = parse(decode(data).text)
                doc = Document(parsed.text, parsed.root, is_fragment=parsed.is_fragment, context=context)
                for name in STAGES[: index + 1]:
                    getattr(doc, name)

        return run

    def full_lint() -> None:
        for number, data in enumerate(pages):
            linter.lint_bytes(data, files[number].name)

    base = timed(bare_parse, args.rounds)
    rows = [("bare lxml parse (baseline)", base), ("decode + parse", timed(decode_parse, args.rounds))]
    rows += [(f"  + model: {stage}", timed(model_until(stage), args.rounds)) for stage in STAGES]
    rows.append(("full lint (all rules, report data)", timed(full_lint, args.rounds)))
    print(f"{len(pages)} pages, {megabytes:.1f} MB, median of {args.rounds} rounds\n")
    print(f"{'stage':<38} {'ms':>8} {'pages/s':>9} {'x baseline':>11}")
    for name, seconds in rows:
        print(f"{name:<38} {seconds * 1000:8.1f} {len(pages) / seconds:9.0f} {seconds / base:11.2f}")
    full = rows[-1][1]
    print(f"\nfull-lint throughput = {base / full:.2f} x bare lxml parse throughput")
    return 0


if __name__ == "__main__":
    sys.exit(main())
