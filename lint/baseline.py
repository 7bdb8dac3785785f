"""The baseline: today's findings, recorded so that from then on only new ones are reported.

A baseline is a versioned JSON file listing, per file, each recorded finding's rule, fingerprint,
count and message (the message only helps reviewers). Matching is by fingerprint and counts, as in
ESLint's bulk suppressions: an entry with ``count`` N hides up to N findings with that fingerprint.
Fingerprints follow the element and its text, not line numbers, so edits elsewhere in a file keep
old findings hidden, while a new finding (or one more of the same) is reported.

``--update-baseline`` rewrites the file atomically with this run's findings; entries of files this
run did not lint are kept while those files exist, so a partial run never forgets the rest.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from affilint.atomic import atomic_writer
from affilint.engine import FileResult
from affilint.report.paths import repo_path

KIND = "affilint-baseline"
SCHEMA_VERSION = "1.0"


class BaselineError(Exception):
    """The baseline file cannot be used; the message says why and what to do."""


@dataclass
class Baseline:
    """A loaded baseline, applied to results as they finish and (when updating) rewritten at the end."""

    path: Path
    update: bool = False
    files: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # entries as read, by path key

    def __post_init__(self) -> None:
        self._remaining: Counter[str] = Counter()
        for entries in self.files.values():
            for entry in entries:
                self._remaining[entry["fingerprint"]] += entry["count"]
        self._linted: dict[str, Counter[tuple[str, str, str]]] = {}  # this run's findings, by path key
        self._unusable: set[str] = set()  # files this run could not lint (their old entries are kept)

    @property
    def root(self) -> Path:
        return self.path.parent if str(self.path.parent) else Path(".")

    def key(self, display: str) -> str:
        """A file's key in the baseline: its path relative to the baseline's directory."""
        return repo_path(display, self.root.absolute())

    def apply(self, result: FileResult) -> FileResult:
        """``result`` without the findings the baseline records (all of them when updating)."""
        key = self.key(result.path)
        recorded = self._linted.setdefault(key, Counter())
        if result.status == "error" and not result.findings:
            self._unusable.add(key)
        for finding in result.findings:
            recorded[(finding.rule, finding.fingerprint, finding.message)] += 1
        if self.update:
            return replace(result, findings=(), baselined=len(result.findings))
        new = []
        for finding in result.findings:
            if self._remaining[finding.fingerprint] > 0:
                self._remaining[finding.fingerprint] -= 1
            else:
                new.append(finding)
        return replace(result, findings=tuple(new), baselined=len(result.findings) - len(new))

    def unmatched(self) -> int:
        """How many recorded findings of the files linted in this run matched nothing (fixed since)."""
        if self.update:
            return 0
        linted = self._linted.keys() - self._unusable
        fingerprints = {entry["fingerprint"] for key in linted for entry in self.files.get(key, ())}
        return sum(self._remaining[fingerprint] for fingerprint in fingerprints)

    def write(self, version: str) -> int:
        """Rewrite the baseline atomically with this run's findings; return how many it records."""
        files: dict[str, list[dict[str, Any]]] = {}
        for key, entries in self.files.items():
            if (key not in self._linted or key in self._unusable) and (self.root / key).exists():
                files[key] = entries
        for key, recorded in self._linted.items():
            if key in self._unusable:
                continue
            if recorded:
                files[key] = [
                    {"rule": rule, "fingerprint": fingerprint, "count": count, "message": message}
                    for (rule, fingerprint, message), count in sorted(recorded.items())
                ]
            else:
                files.pop(key, None)
        document = {
            "kind": KIND,
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "affilint", "version": version},
            "files": dict(sorted(files.items())),
        }
        try:
            with atomic_writer(self.path) as handle:
                json.dump(document, handle, indent=2, ensure_ascii=False)
                handle.write("\n")
        except OSError as exc:
            raise BaselineError(f"cannot write it: {exc.strerror or exc}") from None
        return sum(entry["count"] for entries in files.values() for entry in entries)


def load_baseline(path: Path, update: bool = False) -> Baseline:
    """Read and validate a baseline; a missing file is an error unless it is about to be created."""
    if not path.exists():
        if update:
            if not (path.parent if str(path.parent) else Path(".")).is_dir():
                raise BaselineError(f"directory {path.parent} does not exist")
            return Baseline(path, update=True)
        raise BaselineError("no such file; create it with --update-baseline")
    if not path.is_file():
        raise BaselineError("is not a regular file")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"cannot read it: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise BaselineError("is not UTF-8 text; is it a baseline?") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
                            "restore it from version control, or delete it and run --update-baseline") from None
    return Baseline(path, update=update, files=_validated(data))


def _validated(data: Any) -> dict[str, list[dict[str, Any]]]:
    if not isinstance(data, dict) or data.get("kind") != KIND:
        raise BaselineError(f'is not an affilint baseline (no "kind": "{KIND}"); '
                            "a baseline is written by --update-baseline, not by --format json")
    version = str(data.get("schema_version", ""))
    if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise BaselineError(f"has schema_version {version!r}; this affilint reads {SCHEMA_VERSION.split('.')[0]}.x "
                            "(recreate it with --update-baseline)")
    files = data.get("files")
    if not isinstance(files, dict):
        raise BaselineError('"files" must be an object mapping paths to lists of entries')
    for key, entries in files.items():
        if not isinstance(entries, list):
            raise BaselineError(f'"files"."{key}" must be a list of entries')
        for number, entry in enumerate(entries):
            where = f'"files"."{key}"[{number}]'
            if not isinstance(entry, dict):
                raise BaselineError(f"{where} must be an object")
            if not isinstance(entry.get("fingerprint"), str) or not entry["fingerprint"]:
                raise BaselineError(f'{where}: "fingerprint" must be a non-empty string')
            count = entry.get("count", 1)
            if isinstance(count, bool) or not isinstance(count, int) or count < 1:
                raise BaselineError(f'{where}: "count" must be a positive integer')
            entry["count"] = count
    return files
