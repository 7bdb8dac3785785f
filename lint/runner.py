"""Running a stream of tasks: the cache first, then an engine (this process, a process pool, or a
Dask cluster) for the rest, with results in input order whatever ran them.

Every engine yields the same results in the same order for the same tasks; only the speed differs.
Cache look-ups and writes happen here, in the parent process, so workers only lint. A task that the
stat index let ``plan`` leave unread is read here when the cache has no result for it, so engines
only ever see tasks with their bytes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from affilint.cache import ResultCache
from affilint.engine import Linter
from affilint.parallel import Ready, ordered_map
from affilint.tasks import Outcome, Task, WorkerSpec, execute, failed, read_task, setup_worker, worker_execute

Execute = Callable[[Iterable[Task | Ready[Outcome]]], Iterator[tuple[Task | Ready[Outcome], Outcome]]]


@dataclass(frozen=True)
class Engine:
    """Where tasks run: ``local`` (``jobs`` processes; 1 means this process) or ``dask``."""

    kind: str = "local"
    jobs: int = 1
    scheduler: str | None = None  # dask: the scheduler's address; None starts a local cluster


def run(
    items: Iterable[Task | Ready[Outcome]],
    linter: Linter,
    spec: WorkerSpec,
    engine: Engine,
    cache: ResultCache | None = None,
) -> Iterator[Outcome]:
    """Each item's outcome, in order. The engine starts now (a Dask cluster is connected to and
    checked), so its errors come before the caller writes a byte of the report."""
    return _run(items, _executor(linter, spec, engine), cache, linter)


def _run(items: Iterable[Task | Ready[Outcome]], execute: Execute, cache: ResultCache | None, linter: Linter) -> Iterator[Outcome]:
    keys: dict[int, str] = {}

    def through_cache(items: Iterable[Task | Ready[Outcome]]) -> Iterator[Task | Ready[Outcome]]:
        for item in items:
            if isinstance(item, Task):
                key = _key(cache, item)
                hit = cache.get(key)
                if hit is not None and not (item.fix and _has_applicable_fix(hit, item.fix)):
                    yield Ready((hit, ""))
                    continue
                if item.data is None:  # known by its digest alone, and it must be linted: read it now
                    item = read_task(item, linter)
                    if isinstance(item, Ready):
                        yield item
                        continue
                    key = _key(cache, item)  # from the bytes read: the file may have changed since
                keys[id(item)] = key
            yield item

    tasks = items if cache is None else through_cache(items)
    for item, (result, note) in execute(tasks):
        key = keys.pop(id(item), None)
        if key is not None and not note:
            cache.put(key, result)
        yield result, note


def _key(cache: ResultCache, task: Task) -> str:
    digest = task.digest or hashlib.sha256(task.data).hexdigest()
    return cache.key(task.display, digest, task.config_key, task.real_path, task.url)


def _has_applicable_fix(result, mode: str) -> bool:
    return any(f.fix is not None and (f.fix.applicability == "safe" or mode == "unsafe") for f in result.findings)


def _executor(linter: Linter, spec: WorkerSpec, engine: Engine) -> Execute:
    if engine.kind == "dask":
        from affilint.dask_engine import DaskSession

        return DaskSession(spec, scheduler=engine.scheduler, workers=engine.jobs).map
    if engine.jobs > 1:
        return lambda tasks: ordered_map(worker_execute, tasks, jobs=engine.jobs, on_failure=failed, initializer=setup_worker, initargs=(spec,))
    return lambda tasks: _serial(linter, tasks)


def _serial(linter: Linter, tasks: Iterable[Task | Ready[Outcome]]) -> Iterator[tuple[Task | Ready[Outcome], Outcome]]:
    configs: dict = {}
    for task in tasks:
        if isinstance(task, Ready):
            yield task, task.result
            continue
        try:
            yield task, execute(linter, task, configs)
        except Exception as exc:  # the engine already turns input and rule failures into results
            yield task, failed(task, f"{type(exc).__name__}: {exc}")
