"""benchmarks/evaluate.py on tiny hand-made corpora: exact counts, and a clean exit 2 without a corpus.

Two registries are used. The installed one (what the script uses by default) is only asked for what
affilint documents as settled: an Amazon link with ``tag=`` is affiliate, AFF001 flags it, and
SRC001 leaves an article under 60 words alone. A hand-built registry with stub rules checks the
bookkeeping of every family, including the sentence-level one and the skipping of families with no
rules, without depending on heuristics that other work may change.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from affilint import Rule, Severity, Violation
from affilint.plugins import Registry, RuleEntry

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "evaluate.py"


def _load_script() -> Any:
    spec = importlib.util.spec_from_file_location("affilint_benchmark_evaluate", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


evaluate = _load_script()


def _label(page_id: str, hint: str, links: list[tuple[str, str]] = (), **fields: Any) -> dict[str, Any]:
    """A label in the corpus schema; only the fields under test vary."""
    label = {
        "id": page_id,
        "source": {"repo": "test/test", "commit": "0" * 40, "path": f"{page_id}.html"},
        "lang": "en",
        "kind": "news",
        "is_editorial_news": True,
        "main_content_hint": hint,
        "affiliate_links": [{"href": href, "network": network} for href, network in links],
        "has_affiliate_links": bool(links),
        "disclosure": {"present": False, "text": None, "placement": "n/a"},
        "sponsored_label": False,
        "product_plug_in_news": False,
        "plug_snippets": [],
        "source_links": 0,
        "quotes_total": 0,
        "quotes_unattributed": 0,
        "missing_sources": False,
        "unsupported_claims": [],
        "sourced_claims": [],
        "notes": "",
    }
    label.update(fields)
    return label


def _write_corpus(root: Path, pages: dict[str, str], labels: list[dict[str, Any]]) -> Path:
    (root / "pages").mkdir(parents=True)
    for page_id, html in pages.items():
        (root / "pages" / f"{page_id}.html").write_text(html, encoding="utf-8")
    (root / "labels.jsonl").write_text("".join(json.dumps(label) + "\n" for label in labels), encoding="utf-8")
    return root


AMZ = "https://www.amazon.com/dp/B00000000{}?tag=test-20"

# Page 1: a deals post. Inside div.post-body: B1 twice (listed once), B2 (not labelled: FP), B4 with
# spaces inside the attribute (labelled with the spaces), B5 with &amp; (labelled decoded), a link
# through an unknown network (FN), a rel=sponsored retailer link (TP, soft row: the model treats a
# link its page marks rel="sponsored" as a declared paid link). B3 is labelled but is
# not on the page (FN). The nav link is affiliate but outside the labelled body, so it is not counted.
DEALS = f"""<!doctype html><html><head><title>Deals</title></head><body>
<nav><a href="https://www.amazon.com/dp/B000000009?tag=nav-20">Nav deal</a></nav>
<div class="post-body">
<p>Our pick is the <a href="{AMZ.format(1)}">camera</a>; see the <a href="{AMZ.format(1)}">camera</a> again.</p>
<p>Also the <a href="{AMZ.format(2)}">lens</a> and the <a href=" {AMZ.format(4)} ">strap</a>.</p>
<p>And the <a href="https://www.amazon.com/dp/B000000005?tag=test-20&amp;linkCode=ll1">case</a>.</p>
<p>A <a href="https://clicks.unknownnet.test/c/1">bag</a> and a <a rel="sponsored" href="https://shop.test/tripod">tripod</a>.</p>
</div></body></html>
"""
# Page 2: a short news item with no links at all, labelled missing_sources (SRC001 skips < 60 words).
NEWS = """<!doctype html><html><head><title>News</title></head><body>
<article class="story"><p>The council met on Monday and approved the new budget for the year.</p></article>
</body></html>
"""
# Page 3: its label says the list was truncated, so the unlisted B7 is "unknown", not an FP.
LONG_LIST = f"""<!doctype html><html><head><title>Many deals</title></head><body>
<main><div id="deals"><p><a href="{AMZ.format(6)}">one</a> and <a href="{AMZ.format(7)}">two</a>.</p></div></main>
</body></html>
"""


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    labels = [
        _label(
            "p1-deals", "div.post-body",
            [
                (AMZ.format(1), "amazon"),
                (f" {AMZ.format(4)} ", "amazon"),
                ("https://www.amazon.com/dp/B000000005?tag=test-20&linkCode=ll1", "amazon"),
                ("https://clicks.unknownnet.test/c/1", "unknownnet"),
                ("https://shop.test/tripod", "unspecified (rel=sponsored)"),
                (AMZ.format(3), "amazon"),
            ],
            kind="deals", is_editorial_news=False,
        ),
        _label("p2-news", "article.story", missing_sources=True),
        _label("p3-long", "#deals", [(AMZ.format(6), "amazon")], kind="deals", is_editorial_news=False,
               notes="List truncated: first 50 of 64 distinct hrefs."),
    ]
    return _write_corpus(tmp_path / "corpus", {"p1-deals": DEALS, "p2-news": NEWS, "p3-long": LONG_LIST}, labels)


def _run_json(capsys: pytest.CaptureFixture[str], *argv: str, registry: Registry | None = None) -> dict[str, Any]:
    assert evaluate.main([*argv, "--format", "json"], registry=registry) == 0
    return json.loads(capsys.readouterr().out)


def test_link_level_counts_exact(small_corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = _run_json(capsys, "--corpus", str(small_corpus))
    assert report["pages_labelled"] == 3 and report["pages_linted"] == 3 and report["problems"] == []
    links = report["links"]
    assert links["pages_evaluated"] == 3 and links["skipped_pages"] == []
    rows = links["rows"]
    assert rows["all labels"] == {"tp": 5, "fp": 1, "fn": 2, "precision": 5 / 6, "recall": 5 / 7}
    assert rows["marker-based labels"] == {"tp": 4, "fp": 1, "fn": 2, "precision": 0.8, "recall": 4 / 6}
    assert rows["rel=sponsored / inferred"] == {"tp": 1, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0}
    assert links["networks"]["amazon"] == {"tp": 4, "fp": 1, "fn": 1, "precision": 0.8, "recall": 0.8}
    assert links["networks"]["unknownnet"] == {"tp": 0, "fp": 0, "fn": 1, "precision": None, "recall": 0.0}
    assert [(i["page"], i["href"], i["network"]) for i in links["false_positives"]] == [("p1-deals", AMZ.format(2), "amazon")]
    assert sorted((i["page"], i["href"], i["why"]) for i in links["false_negatives"]) == sorted([
        ("p1-deals", AMZ.format(3), "no link with exactly this href on the page"),
        ("p1-deals", "https://clicks.unknownnet.test/c/1", "in the body, not classified affiliate"),
    ])
    assert links["truncated_pages"] == ["p3-long"]
    assert [(i["page"], i["href"]) for i in links["unknown"]] == [("p3-long", AMZ.format(7))]
    assert links["network_disagreements"] == []


def test_page_level_counts_exact(small_corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    families = _run_json(capsys, "--corpus", str(small_corpus))["families"]
    aff, src = families["AFF"], families["SRC"]
    assert (aff["tp"], aff["fp"], aff["fn"], aff["tn"]) == (2, 0, 0, 1)
    assert (aff["precision"], aff["recall"]) == (1.0, 1.0) and aff["mismatches"] == []
    assert (src["tp"], src["fp"], src["fn"], src["tn"]) == (0, 0, 1, 2)
    assert src["mismatches"] == [{"page": "p2-news", "kind": "FN", "detail": "labelled positive, no finding"}]


def test_text_report_lists_misses(small_corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert evaluate.main(["--corpus", str(small_corpus)]) == 0
    out = capsys.readouterr().out
    assert "False positives (1):" in out and f"p1-deals  {AMZ.format(2)}  -> amazon" in out
    assert "False negatives (2):" in out and "Unknown (truncated label lists) (1):" in out
    assert "FN p2-news: labelled positive, no finding" in out


# -- every family's bookkeeping, with stub rules ------------------------------------------------
class _Stub(Rule):
    """
    ## What it does
    Test stub.

    ## Why is this bad?
    Test stub.

    ## Example
    ```html
    <p>x</p>
    ```

    ## Use instead
    ```html
    <p>y</p>
    ```
    """

    severity = Severity.WARNING


class StubAffiliate(_Stub):
    code, name, family = "AFF901", "stub-affiliate", "AFF"

    def check(self, doc):
        return [Violation(link, "affiliate") for link in doc.links if link.affiliate is not None]


class StubPlug(_Stub):
    code, name, family = "PLG901", "stub-plug", "PLG"

    def check(self, doc):
        return [Violation(None, "plug")] if "BUY NOW" in doc.text else []


class StubClaim(_Stub):
    # A code the CLM families measure (they count CLM001-CLM004 and SRC004, not the whole prefix).
    code, name, family = "CLM001", "stub-claim", "CLM"

    def check(self, doc):
        return [Violation(s, "claim") for s in doc.sentences if "always" in s.text]


def _stub_registry() -> Registry:
    rules = {rule.code: RuleEntry(rule, "test") for rule in (StubAffiliate, StubPlug, StubClaim)}
    network = {"id": "testnet", "name": "TestNet", "redirect_hosts": ["go.testnet.test"], "source": "test"}
    return Registry(rules=rules, data={"affiliate_networks": (network,)}, plugins=("test",))


def test_families_with_stub_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    q1 = """<html><body><article><p>Cats always land on their feet. The moon is rock, NASA said.</p>
<p>Get it here: <a href="https://go.testnet.test/x">BUY NOW</a></p></article></body></html>"""
    q2 = """<html><body><article><p>Dogs sleep 14 hours a day. Prices always rise in winter, the ONS reported.</p>
<p>Birds always sing.</p></article></body></html>"""
    q3 = "<html><body><article><p>No links here at all.</p></article></body></html>"
    labels = [
        _label("q1", "article", [("https://go.testnet.test/x", "testnet")],
               unsupported_claims=["Cats always land on their feet."], sourced_claims=["The moon is rock, NASA said."]),
        _label("q2", "article", product_plug_in_news=True,
               unsupported_claims=["Dogs sleep 14 hours a day."], sourced_claims=["Prices always rise in winter, the ONS reported."]),
        _label("q3", "div.nowhere", has_affiliate_links=True),
        _label("q4-missing", "article", has_affiliate_links=True),
    ]
    corpus = _write_corpus(tmp_path / "c", {"q1": q1, "q2": q2, "q3": q3}, labels)
    report = _run_json(capsys, "--corpus", str(corpus), registry=_stub_registry())

    assert report["rules_run"] == ["AFF901", "CLM001", "PLG901"]
    assert report["problems"] == [{"page": "q4-missing", "problem": f"page file missing: {corpus / 'pages' / 'q4-missing.html'}"}]
    assert report["links"]["rows"]["all labels"] == {"tp": 1, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0}
    assert report["links"]["skipped_pages"] == [{"page": "q3", "reason": "main_content_hint 'div.nowhere' matches nothing"}]

    families = report["families"]
    assert families["SRC"]["skipped"] == "no rules registered"
    assert families["DIS"]["skipped"] == "no rules registered"
    aff, plg, clm = families["AFF"], families["PLG"], families["CLM"]
    assert (aff["tp"], aff["fp"], aff["fn"], aff["tn"]) == (1, 0, 1, 1)
    assert (plg["tp"], plg["fp"], plg["fn"], plg["tn"]) == (0, 1, 1, 1)
    assert [(m["page"], m["kind"]) for m in plg["mismatches"]] == [("q1", "FP"), ("q2", "FN")]
    assert (clm["tp"], clm["fp"], clm["fn"], clm["tn"], clm["unjudged_findings"]) == (1, 1, 1, 1, 1)
    assert [(m["page"], m["kind"], m["detail"]) for m in clm["mismatches"]] == [
        ("q2", "FN", "Dogs sleep 14 hours a day."),
        ("q2", "FP", "Prices always rise in winter, the ONS reported."),
    ]
    # The stub's findings are warnings, so the warning-and-up measure counts them all the same.
    strict = families["CLM (warning+)"]
    assert (strict["tp"], strict["fp"], strict["fn"], strict["tn"], strict["unjudged_findings"]) == (1, 1, 1, 1, 1)


def test_text_report_names_skipped_families(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _write_corpus(tmp_path / "c", {"q3": "<html><body><article><p>Plain.</p></article></body></html>"},
                           [_label("q3", "article")])
    assert evaluate.main(["--corpus", str(corpus)], registry=_stub_registry()) == 0
    out = capsys.readouterr().out
    assert "SRC: no rules registered" in out and "DIS: no rules registered" in out


# -- no corpus ------------------------------------------------------------------------------------
def test_missing_corpus_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "no-such-corpus"
    assert evaluate.main(["--corpus", str(missing)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"corpus not found at {missing}" in captured.err and "labels.jsonl" in captured.err


def test_corpus_without_pages_dir_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "labels.jsonl").write_text(json.dumps(_label("x", "article")) + "\n", encoding="utf-8")
    assert evaluate.main(["--corpus", str(tmp_path)]) == 2
    assert "pages/" in capsys.readouterr().err


def test_script_runs_as_a_program(small_corpus: Path, tmp_path: Path) -> None:
    ok = subprocess.run([sys.executable, str(SCRIPT), "--corpus", str(small_corpus), "--format", "json"],
                        capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["links"]["rows"]["all labels"]["tp"] == 5
    missing = subprocess.run([sys.executable, str(SCRIPT), "--corpus", str(tmp_path / "absent")],
                             capture_output=True, text=True, timeout=120)
    assert missing.returncode == 2 and "corpus not found" in missing.stderr
