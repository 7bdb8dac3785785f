"""Progress on stderr: only on a terminal, only for runs longer than the delay, never with
--no-progress, and erased before the report is written so a streamed report stays intact."""

from __future__ import annotations

import io

import pytest

from affilint import progress as progress_module
from affilint.progress import DELAY, Progress, progress_wanted
from helpers_cli import UNSOURCED_ARTICLE, run_cli, write


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_silent_during_the_delay_then_drawn_and_cleared():
    terminal, clock = Terminal(), Clock()
    progress = Progress(10, terminal, clock=clock)
    progress.advance()
    assert terminal.getvalue() == ""  # short runs stay silent
    clock.now += DELAY
    progress.advance()
    assert terminal.getvalue().startswith("\raffilint: 2/10 files (20%), ")
    assert "files/s" in terminal.getvalue() and "left" in terminal.getvalue()
    drawn = terminal.getvalue()
    progress.advance()  # within the redraw interval: nothing
    assert terminal.getvalue() == drawn
    progress.clear()
    assert terminal.getvalue().endswith("\r\033[K")
    progress.clear()  # nothing drawn since: nothing to erase
    assert terminal.getvalue().endswith("\r\033[K") and terminal.getvalue().count("\033[K") == 2


def test_rate_and_time_left():
    clock = Clock()
    progress = Progress(1000, Terminal(), clock=clock)
    progress.done = 100
    clock.now += 10
    assert progress.line(clock.now) == "affilint: 100/1,000 files (10%), 10.0 files/s, 1m30s left"


def test_single_file_runs_never_show_progress():
    terminal, clock = Terminal(), Clock()
    progress = Progress(1, terminal, clock=clock)
    clock.now += 10
    progress.advance()
    assert terminal.getvalue() == ""


@pytest.mark.parametrize(("stream", "disabled", "term", "expected"), [
    (Terminal(), False, "xterm", True),
    (Terminal(), True, "xterm", False),
    (Terminal(), False, "dumb", False),
    (io.StringIO(), False, "xterm", False),
])
def test_progress_wanted(monkeypatch, stream, disabled, term, expected):
    monkeypatch.setenv("TERM", term)
    assert progress_wanted(stream, disabled) is expected


@pytest.fixture
def pages(tmp_path):
    for index in range(4):
        write(tmp_path, f"p{index}.html", UNSOURCED_ARTICLE)
    return tmp_path


def test_cli_shows_progress_on_a_terminal_and_keeps_the_report_clean(pages, monkeypatch, capsys):
    monkeypatch.setattr(progress_module, "DELAY", 0.0)
    monkeypatch.setattr(progress_module, "INTERVAL", 0.0)
    monkeypatch.setenv("TERM", "xterm")
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    run = run_cli(capsys, "check", "--isolated", "--format", "jsonl", pages)
    assert run.code == 0 and len(run.out.splitlines()) == 4  # progress never reaches the report
    assert "files (" in terminal.getvalue() and terminal.getvalue().endswith("\r\033[K")


def test_cli_no_progress_flag(pages, monkeypatch, capsys):
    monkeypatch.setattr(progress_module, "DELAY", 0.0)
    monkeypatch.setenv("TERM", "xterm")
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    run_cli(capsys, "check", "--isolated", "--no-progress", pages)
    assert terminal.getvalue() == ""


def test_cli_is_silent_when_stderr_is_not_a_terminal(pages, monkeypatch, capsys):
    monkeypatch.setattr(progress_module, "DELAY", 0.0)
    monkeypatch.setattr(progress_module, "INTERVAL", 0.0)
    run = run_cli(capsys, "check", "--isolated", pages)  # capsys: stderr is a capture, not a terminal
    assert run.code == 0 and run.err == ""
