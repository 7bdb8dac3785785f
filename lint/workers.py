"""A fixed set of worker processes that run jobs under a hard deadline.

Why processes: a thread cannot be stopped, so a document that makes linting slow would keep a CPU
busy after its caller gave up. A job that overruns its deadline here has its process killed and
replaced, so a timeout really frees the worker, and a crash in one job (a parser bug, memory
exhaustion) never takes the service down.

Workers are started with ``spawn``: forking a process that already runs server threads can copy a
lock another thread holds. Each worker builds its job handler once (``setup(*args)`` returns a
callable), then answers one job at a time over a pipe. A worker never keeps anything from one job
for the next beyond what ``setup`` built.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Callable

STARTUP_TIMEOUT = 120.0  # seconds a new worker may take to import and build its handler


class Busy(Exception):
    """Every worker stayed busy until the deadline."""


class Timeout(Exception):
    """The job overran its deadline; its worker was killed."""


class WorkerFailed(Exception):
    """The worker died while running the job, or could not start."""


@dataclass(eq=False)  # compared and hashed by identity
class _Worker:
    process: Any
    conn: Connection


def _worker_main(conn: Connection, setup: Callable[..., Callable[[Any], Any]], args: tuple) -> None:
    try:
        handle = setup(*args)
    except BaseException as exc:  # report why, so the parent can say it rather than hang
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return  # the parent went away or is shutting down
        conn.send(handle(job))


class WorkerPool:
    """``size`` worker processes; :meth:`run` sends a job to an idle one and waits until a deadline."""

    def __init__(self, size: int, setup: Callable[..., Callable[[Any], Any]], args: tuple = ()) -> None:
        if size < 1:
            raise ValueError("a worker pool needs at least one worker")
        self._context = multiprocessing.get_context("spawn")
        self._setup, self._args = setup, args
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        starting = [self._spawn() for _ in range(size)]
        try:
            for worker in starting:
                self._await_ready(worker)
                self._idle.put(worker)
        except WorkerFailed:
            self.close()
            raise

    def run(self, job: Any, deadline: float) -> Any:
        """The handler's answer to ``job``; :class:`Busy`, :class:`Timeout` or :class:`WorkerFailed`
        when it cannot be had before ``deadline`` (a ``time.monotonic()`` value)."""
        try:
            worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise Busy("every worker is busy") from None
        try:
            worker.conn.send(job)
            if worker.conn.poll(max(0.0, deadline - time.monotonic())):
                answer = worker.conn.recv()
                self._idle.put(worker)
                return answer
        except (EOFError, OSError) as exc:
            self._replace(worker)
            raise WorkerFailed(f"the worker process died ({type(exc).__name__})") from None
        self._replace(worker)
        raise Timeout("the job overran its deadline")

    def close(self) -> None:
        """Stop every worker (idle or busy)."""
        with self._lock:
            self._closed = True
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.conn.close()
            worker.process.kill()
            worker.process.join(5)

    # -- internals -------------------------------------------------------------------------------
    def _spawn(self) -> _Worker:
        parent_end, child_end = self._context.Pipe()
        process = self._context.Process(target=_worker_main, args=(child_end, self._setup, self._args), daemon=True, name="affilint-worker")
        process.start()
        child_end.close()
        worker = _Worker(process, parent_end)
        with self._lock:
            self._all.add(worker)
        return worker

    def _await_ready(self, worker: _Worker) -> None:
        try:
            if worker.conn.poll(STARTUP_TIMEOUT):
                status, detail = worker.conn.recv()
                if status == "ready":
                    return
                raise WorkerFailed(f"a worker could not start: {detail}")
        except (EOFError, OSError):
            pass
        raise WorkerFailed("a worker process did not start")

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and start another in the background; it joins the idle set once ready."""
        with self._lock:
            self._all.discard(worker)
            closed = self._closed
        worker.conn.close()
        worker.process.kill()
        worker.process.join(5)
        if closed:
            return

        def start() -> None:
            fresh = self._spawn()
            try:
                self._await_ready(fresh)
            except WorkerFailed:
                with self._lock:
                    self._all.discard(fresh)
                fresh.process.kill()
                return
            with self._lock:
                closed_meanwhile = self._closed
            if closed_meanwhile:
                fresh.process.kill()
                return
            self._idle.put(fresh)

        threading.Thread(target=start, name="affilint-worker-restart", daemon=True).start()
