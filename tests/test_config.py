"""Configuration files: discovery upward from each linted path, validation that names the bad key,
rule tables, per-file-ignores and exclude. Each test writes its own tree under tmp_path and chdirs there."""

from __future__ import annotations

import json

import pytest

from affilint.config import parse_size
from helpers_cli import DISCLOSURE, AFFILIATE_HTML, CLEAN_HTML, UNSOURCED_ARTICLE, check_json, run_cli, run_subprocess, write


@pytest.fixture
def site(tmp_path, monkeypatch):
    """tmp_path/site/sub/page.html holding one AFF001 error; cwd is tmp_path."""
    write(tmp_path / "site" / "sub", "page.html", AFFILIATE_HTML)
    monkeypatch.chdir(tmp_path)
    return tmp_path / "site"


PAGE = "site/sub/page.html"


def lint(capsys, *args):
    return check_json(capsys, *args, isolated=False)


# -- discovery ---------------------------------------------------------------------------------
def test_no_config_reports_aff001(site, capsys):
    run = lint(capsys, PAGE)
    assert run.rules() == ["AFF001"]
    assert run.code == 1


def test_pyproject_tool_affilint_is_discovered_upward(site, capsys):
    write(site, "pyproject.toml", '[project]\nname = "x"\n\n[tool.affilint]\nignore = ["AFF001"]\n')
    run = lint(capsys, PAGE)
    assert run.rules() == []
    assert run.code == 0


def test_affilint_toml_is_discovered_upward(site, capsys):
    write(site, "affilint.toml", 'ignore = ["AFF001"]\n')
    run = lint(capsys, PAGE)
    assert run.rules() == []
    assert run.code == 0



def test_hidden_affilint_toml_is_discovered(site, capsys):
    write(site, ".affilint.toml", 'ignore = ["AFF001"]\n')
    assert lint(capsys, PAGE).rules() == []

def test_config_is_found_from_the_linted_path_not_the_cwd(site, tmp_path, monkeypatch, capsys):
    write(site, "affilint.toml", 'ignore = ["AFF001"]\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    run = lint(capsys, "../site/sub/page.html")
    assert run.rules() == []


def test_pyproject_without_tool_affilint_is_skipped(site, tmp_path, capsys):
    write(site / "sub", "pyproject.toml", '[project]\nname = "x"\n')
    write(site, "affilint.toml", 'ignore = ["AFF001"]\n')
    assert lint(capsys, PAGE).rules() == []


def test_nearest_config_wins(site, capsys):
    write(site, "affilint.toml", 'ignore = ["AFF001"]\n')
    write(site / "sub", "affilint.toml", "")
    assert lint(capsys, PAGE).rules() == ["AFF001"]


def test_affilint_toml_beats_pyproject_in_the_same_directory(site, capsys):
    write(site, "pyproject.toml", '[tool.affilint]\nignore = ["AFF001"]\n')
    write(site, "affilint.toml", "")
    assert lint(capsys, PAGE).rules() == ["AFF001"]


def test_isolated_ignores_config_files(site, capsys):
    write(site, "affilint.toml", 'ignore = ["AFF001"]\n')
    assert check_json(capsys, PAGE, isolated=True).rules() == ["AFF001"]


def test_explicit_config_is_used(site, tmp_path, capsys):
    config = write(tmp_path, "custom.toml", 'ignore = ["AFF001"]\n')
    assert lint(capsys, "--config", config, PAGE).rules() == []


def test_config_for_stdin_is_found_from_stdin_filename(site, tmp_path):
    write(site, "affilint.toml", 'ignore = ["AFF001"]\n')
    result = run_subprocess(
        "check", "--format", "json", "-", "--stdin-filename", "site/sub/new.html", stdin=AFFILIATE_HTML.encode(), cwd=tmp_path
    )
    report = json.loads(result.stdout)
    assert report["files"][0]["path"] == "site/sub/new.html"
    assert report["files"][0]["findings"] == []
    assert result.returncode == 0


def test_fail_on_from_cwd_config_applies(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "affilint.toml", 'fail-on = "warning"\n')
    write(tmp_path, "article.html", UNSOURCED_ARTICLE)
    run = lint(capsys, "article.html")
    assert run.rules() == ["SRC001"]
    assert run.code == 1


def test_cli_fail_on_beats_config_fail_on(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "affilint.toml", 'fail-on = "warning"\n')
    write(tmp_path, "article.html", UNSOURCED_ARTICLE)
    assert lint(capsys, "--fail-on", "error", "article.html").code == 0


def test_max_file_size_from_config(site, capsys):
    write(site, "affilint.toml", 'max-file-size = "50B"\n')
    run = lint(capsys, PAGE)
    assert run.files[0]["error"]["code"] == "too-large"


# -- validation --------------------------------------------------------------------------------
def assert_config_error(run, *names):
    assert run.code == 2
    for name in names:
        assert name in run.err, run.err
    assert "Traceback" not in run.err


def test_unknown_key_exits_2_naming_the_key(site, capsys):
    write(site, "affilint.toml", "selekt = []\n")
    run = run_cli(capsys, "check", "--config", site / "affilint.toml", PAGE)
    assert_config_error(run, "selekt", "unknown key", "affilint.toml")


def test_unknown_key_in_pyproject_is_named_with_its_table(site, tmp_path, capsys):
    write(tmp_path, "pyproject.toml", "[tool.affilint]\nbogus-option = 1\n")
    run = run_cli(capsys, "check", PAGE)
    assert_config_error(run, "tool.affilint.bogus-option", "pyproject.toml")


def test_fail_on_bad_value_exits_2_naming_the_key(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "affilint.toml", 'fail-on = "sometimes"\n')
    write(tmp_path, "page.html", CLEAN_HTML)
    run = run_cli(capsys, "check", "page.html")
    assert_config_error(run, "fail-on", "sometimes")


def test_max_file_size_boolean_exits_2_naming_the_key(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "affilint.toml", "max-file-size = true\n")
    write(tmp_path, "page.html", CLEAN_HTML)
    assert_config_error(run_cli(capsys, "check", "page.html"), "max-file-size")


@pytest.mark.parametrize(
    "line, key",
    [
        ('select = "AFF001"', "select"),
        ("exclude = [1]", "exclude"),
        ("needs-review-below = 2", "needs-review-below"),
        ('report-unused-suppressions = "yes"', "report-unused-suppressions"),
        ('main-content-selector = ""', "main-content-selector"),
        ('max-file-size = "-5MB"', "max-file-size"),
        ('per-file-ignores = { "a/*" = "AFF001" }', "per-file-ignores"),
    ],
)
def test_bad_value_types_exit_2_naming_the_key(tmp_path, monkeypatch, capsys, line, key):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "affilint.toml", line + "\n")
    write(tmp_path, "page.html", CLEAN_HTML)
    assert_config_error(run_cli(capsys, "check", "page.html"), key)


def test_unknown_selector_in_config_exits_2(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "affilint.toml", 'select = ["AFF001", "ZZZ9"]\n')
    write(tmp_path, "page.html", CLEAN_HTML)
    assert_config_error(run_cli(capsys, "check", "page.html"), "ZZZ9")


def test_invalid_toml_exits_2(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "affilint.toml", "select = [\n")
    write(tmp_path, "page.html", CLEAN_HTML)
    assert_config_error(run_cli(capsys, "check", "page.html"), "affilint.toml", "invalid TOML")


def test_bad_config_below_cwd_writes_no_partial_report(site, capsys):
    write(site, "affilint.toml", "bogus-key = 1\n")
    run = run_cli(capsys, "check", "--format", "json", PAGE)
    assert_config_error(run, "bogus-key")
    assert run.out == "" or json.loads(run.out)


def test_bad_config_below_cwd_still_exits_2(site, capsys):
    write(site, "affilint.toml", "bogus-key = 1\n")
    run = run_cli(capsys, "check", "--format", "json", PAGE)
    assert_config_error(run, "bogus-key")


# -- rule tables -------------------------------------------------------------------------------
def test_rule_severity_can_be_lowered_to_warning(site, capsys):
    write(site, "affilint.toml", '[rules.AFF001]\nseverity = "warning"\n')
    run = lint(capsys, PAGE)
    assert [(f["rule"], f["severity"]) for f in run.files[0]["findings"]] == [("AFF001", "warning")]
    assert run.code == 0


def test_rule_table_by_rule_name(site, capsys):
    write(site, "affilint.toml", '[rules.affiliate-link-without-sponsored]\nseverity = "info"\n')
    run = lint(capsys, PAGE)
    assert [f["severity"] for f in run.files[0]["findings"]] == ["info"]


def test_rule_severity_in_pyproject(site, capsys):
    write(site, "pyproject.toml", '[tool.affilint.rules.AFF001]\nseverity = "warning"\n')
    assert [f["severity"] for f in lint(capsys, PAGE).files[0]["findings"]] == ["warning"]


def test_bad_rule_severity_exits_2(site, capsys):
    write(site, "affilint.toml", '[rules.AFF001]\nseverity = "fatal"\n')
    assert_config_error(run_cli(capsys, "check", "--config", site / "affilint.toml", PAGE), "rules.AFF001.severity", "fatal")


def test_unknown_rule_option_exits_2_naming_it(site, capsys):
    write(site, "affilint.toml", "[rules.AFF001]\naccept-no-follow = true\n")
    run = run_cli(capsys, "check", "--config", site / "affilint.toml", PAGE)
    assert_config_error(run, "rules.AFF001.accept-no-follow", "unknown option")


def test_rule_option_of_wrong_type_exits_2(site, capsys):
    write(site, "affilint.toml", '[rules.SRC001]\nmin-claims = "three"\n')
    assert_config_error(run_cli(capsys, "check", "--config", site / "affilint.toml", PAGE), "rules.SRC001.min-claims")


def test_rule_table_for_unknown_rule_exits_2(site, capsys):
    write(site, "affilint.toml", '[rules.XYZ001]\nseverity = "info"\n')
    assert_config_error(run_cli(capsys, "check", "--config", site / "affilint.toml", PAGE), "rules.XYZ001")


def test_rule_option_is_applied(site, capsys):
    write(site / "sub", "nofollow.html", '<p><a href="https://www.amazon.com/dp/X?tag=abc-20" rel="nofollow">x</a>%s</p>\n' % DISCLOSURE)
    assert lint(capsys, "site/sub/nofollow.html").rules() == ["AFF001"]
    write(site, "affilint.toml", "[rules.AFF001]\naccept-nofollow = true\n")
    assert lint(capsys, "site/sub/nofollow.html").rules() == []


# -- per-file-ignores --------------------------------------------------------------------------
def test_per_file_ignores_matches_relative_to_config(site, capsys):
    write(site / "drafts", "draft.html", AFFILIATE_HTML)
    write(site, "affilint.toml", '[per-file-ignores]\n"drafts/*" = ["AFF001"]\n')
    run = lint(capsys, "site")
    by_path = {f["path"]: [x["rule"] for x in f["findings"]] for f in run.files}
    assert by_path == {"site/drafts/draft.html": [], "site/sub/page.html": ["AFF001"]}


def test_per_file_ignores_accepts_rule_names_and_prefixes(site, capsys):
    write(site, "affilint.toml", '[per-file-ignores]\n"sub/*.html" = ["AFF"]\n"*.htm" = ["affiliate-link-without-sponsored"]\n')
    write(site, "old.htm", AFFILIATE_HTML)
    run = lint(capsys, "site")
    assert all(f["findings"] == [] for f in run.files)
    assert run.report["summary"]["files"] == 2


def test_per_file_ignores_with_unknown_code_exits_2(site, capsys):
    write(site, "affilint.toml", '[per-file-ignores]\n"*" = ["NOPE001"]\n')
    assert_config_error(run_cli(capsys, "check", "--config", site / "affilint.toml", PAGE), "NOPE001")


# -- exclude -----------------------------------------------------------------------------------
@pytest.fixture
def excluded_site(site):
    write(site / "drafts", "draft.html", AFFILIATE_HTML)
    write(site, "affilint.toml", 'exclude = ["drafts"]\n')
    return site


def test_exclude_skips_directories_when_walking(excluded_site, capsys):
    run = lint(capsys, "site")
    assert [f["path"] for f in run.files] == ["site/sub/page.html"]


def test_exclude_does_not_skip_an_explicit_file(excluded_site, capsys):
    run = lint(capsys, "site/drafts/draft.html")
    assert [f["path"] for f in run.files] == ["site/drafts/draft.html"]
    assert run.rules() == ["AFF001"]


def test_force_exclude_skips_an_explicit_file(excluded_site, capsys):
    run = lint(capsys, "--force-exclude", "site/drafts/draft.html")
    assert run.files == []
    assert run.code == 0


def test_force_exclude_keeps_files_that_are_not_excluded(excluded_site, capsys):
    run = lint(capsys, "--force-exclude", "site/drafts/draft.html", PAGE)
    assert [f["path"] for f in run.files] == [PAGE]


def test_force_exclude_applies_to_stdin_filename(excluded_site, tmp_path):
    result = run_subprocess(
        "check", "--format", "json", "--force-exclude", "-", "--stdin-filename", "site/drafts/x.html",
        stdin=AFFILIATE_HTML.encode(), cwd=tmp_path,
    )
    assert json.loads(result.stdout)["files"] == []
    assert result.returncode == 0


def test_exclude_glob_pattern_for_files(site, capsys):
    write(site / "sub", "skip-me.html", AFFILIATE_HTML)
    write(site, "affilint.toml", 'exclude = ["skip-*.html"]\n')
    assert [f["path"] for f in lint(capsys, "site").files] == [PAGE]


def test_extend_exclude_keeps_default_excludes(site, capsys):
    write(site / "node_modules" / "pkg", "index.html", AFFILIATE_HTML)
    write(site / "drafts", "draft.html", AFFILIATE_HTML)
    write(site, "affilint.toml", 'extend-exclude = ["drafts"]\n')
    assert [f["path"] for f in lint(capsys, "site").files] == [PAGE]



# -- sizes -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value, expected",
    [(5000, 5000), ("5000", 5000), ("1KB", 1000), ("1 KiB", 1024), ("1.5MB", 1_500_000), ("2mib", 2 * 1024**2), ("10B", 10)],
)
def test_parse_size_accepts(value, expected):
    assert parse_size(value) == expected


@pytest.mark.parametrize("value", [True, 0, -1, "0", "lots", "", "5XB", 1.5, None])
def test_parse_size_rejects(value):
    with pytest.raises(ValueError):
        parse_size(value)


# -- the user's own affiliate networks and cloaking paths ------------------------------------------
def test_config_adds_affiliate_networks_and_cloaking_paths(tmp_path, capsys, monkeypatch):
    import textwrap

    from helpers_cli import check_json, write

    write(tmp_path, "affilint.toml", textwrap.dedent("""
        base-url = "https://www.example.com/"
        cloaking-paths = ["/out/"]

        [[affiliate-networks]]
        id = "inhouse"
        name = "In-house partner programme"
        redirect_hosts = ["partners.example.net"]
    """))
    write(tmp_path, "a.html", '<article><p><a href="https://partners.example.net/c/1">Shop</a> and <a href="/out/kettle">kettle</a></p></article>')
    monkeypatch.chdir(tmp_path)
    run = check_json(capsys, "a.html", isolated=False)
    networks = [f["evidence"]["network"] for f in run.files[0]["findings"] if f["rule"] == "AFF001"]
    assert networks == ["inhouse", "cloaked"]


def test_bad_config_network_names_the_key(tmp_path):
    import pytest

    from affilint.config import config_from_mapping
    from affilint.errors import ConfigError

    with pytest.raises(ConfigError, match="affiliate-networks: affiliate network 'x': 'name' must be a non-empty string"):
        config_from_mapping({"affiliate-networks": [{"id": "x", "redirect_hosts": ["a.test"]}]}, root=tmp_path)
    with pytest.raises(ConfigError, match="cloaking-paths"):
        config_from_mapping({"cloaking-paths": ["out"]}, root=tmp_path)


# -- configuration files that cannot be read -------------------------------------------------------
def test_malformed_pyproject_naming_affilint_is_an_error_not_silently_skipped(site, capsys):
    write(site, "pyproject.toml", '[project]\nversion=1.0.0\n\n[tool.affilint]\nselect = ["DIS002"]\n')
    run = run_cli(capsys, "check", PAGE)
    assert run.code == 2
    assert "pyproject.toml: invalid TOML" in run.err and "Traceback" not in run.err


def test_malformed_pyproject_without_affilint_table_is_not_ours(site, capsys):
    write(site, "pyproject.toml", '[project]\nversion=1.0.0\n')
    run = lint(capsys, PAGE)
    assert run.rules() == ["AFF001"]


@pytest.mark.parametrize("name", ["affilint.toml", "pyproject.toml"])
def test_config_that_is_not_utf8_is_a_clear_error(site, capsys, name):
    write(site, name, b"[tool.affilint]\nignore = [\"AFF001\"]\n# \xff\n")
    run = run_cli(capsys, "check", PAGE)
    assert run.code == 2
    assert "not UTF-8" in run.err and "Traceback" not in run.err
