"""--baseline / --update-baseline: old findings are hidden, new ones reported (also after unrelated
edits above them), exit codes follow the new ones, and bad baseline files are clean usage errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from affilint.baseline import Baseline, BaselineError, load_baseline
from affilint.engine import FileResult
from affilint.finding import Finding, Severity
from helpers_cli import AFFILIATE_ANCHOR, UNSOURCED_ARTICLE, run_cli, write

ROOT = Path(__file__).resolve().parents[1]
SEED = (ROOT / "fixtures" / "seed" / "news-with-product-plugs.html").read_text(encoding="utf-8")
# The seed page has 16 findings with the default rules (AFF, DIS, PLG, and the sourcing and claim rules
# SRC001/SRC003/SRC004/CLM003); the unsourced article has 1 (SRC001).


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "site/seed.html", SEED)
    write(tmp_path, "site/unsourced.html", UNSOURCED_ARTICLE)
    return tmp_path


def check(capsys, *args):
    return run_cli(capsys, "check", "--isolated", "--format", "json", *args)


def record(capsys, *paths):
    run = check(capsys, "--baseline", "baseline.json", "--update-baseline", *(paths or ("site",)))
    assert run.code == 0, run.err
    return run


def test_update_writes_a_versioned_baseline_and_reports_everything_as_baselined(capsys, site):
    before = check(capsys, "site").report
    run = record(capsys)
    data = json.loads((site / "baseline.json").read_text(encoding="utf-8"))
    assert data["kind"] == "affilint-baseline" and data["schema_version"] == "1.0" and data["tool"]["name"] == "affilint"
    assert set(data["files"]) == {"site/seed.html", "site/unsourced.html"}
    recorded = {entry["fingerprint"] for entries in data["files"].values() for entry in entries}
    assert recorded == {f["fingerprint"] for entry in before["files"] for f in entry["findings"]}
    assert all(set(entry) == {"rule", "fingerprint", "count", "message"} for entries in data["files"].values() for entry in entries)
    assert run.report["summary"]["findings"] == 0
    assert run.report["summary"]["baselined"] == before["summary"]["findings"] == 17
    assert f"{before['summary']['findings']} findings recorded" in run.err
    assert [p.name for p in site.iterdir() if p.name.startswith(".baseline")] == []  # no temporary file left


def test_baseline_hides_recorded_findings_and_exits_0(capsys, site):
    record(capsys)
    run = check(capsys, "--baseline", "baseline.json", "site")
    assert run.code == 0
    assert run.report["summary"]["findings"] == 0 and run.report["summary"]["baselined"] == 17
    assert [entry["baselined"] for entry in run.files] == [16, 1]
    text = run_cli(capsys, "check", "--isolated", "--baseline", "baseline.json", "site")
    assert text.code == 0 and "0 findings" in text.out and "17 baselined" in text.out


def test_new_finding_is_reported_after_an_unrelated_edit_above_the_old_ones(capsys, site):
    record(capsys)
    page = site / "site/seed.html"
    edited = page.read_text(encoding="utf-8").replace(
        '<p>Russia officially', f"<p>A brand-new paragraph with a fresh link: {AFFILIATE_ANCHOR}.</p>\n<p>Another new line.</p>\n<p>Russia officially", 1)
    assert edited != page.read_text(encoding="utf-8")
    page.write_text(edited, encoding="utf-8")
    run = check(capsys, "--baseline", "baseline.json", "site")
    findings = run.file("site/seed.html")["findings"]
    assert run.code == 1
    # Only the new link's findings are new: an unsponsored affiliate link, one in a news article, and
    # its paragraph as a product plug (a camp-stove link in war news: fear-to-purchase, topic drift).
    assert sorted(f["rule"] for f in findings) == ["AFF001", "AFF003", "PLG001"]
    assert all("a camp stove" in f["snippet"] for f in findings)
    assert run.file("site/seed.html")["baselined"] == 16  # every old finding still matches, though its line moved


def test_exit_code_follows_only_the_new_findings(capsys, site):
    record(capsys, "site/seed.html")
    run = check(capsys, "--baseline", "baseline.json", "site")
    assert run.code == 0  # the unrecorded page has only a warning
    assert [f["rule"] for f in run.file("site/unsourced.html")["findings"]] == ["SRC001"]
    assert check(capsys, "--baseline", "baseline.json", "--fail-on", "warning", "site").code == 1


def test_count_based_matching():
    def finding(fingerprint):
        return Finding(rule="AFF001", name="x", severity=Severity.ERROR, message="m", line=1, column=1, end_line=None,
                       end_column=None, snippet="", fingerprint=fingerprint)

    baseline = Baseline(Path("baseline.json"), files={"a.html": [{"rule": "AFF001", "fingerprint": "f1", "count": 2, "message": "m"}]})
    result = baseline.apply(FileResult("a.html", "ok", findings=(finding("f1"), finding("f1"), finding("f1"), finding("f2"))))
    assert [f.fingerprint for f in result.findings] == ["f1", "f2"] and result.baselined == 2
    assert baseline.unmatched() == 0


def test_fixed_findings_are_announced_as_stale(capsys, site):
    record(capsys)
    (site / "site/unsourced.html").write_text("<article><p>Short and clean.</p></article>", encoding="utf-8")
    run = check(capsys, "--baseline", "baseline.json", "site")
    assert run.code == 0
    assert "1 recorded finding no longer occurs in the linted files; run with --update-baseline" in run.err
    # Linting only the other file says nothing about this one.
    assert "no longer" not in check(capsys, "--baseline", "baseline.json", "site/seed.html").err


def test_partial_update_keeps_other_files_and_drops_deleted_ones(capsys, site):
    record(capsys)
    (site / "site/unsourced.html").write_text("<article><p>Short and clean.</p></article>", encoding="utf-8")
    record(capsys, "site/unsourced.html")
    data = json.loads((site / "baseline.json").read_text(encoding="utf-8"))
    assert set(data["files"]) == {"site/seed.html"}  # the clean file's entries are gone, the other file's kept
    write(site, "site/unsourced.html", UNSOURCED_ARTICLE)
    record(capsys)
    (site / "site/unsourced.html").unlink()
    record(capsys, "site/seed.html")
    assert set(json.loads((site / "baseline.json").read_text(encoding="utf-8"))["files"]) == {"site/seed.html"}


def test_baseline_keys_do_not_depend_on_how_paths_are_spelled(capsys, site):
    record(capsys, "./site/seed.html")
    run = check(capsys, "--baseline", str(site / "baseline.json"), str(site / "site/seed.html"))
    assert run.code == 0 and run.report["summary"]["baselined"] == 16


def test_update_never_modifies_inputs(capsys, site):
    before = {p: p.read_bytes() for p in (site / "site").iterdir()}
    record(capsys)
    assert {p: p.read_bytes() for p in (site / "site").iterdir()} == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file; create it with --update-baseline"),
        ("{", "is not valid JSON (line 1, column 2"),
        (b"\xff\xfe\x00", "is not UTF-8 text"),
        ('{"schema_version": "1.2", "files": []}', 'is not an affilint baseline (no "kind": "affilint-baseline")'),
        ('{"kind": "affilint-baseline", "schema_version": "2.0", "files": {}}', "has schema_version '2.0'"),
        ('{"kind": "affilint-baseline", "schema_version": "1.0", "files": []}', '"files" must be an object'),
        ('{"kind": "affilint-baseline", "schema_version": "1.0", "files": {"a.html": [{"count": 1}]}}', '"files"."a.html"[0]: "fingerprint" must be'),
        ('{"kind": "affilint-baseline", "schema_version": "1.0", "files": {"a.html": [{"fingerprint": "x", "count": 0}]}}', '"count" must be a positive integer'),
    ],
)
def test_bad_baseline_files_are_usage_errors(capsys, site, content, message):
    if isinstance(content, bytes):
        (site / "baseline.json").write_bytes(content)
    elif content is not None:
        (site / "baseline.json").write_text(content, encoding="utf-8")
    run = check(capsys, "--baseline", "baseline.json", "site")
    assert run.code == 2
    assert run.out == ""  # nothing reported before the baseline is known to be good
    assert run.err.startswith("affilint: error: --baseline baseline.json: ") and message in run.err
    assert "Traceback" not in run.err


def test_corrupt_baseline_is_not_overwritten_by_update(capsys, site):
    (site / "baseline.json").write_text("{", encoding="utf-8")
    run = check(capsys, "--baseline", "baseline.json", "--update-baseline", "site")
    assert run.code == 2 and (site / "baseline.json").read_text(encoding="utf-8") == "{"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--update-baseline"], "--update-baseline needs --baseline FILE"),
        (["--baseline", "baseline.json", "--update-baseline", "--diff"], "cannot be combined with --update-baseline"),
        (["--baseline", "site/seed.html"], "is one of the inputs"),
        (["--baseline", "missing-dir/b.json", "--update-baseline"], "directory missing-dir does not exist"),
    ],
)
def test_baseline_option_errors(capsys, site, args, message):
    run = check(capsys, *args, "site/seed.html")
    assert run.code == 2 and message in run.err


def test_load_reports_a_directory(tmp_path):
    with pytest.raises(BaselineError, match="not a regular file"):
        load_baseline(tmp_path)
