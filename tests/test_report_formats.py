"""The CI report formats (sarif, github, gitlab, junit, checkstyle, jsonl), each produced by the CLI
and checked the way its consumer reads it: SARIF against the official 2.1.0 schema, XML by a parser,
workflow commands by their grammar, Code Quality JSON by structure, JSON Lines line by line."""

from __future__ import annotations

import json
import re
import select
import subprocess
import sys
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest

from affilint.engine import FileResult
from affilint.finding import Finding, Severity
from affilint.plugins import build_registry
from affilint.report.base import ReportContext, Summary
from affilint.report.github import GithubFormatter, escape_data, escape_property
from affilint.report.junit import JunitFormatter
from affilint.report.sarif import SarifFormatter
from helpers_cli import AFFILIATE_HTML, CLEAN_HTML, UNSOURCED_ARTICLE, run_cli, write

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "seed" / "news-with-product-plugs.html"
SARIF_SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
REPORT_SCHEMA = json.loads(resources.files("affilint").joinpath("schemas/report.schema.json").read_text(encoding="utf-8"))


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A checkout (a directory with .git) as the working directory, with a page in a subdirectory whose
    name needs percent-encoding, a clean page and a warning-only page; no CI workspace variables."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    for var in ("GITHUB_WORKSPACE", "CI_PROJECT_DIR"):
        monkeypatch.delenv(var, raising=False)
    write(tmp_path, "site/news #1/seed page.html", SEED.read_text(encoding="utf-8"))
    write(tmp_path, "site/clean.html", CLEAN_HTML)
    write(tmp_path, "site/unsourced.html", UNSOURCED_ARTICLE)
    return tmp_path


def check(capsys, fmt: str, *args):
    return run_cli(capsys, "check", "--isolated", "--format", fmt, *args)


def json_findings(capsys, *args) -> dict[str, list[dict]]:
    report = json.loads(check(capsys, "json", *args).out)
    return {entry["path"]: entry["findings"] for entry in report["files"]}


def finding(message="Something is wrong", rule="AFF001", severity=Severity.ERROR, line=3, column=5, end_line=3, end_column=9, fingerprint="0123456789abcdef0123", snippet="<a>x</a>"):
    return Finding(rule=rule, name="affiliate-link-without-sponsored", severity=severity, message=message, line=line, column=column,
                   end_line=end_line, end_column=end_column, snippet=snippet, fingerprint=fingerprint)


def render(formatter_class, results, **options) -> str:
    import io

    stream = io.StringIO()
    registry = build_registry(autoload=False)
    formatter = formatter_class(stream, ReportContext(version="0.1.0", rules=registry.rules, options=options))
    summary = Summary()
    formatter.begin()
    for result in results:
        summary.add(result)
        formatter.file(result)
    formatter.end(summary)
    return stream.getvalue()


def test_every_format_is_listed_by_the_cli(capsys, repo):
    run = check(capsys, "nope", "site")
    assert run.code == 2
    for name in ("checkstyle", "github", "gitlab", "json", "jsonl", "junit", "sarif", "text"):
        assert name in run.err


# -- SARIF -----------------------------------------------------------------------------------------
def test_sarif_validates_against_the_official_schema(capsys, repo):
    run = check(capsys, "sarif", "site", "missing.html")
    assert run.code == 1
    sarif = json.loads(run.out)
    jsonschema.Draft4Validator.check_schema(SARIF_SCHEMA)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(sarif)
    assert sarif["version"] == "2.1.0"


def test_sarif_driver_describes_every_rule(capsys, repo):
    driver = json.loads(check(capsys, "sarif", "site").out)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "affilint" and driver["version"] and driver["informationUri"].startswith("https://")
    registry = build_registry()
    assert [rule["id"] for rule in driver["rules"]] == sorted(registry.rules)
    for rule in driver["rules"]:
        assert rule["name"] == registry.rules[rule["id"]].rule.name
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert "## What it does" in rule["help"]["markdown"] and rule["help"]["text"]
        assert rule["helpUri"].startswith("https://")
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    aff001 = next(rule for rule in driver["rules"] if rule["id"] == "AFF001")
    assert aff001["defaultConfiguration"]["level"] == "error"
    assert aff001["helpUri"].endswith("/rules/aff001_affiliate_link_without_sponsored.py")


def test_sarif_results_point_into_the_repository(capsys, repo):
    run = json.loads(check(capsys, "sarif", "./site").out)["runs"][0]
    expected = json_findings(capsys, "site")  # the JSON report keeps paths as given ("./site/…")
    rules = run["tool"]["driver"]["rules"]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.as_uri() + "/"
    results = run["results"]
    assert len(results) == sum(len(found) for found in expected.values()) > 5
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        uri = location["artifactLocation"]["uri"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not uri.startswith(("/", "./", "file:")) and "\\" not in uri
        assert re.fullmatch(r"[A-Za-z0-9/._~%-]+", uri), uri  # percent-encoded
        assert (repo / unquote(uri)).is_file()
        region = location["region"]
        assert {"startLine", "startColumn", "endLine", "endColumn"} <= region.keys()
        assert result["level"] in ("error", "warning", "note")
        assert result["message"]["text"]
    seed = [r for r in results if unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) == "site/news #1/seed page.html"]
    assert seed[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "site/news%20%231/seed%20page.html"
    # The engine's fingerprint, so alerts survive unrelated edits; the same as the JSON report's.
    seed_json = expected["site/news #1/seed page.html"]
    assert [r["partialFingerprints"]["affilint/v1"] for r in seed] == [f["fingerprint"] for f in seed_json]
    assert [(r["locations"][0]["physicalLocation"]["region"]["startLine"], r["ruleId"]) for r in seed] == [(f["line"], f["rule"]) for f in seed_json]
    fixes = [r for r in seed if r["ruleId"] == "AFF001"]
    assert fixes and fixes[0]["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == ' rel="sponsored"'


def test_sarif_uris_are_relative_to_github_workspace(capsys, repo, monkeypatch):
    monkeypatch.chdir(repo / "site")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(repo))
    results = json.loads(check(capsys, "sarif", "unsourced.html").out)["runs"][0]["results"]
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "site/unsourced.html"


def test_sarif_reports_unlintable_inputs_as_notifications(capsys, repo):
    write(repo, "site/empty.html", b"")
    run = json.loads(check(capsys, "sarif", "site/empty.html").out)["runs"][0]
    assert run["results"] == []
    notification = run["invocations"][0]["toolExecutionNotifications"][0]
    assert notification["level"] == "error" and notification["descriptor"]["id"] == "empty"
    assert notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "site/empty.html"


def test_sarif_keeps_the_most_severe_results_within_the_limit(capsys, repo, monkeypatch):
    monkeypatch.setattr(SarifFormatter, "max_results", 3)
    run = check(capsys, "sarif", "site")
    sarif = json.loads(run.out)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(sarif)
    results = sarif["runs"][0]["results"]
    assert len(results) == 3
    assert [r["level"] for r in results] == ["error"] * 3  # the seed page has exactly 3 errors
    assert "exceed GitHub code scanning's limit of 3 per run" in run.err
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notes[-1]["descriptor"]["id"] == "result-limit" and notes[-1]["level"] == "warning"


def test_sarif_written_with_output_is_valid(capsys, repo):
    run = check(capsys, "sarif", "site", "-o", "report.sarif")
    assert run.code == 1 and run.out == ""
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(json.loads((repo / "report.sarif").read_text(encoding="utf-8")))


# -- GitHub workflow commands ----------------------------------------------------------------------
COMMAND = re.compile(r"::(?P<name>error|warning|notice)(?: (?P<props>[^:\r\n]*))?::(?P<message>[^\r\n]*)")
PROPERTY = re.compile(r"(?P<key>file|line|endLine|col|endColumn|title)=(?P<value>[^,:\r\n]*)")


def parse_commands(out: str) -> list[dict]:
    """Parse workflow commands strictly: every line one command, properties key=value, unescaped."""
    def unescape(text):
        return text.replace("%3A", ":").replace("%2C", ",").replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")

    parsed = []
    for line in out.splitlines():
        match = COMMAND.fullmatch(line)
        assert match, f"not a workflow command: {line!r}"
        props = {}
        for item in (match["props"] or "").split(",") if match["props"] else []:
            prop = PROPERTY.fullmatch(item)
            assert prop, f"bad property {item!r} in {line!r}"
            props[prop["key"]] = unescape(prop["value"])
        parsed.append({"name": match["name"], "props": props, "message": unescape(match["message"])})
    return parsed


def test_github_commands_follow_the_grammar(capsys, repo):
    run = check(capsys, "github", "site")
    assert run.code == 1
    commands = parse_commands(run.out)
    expected = json_findings(capsys, "site")
    annotations, notice = commands[:-1], commands[-1]
    assert len(annotations) == sum(len(found) for found in expected.values())
    seed = [c for c in annotations if c["props"]["file"] == "site/news #1/seed page.html"]
    for command, found in zip(seed, expected["site/news #1/seed page.html"]):
        assert command["name"] == {"error": "error", "warning": "warning", "info": "notice"}[found["severity"]]
        assert command["message"] == found["message"]
        assert command["props"]["line"] == str(found["line"]) and command["props"]["col"] == str(found["column"])
        assert command["props"]["endLine"] == str(found["end_line"]) and command["props"]["endColumn"] == str(found["end_column"])
        assert command["props"]["title"] == f"{found['rule']} {found['name']}"
    assert notice["name"] == "notice" and "file" not in notice["props"]
    assert notice["message"].startswith(f"affilint: {len(annotations)} findings (3 errors,") and "in 3 files" in notice["message"]


def test_github_escapes_messages_and_properties():
    assert escape_data("50% off\r\nnow: a, b") == "50%25 off%0D%0Anow: a, b"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    result = FileResult("dir,with:odd%chars.html", "ok", findings=(finding("Line one\nline two: 100%, really"),))
    commands = parse_commands(render(GithubFormatter, [result]))
    assert commands[0]["message"] == "Line one\nline two: 100%, really"
    assert commands[0]["props"]["file"].endswith("dir,with:odd%chars.html")


def test_github_omits_columns_for_multiline_ranges():
    result = FileResult("a.html", "ok", findings=(finding(line=3, column=5, end_line=7, end_column=2),))
    props = parse_commands(render(GithubFormatter, [result]))[0]["props"]
    assert props["line"] == "3" and props["endLine"] == "7" and "col" not in props and "endColumn" not in props


def test_github_reports_unlintable_inputs_and_statistics(capsys, repo):
    write(repo, "site/empty.html", b"")
    commands = parse_commands(check(capsys, "github", "--statistics", "site").out)
    error = next(c for c in commands if c["props"].get("file") == "site/empty.html")
    assert error["name"] == "error" and "[empty]" in error["message"]
    assert "1 could not be linted" in commands[-1]["message"]
    assert re.search(r"^\s+\d+  AFF001$", commands[-1]["message"], flags=re.M)  # --statistics adds counts per rule


def test_github_notice_says_only_some_annotations_are_shown():
    results = [FileResult(f"p{i}.html", "ok", findings=(finding(fingerprint=f"{i:020x}"),)) for i in range(11)]
    notice = parse_commands(render(GithubFormatter, results))[-1]
    assert "11 findings (11 errors" in notice["message"] and "only the first 10" in notice["message"]


# -- GitLab Code Quality ---------------------------------------------------------------------------
def test_gitlab_code_quality_structure(capsys, repo):
    run = check(capsys, "gitlab", "site")
    issues = json.loads(run.out)
    expected = json_findings(capsys, "site")
    assert len(issues) == sum(len(found) for found in expected.values())
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert issue["location"]["path"] in {"site/news #1/seed page.html", "site/unsourced.html"}
        assert isinstance(issue["location"]["lines"]["begin"], int)
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)
    assert {i["fingerprint"] for i in issues} == {f["fingerprint"] for found in expected.values() for f in found}
    assert {i["severity"] for i in issues if i["check_name"] == "AFF001"} == {"major"}


def test_gitlab_fingerprints_stay_unique_when_a_file_is_linted_twice(capsys, repo, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO((repo / "site/unsourced.html").read_bytes())))
    issues = json.loads(check(capsys, "gitlab", "site/unsourced.html", "-", "--stdin-filename", "site/unsourced.html").out)
    assert len(issues) == 2 and issues[0]["check_name"] == issues[1]["check_name"] == "SRC001"
    assert issues[0]["fingerprint"] != issues[1]["fingerprint"]


def test_gitlab_empty_run_and_unlintable_input(capsys, repo):
    assert json.loads(check(capsys, "gitlab", "site/clean.html").out) == []
    write(repo, "site/empty.html", b"")
    issues = json.loads(check(capsys, "gitlab", "site/empty.html").out)
    assert issues[0]["check_name"] == "affilint/empty" and issues[0]["severity"] == "critical"
    assert issues[0]["location"] == {"path": "site/empty.html", "lines": {"begin": 1}}


def test_gitlab_paths_are_relative_to_ci_project_dir(capsys, repo, monkeypatch):
    monkeypatch.chdir(repo / "site")
    monkeypatch.setenv("CI_PROJECT_DIR", str(repo))
    assert json.loads(check(capsys, "gitlab", "unsourced.html").out)[0]["location"]["path"] == "site/unsourced.html"


# -- JUnit -------------------------------------------------------------------------------------------
def test_junit_parses_with_a_suite_per_file_and_a_failure_per_finding(capsys, repo):
    write(repo, "site/empty.html", b"")
    run = check(capsys, "junit", "site")
    root = ET.fromstring(run.out.encode("utf-8"))
    expected = json_findings(capsys, "site")
    assert root.tag == "testsuites"
    suites = {suite.get("name"): suite for suite in root.findall("testsuite")}
    assert set(suites) == set(expected)
    for path, found in expected.items():
        suite = suites[path]
        cases = suite.findall("testcase")
        if path == "site/clean.html":
            assert len(cases) == 1 and not list(cases[0]) and suite.get("failures") == "0"
        elif path == "site/empty.html":
            assert cases[0].find("error").get("type") == "empty" and suite.get("errors") == "1"
        else:
            failures = [case.find("failure") for case in cases]
            assert suite.get("tests") == suite.get("failures") == str(len(found)) == str(len(failures))
            assert [f.get("message") for f in failures] == [item["message"] for item in found]
            assert [f.get("type") for f in failures] == [item["rule"] for item in found]
            assert all(case.get("classname") == path and case.get("file") == path for case in cases)
            assert [case.get("line") for case in cases] == [str(item["line"]) for item in found]


def test_junit_is_well_formed_with_control_characters_and_markup():
    result = FileResult("a<&>.html", "ok", findings=(finding('Bad \x01 "quote" <tag> & \x1b[31m', snippet="\x00<a>"),))
    root = ET.fromstring(render(JunitFormatter, [result]).encode("utf-8"))
    failure = root.find("testsuite/testcase/failure")
    assert failure.get("message") == 'Bad \ufffd "quote" <tag> & \ufffd[31m'
    assert root.find("testsuite").get("name") == "a<&>.html"


# -- Checkstyle ------------------------------------------------------------------------------------
def test_checkstyle_parses_with_an_error_per_finding(capsys, repo):
    write(repo, "site/empty.html", b"")
    root = ET.fromstring(check(capsys, "checkstyle", "site").out.encode("utf-8"))
    expected = json_findings(capsys, "site")
    assert root.tag == "checkstyle" and root.get("version") == "4.3"
    files = {element.get("name"): element.findall("error") for element in root.findall("file")}
    assert set(files) == set(expected)
    assert files["site/clean.html"] == []
    assert files["site/empty.html"][0].get("source") == "affilint.input.empty"
    for path in ("site/news #1/seed page.html", "site/unsourced.html"):
        assert [(e.get("line"), e.get("column"), e.get("severity"), e.get("message"), e.get("source")) for e in files[path]] == [
            (str(f["line"]), str(f["column"]), f["severity"], f["message"], f"affilint.rules.{f['rule']}") for f in expected[path]
        ]


# -- JSON Lines ------------------------------------------------------------------------------------
def test_jsonl_is_one_report_file_entry_per_line(capsys, repo):
    write(repo, "site/empty.html", b"")
    run = check(capsys, "jsonl", "site")
    lines = run.out.splitlines()
    report = json.loads(check(capsys, "json", "site").out)
    assert [json.loads(line) for line in lines] == report["files"]
    validator = jsonschema.Draft202012Validator({"$defs": REPORT_SCHEMA["$defs"], "$ref": "#/$defs/file"})
    for line in lines:
        validator.validate(json.loads(line))


def test_jsonl_streams_each_file_as_it_finishes(repo):
    """The first file's line arrives while affilint is still waiting for the second input (stdin)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "affilint", "check", "--isolated", "--format", "jsonl", "site/unsourced.html", "-"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=repo,
    )
    try:
        ready, _, _ = select.select([process.stdout], [], [], 60)
        assert ready, "no line before stdin was closed: jsonl does not stream"
        first = json.loads(process.stdout.readline())
        assert first["path"] == "site/unsourced.html" and first["findings"][0]["rule"] == "SRC001"
        assert process.poll() is None  # still running, waiting for stdin
        out, _ = process.communicate(AFFILIATE_HTML.encode("utf-8"), timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    second = [json.loads(line) for line in out.decode("utf-8").splitlines()]
    assert [entry["path"] for entry in second] == ["<stdin>"] and second[0]["findings"][0]["rule"] == "AFF001"
    assert process.returncode == 1
