"""The default human report: findings grouped by file, colour on a terminal, one summary line."""

from __future__ import annotations

from affilint.engine import FileResult
from affilint.report.base import Formatter, Summary

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m", "path": "\033[1;4m", "dim": "\033[2m", "bold": "\033[1m"}
_RESET = "\033[0m"


class TextFormatter(Formatter):
    name = "text"

    def _paint(self, text: str, style: str) -> str:
        return f"{_COLORS[style]}{text}{_RESET}" if self.context.color else text

    def file(self, result: FileResult) -> None:
        if result.status == "error":
            error = result.error or {}
            self.stream.write(f"{self._paint(result.path, 'path')}\n  {self._paint('error', 'error')}  "
                              f"could not lint: {error.get('message')} [{error.get('code')}]\n")
        elif not result.findings:
            return
        else:
            self.stream.write(self._paint(result.path, "path") + "\n")
        width = max((len(self._where(f)) for f in result.findings), default=0)
        for finding in result.findings:
            severity = finding.severity.value
            self.stream.write(
                f"  {self._where(finding).ljust(width)}  {self._paint(severity.ljust(7), severity)}  "
                f"{finding.message}  {self._paint(finding.rule + ' ' + finding.name, 'dim')}\n"
            )
            if self.context.options.get("show_source") and finding.snippet:
                self.stream.write(f"  {' ' * width}  {self._paint('│ ' + finding.snippet, 'dim')}\n")
        self.stream.write("\n")

    @staticmethod
    def _where(finding) -> str:
        return f"{finding.line}:{finding.column}" if finding.column else f"{finding.line}"

    def end(self, summary: Summary) -> None:
        counts = summary.by_severity
        if self.context.options.get("statistics") and summary.by_rule:
            for code, count in sorted(summary.by_rule.items(), key=lambda item: (-item[1], item[0])):
                entry = self.context.rules.get(code)
                name = entry.rule.name if entry else ""
                self.stream.write(f"{count:6d}  {code}  {name}\n")
            self.stream.write("\n")
        problems = summary.findings
        text = (
            f"{problems} finding{'s' if problems != 1 else ''} ({counts['error']} error{'s' if counts['error'] != 1 else ''}, "
            f"{counts['warning']} warning{'s' if counts['warning'] != 1 else ''}, {counts['info']} info) "
            f"in {summary.files} file{'s' if summary.files != 1 else ''}"
        )
        if summary.files_with_errors:
            text += f"; {summary.files_with_errors} could not be linted"
        if summary.suppressed:
            text += f"; {summary.suppressed} suppressed"
        if summary.fixed:
            text += f"; {summary.fixed} fixed"
        if summary.baselined:
            text += f"; {summary.baselined} baselined"
        style = "error" if counts["error"] or summary.files_with_errors else "warning" if problems else "bold"
        self.stream.write(self._paint(("✖ " if problems or summary.files_with_errors else "✔ ") + text, style) + "\n")
