"""Every JSON report validates against the schema shipped in the package."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from affilint.cli import main

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads(resources.files("affilint").joinpath("schemas/report.schema.json").read_text(encoding="utf-8"))


def report_for(capsys, *args: str) -> dict:
    main(["check", "--isolated", "--format", "json", *args])
    return json.loads(capsys.readouterr().out)


def test_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_report_on_bundled_fixtures_validates(capsys):
    report = report_for(capsys, str(ROOT / "fixtures"))
    jsonschema.validate(report, SCHEMA)
    assert report["schema_version"] == "1.2"
    assert report["tool"]["name"] == "affilint"
    assert report["summary"]["files"] == len(report["files"]) > 10


def test_report_with_errors_and_fixes_validates(capsys, tmp_path):
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "page.html").write_text('<p><a href="https://amzn.to/x" rel="noopener">x</a></p>', encoding="utf-8")
    report = report_for(capsys, str(tmp_path), str(tmp_path / "missing.html"))
    jsonschema.validate(report, SCHEMA)
    statuses = {Path(f["path"]).name: f["status"] for f in report["files"]}
    assert statuses == {"empty.html": "error", "page.html": "ok", "missing.html": "error"}
    fix = next(f for f in report["files"] if f["status"] == "ok")["findings"][0]["fix"]
    assert fix["edits"][0]["content"] == "noopener sponsored"


def test_empty_run_validates(capsys, tmp_path):
    (tmp_path / "clean.html").write_text("<p>Nothing to see.</p>", encoding="utf-8")
    report = report_for(capsys, str(tmp_path / "clean.html"))
    jsonschema.validate(report, SCHEMA)
    assert report["summary"]["findings"] == 0


@pytest.mark.parametrize("bad", [{"schema_version": "1.0"}, {"schema_version": "2.0", "tool": {}, "files": [], "summary": {}}])
def test_schema_rejects_malformed_reports(bad):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, SCHEMA)
