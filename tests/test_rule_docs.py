"""Rule documentation is complete, printed by `affilint explain`, and its examples are true."""

from __future__ import annotations

import re

import pytest

from affilint.cli import main
from affilint.plugins import build_registry
from affilint.testing import lint

REGISTRY = build_registry(autoload=False)
RULES = sorted(REGISTRY.rules.values(), key=lambda entry: entry.rule.code)
# Rules whose findings depend on an option that is off by default.
EXAMPLE_CONFIG = {"AFL001": {"report-unused-suppressions": True}}
# Rules whose examples need other rules running (AFL001 judges only directives naming rules that ran).
EXAMPLE_ALSO_SELECT = {"AFL001": ["AFF001"]}


@pytest.mark.parametrize("entry", RULES, ids=lambda e: e.rule.code)
def test_rule_metadata_is_complete(entry):
    rule = entry.rule
    assert rule.metadata_problems() == []
    assert rule.summary
    examples = rule.examples()
    assert examples["failing"] and examples["passing"], f"{rule.code} docs need ```html examples under Example and Use instead"


@pytest.mark.parametrize("entry", RULES, ids=lambda e: e.rule.code)
def test_documented_examples_behave_as_documented(entry):
    rule = entry.rule
    config = EXAMPLE_CONFIG.get(rule.code, {})
    select = [rule.code, *EXAMPLE_ALSO_SELECT.get(rule.code, [])]
    for html in rule.examples()["failing"]:
        codes = [f.rule for f in lint(html, select=select, config=config, autoload=False).findings]
        assert rule.code in codes, f"{rule.code}: failing example produced no finding:\n{html}"
    for html in rule.examples()["passing"]:
        codes = [f.rule for f in lint(html, select=select, config=config, autoload=False).findings]
        assert rule.code not in codes, f"{rule.code}: passing example produced a finding:\n{html}"


def test_explain_prints_documentation(capsys):
    assert main(["explain", "AFF001"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# AFF001 affiliate-link-without-sponsored")
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Options"):
        assert heading in out
    assert "accept-nofollow" in out


def test_explain_accepts_a_rule_name(capsys):
    assert main(["explain", "article-without-sources"]) == 0
    assert "# SRC001" in capsys.readouterr().out


def test_explain_unknown_rule_is_a_usage_error(capsys):
    assert main(["explain", "XYZ999"]) == 2
    assert "no rule has the code or name 'XYZ999'" in capsys.readouterr().err


def test_rules_lists_code_name_family_severity_plugin(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^AFF001 +affiliate-link-without-sponsored +AFF +error +builtin ", out, re.M)
    assert "builtin" in out
