"""Replacing a file atomically: write a temporary file beside it, then rename it over the target.

Readers see the old file or the complete new one, never a partial write; on any failure the
temporary file is removed and the target is untouched. Used for ``--output`` and ``--fix``.
"""

from __future__ import annotations

import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator


@contextmanager
def atomic_writer(path: Path, binary: bool = False) -> Iterator[IO]:
    """A file handle whose content replaces ``path`` when the block completes (mode kept if it exists)."""
    directory = path.parent if str(path.parent) else Path(".")
    # An existing file keeps its mode; a new one gets the usual mode under the umask (a temporary
    # file would otherwise leave it readable by its owner only).
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o666 & ~_umask()
    handle = tempfile.NamedTemporaryFile(
        "wb" if binary else "w",
        encoding=None if binary else "utf-8",
        dir=directory,
        prefix=f".{path.name}.",
        suffix=".affilint-tmp",
        delete=False,
    )
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, mode)
        os.replace(handle.name, path)
    except BaseException:
        try:
            os.unlink(handle.name)
        except OSError:
            pass
        raise


def _umask() -> int:
    """The process umask (read by setting it, then restoring it at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
