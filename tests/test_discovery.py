"""Discovery's shortcuts give what the plain definitions give: the compiled exclude test equals
``path_matches`` pattern by pattern, and a walk resolves symlinked files as ``Path.resolve`` does."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from affilint.config import DEFAULT_EXCLUDE, ConfigResolver, any_matches, path_matches
from affilint.inputs import discover
from helpers_cli import CLEAN_HTML, write

PATTERNS = [
    *DEFAULT_EXCLUDE, "drafts", "drafts/", "./drafts", "././drafts/x", " *.tmp.html ", "a?c", "[ab]*", "/", "", "  ",
    "site/drafts", "/site/drafts/", "**/old", "**/old/*.html", "site/*/index.html", "**", "*", "x[!y]z", "[", "a/**/b",
]
PATHS = [
    "", ".", "index.html", "drafts", "drafts/a.html", "site/drafts/a.html", "site/x/index.html", "node_modules/p/a.html",
    "a.tmp.html", "abc/x.html", "b/old/p.html", "old/p.html", "xqz.html", "xyz", "x/xzz/y.html", "a/b", "a/q/r/b", "[", ".git",
    "/abs/drafts/a.html", "C:/windows/like.html", "dir.with.dots/a.htm",
]


@pytest.mark.parametrize("patterns", [tuple(PATTERNS), DEFAULT_EXCLUDE, (), ("drafts/",), ("site/drafts",), tuple(p for p in PATTERNS if "/" not in p)])
def test_any_matches_is_path_matches_for_every_pattern(patterns):
    test = any_matches(patterns)
    for rel in PATHS:
        assert test(rel) == any(path_matches(rel, pattern) for pattern in patterns), rel


def test_walk_resolves_files_and_symlinks_as_path_resolve_does(tmp_path):
    site = tmp_path / "site"
    write(site, "a.html", CLEAN_HTML)
    write(site, "sub/b.html", CLEAN_HTML)
    write(tmp_path / "elsewhere", "c.html", CLEAN_HTML)
    os.symlink(site / "a.html", site / "sub" / "link-to-a.html")  # the same file: reported once
    os.symlink(tmp_path / "elsewhere" / "c.html", site / "link-to-c.html")
    os.symlink(tmp_path / "elsewhere", site / "linked-dir")  # os.walk does not follow it
    found = [item.display for item in discover([str(site)], ConfigResolver(isolated=True, cwd=tmp_path))]
    assert found == [f"{site}/a.html", f"{site}/link-to-c.html", f"{site}/sub/b.html"]


def test_walk_excludes_by_the_resolved_path(tmp_path, monkeypatch):
    write(tmp_path, "affilint.toml", 'extend-exclude = ["elsewhere"]\n')
    site = tmp_path / "site"
    write(site, "a.html", CLEAN_HTML)
    write(tmp_path / "elsewhere", "c.html", CLEAN_HTML)
    os.symlink(tmp_path / "elsewhere" / "c.html", site / "link-to-c.html")  # resolves into an excluded folder
    monkeypatch.chdir(tmp_path)
    found = [item.display for item in discover(["site"], ConfigResolver(cwd=tmp_path))]
    assert found == ["site/a.html"]
