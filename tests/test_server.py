"""`affilint serve`: the real server, started as a subprocess on a free loopback port, spoken to over HTTP."""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest

from helpers_cli import AFFILIATE_HTML, CLEAN_HTML, run_cli

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "seed"
BAD = (SEED / "news-with-product-plugs.html").read_bytes()
GOOD = (SEED / "news-compliant.html").read_bytes()
TOKEN = "s3cret-token-for-tests"
SCHEMA = json.loads((ROOT / "lint" / "schemas" / "report.schema.json").read_text(encoding="utf-8"))

# A third-party rule that stalls on pages holding <p id="stall">, installed through an entry point
# the way pip would, so the timeout test needs no hook into the server.
STALL_PLUGIN = '''
import time
import affilint

class Stall(affilint.Rule):
    """
    ## What it does
    Stalls on purpose (test fixture for the service's timeout).

    ## Why is this bad?
    It is not; it stands for a rule that is slow on some page.

    ## Example
    ```html
    <p id="stall">x</p>
    ```

    ## Use instead
    ```html
    <p>x</p>
    ```
    """
    code, name, family = "STL001", "stall", "STL"
    severity = affilint.Severity.WARNING
    summary = "Stalls on purpose."

    def check(self, doc):
        if doc.css("#stall"):
            time.sleep(120)
        return ()

@affilint.hookimpl
def affilint_register_rules():
    return [Stall]
'''


class Server:
    def __init__(self, process: subprocess.Popen, base: str, log: Path) -> None:
        self.process, self.base, self.log = process, base, log
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port

    def request(self, method: str, path: str, body: bytes | str | dict | None = None, *, content_type: str | None = None,
                token: str | None = TOKEN, headers: dict[str, str] | None = None, timeout: float = 60) -> tuple[int, dict, dict]:
        if isinstance(body, dict):
            body, content_type = json.dumps(body).encode(), content_type or "application/json"
        elif isinstance(body, str):
            body = body.encode("utf-8")
        sent = dict(headers or {})
        if content_type:
            sent["Content-Type"] = content_type
        if token:
            sent["Authorization"] = f"Bearer {token}"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            raw = response.read()
            reply_headers = {key.lower(): value for key, value in response.getheaders()}
        finally:
            connection.close()
        try:
            data = json.loads(raw) if raw else {}
        except ValueError:
            data = {"raw": raw.decode("utf-8", "replace")}
        return response.status, data, reply_headers

    def lint(self, html: bytes | str, query: str = "", **kwargs) -> tuple[int, dict, dict]:
        return self.request("POST", "/v1/lint" + (f"?{query}" if query else ""), html, content_type="text/html; charset=utf-8", **kwargs)


def start_server(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> Server:
    log = tmp_path / f"serve-{time.monotonic_ns()}.log"
    handle = log.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "affilint", "serve", "--port", "0", "--isolated", *args],
        stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=tmp_path, env=env or dict(os.environ),
    )
    handle.close()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        match = re.search(r"listening on (http://\S+)", log.read_text(encoding="utf-8", errors="replace"))
        if match:
            return Server(process, match.group(1), log)
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    raise AssertionError(f"server did not start:\n{log.read_text(errors='replace')}")


def stop(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        raise


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    directory = tmp_path_factory.mktemp("serve")
    token_file = directory / "token"
    token_file.write_text(TOKEN + "\n", encoding="utf-8")
    running = start_server(directory, "--token-file", str(token_file), "--max-body-size", "256KiB", "--workers", "2")
    yield running
    stop(running)
    assert running.process.returncode == 0, running.log.read_text(errors="replace")


# -- answers --------------------------------------------------------------------------------------
def test_bad_article_is_blocked_with_the_json_report(server):
    status, body, headers = server.lint(BAD, "url=https://news.example/world/taliban&path=world/taliban.html")
    assert status == 200 and headers["content-type"].startswith("application/json")
    assert body["verdict"] == "block" and body["fail_on"] == "error"
    report = body["report"]
    jsonschema.validate(report, SCHEMA)  # the same report `check --format json` writes
    (entry,) = report["files"]
    assert entry["path"] == "world/taliban.html"
    assert entry["document"]["url"] == "https://news.example/world/taliban"
    rules = sorted({f["rule"] for f in entry["findings"]})
    assert {"AFF001", "DIS001"} <= set(rules)
    errors = sum(f["severity"] == "error" for f in entry["findings"])
    assert body["blocking_findings"] == errors == report["summary"]["by_severity"]["error"] > 0


def test_report_matches_the_cli_json_for_the_same_file(server, tmp_path, capsys):
    page = tmp_path / "article.html"
    page.write_bytes(BAD)
    cli = run_cli(capsys, "check", "--isolated", "--format", "json", page).report
    _status, body, _ = server.lint(BAD, f"path={page}")
    assert body["report"]["files"] == cli["files"]
    assert body["report"]["summary"] == cli["summary"]


def test_good_article_is_published(server):
    status, body, _ = server.lint(GOOD)
    assert status == 200
    assert body["verdict"] == "publish" and body["blocking_findings"] == 0
    assert body["report"]["files"][0]["path"] == "<request>"


def test_json_body_with_config_overrides(server):
    document = {"html": BAD.decode("utf-8"), "url": "https://news.example/a", "config": {"select": ["PLG"], "fail_on": "warning"}}
    status, body, _ = server.request("POST", "/v1/lint", document)
    assert status == 200
    findings = body["report"]["files"][0]["findings"]
    assert {f["rule"] for f in findings} == {"PLG001"}
    assert {f["severity"] for f in findings} == {"warning"}
    assert body["verdict"] == "block" and body["fail_on"] == "warning" and body["blocking_findings"] == len(findings)
    # The path defaults to the URL, so fingerprints stay stable per article.
    assert body["report"]["files"][0]["path"] == "https://news.example/a"

    status, body, _ = server.request("POST", "/v1/lint", {"html": BAD.decode("utf-8"), "config": {"ignore": ["AFF", "DIS"], "fail_on": "error"}})
    assert status == 200 and body["verdict"] == "publish"
    assert not {f["rule"][:3] for f in body["report"]["files"][0]["findings"]} & {"AFF", "DIS"}


def test_main_content_selector_override(server):
    html = "<div class='promo'><p>Buy <a href='https://www.amazon.com/dp/X?tag=abc-20'>it</a></p></div><div class='body'><p>Plain text only here.</p></div>"
    _status, default, _ = server.request("POST", "/v1/lint", {"html": html})
    status, narrowed, _ = server.request("POST", "/v1/lint", {"html": html, "config": {"main_content_selector": "div.body"}})
    assert status == 200
    assert narrowed["report"]["files"][0]["document"]["main_content"]["selector"] == "div.body"
    assert narrowed["report"]["files"][0]["document"] != default["report"]["files"][0]["document"]


def test_query_options_with_a_raw_body(server):
    status, body, _ = server.lint(AFFILIATE_HTML, "select=AFF001&fail_on=never")
    assert status == 200
    assert [f["rule"] for f in body["report"]["files"][0]["findings"]] == ["AFF001"]
    assert body["verdict"] == "publish" and body["fail_on"] == "never"


def test_charset_in_content_type_outranks_the_pages_meta(server):
    html = "<html><head><meta charset='utf-8'><title>Caf\u00e9 cr\u00e8me</title></head><body><p>Hello there.</p></body></html>"
    status, body, _ = server.request("POST", "/v1/lint", html.encode("latin-1"), content_type="text/html; charset=ISO-8859-1")
    assert status == 200
    assert body["report"]["files"][0]["document"]["title"] == "Caf\u00e9 cr\u00e8me"


def test_lone_surrogate_in_json_html_is_linted(server):
    status, body, _ = server.request("POST", "/v1/lint", b'{"html": "<article><p>Odd \\ud800 text here.</p></article>"}', content_type="application/json")
    assert status == 200 and body["report"]["files"][0]["status"] == "ok"


def test_unlintable_document_blocks_with_the_files_error(server):
    status, body, _ = server.request("POST", "/v1/lint", b"%PDF-1.7 \x00\x01\x02 binary", content_type="text/html")
    assert status == 200 and body["verdict"] == "block"
    assert body["report"]["files"][0]["status"] == "error"
    assert body["report"]["files"][0]["error"]["code"] == "binary"


def test_healthz_needs_no_token(server):
    status, body, _ = server.request("GET", "/healthz", token=None)
    assert status == 200 and body["status"] == "ok"


# -- refusals -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("token", "expected"),
    [(None, 401), ("wrong-token", 401), (TOKEN + "x", 401), (TOKEN, 200)],
)
def test_bearer_token(server, token, expected):
    status, body, headers = server.lint(CLEAN_HTML, token=token)
    assert status == expected
    if expected == 401:
        assert body["error"]["code"] == "unauthorized"
        assert headers["www-authenticate"].startswith("Bearer")


def test_oversized_body_is_413(server):
    status, body, _ = server.lint(b"<p>" + b"a" * (300 * 1024) + b"</p>")
    assert status == 413
    assert "256" in json.dumps(body) or "262144" in json.dumps(body) or "262,144" in json.dumps(body)


def test_wrong_content_type_is_415(server):
    status, body, headers = server.request("POST", "/v1/lint", b"hello", content_type="text/plain")
    assert status == 415 and body["error"]["code"] == "unsupported-media-type"
    assert "text/html" in headers["accept-post"]
    status, _body, _ = server.request("POST", "/v1/lint", b"<p>x</p>")  # no Content-Type at all
    assert status == 415


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"{not json", "bad-json"),
        (b'["<p>x</p>"]', "bad-request"),
        (b'{"html": 42}', "bad-request"),
        (b'{"url": "https://x.example/"}', "bad-request"),
        (b'{"html": "<p>x</p>", "url": "ftp://x"}', "bad-request"),
        (b'{"html": "<p>x</p>", "colour": "red"}', "bad-request"),
        (b"", "empty"),
    ],
)
def test_malformed_json_is_400(server, body, code):
    status, reply, _ = server.request("POST", "/v1/lint", body, content_type="application/json")
    assert status == 400, reply
    assert reply["error"]["code"] == code


@pytest.mark.parametrize(
    "config",
    [{"select": ["NOPE999"]}, {"ignore": "AFF,XYZ"}, {"fail_on": "sometimes"}, {"main_content_selector": "div[[["},
     {"select": [1, 2]}, {"max_file_size": "1GB"}, "AFF"],
)
def test_invalid_config_override_is_422(server, config):
    status, reply, _ = server.request("POST", "/v1/lint", {"html": "<p>x</p>", "config": config})
    assert status == 422, reply
    assert reply["error"]["code"] == "invalid-config" and reply["error"]["message"]


def test_unknown_endpoint_and_method(server):
    assert server.request("GET", "/v2/lint")[0] == 404
    status, _body, headers = server.request("GET", "/v1/lint")
    assert status == 405 and headers["allow"] == "POST"


def test_concurrent_requests_get_their_own_answers(server):
    """More requests than workers at once: each answer belongs to its request (nothing shared)."""
    pages = [(f"page-{i}.html", BAD if i % 2 else GOOD) for i in range(12)]

    def lint(item):
        path, html = item
        status, body, _ = server.lint(html, f"path={path}")
        return path, html, status, body

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lint, pages))
    for path, html, status, body in results:
        assert status == 200
        assert body["report"]["files"][0]["path"] == path
        assert body["verdict"] == ("block" if html is BAD else "publish")


# -- timeouts, start-up and shutdown --------------------------------------------------------------
def test_timeout_is_504_and_the_worker_is_replaced(tmp_path):
    site = tmp_path / "site"
    (site / "affilint_stall").mkdir(parents=True)
    (site / "affilint_stall" / "__init__.py").write_text(STALL_PLUGIN, encoding="utf-8")
    info = site / "affilint_stall-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: affilint-stall\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[affilint]\nstall = affilint_stall\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")])))
    env.pop("AFFILINT_SERVE_TOKEN", None)
    server = start_server(tmp_path, "--timeout", "2", "--workers", "1", env=env)
    try:
        started = time.monotonic()
        status, body, _ = server.lint("<article><p id='stall'>Stall here.</p></article>", token=None)
        elapsed = time.monotonic() - started
        assert status == 504 and body["error"]["code"] == "timeout"
        assert elapsed < 10
        # The stalled worker was killed and a fresh one took its place: the service still answers.
        deadline = time.monotonic() + 60
        while True:
            status, body, _ = server.lint(GOOD, token=None)
            if status != 503 or time.monotonic() > deadline:
                break
        assert status == 200 and body["verdict"] == "publish"
        assert server.request("GET", "/healthz", token=None)[0] == 200
    finally:
        stop(server)
    assert server.process.returncode == 0


def test_token_from_the_environment(tmp_path):
    server = start_server(tmp_path, env=dict(os.environ, AFFILINT_SERVE_TOKEN="from-env"))
    try:
        assert server.lint(CLEAN_HTML, token=None)[0] == 401
        assert server.lint(CLEAN_HTML, token="from-env")[0] == 200
        assert "bearer token required" in server.log.read_text()
    finally:
        stop(server)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "70000"], "--port 70000"),
        (["--timeout", "0"], "--timeout"),
        (["--workers", "0"], "--workers"),
        (["--max-body-size", "lots"], "--max-body-size"),
        (["--token-file", "/nonexistent/token"], "--token-file"),
        (["--fail-on", "sometimes"], "invalid choice"),
    ],
)
def test_bad_serve_options_exit_2(capsys, args, message):
    result = run_cli(capsys, "serve", "--isolated", *args)
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err


def test_empty_token_file_exits_2(capsys, tmp_path):
    token = tmp_path / "token"
    token.write_text("\n", encoding="utf-8")
    result = run_cli(capsys, "serve", "--isolated", "--token-file", token)
    assert result.code == 2 and "empty" in result.err


def test_bad_configuration_exits_2_before_serving(tmp_path):
    (tmp_path / "affilint.toml").write_text('select = ["NOPE999"]\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "affilint", "serve", "--port", "0"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "NOPE999" in result.stderr and "Traceback" not in result.stderr


def test_missing_server_extra_names_it(tmp_path):
    # A stand-in package that fails to import, as when the extra is not installed.
    (tmp_path / "waitress").mkdir()
    (tmp_path / "waitress" / "__init__.py").write_text("raise ImportError('No module named waitress')\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "affilint", "serve"], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 2
    assert "pip install 'affilint[server]'" in result.stderr
    assert "Traceback" not in result.stderr
