"""Loading plugins and collecting what they contribute: rules, shared data and report formats.

Built-in rules and formats are plugins like any other, so the public contract in ``hookspecs.py`` is
exercised by affilint's own code on every run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

import pluggy

from affilint import hookspecs
from affilint.rule import Rule

AUTOLOAD_OFF_ENV = "AFFILINT_DISABLE_PLUGIN_AUTOLOAD"
BUILTIN_PLUGINS = ("affilint.rules", "affilint.report.builtin")


class PluginError(Exception):
    """A plugin contributed something affilint cannot use (duplicate code, bad metadata, bad data)."""


@dataclass(frozen=True)
class RuleEntry:
    """A registered rule class and the plugin that contributed it."""

    rule: type[Rule]
    plugin: str


@dataclass
class Registry:
    """Everything the installed plugins contribute, validated once per process."""

    rules: dict[str, RuleEntry] = field(default_factory=dict)
    data: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    formats: dict[str, type] = field(default_factory=dict)
    plugins: tuple[str, ...] = ()

    def rule_by_code_or_name(self, key: str) -> RuleEntry | None:
        if key.upper() in self.rules:
            return self.rules[key.upper()]
        for entry in self.rules.values():
            if entry.rule.name == key:
                return entry
        return None


def make_plugin_manager(extra_plugins: Iterable[Any] = (), autoload: bool | None = None) -> pluggy.PluginManager:
    """Create the plugin manager: built-ins first, then installed entry points, then ``extra_plugins``."""
    import importlib

    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    # Built-ins first, so anything a third party registers twice is blamed on the third party.
    for module_name in BUILTIN_PLUGINS:
        pm.register(importlib.import_module(module_name), name="builtin" if module_name == "affilint.rules" else module_name)
    if autoload is None:
        autoload = not os.environ.get(AUTOLOAD_OFF_ENV)
    if autoload:
        _load_entry_points(pm)
    for plugin in extra_plugins:
        if not pm.is_registered(plugin):
            pm.register(plugin, name=getattr(plugin, "__name__", None) or type(plugin).__name__)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"plugin {exc.plugin!r} implements an unknown hook: {exc}") from None
    return pm


def _load_entry_points(pm: pluggy.PluginManager) -> None:
    """Register every installed ``affilint`` entry point; a broken one is a :class:`PluginError` naming it."""
    from importlib.metadata import entry_points

    for entry_point in sorted(entry_points(group=hookspecs.PROJECT), key=lambda ep: ep.name):
        dist = getattr(entry_point, "dist", None)
        origin = f"entry point {entry_point.name!r} ({entry_point.value}" + (f", from {dist.name} {dist.version})" if dist else ")")
        try:
            plugin = entry_point.load()
        except Exception as exc:
            raise PluginError(f"{origin} failed to load: {type(exc).__name__}: {exc}") from None
        if pm.is_registered(plugin) or pm.get_plugin(entry_point.name) is not None:
            continue
        pm.register(plugin, name=entry_point.name)


def _call(impl: Any) -> Any:
    """Call one plugin's hook implementation, turning its failure into a :class:`PluginError`."""
    try:
        return impl.function()
    except Exception as exc:
        raise PluginError(f"plugin {impl.plugin_name!r}: {impl.function.__name__} raised {type(exc).__name__}: {exc}") from None


def build_registry(extra_plugins: Iterable[Any] = (), autoload: bool | None = None) -> Registry:
    """Load plugins and collect their rules, data and formats; raise :class:`PluginError` on conflicts."""
    pm = make_plugin_manager(extra_plugins, autoload)
    registry = Registry(plugins=tuple(sorted(pm.get_name(p) or repr(p) for p in pm.get_plugins())))
    # Hook implementations run in registration order (built-ins first), so conflicts name the newcomer.
    for impl in pm.hook.affilint_register_rules.get_hookimpls():
        rules = _call(impl) or ()
        if not isinstance(rules, (list, tuple, set, frozenset)):
            raise PluginError(f"plugin {impl.plugin_name!r}: affilint_register_rules must return a list of Rule classes")
        for rule in rules:
            _add_rule(registry, rule, impl.plugin_name)
    data: dict[str, list[Any]] = {}
    for impl in pm.hook.affilint_contribute_data.get_hookimpls():
        contributed = _call(impl) or {}
        if not isinstance(contributed, Mapping):
            raise PluginError(f"plugin {impl.plugin_name!r}: affilint_contribute_data must return a mapping")
        for kind, entries in contributed.items():
            if not isinstance(kind, str) or not isinstance(entries, (list, tuple)):
                raise PluginError(f"plugin {impl.plugin_name!r}: data kind {kind!r} must map to a list of entries")
            data.setdefault(kind, []).extend(entries)
    registry.data = {kind: tuple(entries) for kind, entries in data.items()}
    _validate_data(registry.data)
    from affilint.report.base import Formatter

    for impl in pm.hook.affilint_register_formats.get_hookimpls():
        formats = _call(impl) or {}
        if not isinstance(formats, Mapping):
            raise PluginError(f"plugin {impl.plugin_name!r}: affilint_register_formats must return a mapping")
        for name, formatter in formats.items():
            if not (isinstance(formatter, type) and issubclass(formatter, Formatter)):
                raise PluginError(f"plugin {impl.plugin_name!r}: format {name!r} must be an affilint Formatter subclass")
            if name in registry.formats:
                raise PluginError(f"report format {name!r} is registered twice (second by {impl.plugin_name!r})")
            registry.formats[name] = formatter
    return registry


def _validate_data(data: Mapping[str, tuple[Any, ...]]) -> None:
    """Reject malformed shared data now, with the entry named, rather than on the first page."""
    from affilint.affiliate import AffiliateClassifier, AffiliateDataError
    from affilint.autoaffiliate import AutoAffiliateDetector
    from affilint.disclosures import DisclosureLexicon

    try:
        AffiliateClassifier(data.get("affiliate_networks", ()), data.get("cloaking_paths", ()))
        AutoAffiliateDetector(data.get("auto_affiliate_scripts", ()), data.get("auto_affiliate_merchants", ()))
        DisclosureLexicon(data.get("disclosure_phrases", ()))
    except AffiliateDataError as exc:
        raise PluginError(f"invalid plugin data: {exc}") from None


def _add_rule(registry: Registry, rule: Any, plugin_name: str) -> None:
    if not (isinstance(rule, type) and issubclass(rule, Rule)):
        raise PluginError(f"plugin {plugin_name!r} registered {rule!r}, which is not an affilint.Rule subclass")
    problems = rule.metadata_problems()
    if problems:
        raise PluginError(f"plugin {plugin_name!r}, rule {rule.__name__}: " + "; ".join(problems))
    existing = registry.rules.get(rule.code)
    if existing is not None:
        raise PluginError(
            f"rule code {rule.code} is registered twice: by {existing.plugin!r} ({existing.rule.__name__}) "
            f"and by {plugin_name!r} ({rule.__name__})"
        )
    for entry in registry.rules.values():
        if entry.rule.name == rule.name:
            raise PluginError(f"rule name {rule.name!r} is used by {entry.rule.code} and {rule.code}")
    registry.rules[rule.code] = RuleEntry(rule, plugin_name)
