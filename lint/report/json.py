"""The JSON report: a versioned contract (``schema_version``) with its JSON Schema shipped in the
package (``affilint/schemas/report.schema.json``). Files are written as they finish, so memory stays
flat however many files a run covers."""

from __future__ import annotations

import json

from affilint.engine import FileResult
from affilint.report.base import Formatter, Summary

SCHEMA_VERSION = "1.2"  # 1.1: files[].fixed and summary.fixed (check --fix); 1.2: files[].baselined and summary.baselined (--baseline)


class JsonFormatter(Formatter):
    name = "json"

    def begin(self) -> None:
        tool = {"name": "affilint", "version": self.context.version}
        self.stream.write('{\n  "schema_version": %s,\n  "tool": %s,\n  "files": [' % (json.dumps(SCHEMA_VERSION), json.dumps(tool)))
        self._first = True

    def file(self, result: FileResult) -> None:
        body = json.dumps(result.to_dict(), ensure_ascii=False, indent=2).replace("\n", "\n    ")
        self.stream.write(("\n    " if self._first else ",\n    ") + body)
        self._first = False

    def end(self, summary: Summary) -> None:
        closing = "\n  ]" if not self._first else "]"
        self.stream.write(closing + ',\n  "summary": ' + json.dumps(summary.to_dict(), indent=2).replace("\n", "\n  ") + "\n}\n")
