"""The package builds as an sdist and a wheel (built from the sdist), installs ``lint/`` as
``affilint`` and ``rules/`` as ``affilint.rules`` with their data files, and never as ``lint``/``rules``."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytest.importorskip("build")


@pytest.fixture(scope="module")
def dists(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)], capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    wheel = next(out.glob("affilint-*.whl"))
    sdist = next(out.glob("affilint-*.tar.gz"))
    return wheel, sdist


def test_wheel_holds_affilint_and_affilint_rules_with_data(dists):
    wheel, _ = dists
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "affilint/__init__.py",
        "affilint/hookspecs.py",
        "affilint/schemas/report.schema.json",
        "affilint/data/abbreviations.txt",
        "affilint/rules/__init__.py",
        "affilint/rules/data/affiliate_networks.toml",
        "affilint/rules/data/commerce.toml",
        "affilint/data/claims.toml",
    ):
        assert required in names, required
    assert not any(name.startswith(("lint/", "rules/")) for name in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[affilint]\nbuiltin = affilint.rules" in text
    assert "[pytest11]\naffilint = affilint.testing" in text
    assert "affilint = affilint.cli:main" in text


def test_sdist_holds_the_source_tree(dists):
    _, sdist = dists
    names = {name.split("/", 1)[1] for name in tarfile.open(sdist).getnames() if "/" in name}
    for required in ("pyproject.toml", "README.md", "lint/engine.py", "rules/data/affiliate_networks.toml", "lint/schemas/report.schema.json"):
        assert required in names, required


def test_unpacked_wheel_runs_and_finds_builtin_rules(dists, tmp_path):
    wheel, _ = dists
    zipfile.ZipFile(wheel).extractall(tmp_path)
    code = (
        "import affilint, affilint.rules, json, sys;"
        "from affilint.plugins import build_registry;"
        f"assert affilint.__file__.startswith({str(tmp_path)!r}), affilint.__file__;"
        "print(json.dumps(sorted(build_registry().rules)))"
    )
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "AFF001" in result.stdout and "SRC001" in result.stdout
