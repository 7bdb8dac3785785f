"""WARC input: every HTML response record is linted with its target URL as the document's URL and
as its path in reports, with the same results as the same page linted as a file."""

from __future__ import annotations

import builtins
import gzip
import json
from pathlib import Path

import jsonschema
import pytest

import affilint

from helpers_cli import check_json, run_cli, write
from warc_helpers import PAGES, RELATIVE_LINKS_HTML, build_warc


@pytest.fixture(params=["crawl.warc", "crawl.warc.gz"])
def archive(request, tmp_path):
    return build_warc(tmp_path / request.param)


def test_every_html_response_is_linted_under_its_url(archive, capsys):
    run = check_json(capsys, archive)
    assert [entry["path"] for entry in run.files] == [url for url, _html in PAGES]
    assert [entry["document"]["url"] for entry in run.files] == [url for url, _html in PAGES]
    assert run.code == 1 and run.report["summary"]["files_with_errors"] == 0
    schema = json.loads((Path(affilint.__file__).parent / "schemas" / "report.schema.json").read_text())
    jsonschema.validate(run.report, schema)


def test_records_give_the_results_of_the_same_pages_linted_as_files(archive, tmp_path, capsys):
    from_warc = check_json(capsys, archive)
    for (url, html), entry in zip(PAGES, from_warc.files):
        page = write(tmp_path, "page.html", html)
        as_file = check_json(capsys, "--url", url, page).files[0]
        strip = lambda findings: [{k: v for k, v in f.items() if k != "fingerprint"} for f in findings]
        assert strip(entry["findings"]) == strip(as_file["findings"])
        assert entry["document"] == as_file["document"]


def test_the_document_url_is_the_target_url(archive, capsys):
    report = check_json(capsys, archive)
    kettle = report.file("https://shop.example/deals/kettle")
    assert kettle["document"]["url"] == "https://shop.example/deals/kettle"
    assert any(f["rule"] == "AFF001" for f in kettle["findings"])


@pytest.mark.parametrize("flags", [["--jobs", "1", "--no-cache"], ["--jobs", "2", "--no-cache"], ["--jobs", "2"]])
def test_warc_reports_are_the_same_serial_parallel_and_cached(archive, tmp_path, capsys, monkeypatch, flags):
    monkeypatch.chdir(tmp_path)
    serial = check_json(capsys, "--jobs", "1", "--no-cache", archive)
    check_json(capsys, *flags, archive)  # warm the cache when it is on
    assert check_json(capsys, *flags, archive).out == serial.out


def test_warc_and_html_files_mix_in_one_run_in_input_order(archive, tmp_path, capsys):
    page = write(tmp_path, "page.html", RELATIVE_LINKS_HTML)
    run = check_json(capsys, page, archive)
    assert [entry["path"] for entry in run.files] == [str(page)] + [url for url, _html in PAGES]


def test_a_damaged_archive_keeps_the_records_before_the_damage(tmp_path, capsys):
    whole = build_warc(tmp_path / "whole.warc", extras=False).read_bytes()
    cut = whole.index(b"WARC-Target-URI: " + PAGES[2][0].encode()) + 900  # inside the third page
    damaged = write(tmp_path, "damaged.warc", whole[:cut])
    other = write(tmp_path, "ok.html", "<p>fine</p>")
    run = check_json(capsys, damaged, other)
    assert [entry["path"] for entry in run.files] == [PAGES[0][0], PAGES[1][0], PAGES[2][0], str(other)]
    assert [entry["status"] for entry in run.files] == ["ok", "ok", "error", "ok"]
    assert run.files[2]["error"]["code"] == "bad-warc" and "truncated" in run.files[2]["error"]["message"]
    assert run.code == 1


def test_a_file_that_is_not_a_warc_is_an_error_result(tmp_path, capsys):
    fake = write(tmp_path, "fake.warc.gz", gzip.compress(b"<html><body>not a warc</body></html>"))
    run = check_json(capsys, fake)
    assert run.code == 1 and run.files[0]["error"]["code"] == "bad-warc" and "Traceback" not in run.err


def test_an_archive_without_html_says_so(tmp_path, capsys):
    empty = build_warc(tmp_path / "empty.warc", pages=[], extras=True)
    run = check_json(capsys, empty)
    assert run.files[0]["error"]["code"] == "no-html-files"


def test_oversized_records_are_error_results_for_that_record(tmp_path, capsys):
    big = "<article><p>" + "word " * 3000 + "</p></article>"
    archive = build_warc(tmp_path / "big.warc", pages=[("https://a.example/big", big), PAGES[1]], extras=False)
    run = check_json(capsys, "--max-file-size", "10KB", archive)
    assert run.files[0]["path"] == "https://a.example/big" and run.files[0]["error"]["code"] == "too-large"
    assert run.files[1]["status"] == "ok"


@pytest.mark.parametrize("flag", ["--fix", "--diff"])
def test_fix_refuses_warc_inputs(archive, capsys, flag):
    before = archive.read_bytes()
    run = run_cli(capsys, "check", flag, str(archive))
    assert run.code == 2 and "WARC" in run.err and "Traceback" not in run.err
    assert archive.read_bytes() == before


def test_missing_warcio_names_the_extra(archive, capsys, monkeypatch):
    real_import = builtins.__import__

    def without_warcio(name, *args, **kwargs):
        if name == "warcio" or name.startswith("warcio."):
            raise ImportError("No module named 'warcio'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_warcio)
    monkeypatch.delitem(__import__("sys").modules, "warcio", raising=False)
    monkeypatch.delitem(__import__("sys").modules, "warcio.archiveiterator", raising=False)
    run = run_cli(capsys, "check", str(archive))
    assert run.code == 2 and "pip install 'affilint[warc]'" in run.err and run.out == ""


def test_warc_files_match_globs(tmp_path, capsys, monkeypatch):
    build_warc(tmp_path / "one.warc.gz")
    monkeypatch.chdir(tmp_path)
    run = check_json(capsys, "*.warc.gz")
    assert [entry["path"] for entry in run.files] == [url for url, _html in PAGES]
