"""The formatter contract and the run summary every format ends with."""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import IO, Any, Callable

from affilint.engine import FileResult


@dataclass
class Summary:
    """Totals of a run, accumulated file by file so reports can stream."""

    files: int = 0
    files_with_errors: int = 0
    findings: int = 0
    suppressed: int = 0
    fixed: int = 0
    baselined: int = 0
    by_severity: Counter = field(default_factory=lambda: Counter({"error": 0, "warning": 0, "info": 0}))
    by_rule: Counter = field(default_factory=Counter)

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.files_with_errors += result.status == "error"
        self.findings += len(result.findings)
        self.suppressed += result.suppressed
        self.fixed += result.fixed
        self.baselined += result.baselined
        for finding in result.findings:
            self.by_severity[finding.severity.value] += 1
            self.by_rule[finding.rule] += 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "files_with_errors": self.files_with_errors,
            "findings": self.findings,
            "suppressed": self.suppressed,
            "fixed": self.fixed,
            "baselined": self.baselined,
            "by_severity": {key: self.by_severity[key] for key in ("error", "warning", "info")},
            "by_rule": dict(sorted(self.by_rule.items())),
        }


@dataclass(frozen=True)
class ReportContext:
    """What formatters may need besides results: the tool version, rule metadata and display options."""

    version: str
    rules: dict[str, Any]  # code -> RuleEntry
    color: bool = False
    options: dict[str, Any] = field(default_factory=dict)
    # Where a format reports a problem with its own output (e.g. SARIF's result limit): never the report stream.
    warn: Callable[[str], None] = field(default=lambda message: sys.stderr.write(f"affilint: warning: {message}\n"))


class Formatter:
    """Base class for ``--format`` outputs. ``begin`` once, ``file`` per result as it finishes, ``end`` once."""

    name = ""
    # True when the format shows the article itself: each FileResult then carries its Document in
    # ``model`` (one at a time, released after ``file`` returns, so memory stays flat).
    needs_document = False

    def __init__(self, stream: IO[str], context: ReportContext) -> None:
        self.stream = stream
        self.context = context

    def begin(self) -> None:
        """Called before the first file."""

    def file(self, result: FileResult) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def end(self, summary: Summary) -> None:
        """Called after the last file, with the run's totals."""
