"""Turning a configuration plus command-line overrides into the concrete rule set for a file:
which rules run, at what severity, with which validated options."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from affilint.config import Config
from affilint.errors import ConfigError, UsageError
from affilint.finding import Severity
from affilint.plugins import Registry
from affilint.rule import Rule
from affilint.selection import is_selected, specificity, unknown_selectors


@dataclass(frozen=True)
class Overrides:
    """Command-line settings that beat the configuration files."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    main_content_selector: str | None = None
    max_file_size: int | None = None
    url: str | None = None
    report_unused_suppressions: bool | None = None


@dataclass(frozen=True)
class ActiveRule:
    rule: Rule
    severity: Severity


@dataclass(frozen=True)
class RuleSet:
    """The rules that run for files governed by one configuration."""

    active: tuple[ActiveRule, ...]
    config: Config
    overrides: Overrides

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(a.rule.code for a in self.active)

    @property
    def main_content_selector(self) -> str | None:
        return self.overrides.main_content_selector or self.config.main_content_selector

    @property
    def max_file_size(self) -> int:
        return self.overrides.max_file_size or self.config.max_file_size

    @property
    def report_unused_suppressions(self) -> bool:
        if self.overrides.report_unused_suppressions is not None:
            return self.overrides.report_unused_suppressions
        return self.config.report_unused_suppressions


def build_ruleset(registry: Registry, config: Config, overrides: Overrides) -> RuleSet:
    """Resolve selection, severities and options; raise :class:`ConfigError` naming any bad key."""
    rules = [entry.rule for entry in registry.rules.values()]
    for origin, selectors in (
        ("select", config.select or ()),
        ("extend-select", config.extend_select),
        ("ignore", config.ignore),
        ("--select", overrides.select or ()),
        ("--extend-select", overrides.extend_select),
        ("--ignore", overrides.ignore),
        ("per-file-ignores", tuple(code for _pattern, codes in config.per_file_ignores for code in codes)),
    ):
        unknown = unknown_selectors(selectors, rules)
        if unknown:
            problem = (
                f"unknown rule selector(s) {', '.join(map(repr, unknown))} "
                "(use a rule code such as AFF001, a prefix such as AFF, a rule name, or ALL; see `affilint rules`)"
            )
            if origin.startswith("--"):
                raise UsageError(f"{origin}: {problem}")
            raise ConfigError(f"{config.label}: {config.key_prefix}{origin}: {problem}")
    enabled = {rule.code for rule in rules if rule.default_enabled}
    # Layers apply in order, configuration first, command line last (as in Ruff): a layer with
    # `select` starts afresh; otherwise it edits what the previous layer left.
    for select, extend, ignore in (
        (config.select, config.extend_select, config.ignore),
        (overrides.select, overrides.extend_select, overrides.ignore),
    ):
        enabled = _apply_layer(rules, enabled, select, extend, ignore)
    tables = _rule_tables(registry, config)
    active = []
    for rule_class in sorted(rules, key=lambda r: r.code):
        if rule_class.code not in enabled:
            continue
        table = tables.get(rule_class.code, {})
        severity = Severity.parse(table["severity"]) if "severity" in table else rule_class.severity
        options = {key: value for key, value in table.items() if key != "severity"}
        active.append(ActiveRule(rule_class(options), severity))
    return RuleSet(tuple(active), config, overrides)


def _apply_layer(
    rules: list[type[Rule]],
    enabled: set[str],
    select: tuple[str, ...] | None,
    extend: tuple[str, ...],
    ignore: tuple[str, ...],
) -> set[str]:
    """One layer of selection; within a layer the more specific selector wins, ignore on a tie."""
    result = set()
    for rule in rules:
        if select is not None:
            keep = is_selected(rule, (*select, *extend), ignore)
        else:
            carried = rule.code in enabled and not any(specificity(s, rule) is not None for s in ignore)
            keep = carried or is_selected(rule, extend, ignore)
        if keep:
            result.add(rule.code)
    return result


def _rule_tables(registry: Registry, config: Config) -> dict[str, dict[str, Any]]:
    tables: dict[str, dict[str, Any]] = {}
    named_by: dict[str, str] = {}
    where = f"{config.label}: {config.key_prefix}rules"
    for key, table in config.rules.items():
        entry = registry.rule_by_code_or_name(key)
        if entry is None:
            raise ConfigError(f"{where}.{key}: no rule has this code or name (see `affilint rules`)")
        rule = entry.rule
        if rule.code in named_by:
            raise ConfigError(f"{where}.{key}: {rule.code} is already configured as rules.{named_by[rule.code]}; use one table")
        named_by[rule.code] = key
        for option, value in table.items():
            if option == "severity":
                continue
            spec = rule.options.get(option)
            if spec is None:
                known = ", ".join(["severity", *rule.options]) or "severity"
                raise ConfigError(f"{where}.{key}.{option}: unknown option for {rule.code} (known: {known})")
            problem = spec.validate(value)
            if problem:
                raise ConfigError(f"{where}.{key}.{option}: {problem}")
        tables.setdefault(rule.code, {}).update(table)
    return tables
