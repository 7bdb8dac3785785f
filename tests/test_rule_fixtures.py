"""Every built-in rule is tested from its valid/invalid HTML fixtures with the rule authors' kit."""

from __future__ import annotations

from pathlib import Path

import pytest

from affilint.plugins import build_registry
from affilint.testing import check_fixture, fixture_cases

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules"
CASES = fixture_cases(FIXTURES)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_rule_fixture(case):
    check_fixture(case)


def test_every_builtin_rule_has_valid_and_invalid_fixtures():
    registry = build_registry(autoload=False)
    for code, entry in registry.rules.items():
        if entry.plugin != "builtin":
            continue
        kinds = {case.valid for case in CASES if case.code == code}
        assert kinds == {True, False}, f"{code} needs fixtures in fixtures/rules/{code}/valid and /invalid"


def test_kit_reports_missing_and_unexpected_findings(tmp_path):
    rule_dir = tmp_path / "AFF001" / "invalid"
    rule_dir.mkdir(parents=True)
    (rule_dir / "wrong-line.html").write_text(
        '<p><!-- expect: AFF001 --></p>\n<p><a href="https://amzn.to/x">x</a></p>\n', encoding="utf-8"
    )
    (case,) = fixture_cases(tmp_path)
    with pytest.raises(AssertionError) as failure:
        check_fixture(case)
    assert "missing (line, code): [(1, 'AFF001')]" in str(failure.value)
    assert "unexpected (line, code): [(2, 'AFF001')]" in str(failure.value)


def test_affilint_lint_fixture_is_provided_by_the_pytest_plugin(affilint_lint):
    result = affilint_lint('<p><a href="https://amzn.to/x">x</a></p>', select=["AFF001"])
    assert [f.rule for f in result.findings] == ["AFF001"]
