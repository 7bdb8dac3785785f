"""SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer).

One run: the driver lists every registered rule (so ``ruleIndex`` is stable across runs), results
point at repository-relative, percent-encoded URIs under ``%SRCROOT%``, and each result carries the
engine's fingerprint in ``partialFingerprints``, so an alert keeps its identity when unrelated lines
move. Inputs that could not be linted become tool-execution notifications, not results.

GitHub rejects runs with more than 25,000 results; beyond that the most severe 25,000 are kept (the
earliest first within a severity) and a warning says how many were left out.
"""

from __future__ import annotations

import heapq
import json
import re
from typing import Any

from affilint.engine import FileResult
from affilint.finding import Finding
from affilint.report.base import Formatter, Summary
from affilint.report.paths import project_root, repo_uri

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
HOMEPAGE = "https://github.com/affilint/affilint"
FINGERPRINT_KEY = "affilint/v1"
MAX_RESULTS = 25_000  # GitHub code scanning: results per run
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


class SarifFormatter(Formatter):
    name = "sarif"
    max_results = MAX_RESULTS

    def begin(self) -> None:
        self._root = project_root("GITHUB_WORKSPACE")
        self._rules = [self.context.rules[code] for code in sorted(self.context.rules)]
        self._index = {entry.rule.code: index for index, entry in enumerate(self._rules)}
        self._kept: list[tuple[int, int, dict[str, Any]]] = []  # heap of (severity rank, -sequence, result)
        self._sequence = 0
        self._dropped = 0
        self._notifications: list[dict[str, Any]] = []

    def file(self, result: FileResult) -> None:
        location = self._artifact(result.path)
        if result.status == "error":
            error = result.error or {}
            self._notifications.append({
                "level": "error",
                "message": {"text": f"{result.path}: could not lint: {error.get('message')}"},
                "descriptor": {"id": error.get("code", "error")},
                "locations": [{"physicalLocation": {"artifactLocation": location}}],
            })
        for finding in result.findings:
            self._keep(finding.severity.rank, self._result(finding, location))

    def _keep(self, rank: int, item: dict[str, Any]) -> None:
        """Keep the most severe ``max_results`` results in bounded memory."""
        self._sequence += 1
        entry = (rank, -self._sequence, item)
        if len(self._kept) < self.max_results:
            heapq.heappush(self._kept, entry)
        else:
            heapq.heappushpop(self._kept, entry)
            self._dropped += 1

    def _artifact(self, path: str) -> dict[str, Any]:
        uri, relative = repo_uri(path, self._root)
        return {"uri": uri, "uriBaseId": "%SRCROOT%"} if relative else {"uri": uri}

    def _result(self, finding: Finding, location: dict[str, Any]) -> dict[str, Any]:
        region = _region(finding.line, finding.column, finding.end_line, finding.end_column)
        if finding.snippet:
            region["snippet"] = {"text": finding.snippet}
        item: dict[str, Any] = {"ruleId": finding.rule}
        if finding.rule in self._index:
            item["ruleIndex"] = self._index[finding.rule]
        item.update({
            "level": LEVELS[finding.severity.value],
            "message": {"text": finding.message},
            "locations": [{"physicalLocation": {"artifactLocation": location, "region": region}}],
            "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
            "properties": {"name": finding.name, "confidence": round(finding.confidence, 3)},
        })
        if finding.fix is not None:
            item["fixes"] = [{
                "description": {"text": finding.fix.message},
                "artifactChanges": [{
                    "artifactLocation": location,
                    "replacements": [
                        {"deletedRegion": _region(e.line, e.column, e.end_line, e.end_column), "insertedContent": {"text": e.content}}
                        for e in finding.fix.edits
                    ],
                }],
            }]
        return item

    def end(self, summary: Summary) -> None:
        if self._dropped:
            message = (f"SARIF: {self._sequence:,} results exceed GitHub code scanning's limit of {self.max_results:,} per run; "
                       f"the {self._dropped:,} least severe were left out (use --select, --baseline or smaller runs)")
            self.context.warn(message)
            self._notifications.append({"level": "warning", "message": {"text": message}, "descriptor": {"id": "result-limit"}})
        results = [item for _rank, _order, item in sorted(self._kept, key=lambda entry: -entry[1])]
        run: dict[str, Any] = {
            "tool": {"driver": {
                "name": "affilint",
                "version": self.context.version,
                "semanticVersion": self.context.version,
                "informationUri": HOMEPAGE,
                "rules": [_rule_descriptor(entry) for entry in self._rules],
            }},
            "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": self._notifications}],
            "originalUriBaseIds": {"%SRCROOT%": {"uri": self._root.as_uri().rstrip("/") + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }
        document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
        # Compact: json's C encoder handles only unindented output, and SARIF is read by machines (jq for people).
        self.stream.write(json.dumps(document, ensure_ascii=False) + "\n")


def _region(line: int, column: int | None, end_line: int | None, end_column: int | None) -> dict[str, int]:
    region = {"startLine": line}
    if column:
        region["startColumn"] = column
    if end_line:
        region["endLine"] = end_line
        if column and end_column:
            region["endColumn"] = end_column
    return region


def _rule_descriptor(entry: Any) -> dict[str, Any]:
    rule = entry.rule
    documentation = rule.documentation()
    summary = rule.summary or rule.name
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": _what_it_does(documentation) or summary},
        "help": {"text": documentation or summary, "markdown": documentation or summary},
        "defaultConfiguration": {"level": LEVELS[rule.severity.value], "enabled": bool(rule.default_enabled)},
        "properties": {"tags": [rule.family, "affiliate-compliance"]},
    }
    uri = _help_uri(rule)
    if uri:
        descriptor["helpUri"] = uri
    return descriptor


def _what_it_does(documentation: str) -> str:
    """The text under ``## What it does``, joined into one paragraph."""
    match = re.search(r"^## What it does\s*\n(.*?)(?=^## |\Z)", documentation, flags=re.M | re.S)
    return " ".join(match.group(1).split()) if match else ""


def _help_uri(rule: Any) -> str | None:
    """Where a rule is documented: a built-in rule's source (its docstring), else its first web reference."""
    module = rule.__module__
    if module.startswith("affilint.rules."):
        return f"{HOMEPAGE}/blob/main/rules/{module.rsplit('.', 1)[1]}.py"
    for reference in rule.references:
        found = re.search(r"https?://\S+", reference)
        if found:
            return found.group(0).rstrip(").,")
    return None
