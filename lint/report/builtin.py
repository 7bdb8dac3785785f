"""The built-in report formats, registered through the same hook third-party formats use."""

from __future__ import annotations

from affilint.hookspecs import hookimpl
from affilint.report.checkstyle import CheckstyleFormatter
from affilint.report.github import GithubFormatter
from affilint.report.gitlab import GitlabFormatter
from affilint.report.html import HtmlFormatter
from affilint.report.json import JsonFormatter
from affilint.report.jsonl import JsonLinesFormatter
from affilint.report.junit import JunitFormatter
from affilint.report.sarif import SarifFormatter
from affilint.report.text import TextFormatter


@hookimpl
def affilint_register_formats():
    return {
        "text": TextFormatter,
        "json": JsonFormatter,
        "jsonl": JsonLinesFormatter,
        "sarif": SarifFormatter,
        "github": GithubFormatter,
        "gitlab": GitlabFormatter,
        "junit": JunitFormatter,
        "checkstyle": CheckstyleFormatter,
        "html": HtmlFormatter,
    }
