"""Requests per second and latency of `affilint serve` on the labelled corpus pages, against linting
the same pages in-process (the cost of HTTP, JSON and the worker processes).

Starts the real service on a free loopback port, posts every page `--rounds` times from
`--clients` concurrent clients (a bounded number of requests), prints throughput and latency
percentiles, then stops the service.

    python benchmarks/serve_throughput.py [--rounds 3] [--clients 2] [--workers 2] [--corpus ../shared/corpus/pages]
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from affilint.config import ConfigResolver
from affilint.engine import Linter
from affilint.plugins import build_registry
from corpus_pages import DEFAULT_CORPUS



def start(workers: int, log: Path) -> tuple[subprocess.Popen, int]:
    handle = log.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "affilint", "serve", "--isolated", "--port", "0", "--workers", str(workers), "--timeout", "60"],
        stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        match = re.search(r"listening on http://[^:]+:(\d+)", log.read_text(errors="replace"))
        if match:
            return process, int(match.group(1))
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    raise SystemExit(f"the service did not start:\n{log.read_text(errors='replace')}")


def post(port: int, name: str, html: bytes) -> float:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("POST", f"/v1/lint?path={name}", body=html, headers={"Content-Type": "text/html"})
        response = connection.getresponse()
        body = json.loads(response.read())
    finally:
        connection.close()
    if response.status != 200 or "verdict" not in body:
        raise SystemExit(f"{name}: HTTP {response.status}: {body}")
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    pages = [(path.name, path.read_bytes()) for path in sorted(args.corpus.glob("*.html"))]
    if not pages:
        raise SystemExit(f"no pages in {args.corpus}")
    total_bytes = sum(len(html) for _name, html in pages)

    linter = Linter(build_registry(), ConfigResolver(isolated=True))
    started = time.perf_counter()
    for _ in range(args.rounds):
        for name, html in pages:
            linter.lint_bytes(html, name)
    in_process = len(pages) * args.rounds / (time.perf_counter() - started)

    with tempfile.TemporaryDirectory() as tmp:
        process, port = start(args.workers, Path(tmp) / "serve.log")
        try:
            post(port, *pages[0])  # warm up
            jobs = pages * args.rounds
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=args.clients) as pool:
                latencies = sorted(pool.map(lambda item: post(port, *item), jobs))
            elapsed = time.perf_counter() - started
        finally:
            process.terminate()
            process.wait(30)

    def percentile(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000

    print(f"{len(pages)} pages ({total_bytes / 1e6:.1f} MB) x {args.rounds} rounds, {args.clients} clients, {args.workers} workers")
    print(f"in-process lint (1 process): {in_process:7.1f} pages/s")
    print(f"affilint serve:              {len(jobs) / elapsed:7.1f} requests/s")
    print(f"latency ms: median {statistics.median(latencies) * 1000:.0f}, p95 {percentile(0.95):.0f}, max {latencies[-1] * 1000:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
