"""Exit codes of ``affilint check``: 0 clean, 1 findings at/above --fail-on or an unlintable input,
2 usage/configuration errors; --output never changes the code. Plus stdin handling and --version."""

from __future__ import annotations

import json

import pytest

from affilint import __version__
from helpers_cli import (
    AFFILIATE_HTML,
    CLEAN_HTML,
    SPONSORED_LINK,
    UNSOURCED_ARTICLE,
    check_json,
    run_cli,
    run_subprocess,
    write,
)


@pytest.fixture
def clean(tmp_path):
    return write(tmp_path, "clean.html", CLEAN_HTML)


@pytest.fixture
def affiliate(tmp_path):
    return write(tmp_path, "affiliate.html", AFFILIATE_HTML)


@pytest.fixture
def warning_only(tmp_path):
    return write(tmp_path, "unsourced.html", UNSOURCED_ARTICLE)


# -- 0 and 1 -----------------------------------------------------------------------------------
def test_clean_file_exits_0(capsys, clean):
    run = check_json(capsys, clean)
    assert run.files[0]["findings"] == []
    assert run.code == 0


def test_sponsored_affiliate_link_exits_0(tmp_path, capsys):
    page = write(tmp_path, "ok.html", f"<p>Pick: {SPONSORED_LINK}</p>\n")
    assert check_json(capsys, page).code == 0


def test_aff001_error_exits_1(capsys, affiliate):
    run = check_json(capsys, affiliate)
    assert run.rules() == ["AFF001"]
    assert run.files[0]["findings"][0]["severity"] == "error"
    assert run.code == 1


def test_text_format_gives_the_same_exit_code(capsys, affiliate):
    run = run_cli(capsys, "check", "--isolated", affiliate)
    assert "AFF001" in run.out
    assert run.code == 1


def test_warning_only_exits_0_by_default(capsys, warning_only):
    run = check_json(capsys, warning_only)
    assert [(f["rule"], f["severity"]) for f in run.files[0]["findings"]] == [("SRC001", "warning")]
    assert run.code == 0


def test_warning_only_exits_1_with_fail_on_warning(capsys, warning_only):
    assert check_json(capsys, "--fail-on", "warning", warning_only).code == 1


def test_warning_only_exits_0_with_fail_on_error(capsys, warning_only):
    assert check_json(capsys, "--fail-on", "error", warning_only).code == 0



def test_warning_only_exits_1_with_fail_on_info(capsys, warning_only):
    assert check_json(capsys, "--fail-on", "info", warning_only).code == 1

def test_fail_on_never_exits_0_despite_errors(capsys, affiliate):
    run = check_json(capsys, "--fail-on", "never", affiliate)
    assert run.rules() == ["AFF001"]
    assert run.code == 0


def test_exit_zero_exits_0_despite_errors(capsys, affiliate):
    run = check_json(capsys, "--exit-zero", affiliate)
    assert run.rules() == ["AFF001"]
    assert run.code == 0


def test_exit_zero_exits_0_despite_an_unlintable_input(tmp_path, capsys):
    run = check_json(capsys, "--exit-zero", tmp_path / "missing.html")
    assert run.files[0]["error"]["code"] == "not-found"
    assert run.code == 0


def test_fail_on_never_still_exits_1_for_an_unlintable_input(tmp_path, capsys):
    run = check_json(capsys, "--fail-on", "never", tmp_path / "missing.html")
    assert run.code == 1


# -- 2 -----------------------------------------------------------------------------------------
def test_unknown_option_exits_2(capsys, clean):
    run = run_cli(capsys, "check", "--isolated", "--no-such-option", clean)
    assert run.code == 2
    assert "--no-such-option" in run.err
    assert run.out == ""


def test_unknown_select_code_exits_2_and_names_it(capsys, clean):
    run = run_cli(capsys, "check", "--isolated", "--select", "NOPE999", clean)
    assert run.code == 2
    assert "NOPE999" in run.err
    assert run.out == ""


def test_unknown_ignore_code_exits_2(capsys, clean):
    run = run_cli(capsys, "check", "--isolated", "--ignore", "XYZ123", clean)
    assert run.code == 2
    assert "XYZ123" in run.err


def test_invalid_fail_on_choice_exits_2(capsys, clean):
    assert run_cli(capsys, "check", "--isolated", "--fail-on", "sometimes", clean).code == 2


def test_unknown_format_exits_2(capsys, clean):
    run = run_cli(capsys, "check", "--isolated", "--format", "yaml", clean)
    assert run.code == 2
    assert "yaml" in run.err


def test_bad_max_file_size_exits_2(capsys, clean):
    run = run_cli(capsys, "check", "--isolated", "--max-file-size", "lots", clean)
    assert run.code == 2
    assert "--max-file-size" in run.err


def test_bad_config_file_exits_2(tmp_path, capsys, clean):
    config = write(tmp_path, "affilint.toml", "no-such-key = 1\n")
    run = run_cli(capsys, "check", "--config", config, clean)
    assert run.code == 2
    assert "no-such-key" in run.err


def test_invalid_toml_config_exits_2(tmp_path, capsys, clean):
    config = write(tmp_path, "broken.toml", "select = [\n")
    run = run_cli(capsys, "check", "--config", config, clean)
    assert run.code == 2
    assert "invalid TOML" in run.err


def test_missing_config_file_exits_2(tmp_path, capsys, clean):
    run = run_cli(capsys, "check", "--config", tmp_path / "nope.toml", clean)
    assert run.code == 2
    assert "nope.toml" in run.err


def test_config_with_isolated_exits_2(tmp_path, capsys, clean):
    config = write(tmp_path, "affilint.toml", "")
    assert run_cli(capsys, "check", "--config", config, "--isolated", clean).code == 2


def test_usage_error_beats_exit_zero(capsys, clean):
    assert run_cli(capsys, "check", "--isolated", "--exit-zero", "--select", "NOPE999", clean).code == 2


def test_no_command_exits_2(capsys):
    assert run_cli(capsys).code == 2


# -- --output ----------------------------------------------------------------------------------
def test_output_writes_report_to_file_and_keeps_exit_1(tmp_path, capsys, affiliate):
    out = tmp_path / "report.json"
    run = check_json(capsys, "--output", out, affiliate)
    assert run.code == 1
    assert run.out == ""
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [f["rule"] for f in report["files"][0]["findings"]] == ["AFF001"]


def test_output_keeps_exit_0_for_clean_file(tmp_path, capsys, clean):
    out = tmp_path / "report.json"
    run = check_json(capsys, "-o", out, clean)
    assert run.code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["findings"] == 0


def test_output_replaces_an_existing_file(tmp_path, capsys, clean):
    out = write(tmp_path, "report.json", "stale")
    check_json(capsys, "--output", out, clean)
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["files"] == 1
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".report.json")) == []


def test_output_into_missing_directory_exits_2(tmp_path, capsys, clean):
    run = check_json(capsys, "--output", tmp_path / "no" / "such" / "dir.json", clean)
    assert run.code == 2


# -- stdin -------------------------------------------------------------------------------------
def test_stdin_with_stdin_filename_reports_that_path():
    result = run_subprocess(
        "check", "--isolated", "--format", "json", "-", "--stdin-filename", "page.html", stdin=AFFILIATE_HTML.encode()
    )
    report = json.loads(result.stdout)
    assert report["files"][0]["path"] == "page.html"
    assert [f["rule"] for f in report["files"][0]["findings"]] == ["AFF001"]
    assert result.returncode == 1


def test_stdin_without_stdin_filename_is_reported_as_stdin():
    result = run_subprocess("check", "--isolated", "--format", "json", "-", stdin=CLEAN_HTML.encode())
    assert json.loads(result.stdout)["files"][0]["path"] == "<stdin>"
    assert result.returncode == 0


def test_stdin_given_twice_exits_2():
    result = run_subprocess("check", "--isolated", "-", "-", stdin=CLEAN_HTML.encode())
    assert result.returncode == 2
    assert "only once" in result.stderr
    assert result.stdout == ""


def test_stdin_and_a_file_in_one_run(tmp_path, affiliate):
    result = run_subprocess(
        "check", "--isolated", "--format", "json", "-", str(affiliate), "--stdin-filename", "in.html", stdin=CLEAN_HTML.encode()
    )
    report = json.loads(result.stdout)
    assert [f["path"] for f in report["files"]] == ["in.html", str(affiliate)]
    assert result.returncode == 1


def test_stdin_in_process(monkeypatch, capsys):
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(AFFILIATE_HTML.encode("utf-8"))))
    run = check_json(capsys, "-", "--stdin-filename", "articles/page.html")
    assert run.files[0]["path"] == "articles/page.html"
    assert run.rules() == ["AFF001"]
    assert run.code == 1


# -- --version ---------------------------------------------------------------------------------
def test_python_m_affilint_version():
    result = run_subprocess("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"affilint {__version__}"


def test_python_m_affilint_check_end_to_end(affiliate):
    result = run_subprocess("check", "--isolated", str(affiliate))
    assert result.returncode == 1
    assert "AFF001" in result.stdout


@pytest.mark.parametrize("value", ["", " , "])
def test_an_empty_select_is_a_usage_error_not_a_silent_pass(tmp_path, capsys, value):
    # An unset CI variable (`--select "$RULES"`) would otherwise run no rule and exit 0.
    page = write(tmp_path, "page.html", '<p><a href="https://amzn.to/x">x</a></p>')
    run = run_cli(capsys, "check", "--select", value, page)
    assert run.code == 2
    assert "empty selection" in run.err
