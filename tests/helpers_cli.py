"""Shared helpers for the CLI-level tests (a plain module, not a conftest, so it cannot clash).

Import with ``from helpers_cli import ...``: pytest puts ``tests/`` on ``sys.path`` for test modules.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from affilint.cli import main

AMAZON_HREF = "https://www.amazon.com/dp/X?tag=abc-20"
# An adequate disclosure (it also is Amazon's required statement).
DISCLOSURE = " As an Amazon Associate we earn from qualifying purchases."
# An affiliate link without rel="sponsored" (the <a> element alone).
AFFILIATE_ANCHOR = f'<a href="{AMAZON_HREF}">a camp stove</a>'
# That link with the disclosure beside it (same block, so on time): one AFF001 error and no DIS finding.
AFFILIATE_LINK = f"{AFFILIATE_ANCHOR} (as an Amazon Associate we earn from qualifying purchases)"
# The same link, compliant.
SPONSORED_LINK = f'<a href="{AMAZON_HREF}" rel="sponsored">a camp stove</a> (as an Amazon Associate we earn from qualifying purchases)'

CLEAN_HTML = "<article>\n<p>Nothing to see here, just a paragraph.</p>\n</article>\n"
AFFILIATE_HTML = f"<article>\n<p>Our pick: {AFFILIATE_LINK}.</p>\n</article>\n"

# An article with enough words and claims (quotes, figures, dates, attributions) and no external
# source link: SRC001, a warning, and nothing else.
UNSOURCED_ARTICLE = """<article>
<p>The ministry said on Monday that exports rose 12% last year, according to officials who spoke to reporters in the capital city this week about trade.</p>
<p>\u201cThis will transform the whole region for many years to come,\u201d a senior trade adviser told reporters at the press conference held in the capital.</p>
<p>Officials said 3 million people would benefit from the programme, which was announced in March 2024 after a long review of the budget and plans.</p>
<p>A budget watchdog warned that the plan could cost $4 billion and said the government had not explained how it would pay for the new spending on ports.</p>
<p>The opposition party added that the scheme had been rushed through parliament without proper debate, and that local councils were never consulted on the details.</p>
</article>
"""


@dataclass
class CliRun:
    code: int
    out: str
    err: str

    @property
    def report(self) -> dict[str, Any]:
        return json.loads(self.out)

    @property
    def files(self) -> list[dict[str, Any]]:
        return self.report["files"]

    def file(self, path: str | Path) -> dict[str, Any]:
        wanted = str(path)
        for entry in self.files:
            if entry["path"] == wanted:
                return entry
        raise AssertionError(f"{wanted!r} not in report: {[f['path'] for f in self.files]}")

    def rules(self, index: int = 0) -> list[str]:
        return [finding["rule"] for finding in self.files[index]["findings"]]


def run_cli(capsys, *args: str | Path) -> CliRun:
    """Run ``affilint ARGS`` in-process and capture what it wrote."""
    capsys.readouterr()  # drop anything captured before
    code = main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return CliRun(code, captured.out, captured.err)


def check_json(capsys, *args: str | Path, isolated: bool = True) -> CliRun:
    """``affilint check [--isolated] --format json ARGS``."""
    prefix = ["check", "--format", "json"] + (["--isolated"] if isolated else [])
    return run_cli(capsys, *prefix, *args)


def run_subprocess(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """``python -m affilint ARGS`` in a fresh interpreter (bytes in, text out)."""
    env = dict(os.environ)
    env.pop("AFFILINT_DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-m", "affilint", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )
    result.stdout = result.stdout.decode("utf-8", errors="replace")
    result.stderr = result.stderr.decode("utf-8", errors="replace")
    return result


def write(directory: Path, name: str, content: str | bytes, newline: str | None = "") -> Path:
    """Write ``content`` to ``directory/name`` (creating parents); text is UTF-8, written verbatim."""
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        with path.open("w", encoding="utf-8", newline=newline) as handle:
            handle.write(content)
    return path


def position_of(text: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the ``occurrence``-th ``needle`` in ``text`` (lines split on LF/CRLF)."""
    offset = -1
    for _ in range(occurrence + 1):
        offset = text.index(needle, offset + 1)
    before = text[:offset].replace("\r\n", "\n")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    return line, column
