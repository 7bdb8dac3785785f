"""The finding: the one immutable record that flows from rules through suppression to reporters.

Rules never build findings themselves; they yield :class:`affilint.rule.Violation` and the engine
turns each into a ``Finding`` with a position, snippet, effective severity and fingerprint.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, Mapping


class Severity(str, enum.Enum):
    """How serious a finding is. ``info`` means "needs review" and never fails a run by default."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def parse(cls, value: str) -> "Severity":
        try:
            return cls(str(value).lower())
        except ValueError:
            raise ValueError(f"unknown severity {value!r} (expected one of: error, warning, info)") from None


_RANK = {Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}


@dataclass(frozen=True)
class Edit:
    """Replace the source text between two 1-based (line, column) positions (end exclusive)."""

    line: int
    column: int
    end_line: int
    end_column: int
    content: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "content": self.content,
        }


@dataclass(frozen=True)
class Fix:
    """A proposed change: what it does (``message``), the edits, and whether it is safe to apply unattended."""

    message: str
    edits: tuple[Edit, ...]
    applicability: str = "safe"

    def to_dict(self) -> dict[str, Any]:
        return {
            "message": self.message,
            "applicability": self.applicability,
            "edits": [edit.to_dict() for edit in self.edits],
        }


@dataclass(frozen=True)
class Finding:
    """One problem in one file, ready to be reported as JSON."""

    rule: str
    name: str
    severity: Severity
    message: str
    line: int
    column: int | None
    end_line: int | None
    end_column: int | None
    snippet: str
    fingerprint: str
    confidence: float = 1.0
    evidence: Mapping[str, Any] = field(default_factory=dict)
    fix: Fix | None = None

    def sort_key(self) -> tuple:
        return (self.line, self.column or 0, self.rule, self.message)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "snippet": self.snippet,
            "confidence": round(self.confidence, 3),
            "evidence": dict(self.evidence),
            "fix": self.fix.to_dict() if self.fix else None,
            "fingerprint": self.fingerprint,
        }
