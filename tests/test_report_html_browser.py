"""The HTML report in a real headless browser (Debian's chromium, driven by Selenium through
chromedriver): highlights are painted, the filters hide and show findings, the page runs nothing
from the article and requests nothing, and a screenshot of it is a real picture.

CI installs chromium and chromium-driver (.ci/run) and sets AFFILINT_REQUIRE_BROWSER, so there a missing
browser fails the tests; elsewhere they skip with the reason.
"""

from __future__ import annotations

import http.server
import os
import shutil
import struct
import tempfile
import threading
import zlib
from pathlib import Path

import pytest

from helpers_html import hostile_article, html_report

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
MISSING = "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run installs them)"
ROOT = Path(__file__).resolve().parents[1]
FLAGS = ("--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
         "--disable-component-update --disable-sync --disable-default-apps --hide-scrollbars").split()


@pytest.fixture(scope="module")
def browser():
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        if os.environ.get("AFFILINT_REQUIRE_BROWSER"):  # set by .ci/run: CI must never skip these
            pytest.fail(MISSING)
        pytest.skip(MISSING)
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not look for drivers online
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="affilint-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_window_size(1280, 1600)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def origin():
    """A loopback HTTP server that records every request: the report must never reach it."""
    requests: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the stdlib's name
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"window.__pwned = 'remote';")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()


def open_report(browser, report: Path) -> None:
    browser.get_log("performance")  # drop events of earlier pages
    browser.get(report.resolve().as_uri())


def requested_urls(browser) -> list[str]:
    import json

    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def visible_notes(browser, **data: str) -> list:
    selector = "li.note" + "".join(f'[data-{key}="{value}"]' for key, value in data.items())
    return [note for note in browser.find_elements("css selector", selector) if note.is_displayed()]


def test_the_article_runs_nothing_and_loads_nothing(browser, origin, tmp_path):
    url, requests = origin
    page = tmp_path / "storm.html"
    page.write_text(hostile_article(url), encoding="utf-8")
    _code, report = html_report(tmp_path, page)
    open_report(browser, report)
    assert browser.execute_script("return window.__pwned") is None
    browser.save_screenshot(str(tmp_path / "hostile.png"))
    body = browser.find_element("tag name", "body").text
    assert 'closed <script>window.__pwned = "escaped-text"</script> early' in body
    assert "image: Flooded street" in body and "embedded frame: Live map" in body
    assert browser.execute_script("return document.querySelectorAll('img, iframe, video, object, embed, link').length") == 0
    assert requests == []
    assert [u for u in requested_urls(browser) if not u.startswith("file://")] == []
    # The page's own script ran (CSP allows it by hash): the count of shown findings is filled in.
    assert browser.find_element("id", "shown").text.startswith("showing ")
    assert not [e for e in browser.get_log("browser") if "Content Security Policy" in e["message"]]


def test_highlights_and_filters_work(browser, tmp_path):
    _code, report = html_report(tmp_path, ROOT / "fixtures" / "seed")
    open_report(browser, report)
    marks = browser.find_elements("css selector", "mark[data-f]")
    assert [m.text for m in marks] == [
        # SRC001 (info: the article names sources but links none)
        "Russia officially recognized the Taliban government in Afghanistan on July 3, 2025, marking a significant change "
        "in geopolitical relations since the group’s rise to power in 2021",
        # SRC004 (warning)
        "The mixed public response to Russia’s recognition underscores the complexities involved, as some view it as a step "
        "towards pragmatic engagement, while others criticize it as legitimizing a government with a controversial record on "
        "human rights",
        # SRC003 twice (info)
        "On July 3, 2025, the Russian Ministry of Foreign Affairs stated, “We believe that the act of official recognition… "
        "will give impetus to the development of productive bilateral cooperation",
        "The Taliban’s Foreign Minister Amir Khan Muttaqi echoed this sentiment, expressing that “We value this courageous "
        "step taken by Russia, and, God willing, it will serve as an example for others",
        # CLM003 four times (warnings)
        "This recognition may lead to significant changes in the geopolitics of Afghanistan, particularly concerning nuclear "
        "threat preparedness in the region",
        "It may foster instability in Central and South Asia, as increased engagement with the Taliban could prompt resource "
        "conflicts, particularly concerning energy interests",
        "With Russia leading the way, there is a possibility that other countries may follow suit, reshaping alliances and "
        "interactions across the region and possibly increasing the risks associated with terrorism and political instability",
        "However, the increased diplomatic engagement could also intensify regional instability, leading to potential conflicts "
        "over resources and heightening the threats posed by groups like ISIS-K",
        "Portable Camp Stoves", "– Cook meals or boil water even during power outages.",
        "Wool Blankets (Military Style)", "– Hold heat like a fortress — durable wool blankets never go out of style.",
    ]
    source, weasel, speculation, stoves, blankets = marks[0], marks[1], marks[4], marks[8], marks[10]
    painted = browser.execute_script("return getComputedStyle(arguments[0]).backgroundColor", stoves)
    assert painted not in ("rgba(0, 0, 0, 0)", "transparent")
    assert len(visible_notes(browser)) == 16

    # Family filter: AFF off hides the four AFF notes; the link keeps its highlight (DIS and PLG still mark it).
    browser.find_element("css selector", 'input[data-filter="family"][value="AFF"]').click()
    assert visible_notes(browser, family="AFF") == [] and len(visible_notes(browser)) == 12
    assert browser.find_element("id", "shown").text == "showing 12 of 16 findings"
    assert "off" not in stoves.get_attribute("class")
    # Severity filter: warnings off too leaves DIS001 (the only non-AFF error), the info notes and their highlights.
    browser.find_element("css selector", 'input[data-filter="severity"][value="warning"]').click()
    assert [n.get_attribute("data-rule") for n in visible_notes(browser)] == ["SRC001", "SRC003", "SRC003", "DIS001"]
    assert "off" in weasel.get_attribute("class")  # SRC004's sentence (a warning) is no longer highlighted
    assert "off" in speculation.get_attribute("class")  # nor CLM003's
    assert "off" in blankets.get_attribute("class")  # the blankets link: only AFF and PLG findings
    assert "off" not in stoves.get_attribute("class")
    assert "off" not in source.get_attribute("class")  # SRC001 is info here: still shown
    assert browser.execute_script("return getComputedStyle(arguments[0]).backgroundColor", weasel) == "rgba(0, 0, 0, 0)"
    # Both back on: everything is shown again.
    browser.find_element("css selector", 'input[data-filter="family"][value="AFF"]').click()
    browser.find_element("css selector", 'input[data-filter="severity"][value="warning"]').click()
    assert len(visible_notes(browser)) == 16 and not browser.find_elements("css selector", "mark.off")

    # Clicking a highlight points at its finding.
    stoves.click()
    first = stoves.get_attribute("data-f").split()[0]
    assert "flash" in browser.find_element("id", first).get_attribute("class")

    # The summary, written last, is shown first.
    summary = browser.find_element("css selector", "section.summary")
    first_file = browser.find_element("css selector", "section.file")
    assert summary.location["y"] < first_file.location["y"]


def test_screenshot_is_a_real_picture(browser, tmp_path):
    _code, report = html_report(tmp_path, ROOT / "fixtures" / "seed" / "news-with-product-plugs.html")
    open_report(browser, report)
    shot = tmp_path / "report.png"
    assert browser.save_screenshot(str(shot))
    width, height, rows = decode_png(shot.read_bytes())
    assert (width, height) == tuple(browser.execute_script("return [window.innerWidth, window.innerHeight]"))
    assert width >= 1000 and height >= 1000
    # Not a blank page: many different scanlines, and many distinct byte values painted.
    assert len(set(rows)) > 100 and len(set(b"".join(rows))) > 200


def decode_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """Check a PNG's signature, chunk CRCs and image data size; return width, height and the scanlines
    (still filtered, which is enough to tell a painted page from a blank one)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat, header = 8, b"", None
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"bad CRC in {kind!r} chunk"
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
        if kind == b"IEND":
            break
    assert header is not None and position == len(data)
    width, height, depth, color = header[:4]
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[color]
    raw = zlib.decompress(idat)
    stride = 1 + width * channels
    assert depth == 8 and len(raw) == height * stride
    return width, height, [raw[i : i + stride] for i in range(0, len(raw), stride)]
