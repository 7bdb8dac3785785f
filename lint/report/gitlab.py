"""GitLab Code Quality (a subset of the Code Climate format): a JSON array of issues, each with a
description, check name, fingerprint, severity and a location relative to ``CI_PROJECT_DIR``.

GitLab compares the fingerprints of the merge request's report with the target branch's to show
new and fixed issues, so they are the engine's stable fingerprints; it silently drops an issue whose
fingerprint repeats in a report, so a repeat (the same file linted twice) is salted until unique.
Inputs that could not be linted are reported as ``critical`` issues named ``affilint/<error code>``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from affilint.engine import FileResult
from affilint.report.base import Formatter, Summary
from affilint.report.paths import project_root, repo_path

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


class GitlabFormatter(Formatter):
    name = "gitlab"

    def begin(self) -> None:
        self._root = project_root("CI_PROJECT_DIR")
        self._seen: set[str] = set()
        self._first = True
        self.stream.write("[")

    def file(self, result: FileResult) -> None:
        path = repo_path(result.path, self._root)
        if result.status == "error":
            error = result.error or {}
            code = error.get("code", "error")
            self._issue({
                "description": f"could not lint: {error.get('message')}",
                "check_name": f"affilint/{code}",
                "fingerprint": self._unique(hashlib.sha256(f"input-error\0{path}\0{code}".encode("utf-8")).hexdigest()[:20]),
                "severity": "critical",
                "location": {"path": path, "lines": {"begin": 1}},
            })
        for finding in result.findings:
            lines = {"begin": finding.line}
            if finding.end_line:
                lines["end"] = finding.end_line
            self._issue({
                "description": f"{finding.message} ({finding.rule} {finding.name})",
                "check_name": finding.rule,
                "fingerprint": self._unique(finding.fingerprint),
                "severity": SEVERITIES[finding.severity.value],
                "location": {"path": path, "lines": lines},
            })
        self.stream.flush()

    def _unique(self, fingerprint: str) -> str:
        candidate, salt = fingerprint, 0
        while candidate in self._seen:
            salt += 1
            candidate = hashlib.sha256(f"{fingerprint}\0{salt}".encode("utf-8")).hexdigest()[:20]
        self._seen.add(candidate)
        return candidate

    def _issue(self, issue: dict[str, Any]) -> None:
        self.stream.write(("\n  " if self._first else ",\n  ") + json.dumps(issue, ensure_ascii=False))
        self._first = False

    def end(self, summary: Summary) -> None:
        self.stream.write("]\n" if self._first else "\n]\n")
