"""read_file reads a page in one call of its own size, yet still never returns more than the limit,
even from a file that grew after it was stat-ed."""

from __future__ import annotations

import io

import pytest

from affilint.errors import InputError
from affilint.reading import _read_up_to, read_file


def test_reads_the_whole_file(tmp_path):
    page = tmp_path / "a.html"
    page.write_bytes(b"<p>x</p>" * 100_000)
    assert read_file(page, 10_000_000) == b"<p>x</p>" * 100_000


def test_empty_file_reads_as_empty(tmp_path):
    page = tmp_path / "a.html"
    page.write_bytes(b"")
    assert read_file(page, 100) == b""


def test_file_over_the_limit_is_refused(tmp_path):
    page = tmp_path / "a.html"
    page.write_bytes(b"x" * 101)
    with pytest.raises(InputError) as raised:
        read_file(page, 100)
    assert raised.value.code == "too-large"


def test_more_bytes_than_the_stat_said_are_read_on():
    # A file that grew between stat and read: the first read asks for the old size plus one byte.
    handle = io.BytesIO(b"a" * 5000)
    assert _read_up_to(handle, 11, 10_001) == b"a" * 5000


def test_reading_stops_one_byte_past_the_limit():
    handle = io.BytesIO(b"a" * 5000)
    assert len(_read_up_to(handle, 11, 101)) == 101
