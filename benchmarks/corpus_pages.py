"""What the benchmark scripts share: where the corpus pages are, how to list them, how to time a step.

Benchmarks run as scripts (``python benchmarks/NAME.py``), so this module is imported by its plain
name from the scripts' own folder.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import Callable

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pages"


def corpus_files(folder: Path) -> list[Path]:
    """The ``*.html`` pages of ``folder`` in name order; exits with 2 and says so when there are none."""
    files = sorted(folder.glob("*.html")) if folder.is_dir() else []
    if not files:
        print(f"no pages found in {folder}", file=sys.stderr)
        raise SystemExit(2)
    return files


def median_seconds(function: Callable[[], object], rounds: int) -> float:
    """The median wall time of ``rounds`` calls (the machine is shared: medians, not means)."""
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)
