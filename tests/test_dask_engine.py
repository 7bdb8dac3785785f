"""--engine dask on a real local cluster of two worker processes: the same report as a plain serial
run, for HTML files and WARC records alike, with the cache and without."""

from __future__ import annotations

import builtins
import shutil
import sys
from pathlib import Path

import pytest

from helpers_cli import AFFILIATE_HTML, check_json, run_cli, write
from warc_helpers import build_warc

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(scope="module")
def scheduler():
    distributed = pytest.importorskip("distributed", reason="needs affilint[dask]; CI installs it")
    import logging

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR) as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def inputs(tmp_path, monkeypatch):
    shutil.copytree(FIXTURES, tmp_path / "fixtures")
    write(tmp_path, "site/news/affilint.toml", 'select = ["AFF", "SRC"]\n')
    write(tmp_path, "site/news/a.html", AFFILIATE_HTML)
    write(tmp_path, "site/empty.html", b"")
    build_warc(tmp_path / "crawl.warc.gz")
    monkeypatch.chdir(tmp_path)
    return ["fixtures", "site", "crawl.warc.gz", "missing.html"]


def test_dask_cluster_gives_the_report_of_a_serial_run(scheduler, inputs, capsys):
    serial = run_cli(capsys, "check", "--format", "json", "--jobs", "1", "--no-cache", *inputs)
    on_dask = run_cli(capsys, "check", "--format", "json", "--engine", "dask", "--scheduler", scheduler, "--no-cache", *inputs)
    assert on_dask.code == serial.code == 1
    assert on_dask.out == serial.out
    assert len(serial.report["files"]) > 50


def test_dask_with_the_cache_cold_and_warm(scheduler, inputs, capsys):
    serial = run_cli(capsys, "check", "--jobs", "1", "--no-cache", *inputs)
    for _ in range(2):
        run = run_cli(capsys, "check", "--engine", "dask", "--scheduler", scheduler, *inputs)
        assert run.out == serial.out and run.code == serial.code


def test_dask_without_an_address_starts_a_local_cluster(inputs, capsys):
    pytest.importorskip("distributed", reason="needs affilint[dask]; CI installs it")
    serial = check_json(capsys, "--jobs", "1", "--no-cache", "crawl.warc.gz", "site")
    local = check_json(capsys, "--engine", "dask", "--jobs", "2", "--no-cache", "crawl.warc.gz", "site")
    assert local.out == serial.out


def test_unreachable_scheduler_is_a_usage_error(inputs, capsys, monkeypatch):
    pytest.importorskip("distributed", reason="needs affilint[dask]; CI installs it")
    monkeypatch.setattr("affilint.dask_engine.CONNECT_TIMEOUT", "2s")  # Dask retries until the timeout
    run = run_cli(capsys, "check", "--format", "json", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9", "site")
    assert run.code == 2 and "cannot connect" in run.err and "Traceback" not in run.err and run.out == ""


@pytest.mark.parametrize("args", [["--scheduler", "tcp://127.0.0.1:8786"], ["--engine", "dask", "--fix"]])
def test_dask_option_misuse_is_a_usage_error(inputs, capsys, args):
    run = run_cli(capsys, "check", *args, "site")
    assert run.code == 2 and run.out == ""


def test_missing_distributed_names_the_extra(inputs, capsys, monkeypatch):
    real_import = builtins.__import__

    def without_distributed(name, *args, **kwargs):
        if name == "distributed" or name.startswith("distributed."):
            raise ImportError("No module named 'distributed'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_distributed)
    monkeypatch.delitem(sys.modules, "distributed", raising=False)
    run = run_cli(capsys, "check", "--engine", "dask", "site")
    assert run.code == 2 and "pip install 'affilint[dask]'" in run.err and run.out == ""


def test_a_worker_with_other_plugins_is_refused_before_the_report(monkeypatch):
    from affilint.dask_engine import _check_workers
    from affilint.errors import UsageError
    from affilint.settings import Overrides
    from affilint.tasks import WorkerSpec

    class Client:
        def run(self, function):
            return {"tcp://10.0.0.7:4001": ("0.1.0", ("builtin",)), "tcp://10.0.0.8:4001": ("0.1.0", ("builtin", "extra-rules"))}

    spec = WorkerSpec(Overrides(), None, True, Path("."), "0.1.0", ("builtin",))
    with pytest.raises(UsageError, match="worker tcp://10.0.0.8:4001 has affilint 0.1.0 with plugins builtin, extra-rules"):
        _check_workers(Client(), spec)
