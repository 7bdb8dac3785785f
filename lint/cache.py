"""The result cache: a rerun over unchanged pages reads their results instead of linting them again.

An entry is keyed by everything a result depends on: the document's bytes (SHA-256; for a file
unchanged since an earlier run, the digest :mod:`affilint.statindex` recorded), its path in the
report and on disk, its URL, the effective configuration, the command-line overrides, the affilint
version, the installed plugins (names and versions) and a fingerprint of affilint's and the
plugins' code files (size and modification time, so an edited rule in a development checkout never
serves stale results). Change any of them and the entry is simply not found.

Entries are JSON files, one per result, written atomically (temporary file, then rename), so
parallel workers and concurrent runs never see half an entry. An entry that does not parse, does
not match its key or comes from another format is ignored, never trusted (JSON, unlike pickle,
cannot run code from a tampered cache). Only results that depend on the bytes alone are stored:
not internal or rule errors, which a fixed bug or a flaky plugin would make stale.

The default location is ``.affilint_cache`` in the project root (the directory of the
configuration file that applies to the current directory, else the current directory), as Ruff
does; ``AFFILINT_CACHE_DIR`` or ``--cache-dir`` move it. Deleting it is always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from importlib.metadata import entry_points
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from affilint import __version__
from affilint.engine import FileResult
from affilint.finding import Edit, Finding, Fix, Severity
from affilint.hookspecs import PROJECT
from affilint.plugins import Registry
from affilint.settings import Overrides

CACHE_DIR_ENV = "AFFILINT_CACHE_DIR"
DEFAULT_DIRNAME = ".affilint_cache"
ENTRY_FORMAT = 1
UNCACHEABLE_ERRORS = frozenset({"internal-error", "rule-error"})
_CACHEDIR_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This file marks affilint's result cache; backup tools may skip it.\n"


class ResultCache:
    """Look up and store file results under ``directory`` for one run's settings."""

    def __init__(self, directory: Path, run_key: str) -> None:
        self.directory = directory
        self.entries = directory / f"v{ENTRY_FORMAT}"
        self.run_key = run_key

    @classmethod
    def open(cls, directory: Path, registry: Registry, overrides: Overrides) -> "ResultCache":
        """Create the directory (with a CACHEDIR.TAG and a .gitignore); raise OSError when it cannot."""
        directory.mkdir(parents=True, exist_ok=True)
        for name, content in (("CACHEDIR.TAG", _CACHEDIR_TAG), (".gitignore", "# created by affilint\n*\n")):
            if not (directory / name).exists():
                write_atomically(directory / name, content)
        return cls(directory, run_key(registry, overrides))

    def key(self, display: str, digest: str, config_key: str, real_path: str | None, url: str | None) -> str:
        """The entry's key; ``digest`` is the SHA-256 (hex) of the document's bytes."""
        parts = (self.run_key, config_key, display, real_path or "", url or "", digest)
        return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.entries / key[:2] / f"{key}.json"

    def get(self, key: str) -> FileResult | None:
        """The stored result, or None when there is none or it cannot be trusted."""
        try:
            with self._path(key).open("rb") as handle:
                entry = json.load(handle)
            if entry.get("format") != ENTRY_FORMAT or entry.get("key") != key or entry.get("version") != __version__:
                return None
            return result_from_dict(entry["result"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, key: str, result: FileResult) -> None:
        """Store ``result`` (when it is cacheable); a cache that cannot be written is only slower."""
        if result.status == "error" and (result.error or {}).get("code") in UNCACHEABLE_ERRORS:
            return
        if result.fixed:
            return  # the result describes content written by --fix, not the bytes the key names
        entry = {"format": ENTRY_FORMAT, "key": key, "version": __version__, "result": result.to_dict()}
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                write_atomically(path, json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
            except UnicodeEncodeError:  # a file name with undecodable bytes (surrogate escapes): escape them
                write_atomically(path, json.dumps(entry, separators=(",", ":")))
        except OSError:
            pass


def default_directory(project_root: Path) -> Path:
    return Path(os.environ.get(CACHE_DIR_ENV) or project_root / DEFAULT_DIRNAME)


def run_key(registry: Registry, overrides: Overrides) -> str:
    """What every entry of a run shares: version, plugins and their code, and the overrides."""
    parts = {
        "version": __version__,
        "plugins": _plugin_versions(registry),
        "code": _code_fingerprint(registry),
        "overrides": repr(overrides),
        "rules": sorted(f"{code}={entry.plugin}:{entry.rule.__module__}.{entry.rule.__qualname__}" for code, entry in registry.rules.items()),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8")).hexdigest()


def _plugin_versions(registry: Registry) -> list[str]:
    versions = []
    for entry_point in entry_points(group=PROJECT):
        if entry_point.name in registry.plugins:
            dist = getattr(entry_point, "dist", None)
            versions.append(f"{entry_point.name}={entry_point.value}@{dist.name if dist else '?'}-{dist.version if dist else '?'}")
    return sorted(versions)


def _code_fingerprint(registry: Registry) -> str:
    """Size and mtime of affilint's files and of each plugin rule's module file."""
    import affilint

    files: set[Path] = set()
    package = Path(affilint.__file__).parent
    files.update(p for p in package.rglob("*") if p.suffix in (".py", ".toml", ".txt", ".json"))
    rules_spec = find_spec("affilint.rules")
    if rules_spec and rules_spec.origin:
        files.update(p for p in Path(rules_spec.origin).parent.rglob("*") if p.suffix in (".py", ".toml"))
    import sys

    for entry in registry.rules.values():
        module = sys.modules.get(entry.rule.__module__)
        if module is not None and getattr(module, "__file__", None):
            files.add(Path(module.__file__))
    digest = hashlib.sha256()
    for path in sorted(files):
        try:
            info = path.stat()
        except OSError:
            continue
        digest.update(f"{path}\0{info.st_size}\0{info.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def write_atomically(path: Path, text: str) -> None:
    """Write-then-rename without fsync: a cache entry lost to a power cut is only a cache miss, and
    one that is cut short fails to parse and is ignored."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def result_from_dict(data: dict[str, Any]) -> FileResult:
    """Rebuild a :class:`FileResult` from its JSON form (``FileResult.to_dict``); raises on bad data."""
    findings = tuple(_finding(item) for item in data["findings"])
    error = data["error"]
    if error is not None and not (isinstance(error.get("code"), str) and isinstance(error.get("message"), str)):
        raise ValueError("bad error")
    if data["status"] not in ("ok", "error") or not isinstance(data["path"], str):
        raise ValueError("bad status or path")
    return FileResult(
        path=data["path"],
        status=data["status"],
        error=error,
        document=data["document"],
        findings=findings,
        suppressed=int(data["suppressed"]),
        fixed=int(data["fixed"]),
    )


def _finding(item: dict[str, Any]) -> Finding:
    fix = item["fix"]
    return Finding(
        rule=item["rule"],
        name=item["name"],
        severity=Severity(item["severity"]),
        message=item["message"],
        line=item["line"],
        column=item["column"],
        end_line=item["end_line"],
        end_column=item["end_column"],
        snippet=item["snippet"],
        fingerprint=item["fingerprint"],
        confidence=item["confidence"],
        evidence=item["evidence"],
        fix=None if fix is None else Fix(fix["message"], tuple(Edit(**edit) for edit in fix["edits"]), fix["applicability"]),
    )
