"""The stat index: a page whose file status has not changed since affilint hashed it is neither read
nor hashed again to look up its cached result (as git's index and Ruff's cache do).

The index maps a file's absolute path to the status it had when it was read (size, modification
and status-change times in nanoseconds, inode and device) and the SHA-256 of the bytes read. A
lookup stats the file; only an exact match of all five numbers yields the stored digest, anything
else (or a file that cannot be stat-ed) means "read and hash it", as without an index. Editing a
file changes its status-change time (ctime) even when the size stays the same and the modification
time is put back (``touch -d``, ``os.utime``), and replacing it changes the inode, so what is
trusted is: a file whose size, mtime, ctime, inode and device are all unchanged has unchanged bytes.

Racy files: a file written within a timestamp tick of being read could be written again in that
same tick, after the read, leaving all five numbers unchanged ("racy git"). So a file is recorded
only when both its times are at least ``RACY_NS`` older than the start of the run that read it;
younger files are hashed again on every run until they are old enough. Two seconds covers FAT's
two-second modification times, the coarse clock Linux stamps files with, and a small skew between
this machine's clock and a network file server's.

The index is one JSON file in the cache directory, written atomically (temporary file, then
rename) at the end of a run that read anything new, merged with what another run may have written
meanwhile. One that does not parse, or comes from another affilint version or index format, is
ignored and replaced, never trusted. Entries of deleted files stay until the cache is deleted
(about 200 bytes each).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from pathlib import Path
from typing import Any

from affilint import __version__
from affilint.cache import write_atomically

FILENAME = "stat-index.json"
INDEX_FORMAT = 1
RACY_NS = 2_000_000_000


class StatIndex:
    """Content digests of the files a previous run read, valid while their status is unchanged."""

    def __init__(self, path: Path, entries: dict[str, Any], started_ns: int) -> None:
        self.path = path
        self._entries = entries  # absolute path -> [size, mtime_ns, ctime_ns, inode, device, sha256 hex]
        self._changes: dict[str, list | None] = {}  # to write: new entries, and None for entries to drop
        self._started_ns = started_ns

    @classmethod
    def load(cls, directory: Path) -> "StatIndex":
        """The index kept in ``directory`` (empty when there is none or it cannot be trusted)."""
        started = time.time_ns()  # before any file is read: the reference for racy files
        path = directory / FILENAME
        return cls(path, _read(path), started)

    def digest(self, path: Path) -> str | None:
        """The SHA-256 (hex) of ``path``'s bytes when its status matches the recorded one, else None."""
        entry = self._entries.get(os.path.abspath(path))
        if type(entry) is not list or len(entry) != 6:
            return None
        try:
            info = os.stat(path)
        except (OSError, ValueError):
            return None
        digest = entry[5]
        if entry[:5] != _status(info) or type(digest) is not str or len(digest) != 64:
            return None
        return digest

    def record(self, path: Path, info: os.stat_result, data: bytes) -> str:
        """The SHA-256 (hex) of ``data``, read from ``path`` whose status was ``info`` before the read;
        remembered for the next run unless the file is too young to be trusted (racy)."""
        digest = hashlib.sha256(data).hexdigest()
        name = os.path.abspath(path)
        if stat.S_ISREG(info.st_mode) and max(info.st_mtime_ns, info.st_ctime_ns) < self._started_ns - RACY_NS:
            entry = [*_status(info), digest]
            if self._entries.get(name) != entry:
                self._changes[name] = entry
        elif name in self._entries:
            self._changes[name] = None
        return digest

    def save(self) -> None:
        """Write the index when this run learnt anything; a cache that cannot be written is only slower."""
        if not self._changes:
            return
        entries = _read(self.path)  # another run may have written it since this one started
        for name, entry in self._changes.items():
            if entry is None:
                entries.pop(name, None)
            else:
                entries[name] = entry
        index = {"format": INDEX_FORMAT, "version": __version__, "entries": entries}
        try:
            # ASCII (the default) escapes the surrogates that stand for undecodable bytes in paths
            write_atomically(self.path, json.dumps(index, separators=(",", ":")))
        except OSError:
            return
        self._changes.clear()


def _status(info: os.stat_result) -> list[int]:
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev]


def _read(path: Path) -> dict[str, Any]:
    """The entries of the index file at ``path``; empty when it is missing, corrupt or foreign."""
    try:
        index = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(index, dict) or index.get("format") != INDEX_FORMAT or index.get("version") != __version__:
        return {}
    entries = index.get("entries")
    return entries if isinstance(entries, dict) else {}
