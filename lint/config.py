"""Configuration: ``[tool.affilint]`` in pyproject.toml or an ``affilint.toml``, found upward from each
linted path. Unknown keys and bad values are errors that name the file and the key.

Rule tables (``[rules.AFF001]`` or ``[rules.affiliate-link-without-sponsored]``) are checked against
the registered rules later, by :mod:`affilint.settings`, since only then is the rule set known.
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Mapping

from affilint.errors import ConfigError
from affilint.finding import Severity

CONFIG_FILES = ("affilint.toml", ".affilint.toml", "pyproject.toml")
FAIL_ON = ("error", "warning", "info", "never")
DEFAULT_EXCLUDE = (
    ".git", ".hg", ".svn", ".bzr", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".nox",
    ".mypy_cache", ".pytest_cache", ".ruff_cache", ".affilint_cache",
)
DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024
HTML_SUFFIXES = (".html", ".htm", ".xhtml")


@dataclass(frozen=True)
class Config:
    """One configuration file's settings (or the defaults), with the directory its paths are relative to."""

    root: Path
    source: Path | None = None
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    fail_on: str = "error"
    main_content_selector: str | None = None
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    needs_review_below: float = 0.5
    report_unused_suppressions: bool = False
    base_url: str | None = None
    rules: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    affiliate_networks: tuple[Mapping[str, Any], ...] = ()  # the user's own networks (data-file fields)
    cloaking_paths: tuple[str, ...] = ()  # the site's own cloaked-link prefixes, e.g. "/out/"
    key_prefix: str = ""  # "tool.affilint." for pyproject.toml, so errors name keys as written

    @property
    def label(self) -> str:
        return str(self.source) if self.source else "<defaults>"

    def relative(self, path: Path, resolved: Path | None = None) -> str:
        """``path`` relative to this config's root, POSIX style ('' when outside it); ``resolved`` is
        ``path.resolve()`` when the caller knows it already."""
        try:
            return (resolved or path.resolve()).relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return ""

    def is_excluded(self, path: Path, resolved: Path | None = None) -> bool:
        rel = self.relative(path, resolved) or path.as_posix()
        return any_matches((*self.exclude, *self.extend_exclude))(rel)

    def ignored_for(self, path: Path) -> tuple[str, ...]:
        rel = self.relative(path) or path.as_posix()
        codes: list[str] = []
        for pattern, ignored in self.per_file_ignores:
            if path_matches(rel, pattern):
                codes.extend(ignored)
        return tuple(codes)


def path_matches(rel: str, pattern: str) -> bool:
    """gitignore-like matching: a pattern without '/' matches any path component; else the path."""
    pattern = pattern.strip()
    if pattern.startswith("./"):
        pattern = pattern[2:]
    pattern = pattern.rstrip("/")
    if not pattern:
        return False
    if "/" not in pattern:
        return any(fnmatch.fnmatchcase(part, pattern) for part in rel.split("/"))
    pattern = pattern.lstrip("/")
    if pattern.startswith("**/"):
        return path_matches(rel, pattern[3:]) or fnmatch.fnmatchcase(rel, pattern)
    return fnmatch.fnmatchcase(rel, pattern) or fnmatch.fnmatchcase(rel, pattern + "/*")


@lru_cache(maxsize=64)
def any_matches(patterns: tuple[str, ...]) -> Callable[[str], bool]:
    """A test equal to ``any(path_matches(rel, p) for p in patterns)``, built once per pattern list:
    the patterns without '/' (all the default excludes) become one regular expression tried on each
    path component, since discovery tests every file against every pattern."""
    components: list[str] = []
    whole: list[str] = []
    for pattern in patterns:
        cleaned = pattern.strip()
        if cleaned.startswith("./"):
            cleaned = cleaned[2:]
        cleaned = cleaned.rstrip("/")
        if not cleaned:
            continue
        if "/" in cleaned:
            whole.append(pattern)
        else:
            components.append(fnmatch.translate(cleaned))
    component = re.compile("|".join(components)).match if components else None

    def matches(rel: str) -> bool:
        if component is not None and any(component(part) for part in rel.split("/")):
            return True
        return any(path_matches(rel, pattern) for pattern in whole)

    return matches


def find_config(start: Path) -> Path | None:
    """The nearest configuration file at or above ``start`` (a directory)."""
    directory = start.resolve()
    for candidate_dir in (directory, *directory.parents):
        for name in CONFIG_FILES:
            candidate = candidate_dir / name
            if candidate.is_file():
                if name != "pyproject.toml" or _has_tool_table(candidate):
                    return candidate
    return None


def _has_tool_table(pyproject: Path) -> bool:
    """Whether ``pyproject`` configures affilint. One that cannot be parsed but names the table
    (``[tool.affilint``) counts, so that :func:`load_config` reports its error instead of the run
    silently falling back to defaults or to a configuration further up."""
    try:
        raw = pyproject.read_bytes()
    except OSError:
        return False
    try:
        tool = tomllib.loads(raw.decode("utf-8")).get("tool", {})
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return b"tool.affilint" in raw
    return isinstance(tool, dict) and "affilint" in tool


def load_config(path: Path) -> Config:
    """Read and validate one configuration file."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except UnicodeDecodeError as exc:  # TOML files are UTF-8 by definition
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start}); TOML files must be UTF-8") from None
    prefix = ""
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        data = tool.get("affilint", {}) if isinstance(tool, dict) else {}
        prefix = "tool.affilint."
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: [{prefix.rstrip('.') or 'affilint'}] must be a table")
    return config_from_mapping(data, root=path.parent, source=path, prefix=prefix)


def config_from_mapping(data: Mapping[str, Any], root: Path, source: Path | None = None, prefix: str = "") -> Config:
    """Validate a configuration mapping (keys in kebab-case, as written in TOML)."""
    where = str(source) if source else "configuration"
    values: dict[str, Any] = {}

    def fail(key: str, problem: str) -> None:
        raise ConfigError(f"{where}: {prefix}{key}: {problem}")

    for key, value in data.items():
        if key not in _KEYS:
            close = fnmatch.filter(_KEYS, f"*{key[:4]}*")
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            fail(key, f"unknown key{hint}; known keys: {', '.join(sorted(_KEYS))}")
        kind = _KEYS[key]
        attr = key.replace("-", "_")
        if kind == "codes":
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                fail(key, "expected a list of rule codes, prefixes or names")
            values[attr] = tuple(v.strip() for v in value)
        elif kind == "globs":
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                fail(key, "expected a list of glob patterns")
            values[attr] = tuple(value)
        elif kind == "per-file":
            if not isinstance(value, dict):
                fail(key, 'expected a table of glob = ["CODE", ...]')
            pairs = []
            for pattern, codes in value.items():
                if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                    fail(f"{key}.{pattern}", "expected a list of rule codes, prefixes or names")
                pairs.append((pattern, tuple(codes)))
            values[attr] = tuple(pairs)
        elif kind == "fail-on":
            if value not in FAIL_ON:
                fail(key, f"expected one of {', '.join(FAIL_ON)}, got {value!r}")
            values[attr] = value
        elif kind == "string":
            if not isinstance(value, str) or not value.strip():
                fail(key, "expected a non-empty string")
            values[attr] = value.strip()
        elif kind == "url":
            if not isinstance(value, str) or not value.strip().lower().startswith(("http://", "https://")):
                fail(key, f"expected an absolute http(s) URL, got {value!r}")
            values[attr] = value.strip()
        elif kind == "size":
            try:
                values[attr] = parse_size(value)
            except ValueError as exc:
                fail(key, str(exc))
        elif kind == "fraction":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
                fail(key, f"expected a number between 0 and 1, got {value!r}")
            values[attr] = float(value)
        elif kind == "bool":
            if not isinstance(value, bool):
                fail(key, f"expected true or false, got {value!r}")
            values[attr] = value
        elif kind == "networks":
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                fail(key, "expected an array of tables ([[affiliate-networks]]) with id, name and hosts")
            entries = tuple({"source": f"configuration ({where})", **entry} for entry in value)
            from affilint.affiliate import AffiliateClassifier, AffiliateDataError

            try:
                AffiliateClassifier(entries)
            except AffiliateDataError as exc:
                fail(key, str(exc))
            values[attr] = entries
        elif kind == "prefixes":
            if not isinstance(value, list) or not all(isinstance(v, str) and v.startswith("/") and v.endswith("/") and len(v) > 2 for v in value):
                fail(key, 'expected a list of path prefixes such as "/out/"')
            values[attr] = tuple(value)
        elif kind == "rules":
            if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
                fail(key, "expected a table of rule tables, e.g. [rules.AFF001]")
            for rule_key, table in value.items():
                severity = table.get("severity")
                if severity is not None:
                    try:
                        Severity.parse(severity)
                    except ValueError as exc:
                        fail(f"rules.{rule_key}.severity", str(exc))
            values[attr] = value
    if "main_content_selector" in values:
        from affilint.content import compile_selector

        try:
            compile_selector(values["main_content_selector"])
        except ConfigError as exc:
            fail("main-content-selector", str(exc))
    return Config(root=root, source=source, key_prefix=prefix, **values)


def parse_size(value: Any) -> int:
    """A byte count from an integer or a string such as ``"5MB"``, ``"512 KiB"``."""
    if isinstance(value, bool):
        raise ValueError(f"expected a size such as 5000000 or '5MB', got {value!r}")
    if isinstance(value, int):
        if value <= 0:
            raise ValueError(f"expected a positive size, got {value}")
        return value
    if isinstance(value, str):
        text = value.strip().upper().replace(" ", "")
        for suffix, factor in (("KIB", 1024), ("MIB", 1024**2), ("GIB", 1024**3), ("KB", 1000), ("MB", 1000**2), ("GB", 1000**3), ("B", 1)):
            if text.endswith(suffix):
                number = text[: -len(suffix)]
                break
        else:
            number, factor = text, 1
        try:
            size = int(float(number) * factor)
        except (ValueError, OverflowError):
            size = 0
        if size > 0:
            return size
    raise ValueError(f"expected a size such as 5000000 or '5MB', got {value!r}")


_KEYS = {
    "select": "codes",
    "extend-select": "codes",
    "ignore": "codes",
    "exclude": "globs",
    "extend-exclude": "globs",
    "per-file-ignores": "per-file",
    "fail-on": "fail-on",
    "main-content-selector": "string",
    "max-file-size": "size",
    "needs-review-below": "fraction",
    "report-unused-suppressions": "bool",
    "base-url": "url",
    "rules": "rules",
    "affiliate-networks": "networks",
    "cloaking-paths": "prefixes",
}


class ConfigResolver:
    """Finds and caches the configuration that applies to each path."""

    def __init__(self, explicit: Path | None = None, isolated: bool = False, cwd: Path | None = None) -> None:
        self.cwd = (cwd or Path.cwd()).resolve()
        self.isolated = isolated
        self._explicit = load_config(explicit) if explicit else None
        self._by_file: dict[Path, Config] = {}
        self._by_dir: dict[Path, Config] = {}  # by resolved directory
        self._by_name: dict[Path, Config] = {}  # by directory as asked for
        self._default = Config(root=self.cwd)  # one object, so rule sets built for it are reused

    def for_directory(self, directory: Path) -> Config:
        if self._explicit is not None:
            return self._explicit
        if self.isolated:
            return self._default
        cached = self._by_name.get(directory)  # each file of a run asks for its folder: resolve it once
        if cached is not None:
            return cached
        resolved = directory.resolve()
        cached = self._by_dir.get(resolved)
        if cached is None:
            found = find_config(resolved)
            if found is None:
                cached = self._default
            else:
                cached = self._by_file.get(found) or self._by_file.setdefault(found, load_config(found))
            self._by_dir[resolved] = cached
        self._by_name[directory] = cached
        return cached

    def for_path(self, path: Path) -> Config:
        return self.for_directory(path if path.is_dir() else (path.parent if str(path.parent) else Path(".")))

    def project(self) -> Config:
        """The configuration for run-wide settings (fail-on, format defaults): the one for the cwd."""
        return self.for_directory(self.cwd)
