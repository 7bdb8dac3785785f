"""The third-party plugin contract: a package registered under the ``affilint`` entry-point group adds
a rule and data, and both show up in `affilint rules`, in classification and in reports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from affilint import Rule, Severity, hookimpl
from affilint.plugins import PluginError, build_registry
from affilint.testing import lint

PLUGIN_SITE = Path(__file__).parent / "plugins"
PAGE = """<article>
<p>Partner offer: <a href="https://go.examplenet.test/c/123">Example shop</a>.</p>
<p>Short link: <a href="https://bit.ly/abc">offer</a>.</p>
</article>
"""


def run_affilint(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(PLUGIN_SITE), os.environ.get("PYTHONPATH", "")]))
    return subprocess.run(
        [sys.executable, "-m", "affilint", *args], input=stdin, capture_output=True, text=True, env=env, timeout=60
    )


def test_entry_point_plugin_rule_is_listed_with_its_plugin_name():
    result = run_affilint("rules", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = {row["code"]: row for row in json.loads(result.stdout)["rules"]}
    assert rows["EXM001"]["plugin"] == "example"
    assert rows["EXM001"]["name"] == "link-to-shortener"
    assert rows["AFF001"]["plugin"] == "builtin"


def test_entry_point_plugin_rule_and_data_appear_in_reports(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    result = run_affilint("check", "--isolated", "--format", "json", str(page))
    report = json.loads(result.stdout)
    findings = report["files"][0]["findings"]
    by_rule = {f["rule"]: f for f in findings}
    assert by_rule["EXM001"]["line"] == 3
    # The contributed network makes the first link an affiliate link for the built-in AFF001.
    assert by_rule["AFF001"]["line"] == 2
    assert by_rule["AFF001"]["evidence"]["network"] == "examplenet"
    assert result.returncode == 1


def test_entry_point_plugin_data_is_visible_in_inspect(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    result = run_affilint("inspect", "--format", "json", str(page))
    links = json.loads(result.stdout)["links"]
    assert links[0]["affiliate"]["network"] == "examplenet"
    assert links[1]["affiliate"] is None


def test_autoload_can_be_disabled(tmp_path):
    env_result = subprocess.run(
        [sys.executable, "-m", "affilint", "rules", "--format", "json"],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(PLUGIN_SITE), AFFILINT_DISABLE_PLUGIN_AUTOLOAD="1"),
        timeout=60,
    )
    codes = {row["code"] for row in json.loads(env_result.stdout)["rules"]}
    assert "EXM001" not in codes and "AFF001" in codes


def test_plugin_object_registered_in_process():
    sys.path.insert(0, str(PLUGIN_SITE))
    try:
        import affilint_example

        result = lint(PAGE, plugins=[affilint_example], select=["EXM001", "AFF001"], autoload=False)
    finally:
        sys.path.remove(str(PLUGIN_SITE))
    assert sorted((f.rule, f.line) for f in result.findings) == [("AFF001", 2), ("EXM001", 3)]


def test_plugin_rule_options_are_validated_from_config():
    sys.path.insert(0, str(PLUGIN_SITE))
    try:
        import affilint_example

        result = lint(PAGE, plugins=[affilint_example], select=["EXM001"], config={"rules": {"EXM001": {"hosts": ["go.examplenet.test"]}}}, autoload=False)
        assert [f.line for f in result.findings] == [2]
        from affilint.errors import ConfigError

        with pytest.raises(ConfigError, match="rules.EXM001.hosts"):
            lint(PAGE, plugins=[affilint_example], config={"rules": {"EXM001": {"hosts": "bit.ly"}}}, autoload=False)
    finally:
        sys.path.remove(str(PLUGIN_SITE))


class _DuplicateCode(Rule):
    """
    ## What it does
    x
    ## Why is this bad?
    x
    ## Example
    x
    ## Use instead
    x
    """

    code = "AFF001"
    name = "duplicate-code"
    family = "AFF"
    severity = Severity.INFO

    def check(self, doc):
        return ()


class _DuplicatePlugin:
    @hookimpl
    def affilint_register_rules(self):
        return [_DuplicateCode]


class _BadMetadata(_DuplicateCode):
    code = "bad"
    name = "Not Kebab"


class _BadPlugin:
    @hookimpl
    def affilint_register_rules(self):
        return [_BadMetadata]


class _MisspelledHook:
    @hookimpl
    def affilint_register_rule(self):  # missing the final "s"
        return []


def test_duplicate_rule_code_is_a_plugin_error_naming_both():
    with pytest.raises(PluginError, match="AFF001 is registered twice"):
        build_registry(extra_plugins=[_DuplicatePlugin()], autoload=False)


def test_bad_rule_metadata_is_rejected_with_reasons():
    with pytest.raises(PluginError, match="kebab-case"):
        build_registry(extra_plugins=[_BadPlugin()], autoload=False)


def test_misspelled_hook_is_rejected():
    with pytest.raises(PluginError, match="unknown hook"):
        build_registry(extra_plugins=[_MisspelledHook()], autoload=False)


def test_bad_contributed_network_is_a_clear_error():
    class BadData:
        @hookimpl
        def affilint_contribute_data(self):
            return {"affiliate_networks": [{"id": "x", "name": "X", "source": "s", "redirect_hosts": "x.test"}]}

    with pytest.raises(PluginError, match="affiliate network 'x': 'redirect_hosts' must be a list"):
        build_registry(extra_plugins=[BadData()], autoload=False)


def test_disclosure_pattern_that_cannot_be_joined_is_a_clear_error():
    class GlobalFlag:
        @hookimpl
        def affilint_contribute_data(self):
            return {"disclosure_phrases": [{"language": "en", "kind": "affiliate", "patterns": ["(?i)we earn"]}]}

    with pytest.raises(PluginError, match=r"disclosure phrases en/affiliate: bad pattern '\(\?i\)we earn': global flags"):
        build_registry(extra_plugins=[GlobalFlag()], autoload=False)
