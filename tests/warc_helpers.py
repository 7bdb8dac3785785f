"""Building small WARC files with warcio itself, for the WARC and Dask tests."""

from __future__ import annotations

import io
from pathlib import Path

from helpers_cli import AFFILIATE_HTML, CLEAN_HTML, UNSOURCED_ARTICLE

# A page whose links are relative: they resolve against the record's target URL.
RELATIVE_LINKS_HTML = (
    '<article>\n<p>Read <a href="/about/">about us</a> and buy '
    '<a href="https://www.amazon.com/dp/B1?tag=shop-20">this kettle</a>.</p>\n</article>\n'
)

PAGES = [
    ("https://news.example/2024/plugs.html", AFFILIATE_HTML),
    ("https://news.example/clean.html", CLEAN_HTML),
    ("https://news.example/world/claims.html", UNSOURCED_ARTICLE),
    ("https://shop.example/deals/kettle", RELATIVE_LINKS_HTML),
]


def build_warc(path: Path, pages=PAGES, gzip: bool | None = None, extras: bool = True) -> Path:
    """Write ``pages`` as HTTP response records, with a request, an image, a redirect without a body
    and a non-HTML resource around them that must be skipped."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.name.endswith(".gz") if gzip is None else gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "affilint tests"}))
        for url, html in pages:
            if extras:
                request = StatusAndHeaders("GET / HTTP/1.1", [("Host", url.split("/")[2])], is_http_request=True)
                writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
            body = html.encode("utf-8")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
            if extras:
                image = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
                image_headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(url + ".png", "response", payload=io.BytesIO(image), http_headers=image_headers))
        if extras:
            redirect = StatusAndHeaders("301 Moved Permanently", [("Location", "https://news.example/"), ("Content-Length", "0")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record("http://news.example/", "response", payload=io.BytesIO(b""), http_headers=redirect))
            writer.write_record(writer.create_warc_record("https://news.example/robots.txt", "resource", payload=io.BytesIO(b"User-agent: *\n"), warc_content_type="text/plain"))
    return path
