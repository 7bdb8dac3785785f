"""The whole plugin contract. A plugin author reads this one file.

A plugin is any module or object with functions marked ``@affilint.hookimpl`` named like the specs
below; packages register it under the ``affilint`` entry-point group::

    [project.entry-points.affilint]
    myplugin = "my_package.affilint_plugin"

The built-in rules (``affilint.rules``) and report formats register through these same hooks.
Implementations may accept fewer arguments than a spec lists (pluggy passes only what they name), so
arguments can be added to a hook later without breaking plugins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Mapping

import pluggy

if TYPE_CHECKING:  # pragma: no cover
    from affilint.report.base import Formatter
    from affilint.rule import Rule

PROJECT = "affilint"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def affilint_register_rules() -> Iterable[type["Rule"]]:
    """Return the rule classes this plugin contributes (called once per run)."""


@hookspec
def affilint_contribute_data() -> Mapping[str, Iterable[Any]]:
    """Return data to merge into the shared registries, keyed by kind.

    The document model reads ``affiliate_networks`` and ``cloaking_paths`` (as in
    ``affilint/rules/data/affiliate_networks.toml``), ``auto_affiliate_scripts`` and
    ``auto_affiliate_merchants`` (``auto_affiliate.toml``) and ``disclosure_phrases``
    (``disclosures.toml``); malformed entries are rejected at load time with the entry named.
    Any other kind is kept as given, merged across plugins, and read by rules with ``doc.data(kind)``.
    """


@hookspec
def affilint_register_formats() -> Mapping[str, type["Formatter"]]:
    """Return report formats as ``{name: Formatter subclass}`` for ``--format NAME``."""
