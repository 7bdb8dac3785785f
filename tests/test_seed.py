"""The issue's acceptance case: the seed news page with product plugs fails with AFF001 and SRC001 at
the right lines; its compliant rewrite passes."""

from __future__ import annotations

import json
from pathlib import Path

from affilint.cli import main

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed"


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_seed_page_reports_aff001_and_src001_at_the_right_lines(capsys):
    page = SEED / "news-with-product-plugs.html"
    code = main(["check", "--isolated", "--format", "json", str(page)])
    report = json.loads(capsys.readouterr().out)
    findings = report["files"][0]["findings"]
    aff = [(f["line"], f["evidence"]["network"]) for f in findings if f["rule"] == "AFF001"]
    assert aff == [
        (line_of(page, "Portable Camp Stoves</a>"), "amazon"),
        (line_of(page, "Wool Blankets (Military Style)</a>"), "amazon"),
    ]
    src = [f for f in findings if f["rule"] == "SRC001"]
    assert len(src) == 1
    assert src[0]["line"] == line_of(page, "<p>Russia officially recognized the Taliban government")
    assert report["files"][0]["document"]["kind"] == "news"
    assert code == 1


def test_compliant_rewrite_passes(capsys):
    code = main(["check", "--isolated", "--format", "json", str(SEED / "news-compliant.html")])
    report = json.loads(capsys.readouterr().out)
    assert report["files"][0]["findings"] == []
    assert code == 0


def test_text_report_groups_by_file_with_summary(capsys):
    main(["check", "--isolated", "--color", "never", str(SEED)])
    out = capsys.readouterr().out
    assert out.splitlines()[0].endswith("news-with-product-plugs.html")
    assert "AFF001 affiliate-link-without-sponsored" in out
    assert out.rstrip().splitlines()[-1] == "✖ 16 findings (3 errors, 10 warnings, 3 info) in 2 files"


def test_seed_gets_a_plg_finding_per_product_block_and_dis_for_the_missing_disclosure(capsys):
    page = SEED / "news-with-product-plugs.html"
    main(["check", "--isolated", "--format", "json", "--select", "PLG,DIS001", str(page)])
    findings = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    stove, blanket = line_of(page, "Portable Camp Stoves</a>"), line_of(page, "Wool Blankets (Military Style)</a>")
    assert sorted((f["rule"], f["line"]) for f in findings) == [("DIS001", stove), ("PLG001", stove), ("PLG001", blanket)]


def test_seed_product_links_are_affiliate_links_in_news(capsys):
    page = SEED / "news-with-product-plugs.html"
    main(["check", "--isolated", "--format", "json", "--select", "AFF003", str(page)])
    findings = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert [f["line"] for f in findings] == [line_of(page, "Portable Camp Stoves</a>"), line_of(page, "Wool Blankets (Military Style)</a>")]
