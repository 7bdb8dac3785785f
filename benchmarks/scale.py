"""Scaling of `affilint check` to many pages: parallel throughput, peak memory, and the cache.

Replicates the labelled corpus pages (../shared/corpus/pages) into a temporary tree (each copy
gets a unique comment, so no two files have the same bytes) and runs the real CLI as a subprocess:

  1. throughput on N small pages (default 1,000): `--jobs 1` against `--jobs 2`, `--no-cache`,
     `--repeats` runs each, alternated so both see the same background load; the median of the
     per-pair ratios, and the CPU time each setting spends (the parallel overhead);
  2. peak memory (largest resident set of any affilint process) of a cold run with the cache at
     the small and the large size (default 10,000), to show it stays flat as the input grows;
  3. the warm rerun over the large tree (nothing changed) against that cold run, with the JSON
     report and with the text report (which shows the cache itself): time and ratio.

Every run also records the machine's load: the CPU time other processes took while it ran, in
cores (from /proc/stat), since a shared machine slows the parallel runs most. Reports go to
/dev/null. Skips cleanly (exit 0) when the corpus is absent.

    python benchmarks/scale.py [--small 1000] [--large 10000] [--repeats 3] [--jobs 2] [--skip-cache]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from corpus_pages import DEFAULT_CORPUS

PAGES_PER_DIRECTORY = 500


def replicate(pages: list[bytes], count: int, root: Path) -> Path:
    """``count`` pages under ``root``, cycling through the corpus, each with unique bytes."""
    for index in range(count):
        directory = root / f"d{index // PAGES_PER_DIRECTORY:03d}"
        if index % PAGES_PER_DIRECTORY == 0:
            directory.mkdir(parents=True)
        (directory / f"p{index:05d}.html").write_bytes(pages[index % len(pages)] + f"\n<!-- copy {index} -->\n".encode())
    return root


@dataclass
class Run:
    seconds: float
    cpu: float  # user + system seconds of affilint and its workers
    peak_kib: int  # largest resident set of any affilint process
    others: float  # cores other processes kept busy meanwhile (0 = an idle machine; nan without /proc)


def busy_jiffies() -> tuple[int, int] | None:
    """(busy, total) CPU ticks of the whole machine since boot, or None without /proc/stat."""
    try:
        fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return sum(fields) - idle, sum(fields)


def run(tree: Path, *flags: str, fmt: str = "json") -> Run:
    """One `affilint check` in a fresh wrapper process: its time, CPU, peak memory and the load."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
        "elapsed = time.perf_counter() - start\n"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, code)\n"
    )
    command = [sys.executable, "-c", probe, sys.executable, "-m", "affilint", "check", "--isolated", "--format", fmt, *flags, str(tree)]
    before = busy_jiffies()
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout.split()
    after = busy_jiffies()
    if out[3] not in ("0", "1"):
        raise SystemExit(f"affilint exited {out[3]}: {' '.join(command[4:])}")
    seconds, cpu = float(out[0]), float(out[1])
    others = float("nan")
    if before and after and after[1] > before[1]:
        ticks_per_second = os.sysconf("SC_CLK_TCK")
        others = max(0.0, ((after[0] - before[0]) / ticks_per_second - cpu) / seconds)
    return Run(seconds, cpu, int(out[2]), others)


def describe(label: str, runs: list[Run], pages: int) -> str:
    seconds = statistics.median(r.seconds for r in runs)
    return (f"   {label}: {seconds:6.2f} s {pages / seconds:6.1f} pages/s  CPU {statistics.median(r.cpu for r in runs):6.2f} s  "
            f"others' load {statistics.median(r.others for r in runs):.2f} cores   (runs: {', '.join(f'{r.seconds:.2f}' for r in runs)})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--small", type=int, default=1000, help="pages for the throughput runs (default 1000)")
    parser.add_argument("--large", type=int, default=10000, help="pages for the memory and cache runs (default 10000)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per throughput setting; the median is reported")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes of the parallel runs (default 2)")
    parser.add_argument("--skip-cache", action="store_true", help="measure the throughput only (no 10,000-page tree)")
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
        large = None if args.skip_cache else replicate(pages, args.large, workdir / "large")

        print(f"\n1. throughput on {args.small:,} pages (--no-cache; {args.repeats} alternating pairs, medians)")
        serial: list[Run] = []
        parallel: list[Run] = []
        for _ in range(args.repeats):
            serial.append(run(small, "--no-cache", "--jobs", "1"))
            parallel.append(run(small, "--no-cache", "--jobs", str(args.jobs)))
        print(describe("--jobs 1", serial, args.small))
        print(describe(f"--jobs {args.jobs}", parallel, args.small))
        ratios = [a.seconds / b.seconds for a, b in zip(serial, parallel)]
        print(f"   speed-up --jobs {args.jobs} / --jobs 1: {statistics.median(ratios):.2f}x (pairs: {', '.join(f'{r:.2f}' for r in ratios)}); "
              f"CPU spent: {statistics.median(b.cpu for b in parallel) / statistics.median(a.cpu for a in serial):.2f}x the serial run's")
        if args.skip_cache:
            return 0

        print(f"\n2. peak memory of a cold run with the cache (--jobs {args.jobs}; largest process)")
        cache = workdir / "cache"
        small_run = run(small, "--jobs", str(args.jobs), "--cache-dir", str(cache))
        cold = run(large, "--jobs", str(args.jobs), "--cache-dir", str(cache))
        print(f"   {args.small:>6,} pages: {small_run.peak_kib / 1024:6.1f} MiB")
        print(f"   {args.large:>6,} pages: {cold.peak_kib / 1024:6.1f} MiB   ({cold.peak_kib / small_run.peak_kib:.2f}x for {args.large / args.small:.0f}x the pages)")

        print(f"\n3. cache on {args.large:,} unchanged pages (--jobs {args.jobs})")
        print(describe("cold, json", [cold], args.large))
        for fmt in ("json", "text"):
            warm = [run(large, "--jobs", str(args.jobs), "--cache-dir", str(cache), fmt=fmt) for _ in range(args.repeats)]
            print(describe(f"warm, {fmt}", warm, args.large))
            print(f"   warm ({fmt}) / cold: {100 * statistics.median(r.seconds for r in warm) / cold.seconds:.1f}%")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
