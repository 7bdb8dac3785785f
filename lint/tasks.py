"""Tasks: each document of a run as a self-contained unit of work, and how a worker lints one.

A task carries the document's bytes and the configuration that applies to it, so it can be linted
in this process, in a worker process, or on another machine that shares no files with this one
(the Dask engine). Inputs that cannot be read become ready error results in the same stream, so
the report keeps input order whatever runs the tasks.

Workers build their own plugin registry (plugin objects do not pickle) and check that it holds the
same plugins as the parent's, so every worker runs exactly the rules the user selected.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from affilint import __version__
from affilint.config import Config, ConfigResolver
from affilint.engine import FileResult, Linter, error_result
from affilint.errors import InputError
from affilint.inputs import STDIN, Input
from affilint.parallel import Ready
from affilint.plugins import build_registry
from affilint.reading import read_file_stat, read_stream
from affilint.settings import Overrides
from affilint.statindex import StatIndex

Outcome = tuple[FileResult, str]  # the file's result, and a note for stderr ("" when none)


@dataclass(frozen=True)
class Task:
    """One document to lint: its bytes, its path in the report and the configuration that applies."""

    display: str
    data: bytes | None  # None: not read yet, its digest is known (the stat index); see read_task
    config: Config
    config_key: str  # config_digest(config): lets workers reuse one rule set per configuration
    real_path: str | None = None  # the file on disk: config-relative paths, per-file-ignores, --fix
    url: str | None = None  # the document's URL when the input knows it (a WARC record's target URI)
    fix: str | None = None  # None, or "safe" / "unsafe": apply fixes to real_path (local engines only)
    digest: str | None = None  # SHA-256 (hex) of the bytes, when the cache's stat index computed or knew it


@dataclass(frozen=True)
class WorkerSpec:
    """What a worker needs to build a linter equal to the parent's (all of it pickles)."""

    overrides: Overrides
    explicit_config: Path | None
    isolated: bool
    cwd: Path
    version: str
    plugins: tuple[str, ...]


def config_digest(config: Config) -> str:
    """A digest of every setting of ``config``: equal digests mean equal effective configuration."""
    fields = dataclasses.asdict(config)
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def failed(task: Task, message: str) -> Outcome:
    """The outcome for a task whose worker raised or died: an error result, never an exception."""
    return error_result(task.display, "internal-error", f"affilint failed on this input: {message}"), ""


# -- building the tasks of a run ---------------------------------------------------------------------
def plan(
    inputs: Iterable[Input],
    linter: Linter,
    *,
    stdin: BinaryIO | None = None,
    stdin_filename: str | None = None,
    force_exclude: bool = False,
    fix: str | None = None,
    index: StatIndex | None = None,
) -> Iterator[Task | Ready[Outcome]]:
    """The run's tasks in input order; each input that cannot be read is a ready error result.

    With the cache's stat index, a file whose status is unchanged since an earlier run is not read:
    its task carries the known digest and no bytes, and the runner reads it only when the cache
    has no result for it. Every file read is hashed and recorded in the index.
    """
    from affilint import warc

    digests: dict[int, str] = {}

    def task(display: str, data: bytes | None, config: Config, real_path: Path | None, url: str | None = None,
             fix: str | None = None, digest: str | None = None) -> Task:
        key = digests.get(id(config))
        if key is None:
            key = digests[id(config)] = config_digest(config)
        return Task(display, data, config, key, str(real_path) if real_path else None, url, fix, digest)

    for item in inputs:
        if item.problem:
            yield Ready((error_result(item.display, *item.problem), ""))
        elif item.display == STDIN:
            name = stdin_filename or "<stdin>"
            real = Path(stdin_filename) if stdin_filename else None
            if real is not None and force_exclude and linter.resolver.for_path(real).is_excluded(real):
                continue
            config = linter.resolver.for_path(real) if real is not None else linter.resolver.project()
            try:
                data = read_stream(stdin or sys.stdin.buffer, linter.ruleset(config).max_file_size)
            except InputError as exc:
                yield Ready((error_result(name, exc.code, exc.message), ""))
                continue
            yield task(name, data, config, real)
        elif warc.is_warc(item.path):
            config = linter.resolver.for_path(item.path)
            for record in warc.html_records(item.path, item.display, linter.ruleset(config).max_file_size):
                if record.error is not None:
                    yield Ready((error_result(record.display, *record.error), ""))
                else:
                    yield task(record.display, record.data, config, None, url=record.url)
        else:
            config = linter.resolver.for_path(item.path)
            known = index.digest(item.path) if index is not None else None
            if known is not None:
                yield task(item.display, None, config, item.path, fix=fix, digest=known)
                continue
            try:
                data, info = read_file_stat(item.path, linter.ruleset(config).max_file_size)
            except InputError as exc:
                yield Ready((error_result(item.display, exc.code, exc.message), ""))
                continue
            yield task(item.display, data, config, item.path, fix=fix, digest=index.record(item.path, info, data) if index is not None else None)


def read_task(task: Task, linter: Linter) -> Task | Ready[Outcome]:
    """``task`` (one ``plan`` did not read) with its file's bytes and their own digest, or its error
    result when the file can no longer be read. The file may have changed since its status was
    checked, so the digest is computed again from the bytes read."""
    try:
        data, _info = read_file_stat(Path(task.real_path), linter.ruleset(task.config).max_file_size)
    except InputError as exc:
        return Ready((error_result(task.display, exc.code, exc.message), ""))
    return dataclasses.replace(task, data=data, digest=hashlib.sha256(data).hexdigest())


# -- linting one task ----------------------------------------------------------------------------------
def execute(linter: Linter, task: Task, configs: dict[str, Config]) -> Outcome:
    """Lint (or fix) one task with ``linter``; ``configs`` interns configurations across tasks."""
    config = configs.setdefault(task.config_key, task.config)
    real_path = Path(task.real_path) if task.real_path else None
    if task.fix and real_path is not None:
        result, _data, note = linter.fix_path(real_path, task.display, unsafe=task.fix == "unsafe")
        return result, note
    return linter.lint_bytes(task.data, task.display, config, ruleset=linter.ruleset(config), real_path=real_path, url=task.url), ""


def build_worker_linter(spec: WorkerSpec) -> Linter:
    """A linter equal to the parent's; raises RuntimeError when this worker's plugins differ."""
    registry = build_registry()
    if (__version__, registry.plugins) != (spec.version, spec.plugins):
        raise RuntimeError(
            f"worker (pid {os.getpid()}) has affilint {__version__} with plugins {', '.join(registry.plugins)}, "
            f"but the run needs affilint {spec.version} with plugins {', '.join(spec.plugins)}; install the same packages everywhere"
        )
    resolver = ConfigResolver(explicit=spec.explicit_config, isolated=spec.isolated, cwd=spec.cwd)
    return Linter(registry, resolver, spec.overrides)


_worker: tuple[Linter | None, str, dict[str, Config]] = (None, "", {})


def setup_worker(spec: WorkerSpec) -> None:
    """Process-pool initializer: build this worker's linter once (or remember why it cannot)."""
    global _worker
    try:
        _worker = (build_worker_linter(spec), "", {})
    except Exception as exc:  # reported per task, so the run ends with error results, not a hang
        _worker = (None, f"{type(exc).__name__}: {exc}", {})


def worker_execute(task: Task) -> Outcome:
    """Process-pool work function: lint one task with this worker's linter."""
    linter, problem, configs = _worker
    if linter is None:
        return error_result(task.display, "internal-error", f"the worker could not start: {problem}"), ""
    return execute(linter, task, configs)
