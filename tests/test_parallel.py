"""--jobs: worker processes give the same report, in the same order, as a serial run; a worker that
dies or a function that raises becomes an error result for its item, never a hang or a traceback."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from affilint.parallel import Ready, ordered_map
from helpers_cli import AFFILIATE_HTML, CLEAN_HTML, UNSOURCED_ARTICLE, check_json, run_cli, write

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _square_slowly(item: int) -> int:
    time.sleep(0.02 if item % 3 == 0 else 0.0)  # later items finish first; order must not change
    return item * item


def _crash_on_seven(item: int) -> int:
    if item == 7:
        os._exit(3)  # what a segfault in a C extension or the OOM killer looks like to the pool
    return item * item


def _raise_on_five(item: int) -> int:
    if item == 5:
        raise ValueError("bad item")
    return item * item


def _failure(item, message: str) -> str:
    return f"failed {item}: {message}"


def test_results_come_in_input_order_with_ready_items_passed_through():
    items = [1, 2, Ready("cached"), 3, 4, 5, 6, Ready("hit"), 7, 8, 9]
    results = [result for _item, result in ordered_map(_square_slowly, items, jobs=2, on_failure=_failure)]
    assert results == [1, 4, "cached", 9, 16, 25, 36, "hit", 49, 64, 81]


def test_a_dead_worker_fails_only_its_own_item_and_the_run_goes_on():
    results = [result for _item, result in ordered_map(_crash_on_seven, range(20), jobs=2, on_failure=_failure)]
    assert results[7].startswith("failed 7: the worker process died")
    assert [r for i, r in enumerate(results) if i != 7] == [i * i for i in range(20) if i != 7]


def test_a_worker_dying_while_the_caller_is_busy_fails_only_its_item():
    # Items 0-6 finish, then 7 kills its worker while the caller still holds result 0: the next
    # submission finds the pool broken, and that must end in recovery, not an exception.
    results = ordered_map(_crash_on_seven, range(20), jobs=2, on_failure=_failure)
    first = next(results)
    time.sleep(1.0)
    rest = [result for _item, result in results]
    assert first[1] == 0
    assert rest[6].startswith("failed 7: the worker process died")
    assert [r for i, r in enumerate(rest, start=1) if i != 7] == [i * i for i in range(1, 20) if i != 7]


def test_an_exception_in_the_function_is_a_failure_result():
    results = [result for _item, result in ordered_map(_raise_on_five, range(8), jobs=2, on_failure=_failure)]
    assert results[5] == "failed 5: ValueError: bad item"
    assert results[:5] == [0, 1, 4, 9, 16] and results[6:] == [36, 49]


def _mixed_tree(root: Path) -> Path:
    """Good, bad and configured files: nested config, unreadable input, empty and binary files."""
    shutil.copytree(FIXTURES, root / "fixtures")
    write(root, "site/a.html", AFFILIATE_HTML)
    write(root, "site/b.html", CLEAN_HTML)
    write(root, "site/news/c.html", UNSOURCED_ARTICLE)
    write(root, "site/news/affilint.toml", 'select = ["SRC"]\n[rules.SRC001]\nmin-claims = 2\n')
    write(root, "site/empty.html", b"")
    write(root, "site/binary.html", b"\x89PNG\r\n\x1a\n\x00\x00")
    return root


@pytest.mark.parametrize("report_format", ["json", "text"])
def test_jobs_2_gives_the_report_of_a_serial_run(tmp_path, capsys, monkeypatch, report_format):
    root = _mixed_tree(tmp_path)
    monkeypatch.chdir(root)
    args = ["check", "--no-cache", "--format", report_format, "--show-source", "fixtures", "site", "missing.html"]
    serial = run_cli(capsys, *args, "--jobs", "1")
    parallel = run_cli(capsys, *args, "--jobs", "2")
    assert serial.code == parallel.code == 1
    assert parallel.out == serial.out and parallel.err == serial.err
    if report_format == "json":
        paths = [entry["path"] for entry in parallel.report["files"]]
        assert len(paths) > 40 and "missing.html" == paths[-1]
        assert parallel.report["summary"]["files_with_errors"] == 3  # empty, binary, missing


def test_fix_with_jobs_2_edits_the_same_bytes_as_a_serial_fix(tmp_path, capsys, monkeypatch):
    serial_root, parallel_root = tmp_path / "serial", tmp_path / "parallel"
    for root in (serial_root, parallel_root):
        for index in range(6):
            write(root, f"page{index}.html", AFFILIATE_HTML if index % 2 else CLEAN_HTML)
    outs = []
    for root, jobs in ((serial_root, "1"), (parallel_root, "2")):
        monkeypatch.chdir(root)
        outs.append(check_json(capsys, "--fix", "--no-cache", "--jobs", jobs, "."))
    assert outs[0].out == outs[1].out
    assert outs[0].report["summary"]["fixed"] == 3
    for index in range(6):
        name = f"page{index}.html"
        assert (serial_root / name).read_bytes() == (parallel_root / name).read_bytes()


@pytest.mark.parametrize("value", ["0", "-2", "many"])
def test_jobs_must_be_a_positive_number(tmp_path, capsys, value):
    run = run_cli(capsys, "check", "--jobs", value, str(tmp_path))
    assert run.code == 2 and "--jobs" in run.err and "Traceback" not in run.err
