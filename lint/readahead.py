"""Reading ahead: an iterator's items are produced in a background thread while the caller works on
the ones before them.

Why: the process that runs ``affilint check`` reads every page and hashes it for the cache, work
that releases the GIL (file reads, hashlib over large buffers), and also decodes cache entries,
feeds workers and encodes the report, work that holds it. Done one after the other they leave the
second core idle on a rerun over cached pages; overlapped, the reading and hashing mostly disappear
from the run's time. Order is kept (one producer, a FIFO), at most ``depth`` items wait in memory,
and an exception in the producer is raised in the caller where the item would have been.
"""

from __future__ import annotations

import queue
import threading
from typing import Iterable, Iterator, TypeVar

T = TypeVar("T")
_END = object()


def read_ahead(items: Iterable[T], depth: int) -> Iterator[T]:
    """``items``, in order, produced up to ``depth`` ahead of the caller in a daemon thread."""
    buffer: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        source = iter(items)
        try:
            for item in source:
                buffer.put((item, None))
                if stop.is_set():
                    return
            buffer.put((_END, None))
        except BaseException as exc:  # handed to the caller, which raises it in its own thread
            buffer.put((_END, exc))
        finally:
            close = getattr(source, "close", None)
            if close is not None:
                close()

    thread = threading.Thread(target=produce, name="affilint-read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            item, error = buffer.get()
            if item is _END:
                if error is not None:
                    raise error
                return
            yield item
    finally:
        stop.set()
        while True:  # free the producer if it waits for room; it sees ``stop`` after its put
            try:
                buffer.get_nowait()
            except queue.Empty:
                break
