"""Cost of the report formats and the baseline, next to the lint itself.

Lints the corpus pages once, replicates the results to a large run (``--copies`` times, with distinct
paths and fingerprints), then times, as medians over rounds: each format writing the whole run to
memory, and ``--baseline`` matching (half of the findings recorded). Reports files/s and findings/s,
and the lint's own files/s for scale.

    python benchmarks/report_formats.py [--rounds 5] [--copies 100] [--corpus ../shared/corpus/pages]
"""

from __future__ import annotations

import argparse
import io
import time
from dataclasses import replace
from pathlib import Path

from affilint import __version__
from affilint.baseline import Baseline
from affilint.config import ConfigResolver
from affilint.engine import Linter
from affilint.plugins import build_registry
from affilint.report.base import ReportContext, Summary
from corpus_pages import DEFAULT_CORPUS, corpus_files, median_seconds




def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    files = corpus_files(args.corpus)
    registry = build_registry()
    linter = Linter(registry, ConfigResolver(isolated=True))
    start = time.perf_counter()
    base = [linter.lint_path(path, f"site/{path.name}") for path in files]
    lint_rate = len(files) / (time.perf_counter() - start)
    results = [
        replace(result, path=f"site/{copy}/{Path(result.path).name}",
                findings=tuple(replace(f, fingerprint=f"{copy:06x}{f.fingerprint[6:]}") for f in result.findings))
        for copy in range(args.copies) for result in base
    ]
    findings = sum(len(result.findings) for result in results)
    print(f"{len(results):,} files, {findings:,} findings ({len(files)} corpus pages x {args.copies}); the lint itself: {lint_rate:,.0f} files/s (one cold pass)")
    context = ReportContext(version=__version__, rules=registry.rules, warn=lambda message: None)

    for name in sorted(registry.formats):
        def run(formatter_class=registry.formats[name]):
            formatter = formatter_class(io.StringIO(), context)
            summary = Summary()
            formatter.begin()
            for result in results:
                summary.add(result)
                formatter.file(result)
            formatter.end(summary)
        seconds = median_seconds(run, args.rounds)
        print(f"  {name:<11} {len(results) / seconds:>10,.0f} files/s {findings / seconds:>12,.0f} findings/s")

    recorded: dict[str, list] = {}
    for result in results[::2]:
        recorded[result.path] = [{"rule": f.rule, "fingerprint": f.fingerprint, "count": 1, "message": f.message} for f in result.findings]

    def match():
        baseline = Baseline(Path("baseline.json"), files=recorded)
        for result in results:
            baseline.apply(result)
        baseline.unmatched()
    seconds = median_seconds(match, args.rounds)
    print(f"  {'baseline':<11} {len(results) / seconds:>10,.0f} files/s {findings / seconds:>12,.0f} findings/s (matching)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
