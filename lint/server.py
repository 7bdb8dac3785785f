"""``affilint serve``: the pre-publish HTTP service a CMS calls before an article goes live.

``POST /v1/lint`` takes the article (a ``text/html`` body, or JSON with ``html``, ``url``, ``path``
and ``config`` overrides) and answers with the ordinary JSON report for that one document, wrapped
with a ``verdict`` (``publish`` or ``block`` by ``fail-on``). ``GET /healthz`` says it is up.

The application is plain WSGI served by waitress (the ``server`` extra): two routes need no web
framework, and waitress is pure Python with no dependencies of its own, buffers request bodies
before a thread sees them (slow clients cost no thread) and enforces the body size limit itself.
Linting runs in :mod:`affilint.workers` processes so that a timeout (HTTP 504) really stops the work.

Nothing is kept between requests, and the service never fetches anything: ``url`` only resolves the
document's relative links.
"""

from __future__ import annotations

import hmac
import io
import json
import logging
import os
import signal
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import parse_qs

from affilint import __version__
from affilint.config import FAIL_ON
from affilint.finding import Severity
from affilint.workers import Busy, Timeout, WorkerFailed, WorkerPool

TOKEN_ENV = "AFFILINT_SERVE_TOKEN"
DEFAULT_PATH = "<request>"
OPTION_KEYS = ("select", "extend_select", "ignore", "fail_on", "main_content_selector")
DOCUMENT_KEYS = ("html", "url", "path")
JSON_TYPES = ("application/json",)
HTML_TYPES = ("text/html", "application/xhtml+xml")

log = logging.getLogger("affilint.serve")


@dataclass(frozen=True)
class ServeSettings:
    """How the service runs; fixed at start-up."""

    host: str = "127.0.0.1"
    port: int = 8080
    token: str | None = None
    timeout: float = 10.0  # seconds per request, waiting for a worker included
    max_body_size: int = 5 * 1024 * 1024
    workers: int = 2
    fail_on: str = "error"
    config: Path | None = None
    isolated: bool = False
    cwd: Path = Path(".")


class HttpError(Exception):
    """A request the service refuses: an HTTP status and a JSON ``error`` body with a stable code."""

    def __init__(self, status: int, code: str, message: str, headers: Iterable[tuple[str, str]] = ()) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, list(headers)


# -- the worker side: one lint per job, in its own process ----------------------------------------
def make_lint_handler(config: Path | None, isolated: bool, cwd: Path) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Build (once per worker process) the function that lints one request's document."""
    from affilint.config import ConfigResolver
    from affilint.plugins import build_registry

    registry = build_registry()
    resolver = ConfigResolver(explicit=config, isolated=isolated, cwd=cwd)

    def handle(job: dict[str, Any]) -> dict[str, Any]:
        try:
            return _lint_job(registry, resolver, job)
        except Exception as exc:  # reported as HTTP 500; the worker stays usable
            return {"failed": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()}

    return handle


def _lint_job(registry: Any, resolver: Any, job: dict[str, Any]) -> dict[str, Any]:
    from affilint.content import compile_selector
    from affilint.engine import Linter
    from affilint.errors import ConfigError, UsageError
    from affilint.report.base import ReportContext, Summary
    from affilint.report.json import JsonFormatter
    from affilint.settings import Overrides

    options = job["options"]
    overrides = Overrides(
        select=options.get("select"),
        extend_select=options.get("extend_select", ()),
        ignore=options.get("ignore", ()),
        main_content_selector=options.get("main_content_selector"),
        max_file_size=len(job["html"]),  # the body limit applied already; re-encoding may have grown it
        url=job["url"],
    )
    linter = Linter(registry, resolver, overrides)
    config = resolver.project()
    try:
        if overrides.main_content_selector:
            compile_selector(overrides.main_content_selector)
        ruleset = linter.ruleset(config)
    except (UsageError, ConfigError) as exc:
        return {"invalid": str(exc).lstrip("-")}
    result = linter.lint_bytes(job["html"], job["path"], config, ruleset=ruleset, url=job["url"])
    # The report is exactly what `check --format json` writes for this one file.
    stream = io.StringIO()
    formatter = JsonFormatter(stream, ReportContext(version=__version__, rules=registry.rules))
    summary = Summary()
    summary.add(result)
    formatter.begin()
    formatter.file(result)
    formatter.end(summary)
    fail_on = options.get("fail_on") or job["fail_on"]
    threshold = None if fail_on == "never" else Severity.parse(fail_on).rank
    blocking = 0 if threshold is None else sum(f.severity.rank >= threshold for f in result.findings)
    verdict = "block" if result.status == "error" or blocking else "publish"
    return {"verdict": verdict, "fail_on": fail_on, "blocking_findings": blocking, "report": json.loads(stream.getvalue())}


# -- the HTTP side --------------------------------------------------------------------------------
class LintService:
    """The WSGI application. Holds only its settings and the worker pool; no request state."""

    def __init__(self, settings: ServeSettings, pool: WorkerPool) -> None:
        self.settings = settings
        self.pool = pool

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> list[bytes]:
        started = time.monotonic()
        method, path = environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", "")
        note = ""
        try:
            status, body, headers = self._route(environ, method, path, started)
            note = body.get("verdict", "")
        except HttpError as exc:
            status, body, headers = exc.status, {"error": {"code": exc.code, "message": exc.message}}, exc.headers
            note = exc.code
        except Exception as exc:  # an affilint bug: say so in JSON and keep serving
            log.error("internal error on %s %s:\n%s", method, path, traceback.format_exc())
            status, headers = 500, []
            body = {"error": {"code": "internal-error", "message": f"affilint failed: {type(exc).__name__}: {exc}"}}
            note = "internal-error"
        payload = (json.dumps(body, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        start_response(
            f"{status} {_REASONS[status]}",
            [("Content-Type", "application/json; charset=utf-8"), ("Content-Length", str(len(payload))), ("Cache-Control", "no-store"), *headers],
        )
        log.info("%s %s %d %s %.0fms", method, path, status, note, (time.monotonic() - started) * 1000)
        return [payload] if method != "HEAD" else []

    def _route(self, environ: dict[str, Any], method: str, path: str, started: float) -> tuple[int, dict[str, Any], list]:
        if path == "/healthz":
            if method not in ("GET", "HEAD"):
                raise HttpError(405, "method-not-allowed", f"{method} is not allowed on /healthz; use GET", [("Allow", "GET, HEAD")])
            return 200, {"status": "ok", "version": __version__}, []
        if path == "/v1/lint":
            if method != "POST":
                raise HttpError(405, "method-not-allowed", f"{method} is not allowed on /v1/lint; use POST", [("Allow", "POST")])
            self._authorize(environ)
            job = self._job(environ)
            return 200, self._lint(job, started + self.settings.timeout), []
        raise HttpError(404, "not-found", f"no such endpoint {path!r}; use POST /v1/lint or GET /healthz")

    def _authorize(self, environ: dict[str, Any]) -> None:
        if self.settings.token is None:
            return
        scheme, _, given = environ.get("HTTP_AUTHORIZATION", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), self.settings.token.encode()):
            raise HttpError(401, "unauthorized", "missing or wrong bearer token (send Authorization: Bearer <token>)",
                            [("WWW-Authenticate", 'Bearer realm="affilint"')])

    def _job(self, environ: dict[str, Any]) -> dict[str, Any]:
        media_type, params = _content_type(environ.get("CONTENT_TYPE", ""))
        if media_type not in HTML_TYPES + JSON_TYPES:
            raise HttpError(415, "unsupported-media-type",
                            f"Content-Type {media_type or '(none)'} is not accepted; send text/html or application/json",
                            [("Accept-Post", "text/html, application/json")])
        body = self._body(environ)
        query = environ.get("QUERY_STRING", "")
        if media_type in JSON_TYPES:
            if query:
                raise HttpError(400, "bad-request", "with a JSON body, put options in the body's \"config\" object, not in the query string")
            document, options = _from_json(body, params.get("charset"))
        else:
            document, options = _from_query(query)
            document["html"] = _html_bytes(body, params.get("charset"))
        return {
            "html": document["html"],
            "url": document.get("url"),
            "path": document.get("path") or document.get("url") or DEFAULT_PATH,
            "options": _validated_options(options),
            "fail_on": self.settings.fail_on,
        }

    def _body(self, environ: dict[str, Any]) -> bytes:
        limit = self.settings.max_body_size
        try:
            declared = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise HttpError(400, "bad-request", "Content-Length is not a number") from None
        if declared > limit:
            raise HttpError(413, "too-large", f"request body is {declared:,} bytes, over the {limit:,}-byte limit")
        data = environ["wsgi.input"].read(min(declared, limit + 1)) if declared else b""
        if len(data) > limit:
            raise HttpError(413, "too-large", f"request body is over the {limit:,}-byte limit")
        if not data.strip():
            raise HttpError(400, "empty", "the request body is empty; send the article's HTML")
        return data

    def _lint(self, job: dict[str, Any], deadline: float) -> dict[str, Any]:
        try:
            answer = self.pool.run(job, deadline)
        except Busy:
            raise HttpError(503, "busy", f"every worker stayed busy for {self.settings.timeout:g}s; retry shortly",
                            [("Retry-After", "1")]) from None
        except Timeout:
            raise HttpError(504, "timeout", f"linting took longer than {self.settings.timeout:g}s and was stopped") from None
        except WorkerFailed as exc:
            raise HttpError(500, "internal-error", f"the lint worker failed: {exc}") from None
        if "invalid" in answer:
            raise HttpError(422, "invalid-config", answer["invalid"])
        if "failed" in answer:
            log.error("lint failed:\n%s", answer.get("traceback", ""))
            raise HttpError(500, "internal-error", f"affilint failed: {answer['failed']}")
        return answer


def _content_type(header: str) -> tuple[str, dict[str, str]]:
    media_type, *rest = header.split(";")
    params = {}
    for item in rest:
        key, _, value = item.partition("=")
        params[key.strip().lower()] = value.strip().strip('"')
    return media_type.strip().lower(), params


def _html_bytes(data: bytes, charset: str | None) -> bytes:
    """The document's bytes. A charset in Content-Type outranks the page's own <meta charset> (as in
    browsers), so the text is re-encoded as UTF-8 behind a byte order mark, which the decoder trusts first."""
    if not charset:
        return data
    try:
        return b"\xef\xbb\xbf" + data.decode(charset).encode("utf-8")
    except LookupError:
        raise HttpError(415, "unsupported-media-type", f"unknown charset {charset!r} in Content-Type") from None
    except UnicodeDecodeError as exc:
        raise HttpError(400, "bad-encoding", f"the body is not valid {charset}: {exc.reason} at byte {exc.start}") from None


def _from_json(body: bytes, charset: str | None) -> tuple[dict[str, Any], dict[str, Any]]:
    try:
        data = json.loads(body.decode(charset or "utf-8"))
    except (UnicodeDecodeError, LookupError, json.JSONDecodeError) as exc:
        raise HttpError(400, "bad-json", f"the body is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise HttpError(400, "bad-request", 'the JSON body must be an object such as {"html": "<article>…</article>"}')
    unknown = sorted(set(data) - {*DOCUMENT_KEYS, "config"})
    if unknown:
        raise HttpError(400, "bad-request", f"unknown field(s) {', '.join(unknown)}; known: html, url, path, config")
    html = data.get("html")
    if not isinstance(html, str) or not html.strip():
        raise HttpError(400, "bad-request", 'the JSON body needs "html": the article\'s HTML as a non-empty string')
    # errors="replace": a lone surrogate (JSON "\\ud800") becomes "?" rather than undecodable bytes.
    document = {"html": b"\xef\xbb\xbf" + html.encode("utf-8", "replace")}
    for key in ("url", "path"):
        if data.get(key) is not None:
            document[key] = data[key]
    _check_document(document)
    config = data.get("config") or {}
    if not isinstance(config, dict):
        raise HttpError(422, "invalid-config", '"config" must be an object such as {"select": ["AFF", "DIS"]}')
    return document, {key.replace("-", "_"): value for key, value in config.items()}


def _from_query(query: str) -> tuple[dict[str, Any], dict[str, Any]]:
    document: dict[str, Any] = {}
    options: dict[str, Any] = {}
    for key, values in parse_qs(query, keep_blank_values=True).items():
        key = key.replace("-", "_")
        if key in ("url", "path"):
            document[key] = values[-1]
        elif key in ("select", "extend_select", "ignore"):
            options[key] = [code for value in values for code in value.split(",")]
        elif key in OPTION_KEYS:
            options[key] = values[-1]
        else:
            raise HttpError(400, "bad-request", f"unknown query parameter {key!r}; known: url, path, {', '.join(OPTION_KEYS)}")
    _check_document(document)
    return document, options


def _check_document(document: dict[str, Any]) -> None:
    url = document.get("url")
    if url is not None and (not isinstance(url, str) or not url.lower().startswith(("http://", "https://"))):
        raise HttpError(400, "bad-request", f'"url" must be the article\'s absolute http(s) URL, got {url!r}')
    path = document.get("path")
    if path is not None and (not isinstance(path, str) or not path.strip()):
        raise HttpError(400, "bad-request", '"path" must be a non-empty string (the name the report uses)')


def _validated_options(options: dict[str, Any]) -> dict[str, Any]:
    """Check the overrides' shapes here; rule selectors and selectors are checked by the worker."""
    checked: dict[str, Any] = {}
    for key, value in options.items():
        if key not in OPTION_KEYS:
            raise HttpError(422, "invalid-config", f"unknown config override {key!r}; known: {', '.join(OPTION_KEYS)}")
        if key in ("select", "extend_select", "ignore"):
            if isinstance(value, str):
                value = value.split(",")
            if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
                raise HttpError(422, "invalid-config", f"{key} must be a list of rule codes, prefixes or names")
            value = tuple(code.strip() for code in value if code.strip())
        elif key == "fail_on":
            if value not in FAIL_ON:
                raise HttpError(422, "invalid-config", f"fail_on must be one of {', '.join(FAIL_ON)}, got {value!r}")
        elif not isinstance(value, str) or not value.strip():
            raise HttpError(422, "invalid-config", f"{key} must be a non-empty string")
        checked[key] = value
    return checked


_REASONS = {
    200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed",
    413: "Content Too Large", 415: "Unsupported Media Type", 422: "Unprocessable Content",
    500: "Internal Server Error", 503: "Service Unavailable", 504: "Gateway Timeout",
}


# -- running it -----------------------------------------------------------------------------------
def serve(settings: ServeSettings, ready: Callable[[str], None] | None = None) -> None:
    """Start the workers and the server; run until SIGINT or SIGTERM, then stop both."""
    import waitress.server

    logging.basicConfig(level=logging.INFO, format="affilint serve: %(message)s")
    pool = WorkerPool(settings.workers, make_lint_handler, (settings.config, settings.isolated, settings.cwd))
    server = None
    try:
        server = waitress.server.create_server(
            LintService(settings, pool),
            host=settings.host,
            port=settings.port,
            threads=settings.workers + 2,  # /healthz answers while every worker lints
            max_request_body_size=settings.max_body_size,
            channel_timeout=max(30, int(settings.timeout) * 2),
            ident="affilint",
        )
        address = f"http://{_display_host(settings.host)}:{server.effective_port}"
        if ready is not None:
            ready(address)
        signal.signal(signal.SIGTERM, _exit_on_signal)
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        if server is not None:
            server.close()
        pool.close()


def _exit_on_signal(signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt


def _display_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def load_token(token_file: Path | None) -> str | None:
    """The bearer token from ``--token-file`` or the environment (never from the command line,
    where other users of the machine could read it). Raises ValueError with the reason."""
    if token_file is not None:
        try:
            token = token_file.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise ValueError(f"--token-file {token_file}: cannot read it: {getattr(exc, 'strerror', None) or exc}") from None
        if not token:
            raise ValueError(f"--token-file {token_file}: the file is empty")
        return token
    token = os.environ.get(TOKEN_ENV, "").strip()
    return token or None
