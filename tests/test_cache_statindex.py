"""The cache's stat index: an unchanged file is not read again, and nothing the index cannot vouch
for is trusted. What it trusts, exactly: a file whose size, modification time, status-change time,
inode and device (all in full precision) equal the recorded ones holds the recorded bytes. An edit
that keeps the size and puts the modification time back still changes the status-change time, so
it is seen; a file younger than the racy margin at the start of the run that read it is never
recorded. A forged index (right status, wrong digest) is believed, like a forged cache entry.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

import affilint.statindex as statindex
import affilint.tasks as tasks
from affilint.engine import Linter
from helpers_cli import AFFILIATE_HTML, CLEAN_HTML, UNSOURCED_ARTICLE, check_json, write

INDEX = Path(".affilint_cache") / statindex.FILENAME


@pytest.fixture
def site(tmp_path, monkeypatch):
    root = tmp_path / "site"
    write(root, "a.html", AFFILIATE_HTML)
    write(root, "b.html", CLEAN_HTML)
    write(root, "news/c.html", UNSOURCED_ARTICLE)
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def trusting(monkeypatch):
    """Files written a moment ago count as old enough to record (the tests cannot wait 2 seconds)."""
    monkeypatch.setattr(statindex, "RACY_NS", -3600 * 10**9)


@pytest.fixture
def reads(monkeypatch):
    """The files the run reads, by name."""
    seen: list[str] = []
    real = tasks.read_file_stat

    def counting(path, limit):
        seen.append(Path(path).name)
        return real(path, limit)

    monkeypatch.setattr(tasks, "read_file_stat", counting)
    return seen


@pytest.fixture
def lints(monkeypatch):
    """The documents the run lints, by display path (in this process: use with --jobs 1)."""
    seen: list[str] = []
    real = Linter.lint_bytes

    def counting(self, data, display, *args, **kwargs):
        seen.append(display)
        return real(self, data, display, *args, **kwargs)

    monkeypatch.setattr(Linter, "lint_bytes", counting)
    return seen


def _entries(site: Path) -> dict:
    return json.loads((site / INDEX).read_text())["entries"]


def _same_size_edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` (same length) in place and put the modification time back."""
    before = path.stat()
    text = path.read_text()
    assert len(old) == len(new) and old in text
    path.write_text(text.replace(old, new))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_unchanged_files_are_not_read_and_the_report_is_unchanged(site, capsys, trusting, reads, jobs):
    cold = check_json(capsys, "--jobs", jobs, ".")
    assert sorted(reads) == ["a.html", "b.html", "c.html"]
    assert sorted(_entries(site)) == sorted(os.path.abspath(p) for p in ("a.html", "b.html", "news/c.html"))
    reads.clear()
    warm = check_json(capsys, "--jobs", jobs, ".")
    assert reads == []
    assert warm.out == cold.out == check_json(capsys, "--no-cache", ".").out


def test_an_edit_with_the_same_size_and_the_old_mtime_is_seen(site, capsys, trusting, reads, lints):
    check_json(capsys, "--jobs", "1", ".")
    _same_size_edit(site / "a.html", 'href="https://www.amazon', 'href="https://www.amazoN')
    reads.clear(), lints.clear()
    warm = check_json(capsys, "--jobs", "1", ".")
    assert reads == ["a.html"] and lints == ["a.html"]  # the status-change time moved
    assert warm.out == check_json(capsys, "--no-cache", ".").out


def test_a_status_change_without_a_content_change_rereads_but_does_not_relint(site, capsys, trusting, reads, lints):
    check_json(capsys, "--jobs", "1", ".")
    os.chmod(site / "b.html", 0o600)  # moves the status-change time only
    reads.clear(), lints.clear()
    check_json(capsys, "--jobs", "1", ".")
    assert reads == ["b.html"] and lints == []  # hashed again: same bytes, so the cached result


def test_a_replaced_file_is_read(site, capsys, trusting, reads):
    check_json(capsys, ".")
    before = (site / "b.html").stat()
    write(site, "b.tmp", CLEAN_HTML.replace("Nothing", "Nothinx"))  # same size, other bytes
    os.replace(site / "b.tmp", site / "b.html")
    os.utime(site / "b.html", ns=(before.st_atime_ns, before.st_mtime_ns))
    reads.clear()
    warm = check_json(capsys, ".")
    assert reads == ["b.html"]
    assert warm.out == check_json(capsys, "--no-cache", ".").out


def test_deleted_file_is_reported_as_without_a_cache(site, capsys, trusting):
    check_json(capsys, ".")
    report = check_json(capsys, "b.html", "a.html")
    (site / "b.html").unlink()
    again = check_json(capsys, "b.html", "a.html")
    assert again.file("b.html")["error"]["code"] == "not-found"
    assert again.out == check_json(capsys, "--no-cache", "b.html", "a.html").out != report.out


def test_racy_files_are_not_recorded(site, capsys, reads):
    # Written a moment ago: within RACY_NS of the run's start, so a later write in the same
    # timestamp tick could leave the status unchanged. They are hashed again on every run.
    check_json(capsys, ".")
    assert not (site / INDEX).exists() or _entries(site) == {}
    reads.clear()
    check_json(capsys, ".")
    assert sorted(reads) == ["a.html", "b.html", "c.html"]


def test_a_file_that_becomes_racy_loses_its_entry(site, capsys, trusting, monkeypatch):
    check_json(capsys, ".")
    assert os.path.abspath("b.html") in _entries(site)
    os.chmod(site / "b.html", 0o600)  # a fresh status-change time
    monkeypatch.setattr(statindex, "RACY_NS", 2 * 10**9)
    check_json(capsys, ".")
    assert os.path.abspath("b.html") not in _entries(site) and os.path.abspath("a.html") in _entries(site)


def test_a_known_digest_without_a_cached_result_reads_the_file(site, capsys, trusting, reads):
    check_json(capsys, ".")
    reads.clear()
    only_src = check_json(capsys, "--select", "SRC", ".")  # another key: the index helps nothing
    assert sorted(reads) == ["a.html", "b.html", "c.html"]
    assert only_src.out == check_json(capsys, "--no-cache", "--select", "SRC", ".").out


def test_a_wrong_digest_for_a_file_without_a_cached_result_is_corrected_by_the_read(site, capsys, trusting, reads):
    check_json(capsys, ".")
    index = json.loads((site / INDEX).read_text())
    index["entries"][os.path.abspath("a.html")][5] = hashlib.sha256(b"something else").hexdigest()
    (site / INDEX).write_text(json.dumps(index))
    reads.clear()
    warm = check_json(capsys, ".")
    assert reads == ["a.html"]  # no result under the wrong digest: read, hashed, linted
    assert warm.out == check_json(capsys, "--no-cache", ".").out
    assert len(list((site / ".affilint_cache").glob("v*/*/*.json"))) == 3  # stored under the bytes' digest, not the wrong one


@pytest.mark.parametrize("damage", ["garbage", "truncated", "not-an-object", "other-version", "other-format", "entries-not-a-dict",
                                    "entry-too-short", "digest-not-text"])
def test_corrupt_or_foreign_index_is_ignored(site, capsys, trusting, reads, damage):
    cold = check_json(capsys, ".")
    path = site / INDEX
    text = path.read_text()
    index = json.loads(text)
    name = os.path.abspath("a.html")
    if damage == "garbage":
        path.write_bytes(b"\x00\xff not json")
    elif damage == "truncated":
        path.write_text(text[: len(text) // 2])
    else:
        if damage == "not-an-object":
            index = [index]
        elif damage == "other-version":
            index["version"] = "0.0.1"
        elif damage == "other-format":
            index["format"] = statindex.INDEX_FORMAT + 1
        elif damage == "entries-not-a-dict":
            index["entries"] = list(index["entries"].items())
        elif damage == "entry-too-short":
            index["entries"][name] = index["entries"][name][1:]
        elif damage == "digest-not-text":
            index["entries"][name][5] = 7
        path.write_text(json.dumps(index))
    reads.clear()
    again = check_json(capsys, ".")
    assert "a.html" in reads
    assert again.out == cold.out
    assert _entries(site)[name] == json.loads(text)["entries"][name]  # rewritten from the files themselves


def test_no_cache_neither_reads_nor_writes_the_index(site, capsys, trusting, reads, monkeypatch):
    check_json(capsys, ".")
    index = site / INDEX
    before = index.read_bytes()
    write(site, "b.html", AFFILIATE_HTML)  # a change the index would record

    def refuse(*args, **kwargs):
        raise AssertionError("--no-cache opened the stat index")

    monkeypatch.setattr(statindex.StatIndex, "load", classmethod(refuse))
    reads.clear()
    check_json(capsys, "--no-cache", ".")
    assert sorted(reads) == ["a.html", "b.html", "c.html"]
    assert index.read_bytes() == before


def test_fix_reads_a_known_file_whose_cached_result_has_fixes(site, capsys, trusting):
    check_json(capsys, ".")  # the cache holds a.html's AFF001 finding with its fix; the index a.html's digest
    fixed = check_json(capsys, "--fix", ".")
    assert fixed.file("a.html")["fixed"] == 1 and 'rel="sponsored"' in (site / "a.html").read_text()
    after = check_json(capsys, ".")
    assert after.out == check_json(capsys, "--no-cache", ".").out
    assert "AFF001" not in [f["rule"] for f in after.file("a.html")["findings"]]


def test_index_written_by_another_run_is_merged(site, capsys, trusting, tmp_path):
    check_json(capsys, "a.html")
    check_json(capsys, "b.html")
    assert sorted(_entries(site)) == sorted(os.path.abspath(p) for p in ("a.html", "b.html"))
