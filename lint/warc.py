"""WARC archives (``.warc``, ``.warc.gz``) as inputs: every HTML response in them is one document.

Web archives (Heritrix, wget ``--warc-file``, browsertrix, Common Crawl) hold whole crawls, so
linting one means linting each captured page. Reading is done by ``warcio`` (the optional extra
``affilint[warc]``), which handles per-record gzip and chunked or compressed HTTP bodies. Each
record is linted with its ``WARC-Target-URI`` as the document's URL (to resolve relative links)
and as its path in reports. Records are read one at a time, so an archive of any size streams.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from affilint.extras import require

WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
PAGE_RECORD_TYPES = frozenset({"response", "resource"})  # resource: a page stored without HTTP headers


@dataclass(frozen=True)
class Record:
    """One HTML page of an archive, or (``error`` set) why a record or the archive could not be read."""

    display: str
    url: str | None = None
    data: bytes = b""
    error: tuple[str, str] | None = None  # (error code, message)


def is_warc(path: Path | None) -> bool:
    return path is not None and path.name.lower().endswith(WARC_SUFFIXES)


def require_warcio() -> None:
    """Stop with a message naming ``affilint[warc]`` when warcio is not installed."""
    require("warcio", "warc", "Reading WARC files")


def html_records(path: Path, display: str, limit: int) -> Iterator[Record]:
    """The archive's HTML pages in file order; a page over ``limit`` bytes, or a damaged archive,
    is an error record (the pages read before the damage are kept)."""
    archive_iterator = require("warcio.archiveiterator", "warc", "Reading WARC files").ArchiveIterator
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        yield Record(display, error=("not-found", "no such file"))
        return
    except OSError as exc:
        yield Record(display, error=("unreadable", f"cannot read file: {exc.strerror or exc}"))
        return
    pages = 0
    with stream:
        try:
            for record in archive_iterator(stream):
                if record.rec_type not in PAGE_RECORD_TYPES or not _is_html(record):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or f"{display}#record-{pages + 1}"
                pages += 1
                data = record.content_stream().read(limit + 1)
                if len(data) > limit:
                    yield Record(url, url, error=("too-large", f"record payload is over the {limit:,}-byte limit (raise it with --max-file-size)"))
                elif getattr(record.raw_stream, "limit", 0) > 0:  # warcio reads a cut-short record without complaint
                    yield Record(url, url, error=("bad-warc", f"the record in {display} is truncated (the archive was cut short)"))
                else:
                    yield Record(url, url, data)
        except Exception as exc:  # warcio's ArchiveLoadFailed, zlib errors, truncated records
            yield Record(display, error=("bad-warc", f"not a readable WARC file after {pages} HTML record(s): {type(exc).__name__}: {exc}"))
            return
    if pages == 0:
        yield Record(display, error=("no-html-files", "the WARC file holds no HTML response records"))


def _is_html(record) -> bool:
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    if headers is None:  # a response record that is not HTTP (dns:, whois:)
        return False
    content_type = headers.get_header("Content-Type") or ""
    return content_type.split(";")[0].strip().lower() in HTML_TYPES
