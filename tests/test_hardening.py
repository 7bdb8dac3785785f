"""Inputs, outputs, plugins and configuration that must fail cleanly: a clear error, the right exit
code, never a traceback, never an input overwritten."""

from __future__ import annotations

import os
import sys
import textwrap
from pathlib import Path

import pytest
from helpers_cli import AFFILIATE_HTML, CLEAN_HTML, check_json, run_cli, run_subprocess, write

from affilint.config import config_from_mapping, load_config
from affilint.errors import ConfigError


# -- outputs -----------------------------------------------------------------------------------
def test_output_that_is_a_directory_is_a_usage_error(tmp_path, capsys):
    page = write(tmp_path, "a.html", CLEAN_HTML)
    (tmp_path / "out").mkdir()
    run = run_cli(capsys, "check", "--isolated", "--output", tmp_path / "out", page)
    assert run.code == 2 and "is a directory" in run.err and "Traceback" not in run.err


def test_output_never_overwrites_an_input(tmp_path, capsys):
    page = write(tmp_path, "victim.html", AFFILIATE_HTML)
    run = run_cli(capsys, "check", "--isolated", "--format", "json", "--output", page, page)
    assert run.code == 2 and "never overwrites an input" in run.err
    assert page.read_text(encoding="utf-8") == AFFILIATE_HTML


# -- inputs that are not regular files ----------------------------------------------------------
@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_device_is_unreadable_not_a_memory_error(tmp_path, capsys):
    good = write(tmp_path, "good.html", CLEAN_HTML)
    run = check_json(capsys, "/dev/zero", good)
    assert run.file("/dev/zero")["error"]["code"] == "unreadable"
    assert run.file(str(good))["status"] == "ok"
    assert run.code == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    result = run_subprocess("check", "--isolated", "--format", "json", str(fifo))
    assert result.returncode == 1
    assert '"code": "unreadable"' in result.stdout


def test_stdin_larger_than_the_limit_is_too_large():
    result = run_subprocess("check", "--isolated", "--max-file-size", "100", "-", stdin=b"<p>" + b"x" * 500 + b"</p>")
    assert result.returncode == 1 and "too-large" in result.stdout


def test_stdin_filename_alone_reads_stdin(tmp_path):
    write(tmp_path, "other.html", AFFILIATE_HTML)  # must not be linted
    result = run_subprocess("check", "--isolated", "--format", "json", "--stdin-filename", "page.html",
                            stdin=CLEAN_HTML.encode(), cwd=tmp_path)
    assert result.returncode == 0
    assert '"path": "page.html"' in result.stdout and "other.html" not in result.stdout


def test_stdin_filename_with_paths_but_no_dash_is_a_usage_error(tmp_path, capsys):
    page = write(tmp_path, "a.html", CLEAN_HTML)
    run = run_cli(capsys, "check", "--isolated", "--stdin-filename", "x.html", page)
    assert run.code == 2 and "add - to the paths" in run.err


def test_excluded_directory_named_explicitly_says_why(tmp_path, capsys, monkeypatch):
    write(tmp_path, "affilint.toml", 'extend-exclude = ["drafts"]\n')
    write(tmp_path / "drafts", "d.html", CLEAN_HTML)
    monkeypatch.chdir(tmp_path)
    run = check_json(capsys, "drafts", isolated=False)
    assert run.file("drafts")["error"]["code"] == "no-html-files"
    assert "excluded by" in run.file("drafts")["error"]["message"]


def test_inspect_honours_the_size_limit(tmp_path, capsys):
    big = write(tmp_path, "big.html", "<p>" + "x" * 6_000_000 + "</p>")
    run = run_cli(capsys, "inspect", big)
    assert run.code == 1 and "[too-large]" in run.err


def test_inspect_rejects_config_with_isolated(tmp_path, capsys):
    page = write(tmp_path, "a.html", CLEAN_HTML)
    config = write(tmp_path, "affilint.toml", "")
    run = run_cli(capsys, "inspect", "--config", config, "--isolated", page)
    assert run.code == 2


# -- configuration edge cases ----------------------------------------------------------------------
@pytest.mark.parametrize("value", ['"inf"', '"1e400"', '"-5MB"', "0"])
def test_impossible_sizes_are_config_errors(tmp_path, value):
    path = write(tmp_path, "affilint.toml", f"max-file-size = {value}\n")
    with pytest.raises(ConfigError, match="max-file-size"):
        load_config(path)


def test_cli_infinite_size_is_a_usage_error(tmp_path, capsys):
    page = write(tmp_path, "a.html", CLEAN_HTML)
    run = run_cli(capsys, "check", "--isolated", "--max-file-size", "inf", page)
    assert run.code == 2 and "--max-file-size" in run.err


def test_pyproject_with_a_non_table_tool_key_is_ignored(tmp_path, capsys, monkeypatch):
    write(tmp_path, "pyproject.toml", 'tool = "affilint"\n')
    page = write(tmp_path, "a.html", CLEAN_HTML)
    monkeypatch.chdir(tmp_path)
    run = check_json(capsys, page.name, isolated=False)
    assert run.code == 0


def test_base_url_must_be_absolute(tmp_path):
    with pytest.raises(ConfigError, match="base-url: expected an absolute http"):
        config_from_mapping({"base-url": "not a url"}, root=tmp_path)


def test_rule_configured_twice_is_an_error(tmp_path, capsys, monkeypatch):
    write(tmp_path, "affilint.toml", textwrap.dedent("""
        [rules.AFF001]
        severity = "warning"
        [rules.affiliate-link-without-sponsored]
        severity = "info"
    """))
    page = write(tmp_path, "a.html", CLEAN_HTML)
    monkeypatch.chdir(tmp_path)
    run = check_json(capsys, page.name, isolated=False)
    assert run.code == 2 and "already configured as rules.AFF001" in run.err


def test_pyproject_errors_name_keys_as_written(tmp_path, capsys, monkeypatch):
    write(tmp_path, "pyproject.toml", "[tool.affilint.rules.AFF001]\nbogus = 1\n")
    page = write(tmp_path, "a.html", CLEAN_HTML)
    monkeypatch.chdir(tmp_path)
    run = check_json(capsys, page.name, isolated=False)
    assert run.code == 2 and "tool.affilint.rules.AFF001.bogus" in run.err


def test_unknown_cli_selector_is_a_usage_error_not_a_config_error(tmp_path, capsys):
    page = write(tmp_path, "a.html", CLEAN_HTML)
    run = run_cli(capsys, "check", "--isolated", "--select", "AFX", page)
    assert run.code == 2 and run.err.startswith("affilint: error: --select:")


def test_config_ignore_is_overridden_by_cli_select(tmp_path, capsys, monkeypatch):
    write(tmp_path, "affilint.toml", 'ignore = ["AFF001"]\n')
    page = write(tmp_path, "a.html", AFFILIATE_HTML)
    monkeypatch.chdir(tmp_path)
    run = check_json(capsys, "--select", "AFF001", page.name, isolated=False)
    assert run.rules() == ["AFF001"]


def test_default_config_builds_one_rule_set(tmp_path):
    from affilint.config import ConfigResolver
    from affilint.engine import Linter
    from affilint.plugins import build_registry

    for name in ("a", "b", "c"):
        write(tmp_path / name, "p.html", CLEAN_HTML)
    linter = Linter(build_registry(), ConfigResolver(isolated=True))
    for name in ("a", "b", "c"):
        linter.lint_path(tmp_path / name / "p.html")
    assert len(linter._rulesets) == 1


# -- broken plugins ------------------------------------------------------------------------------------
BROKEN_PLUGINS = {
    "import-error": "import not_a_module_anywhere\n",
    "hook-raises": "import affilint\n@affilint.hookimpl\ndef affilint_register_rules():\n    raise RuntimeError('boom')\n",
    "bad-data": "import affilint\n@affilint.hookimpl\ndef affilint_contribute_data():\n    return {'affiliate_networks': 3}\n",
    "bad-format": "import affilint\n@affilint.hookimpl\ndef affilint_register_formats():\n    return {'sarif': 3}\n",
}


@pytest.mark.parametrize("case", sorted(BROKEN_PLUGINS))
def test_broken_entry_point_plugin_is_a_plugin_error(tmp_path, case):
    site = tmp_path / "site"
    write(site, "broken_plugin.py", BROKEN_PLUGINS[case])
    write(site / "broken_plugin-1.0.dist-info", "METADATA", "Metadata-Version: 2.1\nName: broken-plugin\nVersion: 1.0\n")
    write(site / "broken_plugin-1.0.dist-info", "entry_points.txt", "[affilint]\nbroken = broken_plugin\n")
    env = dict(os.environ, PYTHONPATH=str(site))
    import subprocess

    result = subprocess.run([sys.executable, "-m", "affilint", "rules"], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("affilint: plugin error:")
    assert "broken" in result.stderr and "Traceback" not in result.stderr


def test_output_file_gets_the_usual_mode_under_the_umask(tmp_path, capsys):
    page = write(tmp_path, "page.html", CLEAN_HTML)
    previous = os.umask(0o027)
    try:
        run_cli(capsys, "check", "--isolated", "--format", "json", "-o", tmp_path / "report.json", page)
    finally:
        os.umask(previous)
    assert oct((tmp_path / "report.json").stat().st_mode & 0o777) == "0o640"  # not the temporary file's 0o600


def test_a_file_name_that_is_not_utf8_still_gets_its_findings(tmp_path, capsys):
    """POSIX file names are bytes; one that is not valid UTF-8 must not turn findings into an internal error."""
    import json

    name = os.fsencode(str(tmp_path)) + b"/bad\xff.html"
    with open(name, "w", encoding="utf-8") as handle:
        handle.write('<html><body><article><p>Buy it <a href="https://amzn.to/abc">here</a>.</p></article></body></html>')
    run = run_cli(capsys, "check", "--isolated", "--no-cache", "--format", "json", str(tmp_path))
    (entry,) = json.loads(run.out)["files"]
    assert entry["status"] == "ok" and entry["findings"]
