"""The result cache: a warm run reports exactly what a cold run does; anything the result depends on
changes the key; corrupt, foreign or tampered-with-version entries are ignored; --fix never trusts a
cached result that has fixes to apply."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from helpers_cli import AFFILIATE_HTML, CLEAN_HTML, UNSOURCED_ARTICLE, check_json, run_cli, write


def _site(root: Path) -> Path:
    write(root, "a.html", AFFILIATE_HTML)
    write(root, "b.html", CLEAN_HTML)
    write(root, "news/c.html", UNSOURCED_ARTICLE)
    write(root, "empty.html", b"")
    return root


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("v*/*/*.json"))


@pytest.fixture
def site(tmp_path, monkeypatch):
    root = _site(tmp_path / "site")
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_warm_run_reports_exactly_what_a_cold_run_does(site, capsys, jobs):
    cold = check_json(capsys, "--jobs", jobs, ".")
    entries = _entries(site / ".affilint_cache")
    assert len(entries) == 4  # every result that depends only on the bytes, the empty file's too
    warm = check_json(capsys, "--jobs", jobs, ".")
    uncached = check_json(capsys, "--no-cache", ".")
    assert cold.out == warm.out == uncached.out and cold.code == warm.code == 1
    assert (site / ".affilint_cache" / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")


def test_warm_run_reads_the_cache_instead_of_linting(site, capsys):
    check_json(capsys, ".")
    for entry in _entries(site / ".affilint_cache"):  # tamper, keeping key and version valid
        data = json.loads(entry.read_text())
        for finding in data["result"]["findings"]:
            finding["message"] = "FROM THE CACHE"
        entry.write_text(json.dumps(data))
    warm = check_json(capsys, ".")
    assert {f["message"] for entry in warm.files for f in entry["findings"]} == {"FROM THE CACHE"}


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other-version", "other-key", "bad-severity"])
def test_corrupt_or_foreign_entries_are_ignored(site, capsys, damage):
    cold = check_json(capsys, ".")
    for entry in _entries(site / ".affilint_cache"):
        text = entry.read_text()
        data = json.loads(text)
        for finding in data["result"]["findings"]:
            finding["message"] = "STALE"
        if damage == "garbage":
            entry.write_bytes(b"\x00\xff not json")
            continue
        if damage == "truncated":
            entry.write_text(text[: len(text) // 2])
            continue
        if damage == "other-version":
            data["version"] = "0.0.1"
        elif damage == "other-key":
            data["key"] = "0" * 64
        elif damage == "bad-severity":
            for finding in data["result"]["findings"]:
                finding["severity"] = "catastrophic"
        entry.write_text(json.dumps(data))
    again = check_json(capsys, ".")
    assert again.out == cold.out


def test_changed_content_config_or_options_are_not_served_stale(site, capsys):
    check_json(capsys, ".")
    write(site, "b.html", AFFILIATE_HTML)  # content changes
    assert "AFF001" in check_json(capsys, ".").rules(1)
    only_src = check_json(capsys, "--select", "SRC", ".")  # selection changes
    assert all(f["rule"] == "SRC001" for entry in only_src.files for f in entry["findings"])
    write(site, "affilint.toml", 'ignore = ["AFF001"]\n')  # configuration changes
    assert "AFF001" not in check_json(capsys, ".", isolated=False).rules(0)
    no_cache = check_json(capsys, "--no-cache", ".", isolated=False)
    assert check_json(capsys, ".", isolated=False).out == no_cache.out


def test_same_bytes_at_another_path_get_their_own_result(site, capsys):
    write(site, "copy.html", AFFILIATE_HTML)
    report = check_json(capsys, ".")
    first, copy = report.file("a.html"), report.file("copy.html")
    assert first["findings"][0]["fingerprint"] != copy["findings"][0]["fingerprint"]


def test_fix_does_not_trust_cached_results_with_fixes(site, capsys):
    check_json(capsys, ".")  # the cache now holds a.html's AFF001 finding with its fix
    fixed = check_json(capsys, "--fix", ".")
    assert fixed.file("a.html")["fixed"] == 1
    assert 'rel="sponsored"' in (site / "a.html").read_text()
    after = check_json(capsys, ".")
    assert "AFF001" not in [f["rule"] for f in after.file("a.html")["findings"]]
    assert after.out == check_json(capsys, "--no-cache", ".").out


def test_no_cache_writes_nothing_and_cache_dir_moves_it(site, tmp_path, capsys, monkeypatch):
    check_json(capsys, "--no-cache", ".")
    assert not (site / ".affilint_cache").exists()
    check_json(capsys, "--cache-dir", str(tmp_path / "elsewhere"), ".")
    assert len(_entries(tmp_path / "elsewhere")) == 4 and not (site / ".affilint_cache").exists()
    monkeypatch.setenv("AFFILINT_CACHE_DIR", str(tmp_path / "from-env"))
    check_json(capsys, ".")
    assert len(_entries(tmp_path / "from-env")) == 4


def test_default_cache_lives_in_the_project_root(tmp_path, capsys, monkeypatch):
    write(tmp_path, "pyproject.toml", "[tool.affilint]\n")
    site = _site(tmp_path / "site")
    monkeypatch.chdir(site)
    run_cli(capsys, "check", ".")
    assert _entries(tmp_path / ".affilint_cache") and not (site / ".affilint_cache").exists()


def test_unusable_cache_dir_is_a_warning_not_a_failure(site, tmp_path, capsys):
    blocker = write(tmp_path, "not-a-dir", "x")
    run = check_json(capsys, "--cache-dir", str(blocker / "cache"), ".")
    assert run.code == 1 and "running without a cache" in run.err
    assert run.out == check_json(capsys, "--no-cache", ".").out


@pytest.mark.skipif(os.name != "posix", reason="POSIX file names are bytes")
def test_file_name_with_undecodable_bytes_is_cached(tmp_path, capsys, monkeypatch):
    # The name reaches Python as a string with a surrogate escape, which UTF-8 cannot encode.
    # (A page with findings is not used: their fingerprints fail on such a name, an engine bug.)
    site = tmp_path / "site"
    site.mkdir()
    (site / os.fsdecode(b"caf\xe9.html")).write_text(CLEAN_HTML)
    monkeypatch.chdir(site)
    cold = check_json(capsys, "--jobs", "1", ".")
    assert cold.code == 0 and len(_entries(site / ".affilint_cache")) == 1
    warm = check_json(capsys, "--jobs", "1", ".")
    assert warm.out == cold.out == check_json(capsys, "--no-cache", ".").out
