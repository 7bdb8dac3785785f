"""Which inputs a command line names: files, directories (recursively), globs, and ``-`` for stdin.

Explicitly named files are always linted unless ``--force-exclude`` is given (pre-commit passes file
names explicitly, and excludes must still apply then). Directories are walked in sorted order so
reports are stable. Globs match WARC archives too; directory walks take only HTML files, so an
archive is read only when it is asked for.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from affilint.config import HTML_SUFFIXES, ConfigResolver
from affilint.warc import is_warc

STDIN = "-"
_GLOB_CHARS = set("*?[")


@dataclass(frozen=True)
class Input:
    """One thing to lint: a file path, stdin, or a problem to report in place of a file."""

    display: str
    path: Path | None = None  # None for stdin
    problem: tuple[str, str] | None = None  # (error code, message) when the input cannot be linted


def discover(arguments: list[str], resolver: ConfigResolver, force_exclude: bool = False) -> Iterator[Input]:
    """Expand command-line arguments into inputs, in order, without duplicates."""
    seen: set[Path] = set()
    for argument in arguments:
        if argument == STDIN:
            yield Input(STDIN)
            continue
        path = Path(argument)
        if not path.exists() and _GLOB_CHARS & set(argument):
            matches = sorted(glob.glob(argument, recursive=True))
            if not matches:
                yield Input(argument, problem=("not-found", "glob pattern matched no files"))
                continue
            found = False
            for match in matches:
                match_path = Path(match)
                if match_path.is_dir():
                    stats = {"html": 0}
                    yield from _walk(match_path, resolver, seen, argument_display=match, stats=stats)
                    found = found or bool(stats["html"])
                elif (_is_html(match_path) or is_warc(match_path)) and not resolver.for_path(match_path).is_excluded(match_path):
                    found = True
                    if _first_time(match_path.resolve(), seen):
                        yield Input(match, match_path)
            if not found:
                yield Input(argument, problem=("no-html-files", f"glob pattern matched {len(matches)} path(s) but no HTML files that are not excluded"))
            continue
        if path.is_dir():
            if force_exclude and resolver.for_path(path).is_excluded(path):
                continue
            stats = {"html": 0}
            yield from _walk(path, resolver, seen, argument_display=argument, stats=stats)
            if not stats["html"]:
                config = resolver.for_path(path)
                if config.is_excluded(path / "_"):
                    message = (f"directory is excluded by {config.label} (exclude/extend-exclude); "
                               "name its files explicitly or change the pattern")
                else:
                    message = f"directory contains no HTML files ({', '.join('*' + s for s in HTML_SUFFIXES)}) that are not excluded"
                yield Input(argument, problem=("no-html-files", message))
            continue
        if force_exclude and path.exists() and resolver.for_path(path).is_excluded(path):
            continue
        if not path.exists():
            yield Input(argument, path, problem=("not-found", "no such file or directory"))
            continue
        if _first_time(path.resolve(), seen):
            yield Input(argument, path)


def _walk(root: Path, resolver: ConfigResolver, seen: set[Path], argument_display: str, stats: dict[str, int] | None = None) -> Iterator[Input]:
    """HTML files under ``root``, not excluded and not yet seen; ``stats['html']`` counts them all."""
    for directory, subdirs, files in os.walk(root):
        current = Path(directory)
        config = resolver.for_directory(current)
        subdirs[:] = sorted(d for d in subdirs if not config.is_excluded(current / d))
        real_directory = None
        for name in sorted(files):
            candidate = current / name
            if not _is_html(candidate):
                continue
            # candidate.resolve(), from the directory's real path: one lstat a file, not one a component
            real_directory = real_directory or os.path.realpath(directory)
            resolved = candidate.resolve() if os.path.islink(candidate) else Path(real_directory, name)
            if not config.is_excluded(candidate, resolved):
                if stats is not None:
                    stats["html"] += 1
                if _first_time(resolved, seen):
                    yield Input(_display(candidate, root, argument_display), candidate)


def _display(candidate: Path, root: Path, argument_display: str) -> str:
    """Keep paths as the user wrote them: ``fixtures/`` + relative remainder."""
    relative = candidate.relative_to(root).as_posix()
    base = argument_display.rstrip("/\\")
    return relative if base in ("", ".") else f"{base}/{relative}"


def _is_html(path: Path) -> bool:
    return path.suffix.lower() in HTML_SUFFIXES


def _first_time(key: Path, seen: set[Path]) -> bool:
    """Whether the file whose resolved path is ``key`` is met for the first time."""
    if key in seen:
        return False
    seen.add(key)
    return True
