"""The rule authors' kit: test rules from small HTML fixtures, for affilint itself and for plugins.

Installed as a pytest plugin (``pytest11`` entry point), it provides the ``affilint_lint`` fixture and
helpers to turn a fixture tree into tests::

    fixtures/rules/<CODE>/valid/*.html     must produce no finding of <CODE>
    fixtures/rules/<CODE>/invalid/*.html   must produce exactly the findings marked in the file

In an invalid fixture, mark each line where a finding is expected with a comment on that line:
``<!-- expect: AFF001 -->`` (several codes: ``<!-- expect: AFF001, AFF001 -->``). A fixture may set
configuration for itself in a comment holding JSON in affilint.toml's keys:
``<!-- affilint-test-config: {"rules": {"SRC001": {"min-claims": 2}}, "url": "https://example.com/a"} -->``;
its ``select`` adds rules to run beside the one under test (only that rule's findings are compared).

Usage in a plugin's test suite::

    from affilint.testing import check_fixture, fixture_cases

    @pytest.mark.parametrize("case", fixture_cases("tests/fixtures"), ids=str)
    def test_rule_fixtures(case):
        check_fixture(case, plugins=[my_plugin_module])
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

import pytest

from affilint.config import config_from_mapping
from affilint.engine import FileResult, Linter
from affilint.plugins import build_registry
from affilint.settings import Overrides

_EXPECT = re.compile(r"<!--\s*expect:\s*([A-Z0-9,\s]+?)\s*-->")
_TEST_CONFIG = re.compile(r"<!--\s*affilint-test-config:\s*(\{.*?\})\s*-->", re.S)
_CODE_DIR = re.compile(r"^[A-Z]{2,5}[0-9]{3}$")


class _FixedResolver:
    """A resolver that hands every path the same in-memory configuration."""

    def __init__(self, config: Any) -> None:
        self._config = config

    def for_path(self, _path: Any) -> Any:
        return self._config

    for_directory = for_path

    def project(self) -> Any:
        return self._config


def lint(
    html: str,
    *,
    select: Iterable[str] | None = None,
    config: Mapping[str, Any] | None = None,
    plugins: Iterable[Any] = (),
    url: str | None = None,
    path: str = "test.html",
    autoload: bool = True,
) -> FileResult:
    """Lint an HTML string with the installed plugins plus ``plugins``; no configuration files are read."""
    registry = build_registry(extra_plugins=plugins, autoload=autoload)
    cfg = config_from_mapping(dict(config or {}), root=Path.cwd())
    overrides = Overrides(select=tuple(select) if select is not None else None, url=url)
    linter = Linter(registry, _FixedResolver(cfg), overrides)  # type: ignore[arg-type]
    return linter.lint_bytes(html.encode("utf-8"), path, cfg)


@dataclass(frozen=True)
class FixtureCase:
    """One fixture file: the rule it tests, whether it must be valid, and its path."""

    code: str
    valid: bool
    path: Path

    def __str__(self) -> str:
        return f"{self.code}/{'valid' if self.valid else 'invalid'}/{self.path.name}"


def fixture_cases(root: str | Path) -> list[FixtureCase]:
    """All fixture files under ``root/<CODE>/{valid,invalid}/``, sorted."""
    root = Path(root)
    cases = []
    for code_dir in sorted(p for p in root.iterdir() if p.is_dir() and _CODE_DIR.match(p.name)):
        for kind in ("valid", "invalid"):
            for path in sorted((code_dir / kind).glob("*.htm*")):
                cases.append(FixtureCase(code_dir.name, kind == "valid", path))
    return cases


def expected_findings(html: str) -> Counter:
    """(line, code) pairs marked with ``<!-- expect: CODE -->`` comments, with multiplicity."""
    expected: Counter = Counter()
    for number, line in enumerate(html.splitlines(), start=1):
        for match in _EXPECT.finditer(line):
            for code in re.split(r"[,\s]+", match.group(1).strip()):
                if code:
                    expected[(number, code)] += 1
    return expected


def check_fixture(case: FixtureCase, plugins: Iterable[Any] = ()) -> FileResult:
    """Lint a fixture with only its rule selected and assert the findings match its expectations."""
    html = case.path.read_text(encoding="utf-8")
    config: dict[str, Any] = {}
    match = _TEST_CONFIG.search(html)
    if match:
        config = json.loads(match.group(1))
    url = config.pop("url", None)
    select = [case.code, *config.pop("select", [])]
    result = lint(html, select=select, config=config, plugins=plugins, url=url, path=str(case.path))
    assert result.status == "ok", f"{case}: could not be linted: {result.error}"
    found = Counter((f.line, f.rule) for f in result.findings if f.rule == case.code)
    expected = Counter() if case.valid else expected_findings(html)
    if not case.valid:
        assert expected, f"{case}: an invalid fixture must mark its findings with <!-- expect: {case.code} -->"
    if found != expected:
        details = "\n".join(f"  {f.line}:{f.column} {f.rule} {f.message}" for f in result.findings)
        raise AssertionError(
            f"{case}: findings do not match.\n  missing (line, code): {sorted((expected - found).elements())}\n"
            f"  unexpected (line, code): {sorted((found - expected).elements())}\n  all findings:\n{details}"
        )
    return result


@pytest.fixture
def affilint_plugins() -> list[Any]:
    """Extra plugin objects for ``affilint_lint``; override this fixture to add your plugin."""
    return []


@pytest.fixture
def affilint_lint(affilint_plugins: list[Any]):
    """``affilint_lint(html, select=..., config=...) -> FileResult`` with your plugins registered."""

    def run(html: str, **kwargs: Any) -> FileResult:
        kwargs.setdefault("plugins", affilint_plugins)
        return lint(html, **kwargs)

    return run
