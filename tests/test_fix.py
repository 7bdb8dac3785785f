"""`check --fix` and `--diff`: only the bytes a fix names change, files are replaced atomically, and
files that cannot be edited byte-exactly are left alone."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from helpers_cli import run_cli, write

PAGE = (
    "<!DOCTYPE html>\r\n<html><head><meta charset=\"utf-8\"></head><body>\r\n"
    "<article>\r\n"
    "  <p>Caf\u00e9 pick:   <a href=\"https://amzn.to/x\">stove</a> and\r\n"
    "  <a class=x href='https://www.amazon.com/dp/B0?tag=t-20' REL=noopener>blanket</a>.</p>\r\n"
    "  <p>Already fine: <a href=\"https://amzn.to/y\" rel=\"sponsored\">kettle</a>.</p>\r\n"
    "</article>\r\n</body></html>\r\n"
)
EXPECTED = PAGE.replace('<a href="https://amzn.to/x">', '<a rel="sponsored" href="https://amzn.to/x">').replace(
    "REL=noopener>", 'REL="noopener sponsored">'
)


def test_fix_changes_only_the_rel_bytes_and_reports_what_remains(tmp_path, capsys):
    page = write(tmp_path, "page.html", PAGE)
    os.chmod(page, 0o640)
    run = run_cli(capsys, "check", "--isolated", "--select", "AFF001", "--format", "json", "--fix", page)
    assert page.read_bytes() == EXPECTED.encode("utf-8")
    assert oct(page.stat().st_mode & 0o777) == "0o640"
    report = json.loads(run.out)
    assert report["files"][0]["fixed"] == 2 and report["files"][0]["findings"] == []
    assert report["summary"]["fixed"] == 2
    assert run.code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]  # no temporary file left behind


def test_fix_keeps_a_bom_and_a_legacy_encoding(tmp_path, capsys):
    latin = '<meta charset="windows-1252"><p>Caf\u00e9 <a href="https://amzn.to/x">x</a></p>\n'
    page = write(tmp_path, "latin.html", latin.encode("cp1252"))
    bom = write(tmp_path, "bom.html", b"\xef\xbb\xbf" + '<p>\u00e9 <a href="https://amzn.to/x">x</a></p>\n'.encode())
    run_cli(capsys, "check", "--isolated", "--fix", page, bom)
    assert page.read_bytes() == latin.replace("<a href", '<a rel="sponsored" href').encode("cp1252")
    assert bom.read_bytes() == b"\xef\xbb\xbf" + '<p>\u00e9 <a rel="sponsored" href="https://amzn.to/x">x</a></p>\n'.encode()


def test_file_with_a_repaired_encoding_is_not_edited(tmp_path, capsys):
    # UTF-8 but for one stray byte: decoded with a replacement character, so not byte-exact.
    data = '<meta charset="utf-8"><p>Caf\u00e9 caf\u00e9 caf\u00e9 caf\u00e9 <a href="https://amzn.to/x">x</a>'.encode() + b"\xff</p>"
    page = write(tmp_path, "bad.html", data)
    before = page.read_bytes()
    run = run_cli(capsys, "check", "--isolated", "--fix", page)
    assert page.read_bytes() == before
    assert "fixes not applied" in run.err
    assert run.code == 1  # the finding remains


def test_diff_shows_the_change_without_writing(tmp_path, capsys):
    page = write(tmp_path, "page.html", '<p><a href="https://amzn.to/x">x</a></p>\n')
    run = run_cli(capsys, "check", "--isolated", "--diff", page)
    assert page.read_text() == '<p><a href="https://amzn.to/x">x</a></p>\n'
    assert '-<p><a href="https://amzn.to/x">x</a></p>' in run.out
    assert '+<p><a rel="sponsored" href="https://amzn.to/x">x</a></p>' in run.out
    assert run.code == 1


def test_fix_is_refused_for_stdin(capsys):
    run = run_cli(capsys, "check", "--isolated", "--fix", "-")
    assert run.code == 2


def test_second_fix_run_changes_nothing(tmp_path, capsys):
    page = write(tmp_path, "page.html", PAGE)
    run_cli(capsys, "check", "--isolated", "--fix", page)
    once = page.read_bytes()
    run_cli(capsys, "check", "--isolated", "--fix", page)
    assert page.read_bytes() == once
