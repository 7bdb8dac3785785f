"""The HTML report's structure, without a browser: placement of highlights, escaping, the CSP and
error handling. The page's behaviour in a real browser is tested in test_report_html_browser.py."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from affilint.config import ConfigResolver
from affilint.engine import Linter
from affilint.plugins import build_registry
from affilint.report.article import MEDIA_TAGS, lay_out
from helpers_html import hostile_article, html_report

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "seed" / "news-with-product-plugs.html"


def lint_with_model(path: Path):
    linter = Linter(build_registry(), ConfigResolver(isolated=True), keep_documents=True)
    return linter.lint_path(path)


def marked_text(article, rule: str, findings) -> str:
    """The text a rule's first finding highlights, joined across pieces and passages."""
    index = next(i for i, f in enumerate(findings) if f.rule == rule)
    return "".join(piece.text for passage in article.passages for piece in passage.pieces if index in piece.marks)


def test_highlights_cover_exactly_the_offending_text():
    result = lint_with_model(SEED)
    article = lay_out(result.model, result.findings)
    assert marked_text(article, "AFF001", result.findings) == "Portable Camp Stoves"
    assert marked_text(article, "PLG001", result.findings) == "Portable Camp Stoves – Cook meals or boil water even during power outages."
    sentence = marked_text(article, "SRC001", result.findings)
    assert sentence.startswith("Russia officially recognized the Taliban government") and sentence.endswith("in 2021")
    # Every finding is shown beside some passage (none is lost), and only once.
    shown = [i for p in article.passages for i in p.notes] + article.page_notes
    assert sorted(shown) == list(range(len(result.findings)))


def test_highlights_survive_entities_and_media(tmp_path):
    page = tmp_path / "storm.html"
    page.write_text(hostile_article("http://127.0.0.1:9"), encoding="utf-8")
    result = lint_with_model(page)
    article = lay_out(result.model, result.findings)
    assert marked_text(article, "AFF001", result.findings) == 'a camp stove "deluxe"'
    texts = [" ".join("".join(p.text for p in passage.pieces).split()) for passage in article.passages]
    assert "Tom & Jerry's café closed <script>window.__pwned = \"escaped-text\"</script> early on Monday." in texts
    media = [p.text for passage in article.passages for p in passage.pieces if p.kind == "media"]
    assert media == ["image: Flooded street", "embedded frame: Live map", "video", "embedded object"]


def test_report_escapes_the_article_and_loads_nothing(tmp_path):
    origin = "http://127.0.0.1:9"
    page = tmp_path / "<img src=x onerror=alert(1)>.html"
    page.write_text(hostile_article(origin), encoding="utf-8")
    code, report = html_report(tmp_path, page)
    assert code == 1
    text = report.read_text(encoding="utf-8")
    assert origin not in text.replace(f'title="{origin}', "")  # only link titles may name it, as text
    tree = lxml_html.fromstring(text)
    assert len(tree.xpath("//script")) == 1 and not tree.xpath("//script[@src]")
    assert not tree.xpath("//img | //iframe | //video | //audio | //object | //embed | //link | //base | //form")
    assert not [name for element in tree.iter() if isinstance(element.tag, str) for name in element.attrib if name.startswith("on")]
    assert not tree.xpath("//*[@style]") and not tree.xpath("//a[not(starts-with(@href, '#'))]")
    assert "&lt;script&gt;window.__pwned" in text
    assert "&lt;img src=x onerror=alert(1)&gt;.html" in text


def test_content_security_policy_allows_only_the_inline_style_and_script(tmp_path):
    _code, report = html_report(tmp_path, SEED)
    tree = lxml_html.fromstring(report.read_bytes())
    policy = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "default-src 'none'" in policy and "'unsafe-inline'" not in policy and "http" not in policy

    def digest(element) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(element.text.encode("utf-8")).digest()).decode() + "'"

    assert f"style-src {digest(tree.xpath('//style')[0])};" in policy
    assert f"script-src {digest(tree.xpath('//script')[0])};" in policy
    head = tree.xpath("//head/*")
    assert head[1].get("http-equiv") == "Content-Security-Policy"  # right after the charset, before any content


def test_summary_tables_count_per_rule_and_per_file(tmp_path):
    _code, report = html_report(tmp_path, ROOT / "fixtures" / "seed")
    tree = lxml_html.fromstring(report.read_bytes())
    rows = {r.xpath("string(td[1])"): [c.text_content() for c in r.xpath("td")] for r in tree.xpath("//table[@class='by-rule']/tbody/tr")}
    assert rows["AFF001"] == ["AFF001", "affiliate-link-without-sponsored", "AFF", "2", "", "", "2"]
    assert rows["SRC001"][-1] == "1" and set(rows) == {"AFF001", "AFF003", "CLM003", "DIS001", "DIS005", "PLG001", "SRC001", "SRC003", "SRC004"}
    files = [r.xpath("string(td[1])") for r in tree.xpath("//table[@class='by-file']/tbody/tr")]
    assert [Path(f).name for f in files] == ["news-compliant.html", "news-with-product-plugs.html"]
    families = tree.xpath("//input[@data-filter='family']/@value")
    assert families == ["AFF", "CLM", "DIS", "PLG", "SRC"]
    notes = tree.xpath("//li[contains(@class, 'note')]")
    assert len(notes) == 16 and len({n.get("id") for n in notes}) == 16
    for mark in tree.xpath("//mark"):  # every highlight refers to notes that exist
        assert all(tree.get_element_by_id(ident) is not None for ident in mark.get("data-f").split())


def test_a_bad_file_is_reported_and_the_others_still_rendered(tmp_path):
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "binary.html").write_bytes(b"\x00\x01\x02" * 100)
    code, report = html_report(tmp_path, tmp_path / "empty.html", tmp_path / "binary.html", tmp_path / "missing.html", SEED, name="out.html")
    assert code == 1
    tree = lxml_html.fromstring(report.read_bytes())
    errors = tree.xpath("//p[@class='error-file']")
    assert len(errors) == 3 and "[empty]" in errors[0].text_content()
    assert len(tree.xpath("//li[contains(@class, 'note')]")) == 16


def test_other_formats_do_not_keep_documents(tmp_path, capsys):
    from affilint.cli import main

    linter = Linter(build_registry(), ConfigResolver(isolated=True))
    assert linter.lint_path(SEED).model is None
    main(["check", "--isolated", "--format", "json", str(SEED)])
    report = json.loads(capsys.readouterr().out)
    assert "model" not in report["files"][0]


def test_an_empty_run_is_a_complete_page(tmp_path):
    (tmp_path / "clean.html").write_text("<article><p>Nothing to see here, just a paragraph.</p></article>", encoding="utf-8")
    code, report = html_report(tmp_path, tmp_path / "clean.html")
    assert code == 0
    text = report.read_text(encoding="utf-8")
    assert text.rstrip().endswith("</html>") and "No findings in this file." in text
    assert re.search(r"0 findings \(0 errors, 0 warnings, 0 info\) in 1 file", text)


def test_a_finding_on_the_whole_article_is_listed_for_the_page_not_highlighted():
    import affilint
    from affilint.settings import Overrides

    class WholeArticle(affilint.Rule):
        """
        ## What it does
        Flags the whole document.
        ## Why is this bad?
        It is a test.
        ## Example
        ```html
        <p>x</p>
        ```
        ## Use instead
        ```html
        <p>y</p>
        ```
        """

        code, name, family = "TST001", "whole-article", "TST"
        severity = affilint.Severity.WARNING
        summary = "test"

        def check(self, doc):
            yield affilint.Violation(None, "About the whole article.")

    class Plugin:
        @affilint.hookimpl
        def affilint_register_rules(self):
            return [WholeArticle]

    paragraphs = "".join(f"<p>Paragraph number {n} of the story.</p>\n" for n in range(6))
    registry = build_registry(extra_plugins=[Plugin()])
    linter = Linter(registry, ConfigResolver(isolated=True), Overrides(select=("TST001",)), keep_documents=True)
    result = linter.lint_bytes(f"<html><body><nav><a href='/'>Home</a></nav><article>{paragraphs}</article></body></html>".encode(), "t.html")
    assert [f.rule for f in result.findings] == ["TST001"]
    article = lay_out(result.model, result.findings)
    assert article.page_notes == [0]
    assert not any(piece.marks for passage in article.passages for piece in passage.pieces)


def test_hidden_text_and_suppression_comments_are_shown_where_they_are(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<article>\n<p>Our pick: <a href='https://www.amazon.com/dp/X?tag=abc-20' rel='sponsored'>a stove</a>.</p>\n"
        "<p style='display:none'>We earn a commission from links on this page.</p>\n"
        "<p><!-- affilint-disable-next SRC001 -->Nothing else to say.</p>\n</article>\n",
        encoding="utf-8",
    )
    _code, report = html_report(tmp_path, "--report-unused-suppressions", page)
    tree = lxml_html.fromstring(report.read_bytes())
    hidden = tree.xpath("//div[contains(@class, 'hidden-text')]")
    assert len(hidden) == 1 and "We earn a commission" in hidden[0].text_content()
    assert "hidden" in hidden[0].xpath("string(.//span[@class='where-tag'])")
    unused = tree.xpath("//li[@data-rule='AFL001']")[0]
    assert "Nothing else to say." in unused.getparent().getparent().text_content()  # beside the passage it sits in


def test_an_article_that_cannot_be_laid_out_still_lists_its_findings(tmp_path, monkeypatch):
    import affilint.report.html as html_report_module

    def broken(*_args):
        raise ValueError("boom")

    monkeypatch.setattr(html_report_module, "lay_out", broken)
    code, report = html_report(tmp_path, SEED)
    assert code == 1
    text = report.read_text(encoding="utf-8")
    assert "Could not show this article (ValueError: boom)" in text and text.count('<li class="note') == 16
    assert text.rstrip().endswith("</html>")


def test_corpus_pages_read_as_their_blocks_and_nearly_all_findings_are_highlighted_in_place():
    corpus = ROOT.parent / "shared" / "corpus" / "pages"
    if not corpus.is_dir():
        pytest.skip("the labelled corpus (../shared/corpus) is absent")
    linter = Linter(build_registry(), ConfigResolver(isolated=True), keep_documents=True)
    total = marked = 0
    for path in sorted(corpus.iterdir()):
        result = linter.lint_path(path)
        if result.model is None:
            continue
        article = lay_out(result.model, result.findings)
        shown = [i for p in article.passages for i in p.notes] + article.page_notes
        assert sorted(shown) == list(range(len(result.findings))), path.name
        # The passages are the document model's blocks, in order, with the same text (spacing aside:
        # media placeholders stand where a <picture>'s inner whitespace was).
        texts = ["".join("".join(p.text for p in passage.pieces if p.kind == "text").split()) for passage in article.passages]
        assert [t for t in texts if t] == ["".join(b.text.split()) for b in result.model.blocks], path.name
        total += len(result.findings)
        marked += len({i for p in article.passages for piece in p.pieces for i in piece.marks})
    assert total > 100 and marked >= 0.95 * total


# -- any input ---------------------------------------------------------------------------------------
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from test_robustness import FUZZ, html_document, mutated_seed  # noqa: E402  (the robustness suite's generators)

_FUZZ_LINTER = Linter(build_registry(), ConfigResolver(isolated=True), keep_documents=True)


@FUZZ
@given(st.one_of(html_document().map(lambda text: text.encode("utf-8", "surrogatepass")), mutated_seed()))
def test_any_page_is_laid_out_whole_and_escaped(data):
    import io

    from affilint import __version__
    from affilint.report.base import ReportContext, Summary
    from affilint.report.html import HtmlFormatter

    result = _FUZZ_LINTER.lint_bytes(data, "<fuzz>.html")
    if result.model is None:
        return
    article = lay_out(result.model, result.findings)
    shown = [i for p in article.passages for i in p.notes] + article.page_notes
    assert sorted(shown) == list(range(len(result.findings)))
    # Same text as the model's blocks, except fallback text inside media, which the report does not show.
    if not any("".join(element.itertext()).strip() for element in result.model.root.iter(*MEDIA_TAGS)):
        texts = ["".join("".join(p.text for p in passage.pieces if p.kind == "text").split()) for passage in article.passages]
        assert [t for t in texts if t] == ["".join(b.text.split()) for b in result.model.blocks]
    stream = io.StringIO()
    formatter = HtmlFormatter(stream, ReportContext(version=__version__, rules=_FUZZ_LINTER.registry.rules))
    summary = Summary()
    summary.add(result)
    formatter.begin()
    formatter.file(result)
    formatter.end(summary)
    tree = lxml_html.fromstring(stream.getvalue())
    assert len(tree.xpath("//script")) == 1 and not tree.xpath("//img | //iframe | //object | //embed | //link | //base")
    assert not [name for element in tree.iter() if isinstance(element.tag, str) for name in element.attrib if name.startswith("on")]


def test_a_finding_repeated_in_one_passage_is_said_once(tmp_path):
    links = " ".join(f'<a href="https://www.amazon.com/dp/X{n}?tag=abc-20">deal {n}</a>' for n in range(4))
    page = tmp_path / "deals.html"
    page.write_text(f"<article><p>Deals: {links}. As an Amazon Associate we earn from qualifying purchases.</p></article>", encoding="utf-8")
    _code, report = html_report(tmp_path, "--select", "AFF001", page)
    tree = lxml_html.fromstring(report.read_bytes())
    notes = tree.xpath("//li[@data-rule='AFF001']")
    assert len(notes) == 4 and [("repeat" in n.get("class")) for n in notes] == [False, True, True, True]
    assert "lacks rel" in notes[0].text_content() and notes[1].xpath("string(.//span[@class='same'])") == "as above"
