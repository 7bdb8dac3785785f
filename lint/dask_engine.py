"""The Dask engine (``--engine dask``): lint on a cluster when one machine is not enough.

This process stays the coordinator: it finds the inputs, reads them (files and WARC records),
looks them up in the cache and writes the report; workers get tasks that carry the document's
bytes and the configuration that applies, so they need affilint and the same plugins installed,
but none of the files. Tasks travel in small batches (fewer round trips than one per page) and
at most a couple of batches per worker thread are in flight, so memory stays flat; results are
reported in input order, exactly as a local run reports them.

A batch whose worker dies (Dask retries it elsewhere first) is rerun task by task, so only the
input that kills workers ends as an error result. ``--scheduler ADDRESS`` connects to a running
cluster; without it a local cluster of ``--jobs`` worker processes is started for the run.
"""

from __future__ import annotations

import logging
from collections import deque
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable, Iterator

from affilint import __version__
from affilint.errors import UsageError
from affilint.extras import require
from affilint.parallel import Ready
from affilint.plugins import build_registry
from affilint.tasks import Outcome, Task, WorkerSpec, build_worker_linter, execute, failed

BATCH_SIZE = 8
BATCHES_PER_THREAD = 2
CONNECT_TIMEOUT = "20s"
WORKER_WAIT_SECONDS = 60


def require_distributed() -> Any:
    """The ``distributed`` module, or a usage error naming ``affilint[dask]``."""
    return require("distributed", "dask", "--engine dask")


class DaskSession:
    """A connection to a cluster whose workers were checked; ``map`` lints tasks on it, then closes it.

    Connecting happens on creation, before any report is written, so a scheduler that cannot be
    reached or a worker with other plugins is a clean usage error (exit 2), not a cut-off report.
    """

    def __init__(self, spec: WorkerSpec, *, scheduler: str | None, workers: int) -> None:
        distributed = require_distributed()
        # Workers get each task's configuration with the task; they never look for configuration files.
        self.spec = replace(spec, explicit_config=None, isolated=True)
        self._stack = ExitStack()
        try:
            self.client = self._stack.enter_context(_client(distributed, scheduler, workers))
            _check_workers(self.client, self.spec)
        except BaseException:
            self._stack.close()
            raise

    def map(self, tasks: Iterable[Task | Ready[Outcome]]) -> Iterator[tuple[Task | Ready[Outcome], Outcome]]:
        """Yield ``(item, outcome)`` in input order, linting the tasks on the cluster."""
        client, spec = self.client, self.spec
        try:
            window = max(2, BATCHES_PER_THREAD * sum(client.nthreads().values()))
            pending: deque = deque()
            for group in _groups(tasks, BATCH_SIZE):
                work = [_portable(item) for item in group if isinstance(item, Task)]
                future = client.submit(lint_batch, spec, work, pure=False) if work else None
                pending.append((group, work, future))
                if len(pending) >= window:
                    yield from _settle(client, spec, *pending.popleft())
            while pending:
                yield from _settle(client, spec, *pending.popleft())
        finally:
            self._stack.close()


def lint_batch(spec: WorkerSpec, tasks: list[Task]) -> list[Outcome]:
    """Runs on a worker: lint ``tasks`` with this worker process's linter (built once per spec)."""
    linter, configs = _worker_linters.get(spec) or _worker_linters.setdefault(spec, (build_worker_linter(spec), {}))
    outcomes = []
    for task in tasks:
        try:
            outcomes.append(execute(linter, task, configs))
        except Exception as exc:
            outcomes.append(failed(task, f"{type(exc).__name__}: {exc}"))
    return outcomes


_worker_linters: dict[WorkerSpec, tuple[Any, dict]] = {}


def worker_identity() -> tuple[str, tuple[str, ...]]:
    """Runs on each worker before the run: its affilint version and plugins."""
    return __version__, build_registry().plugins


def _settle(client: Any, spec: WorkerSpec, group: list, work: list[Task], future: Any) -> Iterator[tuple[Task | Ready[Outcome], Outcome]]:
    outcomes: list[Outcome] = []
    if future is not None:
        try:
            outcomes = future.result()
        except Exception:  # the batch killed its workers (KilledWorker) or could not run: retry alone
            outcomes = [_alone(client, spec, task) for task in work]
    results = iter(outcomes)
    for item in group:
        yield (item, item.result) if isinstance(item, Ready) else (item, next(results))


def _alone(client: Any, spec: WorkerSpec, task: Task) -> Outcome:
    try:
        return client.submit(lint_batch, spec, [task], pure=False).result()[0]
    except Exception as exc:
        return failed(task, f"the Dask worker failed on this input: {type(exc).__name__}: {exc}")


def _portable(task: Task) -> Task:
    """The task with an absolute path, so config-relative paths mean the same on any machine."""
    return replace(task, real_path=str(Path(task.real_path).resolve())) if task.real_path else task


def _groups(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    group: list[Any] = []
    for item in items:
        group.append(item)
        if sum(isinstance(i, Task) for i in group) >= size:
            yield group
            group = []
    if group:
        yield group


@contextmanager
def _client(distributed: Any, scheduler: str | None, workers: int) -> Iterator[Any]:
    if scheduler is None:
        cluster = distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR
        )
        with cluster, distributed.Client(cluster) as client:
            yield client
        return
    try:
        client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"--scheduler {scheduler}: cannot connect to a Dask scheduler there: {exc}") from None
    with client:
        try:
            client.wait_for_workers(1, timeout=WORKER_WAIT_SECONDS)
        except (TimeoutError, OSError):
            raise UsageError(f"--scheduler {scheduler}: the cluster has no workers (waited {WORKER_WAIT_SECONDS} s)") from None
        yield client


def _check_workers(client: Any, spec: WorkerSpec) -> None:
    """Refuse to start when any worker would run other rules than this process."""
    wanted = (spec.version, spec.plugins)
    try:
        identities = client.run(worker_identity)
    except Exception as exc:
        raise UsageError(f"--engine dask: cannot run affilint on the workers ({type(exc).__name__}: {exc}); install affilint on every worker") from None
    for address, identity in sorted(identities.items()):
        if tuple(identity[0:1]) + (tuple(identity[1]),) != wanted:
            raise UsageError(
                f"--engine dask: worker {address} has affilint {identity[0]} with plugins {', '.join(identity[1])}, "
                f"but this run uses affilint {spec.version} with plugins {', '.join(spec.plugins)}; install the same packages on every worker"
            )
