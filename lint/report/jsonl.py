"""JSON Lines: one JSON object per input, written and flushed the moment the file is linted, for very
large runs and pipes (``affilint check --format jsonl site/ | jq …``). Each line is exactly a
``files[]`` entry of the JSON report (same schema, ``#/$defs/file``); there is no summary line, so
every line has the same shape."""

from __future__ import annotations

import json

from affilint.engine import FileResult
from affilint.report.base import Formatter


class JsonLinesFormatter(Formatter):
    name = "jsonl"

    def file(self, result: FileResult) -> None:
        self.stream.write(json.dumps(result.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n")
        self.stream.flush()
