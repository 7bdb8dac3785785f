"""Rule selection on the command line: --select / --extend-select / --ignore by code, prefix, name, ALL;
the more specific selector wins, and on a tie ignore wins."""

from __future__ import annotations

import pytest

from affilint.plugins import build_registry
from affilint.selection import is_selected
from helpers_cli import AFFILIATE_LINK, UNSOURCED_ARTICLE, check_json, run_cli, write

# One page with one AFF001 (error) and one SRC001 (warning).
BOTH = UNSOURCED_ARTICLE.replace("</article>", f"<p>Our pick: {AFFILIATE_LINK}.</p>\n</article>")


@pytest.fixture
def page(tmp_path):
    return write(tmp_path, "page.html", BOTH)


def rules_run(capsys, page, *args):
    run = check_json(capsys, *args, page)
    assert run.code in (0, 1), run.err
    return sorted(set(run.rules()))


def test_default_selection_runs_aff001_and_src001(capsys, page):
    assert rules_run(capsys, page) == ["AFF001", "SRC001"]


def test_select_prefix(capsys, page):
    assert rules_run(capsys, page, "--select", "AFF") == ["AFF001"]


def test_select_full_code(capsys, page):
    assert rules_run(capsys, page, "--select", "SRC001") == ["SRC001"]


def test_select_is_case_insensitive_for_codes(capsys, page):
    assert rules_run(capsys, page, "--select", "aff001") == ["AFF001"]


def test_select_by_rule_name(capsys, page):
    assert rules_run(capsys, page, "--select", "affiliate-link-without-sponsored") == ["AFF001"]


def test_select_comma_separated(capsys, page):
    assert rules_run(capsys, page, "--select", "AFF001,SRC001") == ["AFF001", "SRC001"]


def test_select_repeated_option_accumulates(capsys, page):
    assert rules_run(capsys, page, "--select", "AFF001", "--select", "SRC001") == ["AFF001", "SRC001"]


def test_select_all(capsys, page):
    assert rules_run(capsys, page, "--select", "ALL") == ["AFF001", "SRC001"]


def test_ignore_code(capsys, page):
    assert rules_run(capsys, page, "--ignore", "AFF001") == ["SRC001"]


def test_ignore_by_rule_name(capsys, page):
    assert rules_run(capsys, page, "--ignore", "article-without-sources") == ["AFF001"]


def test_ignore_prefix(capsys, page):
    assert rules_run(capsys, page, "--ignore", "SRC") == ["AFF001"]


def test_extend_select_adds_to_select(capsys, page):
    assert rules_run(capsys, page, "--select", "SRC001", "--extend-select", "AFF001") == ["AFF001", "SRC001"]


def test_extend_select_by_name(capsys, page):
    assert rules_run(capsys, page, "--select", "AFF", "--extend-select", "article-without-sources") == ["AFF001", "SRC001"]


def test_specific_select_beats_prefix_ignore(capsys, page):
    assert rules_run(capsys, page, "--select", "AFF001", "--ignore", "AFF") == ["AFF001"]


def test_specific_ignore_beats_prefix_select(capsys, page):
    assert rules_run(capsys, page, "--select", "AFF", "--ignore", "AFF001") == []


def test_ignore_wins_a_tie(capsys, page):
    assert rules_run(capsys, page, "--select", "AFF001", "--ignore", "AFF001") == []


def test_prefix_ignore_with_explicit_prefix_select(capsys, page):
    assert rules_run(capsys, page, "--select", "AFF,SRC", "--ignore", "SRC") == ["AFF001"]


def test_prefix_ignore_beats_select_all(capsys, page):
    assert rules_run(capsys, page, "--select", "ALL", "--ignore", "AFF") == ["SRC001"]


def test_name_select_beats_prefix_ignore(capsys, page):
    assert rules_run(capsys, page, "--select", "affiliate-link-without-sponsored", "--ignore", "AFF") == ["AFF001"]


def test_ignoring_everything_exits_0(capsys, page):
    run = check_json(capsys, "--ignore", "ALL", page)
    assert run.rules() == []
    assert run.code == 0


@pytest.mark.parametrize("option", ["--select", "--extend-select", "--ignore"])
def test_unknown_selector_exits_2(capsys, page, option):
    run = run_cli(capsys, "check", "--isolated", option, "AFF999", page)
    assert run.code == 2
    assert "AFF999" in run.err


def test_unknown_rule_name_selector_exits_2(capsys, page):
    run = run_cli(capsys, "check", "--isolated", "--select", "affiliate-links-without-sponsored", page)
    assert run.code == 2
    assert "affiliate-links-without-sponsored" in run.err


def test_cli_select_replaces_config_select(tmp_path, monkeypatch, capsys, page):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "affilint.toml", 'select = ["SRC001"]\n')
    assert sorted(set(check_json(capsys, page, isolated=False).rules())) == ["SRC001"]
    assert sorted(set(check_json(capsys, "--select", "AFF001", page, isolated=False).rules())) == ["AFF001"]


def test_config_extend_select_and_cli_ignore_combine(tmp_path, monkeypatch, capsys, page):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "affilint.toml", 'select = ["AFF"]\nextend-select = ["SRC001"]\n')
    assert sorted(set(check_json(capsys, page, isolated=False).rules())) == ["AFF001", "SRC001"]
    assert sorted(set(check_json(capsys, "--ignore", "AFF001", page, isolated=False).rules())) == ["SRC001"]


# -- the selection function itself -------------------------------------------------------------
@pytest.fixture(scope="module")
def aff001():
    return build_registry().rules["AFF001"].rule


@pytest.mark.parametrize(
    "select, ignore, expected",
    [
        (["AFF001"], [], True),
        (["AFF"], [], True),
        (["A"], [], True),
        (["SRC"], [], False),
        ([], [], False),
        (["ALL"], ["AFF"], False),
        (["AFF"], ["A"], True),  # the longer prefix wins
        (["A"], ["AFF"], False),
        (["AFF00"], ["AFF"], True),
        (["AFF001"], ["affiliate-link-without-sponsored"], False),  # code vs name: a tie, ignore wins
    ],
)
def test_is_selected_specificity(aff001, select, ignore, expected):
    assert is_selected(aff001, select, ignore) is expected
