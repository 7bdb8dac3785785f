"""Scaling of `affilint check` to many pages: parallel throughput, peak memory, and the cache.

Replicates the labelled corpus pages (../shared/corpus/pages) into a temporary tree (each copy
gets a unique comment, so no two files have the same bytes) and runs the real CLI as a subprocess:

  1. throughput on N small pages (default 1,000): `--jobs 1` against `--jobs 2`, `--no-cache`,
     median of `--repeats` runs each, and the ratio;
  2. peak memory (largest resident set of any affilint process) of a cold run with the cache at
     the small and the large size (default 10,000), to show it stays flat as the input grows;
  3. the warm rerun over the large tree (nothing changed) against that cold run: time and ratio.

Reports stream to /dev/null as JSON. Skips cleanly (exit 0) when the corpus is absent.

    python benchmarks/scale.py [--small 1000] [--large 10000] [--repeats 3] [--jobs 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pages"
PAGES_PER_DIRECTORY = 500


def replicate(pages: list[bytes], count: int, root: Path) -> Path:
    """``count`` pages under ``root``, cycling through the corpus, each with unique bytes."""
    for index in range(count):
        directory = root / f"d{index // PAGES_PER_DIRECTORY:03d}"
        if index % PAGES_PER_DIRECTORY == 0:
            directory.mkdir(parents=True)
        (directory / f"p{index:05d}.html").write_bytes(pages[index % len(pages)] + f"\n<!-- copy {index} -->\n".encode())
    return root


def run(tree: Path, *flags: str) -> tuple[float, int]:
    """Seconds and peak RSS (KiB, any single process) of one `affilint check` in a fresh wrapper."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
        "elapsed = time.perf_counter() - start\n"
        "print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)\n"
    )
    command = [sys.executable, "-c", probe, sys.executable, "-m", "affilint", "check", "--isolated", "--format", "json", *flags, str(tree)]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout.split()
    if out[2] not in ("0", "1"):
        raise SystemExit(f"affilint exited {out[2]}: {' '.join(command[4:])}")
    return float(out[0]), int(out[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--small", type=int, default=1000, help="pages for the throughput runs (default 1000)")
    parser.add_argument("--large", type=int, default=10000, help="pages for the memory and cache runs (default 10000)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per throughput setting; the median is reported")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes of the parallel runs (default 2)")
    args = parser.parse_args()
    files = sorted(args.corpus.glob("*.html")) if args.corpus.is_dir() else []
    if not files:
        print(f"skipped: no corpus pages in {args.corpus}")
        return 0
    pages = [path.read_bytes() for path in files]
    print(f"corpus: {len(pages)} pages, {sum(map(len, pages)) / 1e6:.1f} MB; {os.cpu_count()} CPUs; Python {sys.version.split()[0]}")
    workdir = Path(tempfile.mkdtemp(prefix="affilint-scale-"))
    try:
        small = replicate(pages, args.small, workdir / "small")
        large = replicate(pages, args.large, workdir / "large")

        print(f"\n1. throughput on {args.small:,} pages (--no-cache, median of {args.repeats})")
        medians = {}
        for jobs in (1, args.jobs):
            times = [run(small, "--no-cache", "--jobs", str(jobs))[0] for _ in range(args.repeats)]
            medians[jobs] = statistics.median(times)
            print(f"   --jobs {jobs}: {medians[jobs]:6.2f} s  {args.small / medians[jobs]:6.1f} pages/s   (runs: {', '.join(f'{t:.2f}' for t in times)})")
        print(f"   speed-up --jobs {args.jobs} / --jobs 1: {medians[1] / medians[args.jobs]:.2f}x")

        print(f"\n2. peak memory of a cold run with the cache (--jobs {args.jobs}; largest process)")
        cache = workdir / "cache"
        _small_time, small_rss = run(small, "--jobs", str(args.jobs), "--cache-dir", str(cache))
        cold, large_rss = run(large, "--jobs", str(args.jobs), "--cache-dir", str(cache))
        print(f"   {args.small:>6,} pages: {small_rss / 1024:6.1f} MiB")
        print(f"   {args.large:>6,} pages: {large_rss / 1024:6.1f} MiB   ({large_rss / small_rss:.2f}x for {args.large / args.small:.0f}x the pages)")

        print(f"\n3. cache on {args.large:,} unchanged pages (--jobs {args.jobs})")
        warm_times = [run(large, "--jobs", str(args.jobs), "--cache-dir", str(cache))[0] for _ in range(args.repeats)]
        warm = statistics.median(warm_times)
        print(f"   cold: {cold:7.2f} s  ({args.large / cold:6.1f} pages/s)")
        print(f"   warm: {warm:7.2f} s  ({args.large / warm:6.1f} pages/s; median of {args.repeats})")
        print(f"   warm / cold: {100 * warm / cold:.1f}%")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
