"""Reading an input's bytes safely: only regular files, never more than the size limit.

Devices (``/dev/zero``), FIFOs and sockets would hang or exhaust memory, so they are refused; every
read is bounded by the limit, so a file that grows while being read cannot slip past it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from affilint.errors import InputError


def _too_large(size_text: str, limit: int) -> InputError:
    return InputError(
        "too-large",
        f"{size_text} over the {limit:,}-byte limit (raise it with --max-file-size or max-file-size in the configuration)",
    )


def read_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file, or :class:`InputError` (not-found, unreadable, too-large)."""
    return read_file_stat(path, limit)[0]


def read_file_stat(path: Path, limit: int) -> tuple[bytes, os.stat_result]:
    """:func:`read_file`, with the status of the file that was read, taken before reading it.

    The status comes from the open file itself (``fstat``), so it describes the bytes that were
    read even when the path was replaced in between; the stat index relies on that.
    """
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise InputError("unreadable", "is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise InputError("unreadable", "is not a regular file (a device, FIFO or socket)")
        if info.st_size > limit:
            raise _too_large(f"file is {info.st_size:,} bytes,", limit)
        with path.open("rb", buffering=0) as handle:
            info = os.fstat(handle.fileno())
            data = _read_up_to(handle, min(info.st_size, limit) + 1, limit + 1)
    except FileNotFoundError:
        raise InputError("not-found", "no such file") from None
    except PermissionError:
        raise InputError("unreadable", "permission denied") from None
    except OSError as exc:
        raise InputError("unreadable", f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise _too_large("file is", limit)
    return data, info


def _read_up_to(handle, expected: int, most: int) -> bytes:
    """At most ``most`` bytes, read in one call when the file is the ``expected`` size.

    Asking a buffered file for ``limit + 1`` bytes (5 MiB by default) allocates that much for every
    page and costs ten times the read itself; the file's size is known, so ask for that (plus one
    byte, to see a file that grew since it was stat-ed) and read on only when there is more.
    """
    chunks = []
    size, wanted = 0, expected
    while size < most:
        chunk = handle.read(min(wanted, most - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        wanted = 1 << 20
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_stream(stream: BinaryIO, limit: int) -> bytes:
    """Up to ``limit`` bytes of a stream such as stdin, or :class:`InputError` when there is more."""
    try:
        data = stream.read(limit + 1)
    except OSError as exc:
        raise InputError("unreadable", f"cannot read input: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise _too_large("input is", limit)
    return data


def same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
