"""The JSON report: a versioned contract (``schema_version``) with its JSON Schema shipped in the
package (``affilint/schemas/report.schema.json``). Files are written as they finish, so memory stays
flat however many files a run covers.

The content and the schema are the contract, not the whitespace. The top level is laid out one
member a line and each ``files[]`` entry is one line (``json.dumps``'s default separators): that
keeps the report easy to scan, grep and diff file by file, and lets ``json`` use its C encoder,
which ``indent=`` turns off. Indenting every finding made the pure-Python encoder
the largest cost of a rerun over cached pages.
"""

from __future__ import annotations

import json

from affilint.engine import FileResult
from affilint.report.base import Formatter, Summary

SCHEMA_VERSION = "1.2"  # 1.1: files[].fixed and summary.fixed (check --fix); 1.2: files[].baselined and summary.baselined (--baseline)

encode = json.JSONEncoder(ensure_ascii=False).encode  # the C encoder: no indent


class JsonFormatter(Formatter):
    name = "json"

    def begin(self) -> None:
        tool = {"name": "affilint", "version": self.context.version}
        self.stream.write('{\n  "schema_version": %s,\n  "tool": %s,\n  "files": [' % (encode(SCHEMA_VERSION), encode(tool)))
        self._first = True

    def file(self, result: FileResult) -> None:
        self.stream.write(("\n    " if self._first else ",\n    ") + encode(result.to_dict()))
        self._first = False

    def end(self, summary: Summary) -> None:
        closing = "\n  ]" if not self._first else "]"
        self.stream.write(closing + ',\n  "summary": ' + encode(summary.to_dict()) + "\n}\n")
