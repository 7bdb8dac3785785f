"""Inputs that cannot be linted become file results with status "error" and a stable code; they never
crash the run, never print a traceback, and never stop the other files from being linted."""

from __future__ import annotations

import json

import pytest

from helpers_cli import AFFILIATE_HTML, CLEAN_HTML, check_json, run_subprocess, write


@pytest.fixture
def good(tmp_path):
    return write(tmp_path, "good.html", CLEAN_HTML)


def assert_input_error(run, path, code, good):
    """The bad input is reported with ``code``, the good file is still linted, exit 1, no traceback."""
    bad = run.file(str(path))
    assert bad["status"] == "error"
    assert bad["error"]["code"] == code
    assert bad["error"]["message"]
    assert bad["findings"] == []
    assert run.file(str(good))["status"] == "ok"
    assert run.report["summary"]["files_with_errors"] == 1
    assert run.code == 1
    assert "Traceback" not in run.err


def test_empty_file_is_error_empty(tmp_path, capsys, good):
    bad = write(tmp_path, "empty.html", b"")
    run = check_json(capsys, bad, good)
    assert_input_error(run, bad, "empty", good)


def test_whitespace_only_file_is_error_empty(tmp_path, capsys, good):
    bad = write(tmp_path, "blank.html", b"  \n\t\r\n   \n")
    run = check_json(capsys, bad, good)
    assert_input_error(run, bad, "empty", good)


def test_bom_only_file_is_error_empty(tmp_path, capsys, good):
    bad = write(tmp_path, "bom.html", b"\xef\xbb\xbf\n")
    run = check_json(capsys, bad, good)
    assert_input_error(run, bad, "empty", good)


def test_png_file_is_error_binary(tmp_path, capsys, good):
    bad = write(tmp_path, "image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10")
    run = check_json(capsys, bad, good)
    assert_input_error(run, bad, "binary", good)


def test_nul_bytes_file_is_error_binary(tmp_path, capsys, good):
    bad = write(tmp_path, "nul.html", b"<html><body><p>a\x00b\x00c</p></body></html>")
    run = check_json(capsys, bad, good)
    assert_input_error(run, bad, "binary", good)


def test_file_over_max_file_size_is_error_too_large(tmp_path, capsys, good):
    bad = write(tmp_path, "huge.html", "<p>" + "x" * 2048 + "</p>\n")
    run = check_json(capsys, "--max-file-size", "1KB", bad, good)
    assert_input_error(run, bad, "too-large", good)
    assert "1,000" in run.file(str(bad))["error"]["message"]


def test_file_under_max_file_size_is_linted(tmp_path, capsys):
    page = write(tmp_path, "small.html", CLEAN_HTML)
    run = check_json(capsys, "--max-file-size", "1KB", page)
    assert run.files[0]["status"] == "ok"
    assert run.code == 0


def test_plain_text_file_is_error_not_html(tmp_path, capsys, good):
    bad = write(tmp_path, "notes.html", "Just some notes, no markup at all.\nSecond line.\n")
    run = check_json(capsys, bad, good)
    assert_input_error(run, bad, "not-html", good)


def test_missing_path_is_error_not_found(tmp_path, capsys, good):
    missing = tmp_path / "missing.html"
    run = check_json(capsys, missing, good)
    assert_input_error(run, missing, "not-found", good)


def test_directory_without_html_files_is_error_no_html_files(tmp_path, capsys, good):
    folder = tmp_path / "assets"
    write(folder, "readme.txt", "<p>not an .html file</p>")
    run = check_json(capsys, folder, good)
    assert_input_error(run, folder, "no-html-files", good)


def test_empty_directory_is_error_no_html_files(tmp_path, capsys, good):
    folder = tmp_path / "nothing"
    folder.mkdir()
    run = check_json(capsys, folder, good)
    assert_input_error(run, folder, "no-html-files", good)


def test_glob_matching_nothing_is_error_not_found(tmp_path, capsys, good):
    pattern = str(tmp_path / "drafts" / "*.html")
    run = check_json(capsys, pattern, good)
    assert_input_error(run, pattern, "not-found", good)


def test_glob_matching_no_html_files_is_reported(tmp_path, capsys, good):
    write(tmp_path, "notes.txt", "hello")
    pattern = str(tmp_path / "*.txt")
    run = check_json(capsys, pattern, good)
    bad = run.file(pattern)
    assert bad["status"] == "error"
    assert bad["error"]["code"] in ("not-found", "no-html-files")
    assert run.code == 1


def test_too_deep_nesting_is_error_too_deep(tmp_path, capsys, good):
    bad = write(tmp_path, "deep.html", "<div>" * 300 + "x" + "</div>" * 300 + "\n")
    run = check_json(capsys, bad, good)
    assert_input_error(run, bad, "too-deep", good)


def test_moderate_nesting_is_linted(tmp_path, capsys):
    page = write(tmp_path, "nested.html", "<div>" * 100 + "<p>x</p>" + "</div>" * 100 + "\n")
    run = check_json(capsys, page)
    assert run.files[0]["status"] == "ok"


def test_good_file_findings_are_kept_next_to_a_bad_input(tmp_path, capsys):
    bad = write(tmp_path, "empty.html", b"")
    page = write(tmp_path, "page.html", AFFILIATE_HTML)
    run = check_json(capsys, bad, page)
    assert run.file(str(bad))["error"]["code"] == "empty"
    assert [f["rule"] for f in run.file(str(page))["findings"]] == ["AFF001"]
    assert run.report["summary"]["files"] == 2


def test_every_bad_input_in_one_run_is_reported_in_order(tmp_path, capsys, good):
    empty = write(tmp_path, "a-empty.html", b"")
    binary = write(tmp_path, "b-binary.html", b"\x89PNG\r\n\x1a\n")
    text = write(tmp_path, "c-text.html", "plain words")
    run = check_json(capsys, empty, binary, text, tmp_path / "gone.html", good)
    assert [(f["path"], (f["error"] or {}).get("code")) for f in run.files] == [
        (str(empty), "empty"),
        (str(binary), "binary"),
        (str(text), "not-html"),
        (str(tmp_path / "gone.html"), "not-found"),
        (str(good), None),
    ]
    assert run.report["summary"]["files_with_errors"] == 4
    assert run.code == 1


@pytest.mark.parametrize(
    "data, code",
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (b"no markup here", "not-html"),
        (("<div>" * 300 + "</div>" * 300).encode(), "too-deep"),
    ],
    ids=["empty", "binary", "not-html", "too-deep"],
)
def test_bad_stdin_is_reported_without_traceback(data, code):
    result = run_subprocess("check", "--isolated", "--format", "json", "-", "--stdin-filename", "page.html", stdin=data)
    report = json.loads(result.stdout)
    assert report["files"][0]["path"] == "page.html"
    assert report["files"][0]["status"] == "error"
    assert report["files"][0]["error"]["code"] == code
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


def test_stdin_over_max_file_size_is_too_large():
    result = run_subprocess("check", "--isolated", "--format", "json", "--max-file-size", "1KB", "-", stdin=b"<p>" + b"x" * 2048 + b"</p>")
    entry = json.loads(result.stdout)["files"][0]
    assert entry["error"]["code"] == "too-large"
    assert result.returncode == 1


def test_file_exactly_at_max_file_size_is_linted(tmp_path, capsys):
    at_limit = write(tmp_path, "at.html", "<p>" + "x" * (1000 - 8) + "</p>\n")
    over = write(tmp_path, "over.html", "<p>" + "x" * (1001 - 8) + "</p>\n")
    assert (at_limit.stat().st_size, over.stat().st_size) == (1000, 1001)
    run = check_json(capsys, "--max-file-size", "1KB", at_limit, over)
    assert run.file(str(at_limit))["status"] == "ok"
    assert run.file(str(over))["error"]["code"] == "too-large"


def test_the_same_file_named_twice_is_linted_once(tmp_path, capsys, monkeypatch, good):
    monkeypatch.chdir(tmp_path)
    run = check_json(capsys, "good.html", "./good.html", str(good))
    assert [f["path"] for f in run.files] == ["good.html"]
    assert run.code == 0


def test_directory_after_its_own_file_is_not_an_error(tmp_path, capsys, monkeypatch):
    write(tmp_path / "site", "page.html", CLEAN_HTML)
    monkeypatch.chdir(tmp_path)
    run = check_json(capsys, "site/page.html", "site")
    assert [(f["path"], f["status"]) for f in run.files] == [("site/page.html", "ok")]
    assert run.code == 0
