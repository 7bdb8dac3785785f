"""Cost of the HTML report on the labelled corpus pages, against the JSON report of the same run.

Lints every page once (documents kept, as ``--format html`` does), then measures the median over
rounds of writing each report from those results: the JSON report, and the HTML report (laying out
each article and rendering it). Prints the time per page, the ratio to a full lint and the sizes.

    python benchmarks/html_report.py [--rounds 5] [--corpus ../shared/corpus/pages]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

from affilint import __version__
from affilint.config import ConfigResolver
from affilint.engine import Linter
from affilint.plugins import build_registry
from affilint.report.base import ReportContext, Summary
from affilint.report.html import HtmlFormatter
from affilint.report.json import JsonFormatter
from corpus_pages import DEFAULT_CORPUS, corpus_files, median_seconds




def write_report(formatter_class, results, context) -> str:
    stream = io.StringIO()
    formatter = formatter_class(stream, context)
    summary = Summary()
    formatter.begin()
    for result in results:
        summary.add(result)
        formatter.file(result)
    formatter.end(summary)
    return stream.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    files = corpus_files(args.corpus)
    registry = build_registry()
    linter = Linter(registry, ConfigResolver(isolated=True), keep_documents=True)
    context = ReportContext(version=__version__, rules=registry.rules)
    lint_time = median_seconds(lambda: [linter.lint_path(path) for path in files], args.rounds)
    results = [linter.lint_path(path) for path in files]
    json_time = median_seconds(lambda: write_report(JsonFormatter, results, context), args.rounds)
    samples = []
    for _ in range(args.rounds):  # lint afresh each round: the source maps the layout builds start cold
        fresh = [linter.lint_path(path) for path in files]
        start = time.perf_counter()
        html = write_report(HtmlFormatter, fresh, context)
        samples.append(time.perf_counter() - start)
    html_time = statistics.median(samples)
    json_size = len(write_report(JsonFormatter, results, context).encode("utf-8"))
    html_size = len(html.encode("utf-8"))
    pages = len(files)
    findings = sum(len(r.findings) for r in results)
    print(f"{pages} pages, {sum(p.stat().st_size for p in files) / 1e6:.1f} MB, {findings} findings, {args.rounds} rounds (medians)")
    print(f"full lint      {lint_time / pages * 1000:7.2f} ms/page")
    print(f"json report    {json_time / pages * 1000:7.2f} ms/page  ({json_time / lint_time:.2f}x the lint)  {json_size / 1e6:.2f} MB")
    print(f"html report    {html_time / pages * 1000:7.2f} ms/page  ({html_time / lint_time:.2f}x the lint)  {html_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
