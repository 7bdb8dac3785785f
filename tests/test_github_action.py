"""The composite GitHub Action (action.yml): its run steps executed as the runner would run them,
with the runner's environment files, and its wiring checked."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "seed"
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS = {step.get("id") or step["name"]: step for step in ACTION["runs"]["steps"]}


def outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines() if "=" in line)


def run_step(step_id: str, tmp_path: Path, env: dict[str, str], cwd: Path) -> tuple[subprocess.CompletedProcess, dict[str, str]]:
    """Run a step's script as the runner does (`bash --noprofile --norc -eo pipefail`), with its `env:` as plain values."""
    github_output = tmp_path / f"{step_id}-output"
    github_output.write_text("", encoding="utf-8")
    full_env = dict(os.environ, RUNNER_TEMP=str(tmp_path), GITHUB_OUTPUT=str(github_output), GITHUB_PATH=str(tmp_path / "path"), **env)
    script = STEPS[step_id]["run"]
    result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], env=full_env, cwd=cwd, capture_output=True, text=True, timeout=600)
    return result, outputs(github_output)


def test_wiring():
    assert ACTION["runs"]["using"] == "composite"
    assert {"paths", "args", "version", "format", "output", "upload-sarif"} <= set(ACTION["inputs"])
    upload = STEPS["Upload SARIF to code scanning"]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == "${{ inputs.output }}"
    assert "inputs.format == 'sarif'" in upload["if"]
    assert ACTION["inputs"]["format"]["default"] == "sarif"
    # Inputs reach scripts only through env, so no input can inject shell code.
    for step in ACTION["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step["name"]
        for value in step.get("env", {}).values():
            assert re.fullmatch(r"\$\{\{ [\w.-]+ \}\}", value)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The install step, installing the action's own checkout (the default when `version` is empty)."""
    tmp = tmp_path_factory.mktemp("action")
    result, out = run_step("install", tmp, {"PYTHON": sys.executable, "AFFILINT_VERSION": "", "ACTION_PATH": str(ROOT)}, tmp)
    assert result.returncode == 0, result.stderr
    venv = Path(out["venv"])
    assert (tmp / "path").read_text(encoding="utf-8").strip() == str(venv / "bin")
    assert "affilint" in result.stdout  # it printed the installed version
    return venv


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "site" / "posts").mkdir(parents=True)
    (tmp_path / "site" / "posts" / "bad story.html").write_bytes((SEED / "news-with-product-plugs.html").read_bytes())
    (tmp_path / "site" / "posts" / "good.html").write_bytes((SEED / "news-compliant.html").read_bytes())
    return tmp_path / "site"


def lint(installed: Path, site: Path, tmp_path: Path, paths: str, args: str = "", fmt: str = "json"):
    env = {"VENV": str(installed), "INPUT_PATHS": paths, "INPUT_ARGS": args, "INPUT_FORMAT": fmt, "INPUT_OUTPUT": "report.json"}
    return run_step("lint", tmp_path, env, site)


def test_findings_write_the_report_and_set_exit_code_1(installed, site, tmp_path):
    result, out = lint(installed, site, tmp_path, "'posts/bad story.html' posts/good.html", '--select "AFF001, DIS001" --isolated')
    assert result.returncode == 0, result.stderr  # the step itself succeeds, so the upload still runs
    assert out == {"exit-code": "1", "report": "report.json"}
    report = json.loads((site / "report.json").read_text(encoding="utf-8"))
    assert [f["path"] for f in report["files"]] == ["posts/bad story.html", "posts/good.html"]
    assert {f["rule"] for f in report["files"][0]["findings"]} == {"AFF001", "DIS001"}


def test_clean_pages_give_exit_code_0(installed, site, tmp_path):
    result, out = lint(installed, site, tmp_path, "posts/good.html", "--isolated")
    assert result.returncode == 0 and out["exit-code"] == "0"


def test_usage_error_fails_the_step(installed, site, tmp_path):
    result, out = lint(installed, site, tmp_path, "posts", "--select NOPE999 --isolated")
    assert result.returncode == 2 and out["exit-code"] == "2"
    assert "::error" in result.stdout and "NOPE999" in result.stderr


def test_inputs_are_never_evaluated(installed, site, tmp_path):
    marker = tmp_path / "pwned"
    result, out = lint(installed, site, tmp_path, f"posts/good.html $(touch {marker})", "--isolated")
    assert not marker.exists()
    assert out["exit-code"] == "1"  # the odd words were linted as (missing) paths, not run
