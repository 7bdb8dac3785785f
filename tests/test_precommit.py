"""The pre-commit hook, tried the way a user would: `pre-commit try-repo` against a temporary git repository.

try-repo clones this repository at HEAD (plus changes to tracked files) and installs affilint from
it into a fresh environment, so this test also proves the package installs from a clean checkout.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "seed"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    repo = tmp_path / "site"
    (repo / "posts").mkdir(parents=True)
    (repo / "posts" / "bad.html").write_bytes((SEED / "news-with-product-plugs.html").read_bytes())
    (repo / "posts" / "good.html").write_bytes((SEED / "news-compliant.html").read_bytes())
    (repo / "README.md").write_text("not HTML, never linted\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "add", "."], cwd=repo, check=True)
    return repo


def try_repo(site: Path, *files: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PRE_COMMIT_HOME=str(site.parent / "pre-commit-home"), NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "affilint", "--color", "never", "--verbose", "--files", *files],
        cwd=site, env=env, capture_output=True, text=True, timeout=600,
    )


def test_hook_fails_on_the_bad_page_and_passes_on_the_good(site):
    bad = try_repo(site, "posts/bad.html", "README.md")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "affilint" in bad.stdout and "Failed" in bad.stdout
    assert "posts/bad.html" in bad.stdout and "AFF001" in bad.stdout

    good = try_repo(site, "posts/good.html", "README.md")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout and "AFF001" not in good.stdout
