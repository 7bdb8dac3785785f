"""Progress on stderr for long runs: files done of total, rate and time left, redrawn in place.

Shown only when stderr is a terminal (never in pipes, logs or CI captures), only once a run has taken
longer than ``DELAY`` seconds (short runs stay silent), and never with ``--no-progress``. The line
is cleared before each report write, so a report streamed to the same terminal is never garbled.
"""

from __future__ import annotations

import os
import shutil
import time
from typing import IO, Callable

DELAY = 0.5  # seconds before the first draw
INTERVAL = 0.1  # seconds between redraws


def progress_wanted(stream: IO[str], disabled: bool) -> bool:
    """Whether progress should be shown on ``stream``."""
    if disabled or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Progress:
    def __init__(self, total: int, stream: IO[str], enabled: bool = True, clock: Callable[[], float] = time.monotonic) -> None:
        self.total = total
        self.stream = stream
        self.enabled = enabled and total > 1
        self.clock = clock
        self.done = 0
        self._start = clock()
        self._last_draw = float("-inf")
        self._drawn = False

    def advance(self) -> None:
        """One more file is done; redraw when due."""
        self.done += 1
        if not self.enabled:
            return
        now = self.clock()
        if now - self._start >= DELAY and now - self._last_draw >= INTERVAL and self.done < self.total:
            self._draw(now)

    def line(self, now: float) -> str:
        elapsed = max(now - self._start, 1e-9)
        rate = self.done / elapsed
        text = f"affilint: {self.done:,}/{self.total:,} files ({100 * self.done // self.total}%), {rate:,.1f} files/s"
        if rate > 0:
            text += f", {_duration((self.total - self.done) / rate)} left"
        return text

    def _draw(self, now: float) -> None:
        width = shutil.get_terminal_size((80, 24)).columns
        self.stream.write("\r" + self.line(now)[: max(width - 1, 10)] + "\033[K")
        self.stream.flush()
        self._last_draw = now
        self._drawn = True

    def clear(self) -> None:
        """Erase the progress line (before something else is written to the terminal)."""
        if self._drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._drawn = False


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"
