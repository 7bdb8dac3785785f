"""Running work on a pool of processes while results stream out in input order.

Rules are CPU-bound Python, so threads would share one core; processes do not. Results come back
in the order the items went in, each as soon as it and every item before it are done, so a report
streams and stays the same whatever the number of processes. At most a few items per process are
in flight, so memory does not grow with the number of inputs.

A worker process that dies (a crash in a C extension, the OOM killer) breaks the whole pool and
leaves no trace of which item killed it. The unfinished items are then rerun one at a time, each
in a fresh single-process pool: the culprit fails alone and becomes an error result for its item;
the others get their real results. Nothing hangs and nothing raises.
"""

from __future__ import annotations

import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Callable, Generic, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")
ITEMS_PER_WORKER = 4  # in flight per process: enough to keep each busy, few enough to keep memory flat


@dataclass(frozen=True)
class Ready(Generic[R]):
    """An item whose result is already known (a cache hit, an unreadable file): passed through in order."""

    result: R


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the platform has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def ordered_map(
    function: Callable[[T], R],
    items: Iterable[T | Ready[R]],
    *,
    jobs: int,
    on_failure: Callable[[T, str], R],
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[tuple[T | Ready[R], R]]:
    """Yield ``(item, function(item))`` in input order, computed by ``jobs`` worker processes.

    ``function``, the items and the results must pickle (the function by reference: a module-level
    function). ``initializer(*initargs)`` runs once in each worker. When ``function`` raises, or its
    worker dies, the pair holds ``on_failure(item, message)`` instead.
    """
    pending: deque[tuple[Any, Future]] = deque()
    source = iter(items)
    pool: ProcessPoolExecutor | None = None  # started on the first item to compute: a fully cached run needs none
    try:
        while True:
            while len(pending) < jobs * ITEMS_PER_WORKER:
                item = next(source, _END)
                if item is _END:
                    break
                if isinstance(item, Ready):
                    pending.append((item, _done(item.result)))
                    continue
                pool = pool or _pool(jobs, initializer, initargs)
                pending.append((item, _submit(pool, function, item)))
            if not pending:
                return
            item, future = pending.popleft()
            try:
                result = future.result()
            except BrokenProcessPool:
                pool.shutdown(wait=True, cancel_futures=True)
                pending.appendleft((item, future))
                pending = deque(_recover(function, pending, on_failure, initializer, initargs))
                pool = None
                continue
            except Exception as exc:  # the function raised, or its result did not pickle
                result = on_failure(item, f"{type(exc).__name__}: {exc}")
            yield item, result
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _recover(function, pending, on_failure, initializer, initargs) -> Iterator[tuple[Any, Future]]:
    """Settle the items in flight when the pool broke: keep finished results, rerun the rest alone."""
    for item, future in pending:
        if future.done() and not isinstance(future.exception(), BrokenProcessPool):
            yield item, future
            continue
        with _pool(1, initializer, initargs) as alone:
            try:
                result = alone.submit(function, item).result()
            except BrokenProcessPool:
                result = on_failure(item, "the worker process died while linting this input (a crash in a native library, or out of memory)")
            except Exception as exc:
                result = on_failure(item, f"{type(exc).__name__}: {exc}")
        yield item, _done(result)


def _submit(pool: ProcessPoolExecutor, function, item) -> Future:
    """``pool.submit``; when a worker died since the last result was taken, the pool refuses new
    work, so the item gets a broken future and is rerun alone with the others in flight."""
    try:
        return pool.submit(function, item)
    except BrokenProcessPool as exc:
        future: Future = Future()
        future.set_exception(exc)
        return future


def _pool(jobs: int, initializer, initargs) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=jobs, initializer=initializer, initargs=initargs)


def _done(result: Any) -> Future:
    future: Future = Future()
    future.set_result(result)
    return future


_END = object()
