"""The built-in report formats, registered through the same hook third-party formats use."""

from __future__ import annotations

from affilint.hookspecs import hookimpl
from affilint.report.html import HtmlFormatter
from affilint.report.json import JsonFormatter
from affilint.report.text import TextFormatter


@hookimpl
def affilint_register_formats():
    return {"text": TextFormatter, "json": JsonFormatter, "html": HtmlFormatter}
