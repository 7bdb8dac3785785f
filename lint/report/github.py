"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request's diff.

``::error file=P,line=L,endLine=E,col=C,endColumn=D,title=T::MESSAGE``. GitHub shows only the first
few annotations of a step (10 errors and 10 warnings), so the report ends with a ``::notice`` that
carries the totals. Paths are relative to ``GITHUB_WORKSPACE`` (the checkout), as annotations need.
"""

from __future__ import annotations

from affilint.engine import FileResult
from affilint.report.base import Formatter, Summary
from affilint.report.paths import project_root, repo_path

# Annotation levels: GitHub has error, warning and notice.
LEVELS = {"error": "error", "warning": "warning", "info": "notice"}
# How many annotations of each level GitHub shows per step.
ANNOTATIONS_SHOWN = 10


def escape_data(text: str) -> str:
    """Escape a command's message: ``%``, CR and LF (the runner decodes them back)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: as a message, plus ``:`` and ``,``, which delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: object) -> str:
    """One workflow command line; properties whose value is None are left out."""
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}\n"


class GithubFormatter(Formatter):
    name = "github"

    def begin(self) -> None:
        self._root = project_root("GITHUB_WORKSPACE")

    def file(self, result: FileResult) -> None:
        path = repo_path(result.path, self._root)
        if result.status == "error":
            error = result.error or {}
            self.stream.write(command("error", f"could not lint: {error.get('message')} [{error.get('code')}]",
                                      file=path, title=f"affilint: {error.get('code')}"))
        for finding in result.findings:
            one_line = finding.end_line is None or finding.end_line == finding.line
            # GitHub accepts columns only for a single-line range.
            self.stream.write(command(
                LEVELS[finding.severity.value],
                finding.message,
                file=path,
                line=finding.line,
                endLine=finding.end_line,
                col=finding.column if one_line else None,
                endColumn=finding.end_column if one_line and finding.column else None,
                title=f"{finding.rule} {finding.name}",
            ))
        self.stream.flush()

    def end(self, summary: Summary) -> None:
        counts = summary.by_severity
        text = (f"affilint: {summary.findings} finding{'s' if summary.findings != 1 else ''} "
                f"({counts['error']} errors, {counts['warning']} warnings, {counts['info']} info) in {summary.files} "
                f"file{'s' if summary.files != 1 else ''}")
        for label, count in (("could not be linted", summary.files_with_errors), ("suppressed", summary.suppressed),
                             ("baselined", summary.baselined), ("fixed", summary.fixed)):
            if count:
                text += f"; {count} {label}"
        if counts["error"] > ANNOTATIONS_SHOWN or counts["warning"] > ANNOTATIONS_SHOWN:
            text += f" (GitHub annotates only the first {ANNOTATIONS_SHOWN} errors and warnings of a step; the log lists every finding)"
        if self.context.options.get("statistics") and summary.by_rule:
            text += "\n" + "\n".join(f"{count:6d}  {code}" for code, count in sorted(summary.by_rule.items(), key=lambda item: (-item[1], item[0])))
        self.stream.write(command("notice", text, title="affilint summary"))
