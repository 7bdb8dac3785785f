"""Robustness: no input, however broken or hostile, makes affilint raise or report an internal error.

Random and mutated HTML goes through the whole pipeline, ``Linter.lint_bytes`` (decode, parse, model,
every built-in rule, suppression, fingerprints), and through ``Document.from_html`` with every lazy
part of the model touched, including ``locate()``/``snippet()`` of each link, sentence and block. The
contract under test: a :class:`FileResult` with status ``ok``, or status ``error`` with one of the
input error codes (``internal-error`` and ``rule-error`` mean an affilint bug), and a report that can
be serialised.

Hypothesis budgets are kept small (``ROBUSTNESS_EXAMPLES``, default 150 per property) so the module
runs in well under a minute on two cores; raise the environment variable for a longer fuzzing run.
The huge-input cases are grouped in ``TestHugeInputs`` and tagged ``huge`` (``-m huge`` / ``-m "not
huge"``); they are never skipped.
"""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from affilint.config import ConfigResolver
from affilint.decode import decode
from affilint.document import Document, ModelContext
from affilint.engine import FileResult, Linter
from affilint.errors import InputError
from affilint.plugins import build_registry
from affilint.positions import Span

REPO = Path(__file__).resolve().parents[1]
SEED_PATH = REPO / "fixtures" / "seed" / "news-with-product-plugs.html"
SEED = SEED_PATH.read_bytes()

# Error codes an input may legitimately get. ``internal-error`` / ``rule-error`` are affilint bugs.
INPUT_ERROR_CODES = frozenset({"empty", "binary", "not-html", "too-deep", "too-large", "parse-error"})

EXAMPLES = int(os.environ.get("ROBUSTNESS_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # do not write .hypothesis/ into the repository; failures print their reproduction
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example, HealthCheck.filter_too_much],
)

HUGE = pytest.mark.huge  # registered in pyproject.toml

REGISTRY = build_registry()
CONTEXT = ModelContext(REGISTRY.data)
LINTER = Linter(REGISTRY, resolver=ConfigResolver(isolated=True))


# -- checks shared by every test ------------------------------------------------------------------
def check_result(result: Any) -> FileResult:
    """The engine's contract for any input."""
    assert isinstance(result, FileResult)
    assert result.status in ("ok", "error"), result.status
    if result.status == "error":
        assert result.error is not None
        assert result.error["code"] in INPUT_ERROR_CODES, f"affilint bug on this input: {result.error}"
        assert isinstance(result.error["message"], str) and result.error["message"]
    else:
        assert result.error is None
        assert result.document is not None
        assert result.document["main_content"]["line"] >= 1
    for finding in result.findings:
        assert finding.line >= 1, finding
        assert finding.column is None or finding.column >= 1, finding
        assert finding.end_line is None or finding.end_line >= 1, finding
        assert isinstance(finding.snippet, str) and len(finding.snippet) <= 160
        assert len(finding.fingerprint) == 20
    # The JSON report of this file can be written as UTF-8 (no lone surrogates leak into it).
    json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")
    return result


def lint(data: bytes) -> FileResult:
    return check_result(LINTER.lint_bytes(data, "x.html"))


def check_span(span: Span) -> None:
    assert isinstance(span, Span)
    assert span.line >= 1
    assert span.column is None or span.column >= 1
    assert span.end_line is None or span.end_line >= 1
    assert span.end_column is None or span.end_column >= 1


def exercise(doc: Document, limit: int | None = None) -> Document:
    """Touch every lazy property of the model and locate every link, sentence and block."""
    doc.metadata.to_dict()
    assert isinstance(doc.url, str) and isinstance(doc.base_url, str) and isinstance(doc.site_host, str)
    kind = doc.kind
    assert kind.kind in ("news", "review", "deals", "sponsored", "blog", "other"), kind
    main = doc.main_content
    assert main.element is not None and main.method and main.selector
    doc.placements
    blocks = doc.blocks
    doc.main_blocks
    sentences = doc.sentences
    links = doc.links
    doc.comments
    doc.placement(main.element)
    check_span(doc.locate(None))
    assert isinstance(doc.snippet(None), str)
    for index, link in enumerate(links[:limit]):
        assert link.index == index
        assert link.line >= 1
        assert link.region in ("main", "boilerplate", "outside")
        if link.affiliate is not None:
            assert link.affiliate.network and link.affiliate.signal
        span = doc.locate(link)
        check_span(span)
        if span.column is not None:  # a located link points at its own start tag
            start = doc.source.offset(span.line, span.column)
            assert doc.text[start : start + 1 + len(link.element.tag)].lower() == "<" + link.element.tag, (span, link.href)
        assert len(doc.snippet(link)) <= 160
        doc.locator(link)
        doc.text_hash(link)
        doc.placement(link.element)
    for sentence in sentences[:limit]:
        assert sentence.text and sentence.text == sentence.block.text[sentence.start : sentence.end]
        assert 0 <= sentence.start < sentence.end <= len(sentence.block.text)
        check_span(doc.locate(sentence))
        assert len(doc.snippet(sentence)) <= 160
        doc.locator(sentence)
        doc.text_hash(sentence)
    for block in blocks[:limit]:
        assert block.text
        check_span(doc.locate(block))
        doc.snippet(block)
    for comment in doc.comments[:limit]:
        check_span(doc.source.span(comment))
    return doc


def model(text: str) -> Document | None:
    """``Document.from_html`` + :func:`exercise`; None when the input is rejected with a known code."""
    try:
        doc = Document.from_html(text, context=CONTEXT, path="x.html")
    except InputError as exc:
        assert exc.code in INPUT_ERROR_CODES, (exc.code, exc.message)
        return None
    return exercise(doc)


def model_bytes(data: bytes) -> Document | None:
    try:
        text = decode(data).text
    except InputError as exc:
        assert exc.code in INPUT_ERROR_CODES, (exc.code, exc.message)
        return None
    return model(text)


def pipeline(data: bytes) -> FileResult:
    """The whole pipeline on bytes, and the model built from the same bytes."""
    result = lint(data)
    model_bytes(data)
    return result


# -- strategies ------------------------------------------------------------------------------------
TAGS = (
    "html head body title meta link base script style noscript template svg math iframe "
    "article main section nav aside header footer div span p a area b i em strong u font "
    "ul ol li dl dt dd table thead tbody tr td th caption figure figcaption blockquote pre code "
    "h1 h2 h3 h4 h5 h6 br hr img input form select option textarea details summary address "
    "x-widget foo:bar"
).split()
ATTR_NAMES = (
    "href rel class id style hidden aria-hidden role itemprop itemtype itemscope lang type content "
    "name property http-equiv charset open title src data-x on:click"
).split()
ATTR_VALUES = [
    "https://amzn.to/3abc",
    "https://www.amazon.com/dp/B000?tag=site-20",
    "https://www.amazon.co.uk/dp/B000?ascsubtag=x&tag=y-21",
    "http://www.awin1.com/cread.php?awinmid=1&p=https%3A%2F%2Fshop.example%2F",
    "https://click.linksynergy.com/deeplink?id=x&murl=https%3A%2F%2Fa.example",
    "https://example.com/out?u=https%3A%2F%2Famzn.to%2Fx",
    "https://example.com/r?u=https%253A%252F%252Fwww.amazon.com%252Fdp%252FX%253Ftag%253Dz-20",
    "/recommends/widget/",
    "/go/thing",
    "go/thing",
    "//shareasale.com/r.cfm?b=1",
    "#top",
    "javascript:void(0)",
    "mailto:x@example.com",
    "http://[::1",
    "http://[",
    "https://exa mple.com/",
    "http://example.com:99999999/",
    "http://%zz%/",
    "\u00a0https://amzn.to/x\u00a0",
    "sponsored nofollow",
    "SPONSORED",
    "articleBody",
    "entry-content",
    "display:none",
    "font-size:0;opacity:0",
    "position:absolute;left:-9999px",
    "height:0;overflow:hidden",
    "http://schema.org/NewsArticle",
    "application/ld+json",
    "navigation",
    "true",
    "",
]
ENTITIES = [
    "&amp;", "&lt;", "&gt;", "&quot;", "&nbsp;", "&nbsp", "&copy", "&bogus;", "&", "&#",
    "&#0;", "&#x0;", "&#xD800;", "&#xDFFF;", "&#x110000;", "&#99999999999;", "&#x1F600;", "&#128512;", "&#x85;",
]
SPECIALS = [
    "<!--", "-->", "--!>", "<!-- affilint-disable-next AFF001 -- reviewed -->", "<!-- affilint-disable -->",
    "<!-- affilint-enable -->", "<!-- affilint-disable-file SRC001 -->", "<!-- affilint-disable-next -->",
    "<![CDATA[", "]]>", "<?xml version='1.0' encoding='utf-8'?>", "<?php echo 1 ?>", "<!DOCTYPE html>",
    "<!doctype", "</", "<", ">", "/>", "'", '"', "=", "\r", "\n", "\r\n", "\n\r", "\t", "\x0c", "\x0b",
    "\u2028", "\x85", "\ufeff", "\ufffd", "\u200b", "\x00", "\x1f", "\x7f", "\ud800", "\udfff",
    "Mr. Smith said on Monday. ", "“It works,” she said. ", "Prices rose 12% in July 2024. ", "... ", "!? ",
    "(AP) — ", "WASHINGTON (Reuters) - ",
]
JSONLD = [
    '{"@context":"https://schema.org","@type":"NewsArticle","author":{"name":"A"},"datePublished":"2024-01-01"}',
    '{"@graph":[{"@type":["Review","BlogPosting"]},{"@type":"AdvertiserContentArticle","mainEntity":{"@type":"X"}}]}',
    '{"@type": "NewsArticle",, }',
    "[[[[[[[[[[",
    '{"author": [1, null, {"name": ["x"]}, "B"], "@type": {"a": 1}, "articleSection": [null, 3]}',
    "NaN",
    "",
    '"just a string"',
    "1" * 5000,
]

# Letters, numbers, punctuation, symbols, separators, control characters and lone surrogates.
_VISIBLE_AND_CONTROL = st.characters(categories=("L", "M", "N", "P", "S", "Z", "Cc", "Cf", "Co"))
ANY_CHAR = st.one_of(_VISIBLE_AND_CONTROL, _VISIBLE_AND_CONTROL, _VISIBLE_AND_CONTROL, st.characters(categories=("Cs",)))
text_piece = st.text(alphabet=ANY_CHAR, max_size=30)


@st.composite
def attribute(draw: Any) -> str:
    name = draw(st.sampled_from(ATTR_NAMES) | st.text(alphabet="abcdefghijklmnopqrstuvwxyz-:_", min_size=1, max_size=8))
    form = draw(st.integers(0, 4))
    if form == 0:
        return f" {name}"
    value = draw(st.sampled_from(ATTR_VALUES) | text_piece)
    if form == 1:
        return f' {name}="{value}"'
    if form == 2:
        return f" {name}='{value}'"
    if form == 3:
        return f" {name}={value}"  # unquoted, may contain anything
    return f' {name}="{value}'  # unterminated quote


def element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    @st.composite
    def build(draw: Any) -> str:
        tag = draw(st.sampled_from(TAGS))
        attrs = "".join(draw(st.lists(attribute(), max_size=4)))
        inner = "".join(draw(st.lists(children, max_size=5)))
        if tag == "script" and draw(st.booleans()):
            attrs = ' type="application/ld+json"'
            inner = draw(st.sampled_from(JSONLD))
        style = draw(st.integers(0, 9))
        if style == 0:
            return f"<{tag}{attrs}>{inner}"  # unclosed
        if style == 1:
            return f"<{tag}{attrs}/>{inner}"
        if style == 2:
            return f"<{tag}{attrs}>{inner}</{draw(st.sampled_from(TAGS))}>"  # misnested end tag
        if style == 3:
            return f"<{tag}{attrs}{inner}"  # start tag never finished
        return f"<{tag}{attrs}>{inner}</{tag}>"

    return build()


leaf = st.one_of(text_piece, st.sampled_from(ENTITIES), st.sampled_from(SPECIALS), st.builds(lambda t: f"<!--{t}-->", text_piece))
html_fragment = st.recursive(leaf, element, max_leaves=40)


@st.composite
def html_document(draw: Any) -> str:
    body = "".join(draw(st.lists(html_fragment, min_size=1, max_size=8)))
    wrapper = draw(st.integers(0, 3))
    if wrapper == 0:
        return body  # a fragment
    if wrapper == 1:
        return f"<!DOCTYPE html><html><head><title>t</title></head><body>{body}</body></html>"
    if wrapper == 2:
        return f"<html lang=en><body><article>{body}</article></body></html>"
    return f"<?xml version='1.0' encoding='utf-8'?>\n<html xmlns='http://www.w3.org/1999/xhtml'><body>{body}"


INSERTIONS = [
    b"<", b">", b"-->", b"<!--", b"\x00", b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xf4\x90\x80\x80", b"\xc0\xaf",
    b"\xff", b"\xfe\xff", b"\xef\xbb\xbf", b"\r", b"\r\n", b"</div>", b"<div>", b"</p>", b"</article>", b"<article>",
    b"<![CDATA[", b"<script>", b"</script>", b"<style>", b"<template>", b'"', b"'", b"&", b"&#x0;",
    b"<a href='https://amzn.to/x'>", b"</a>", b"<!-- affilint-disable -->", b"<base href='http://[::1'>",
]


@st.composite
def mutated_seed(draw: Any) -> bytes:
    data = bytearray(SEED)
    for _ in range(draw(st.integers(1, 10))):
        op = draw(st.sampled_from(("flip", "truncate", "insert", "delete", "duplicate")))
        pos = draw(st.integers(0, len(data)))
        if op == "flip" and pos < len(data):
            data[pos] ^= 1 << draw(st.integers(0, 7))
        elif op == "truncate":
            del data[pos:]
        elif op == "insert":
            data[pos:pos] = draw(st.sampled_from(INSERTIONS) | st.binary(min_size=1, max_size=8))
        elif op == "delete":
            del data[pos : pos + draw(st.integers(1, 200))]
        elif op == "duplicate":
            size = draw(st.integers(1, 400))
            data[pos:pos] = data[pos : pos + size]
    return bytes(data)


# -- sanity of the baseline --------------------------------------------------------------------------
def test_seed_page_is_fully_modelled() -> None:
    result = lint(SEED)
    assert result.status == "ok"
    doc = model_bytes(SEED)
    assert doc is not None and doc.links and doc.sentences and doc.blocks
    assert any(link.affiliate is not None for link in doc.links)


# -- property-based ---------------------------------------------------------------------------------
@FUZZ
@given(st.binary(max_size=4096))
def test_arbitrary_bytes(data: bytes) -> None:
    pipeline(data)


@FUZZ
@given(st.binary(max_size=512).map(lambda b: b"<html><body><p>" + b))
def test_arbitrary_bytes_after_markup(data: bytes) -> None:
    pipeline(data)


@FUZZ
@given(st.text(alphabet=ANY_CHAR, max_size=2000))
def test_arbitrary_text(text: str) -> None:
    lint(text.encode("utf-8", "surrogatepass"))
    model(text)  # the model takes str directly, lone surrogates included


@FUZZ
@given(html_document())
def test_random_html(text: str) -> None:
    lint(text.encode("utf-8", "surrogatepass"))
    model(text)


@FUZZ
@given(html_document(), st.sampled_from(["utf-8", "utf-16", "windows-1252", "shift_jis", "iso-8859-7"]))
def test_random_html_in_other_encodings(text: str, encoding: str) -> None:
    pipeline(text.encode(encoding, "replace"))


@FUZZ
@given(mutated_seed())
def test_mutated_seed(data: bytes) -> None:
    pipeline(data)


@FUZZ
@given(st.lists(st.sampled_from(SPECIALS + ENTITIES + ["<p>", "</p>", "<div>", "<a href='https://amzn.to/x'>", "</a>", "x"]), max_size=80))
def test_token_soup(tokens: list[str]) -> None:
    text = "".join(tokens)
    lint(text.encode("utf-8", "surrogatepass"))
    model(text)


# -- explicit hostile cases ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n\t ",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"no markup at all, just text.",
        b"<",
        b"<!--",
        b"-->",
        b"<html>",
        b"</html>",
        b"<!DOCTYPE html>",
        b"<?xml version='1.0' encoding='utf-8'?>",
        b"%PDF-1.7 <html>",
        b"\x1f\x8b\x08\x00",
        b"<p>\x00</p>",
        b"<html><body>" + b"\x00" * 10 + b"</body></html>",
        b"<html><body><p>a</p>" + b" " * 5000 + b"\x00</body></html>",  # NUL after the sniffed head
        b"<html><body><a href>x</a><a href=''>y</a><a>z</a><area href='//amzn.to/x'></body></html>",
        b"<html><body><p>\xed\xa0\x80\xed\xbf\xbf lone surrogates as bytes</p></body></html>",
        b"<meta charset='utf-8'><p>\xed\xa0\x80</p>",
        b"<meta charset='no-such-charset'><p>x</p>",
        b"<meta charset='utf-16'><p>x</p>",
        b"<meta http-equiv='Content-Type' content='text/html; charset=x-mac-roman'><p>x</p>",
        "\ufeff<p>BOM UTF-16</p>".encode("utf-16-le"),
        "\ufeff<p>BOM UTF-32</p>".encode("utf-32"),
        b"<html><body>\r<p>a</p>\r\r<p>b</p>\n\r<p>c</p></body></html>",
        b"<html><body><details><summary>s</summary><p>hidden <a href='https://amzn.to/x'>x</a></p></details></body></html>",
        b"<!-- affilint-disable-next AFF001 -->",
        b"<!-- affilint-disable-next AFF001 --><html><body><a href='https://amzn.to/x'>x</a></body></html>",
        b"<html><body><a href='https://amzn.to/x'>x</a><!-- affilint-disable-next AFF001 --></body></html>",
        b"<html><body><!-- affilint-enable --><!-- affilint-disable --><!-- affilint-disable-file --></body></html><!-- affilint-disable-next -->",
        b"<html><body><p>" + b"<br>" * 2000 + b"</p></body></html>",
        b"<html><body><table>" + b"<tr><td>x" * 3000 + b"</table></body></html>",
        b"<html><body>" + b"<p>unclosed paragraph " * 3000 + b"</body></html>",
        b"<html><body>" + b"<a href='https://amzn.to/x'>" * 1000 + b"</body></html>",
        b"<html><body>" + b"<!--" * 3000 + b"</body></html>",
        b"<html><body><p>" + b"&#x0;&#xD800;&bogus;&" * 500 + b"</p></body></html>",
        b"<html><body><p style='" + b"a:" * 3000 + b"'>x</p></body></html>",
        b"<html><body><p class='" + b"sr-only " * 3000 + b"'>x</p></body></html>",
        b"<html><body><article><h1>T</h1></article><article></article><main></main><main></main></body></html>",
        b"<html><head><link rel=canonical href='http://[::1'></head><body><a href='/go/x'>x</a></body></html>",
        b"<html><head><meta property='og:url' content='::'></head><body><a href='/recommends/x/'>x</a></body></html>",
    ],
    ids=lambda data: repr(data[:40]),
)
def test_hostile_inputs(data: bytes) -> None:
    pipeline(data)


def nested(tag: str, depth: int, inner: str = "deep text. More text.") -> bytes:
    return f"<html><body>{f'<{tag}>' * depth}{inner}{f'</{tag}>' * depth}</body></html>".encode()


def test_ten_thousand_nested_divs_is_too_deep() -> None:
    result = lint(nested("div", 10_000))
    assert result.status == "error"
    assert result.error["code"] == "too-deep"
    with pytest.raises(InputError) as caught:
        Document.from_html(nested("div", 10_000).decode(), context=CONTEXT)
    assert caught.value.code == "too-deep"


def test_ten_thousand_unclosed_divs_is_too_deep() -> None:
    result = lint(b"<html><body>" + b"<div>" * 10_000 + b"text")
    assert result.status == "error" and result.error["code"] == "too-deep"


@pytest.mark.parametrize("tag", ["span", "b", "section", "blockquote", "ul", "table"])
def test_ten_thousand_nested_other_tags(tag: str) -> None:
    result = lint(nested(tag, 10_000))
    assert result.status == "ok" or result.error["code"] == "too-deep", result.error


def test_just_below_the_depth_limit_lints() -> None:
    result = lint(nested("div", 240, "<p>The minister said on Monday that exports rose 12%.</p>"))
    assert result.status == "ok", result.error
    doc = model_bytes(nested("div", 240, "<p>x</p>"))
    assert doc is not None


def test_inline_tags_nested_200_levels() -> None:
    opening = "".join(f"<{t}>" for t in ("span", "b", "i", "em", "strong") * 40)
    closing = "".join(f"</{t}>" for t in reversed(("span", "b", "i", "em", "strong") * 40))
    html = (
        "<html><body><article><p>"
        f"{opening}First sentence here. Second one with <a href='https://amzn.to/deep'>a link</a>.{closing}"
        "</p></article></body></html>"
    )
    result = lint(html.encode())
    assert result.status == "ok", result.error
    assert [f.rule for f in result.findings if f.rule.startswith("AFF")] == ["AFF001"]
    doc = model(html)
    assert doc is not None
    paragraphs = [b for b in doc.blocks if b.kind == "paragraph"]
    assert len(paragraphs) == 1  # inline nesting does not split the block
    assert [s.text for s in doc.sentences if s.block is paragraphs[0]] == ["First sentence here.", "Second one with a link."]
    assert doc.links[0].affiliate is not None


GARBAGE_BASES = [
    "http://[::1",
    "http://[",
    "http://]",
    "https://[v1.fe]/",
    "http://exa mple.com/",
    "http://example.com:99999999/",
    "http://example.com:port/",
    "http://%zz%/",
    "::::",
    "//",
    "/",
    "?",
    "#frag",
    "javascript:alert(1)",
    "data:text/html,<a href=x>",
    "mailto:x@example.com",
    "\ufffd\ufffd",
    "https://ex\u200bample.com/",
    "https://xn--/",
    "http://a" + "a" * 100_000 + ".com/",
    "   ",
    "&#x0;",
    "file:///etc/passwd",
]


@pytest.mark.parametrize("base", GARBAGE_BASES, ids=lambda b: repr(b[:30]))
def test_garbage_base_href(base: str) -> None:
    attr = base.replace("&", "&amp;").replace("'", "&#39;").replace("<", "&lt;")
    html = (
        f"<html><head><base href='{attr}'></head><body><article>"
        "<p>Relative <a href='/go/product'>cloaked</a>, <a href='page.html'>plain</a>, <a href='//[zz]/'>odd</a>, "
        "<a href='?q=1'>query</a> and absolute <a href='https://amzn.to/abc'>affiliate</a> links.</p>"
        "</article></body></html>"
    )
    result = lint(html.encode("utf-8"))
    assert result.status == "ok", result.error
    doc = model(html)
    assert doc is not None
    absolute = [link for link in doc.links if link.href == "https://amzn.to/abc"]
    assert len(absolute) == 1 and absolute[0].affiliate is not None  # an absolute link ignores any base


JSONLD_CASES = {
    "invalid": '{"@type": "NewsArticle",, }',
    "truncated": '{"@context": "https://schema.org", "@type": "NewsArt',
    "empty": "",
    "html-comment": "<!-- {} -->",
    "nan": '{"@type": NaN}',
    "deep-arrays-100k": "[" * 100_000 + "]" * 100_000,
    "deep-objects-100k": '{"a":' * 100_000 + "1" + "}" * 100_000,
    "deep-graph-500": '{"@graph":' * 500 + '{"@type":"NewsArticle"}' + "}" * 500,
    "deep-main-entity-900": '{"mainEntity":' * 900 + '{"@type":"Review"}' + "}" * 900,
    "unterminated-deep": "[" * 200_000,
    "wide-graph-20k": '{"@graph":[' + ",".join('{"@type":"Thing%d","author":{"name":"A%d"}}' % (i, i) for i in range(20_000)) + "]}",
    "huge-int": '{"@type":"NewsArticle","x":' + "9" * 20_000 + "}",
    "odd-types": '{"@type":[null,1,{"a":2},["NewsArticle"]],"author":[1,null,{"name":{"x":1}},"B"],"datePublished":[null,{}],"articleSection":{"x":1}}',
    "script-close-in-string": '{"@type":"NewsArticle","headline":"</script><p>injected</p>"}',
}


@pytest.mark.parametrize("case", sorted(JSONLD_CASES))
def test_bad_jsonld(case: str) -> None:
    html = (
        "<html><head><script type='application/ld+json'>{\"@type\": \"NewsArticle\"}</script>"
        "<script type='application/ld+json'>" + JSONLD_CASES[case] + "</script></head>"
        "<body><article><p>The ministry said on Monday that exports rose 12% last year.</p></article></body></html>"
    )
    result = lint(html.encode())
    assert result.status == "ok", result.error
    doc = model(html)
    assert doc is not None
    # a broken or monstrous block is skipped or bounded, not fatal: the valid one still decides the kind
    assert "NewsArticle" in doc.metadata.schema_types
    assert doc.kind.kind == "news"


@pytest.mark.parametrize("case", ["invalid", "truncated", "nan", "deep-arrays-100k", "deep-objects-100k", "unterminated-deep"])
def test_invalid_jsonld_is_counted_and_skipped(case: str) -> None:
    html = (
        "<html><head><script type='application/ld+json'>" + JSONLD_CASES[case] + "</script>"
        "<script type='application/ld+json'>{\"@type\": \"NewsArticle\"}</script></head><body><p>x</p></body></html>"
    )
    doc = model(html)
    assert doc is not None
    # Python's json accepts NaN (not JSON by the spec); either reading is fine, crashing is not
    assert doc.metadata.jsonld_errors in ((0, 1) if case == "nan" else (1,))
    assert doc.kind.kind == "news"


def test_large_jsonld_block_does_not_hide_a_later_block() -> None:
    # Regression: the JSON-LD node budget (200) was shared by all blocks of a page, so a large first
    # block (a 200-node @graph of images) hid the NewsArticle declared in a later one.
    graph = json.dumps({"@context": "https://schema.org", "@graph": [{"@type": "ImageObject", "url": f"https://example.com/{i}.jpg"} for i in range(200)]})
    html = (
        f"<html><head><script type='application/ld+json'>{graph}</script>"
        "<script type='application/ld+json'>{\"@type\": \"NewsArticle\"}</script></head>"
        "<body><article><p>x</p></article></body></html>"
    )
    result = lint(html.encode())
    assert result.status == "ok"
    assert result.document["kind"] == "news"


def test_size_limit_is_an_error_not_a_crash() -> None:
    from affilint.config import DEFAULT_MAX_FILE_SIZE

    data = b"<html><body><p>" + b"x" * DEFAULT_MAX_FILE_SIZE + b"</p></body></html>"
    result = lint(data)
    assert result.status == "error" and result.error["code"] == "too-large"


class TestHugeInputs:
    """Large inputs: they must complete with a sane result (no timing is asserted)."""

    pytestmark = [HUGE]

    def test_four_megabyte_document(self) -> None:
        paragraph = b"<p>The ministry said on Monday that exports rose 12% last year, according to officials.</p>\n"
        count = (4 * 1024 * 1024) // len(paragraph)
        data = b"<!DOCTYPE html><html><head><title>Big</title></head><body><article>\n" + paragraph * count + b"</article></body></html>\n"
        assert 4_000_000 < len(data) < 5 * 1024 * 1024
        result = lint(data)
        assert result.status == "ok", result.error
        assert [f.rule for f in result.findings] == ["SRC001"]
        doc = model_bytes(data)
        assert doc is not None
        assert len([b for b in doc.main_blocks if b.kind == "paragraph"]) == count
        assert doc.main_blocks[-1].line == count + 1

    def test_fifty_thousand_links(self) -> None:
        count = 50_000
        lines = [b"<html><body><article>"]
        lines += [b'<p><a href="https://www.amazon.com/dp/B%07d?tag=site-20">item %d</a></p>' % (i, i) for i in range(count)]
        lines.append(b"</article></body></html>")
        data = b"\n".join(lines)
        result = lint(data)
        assert result.status == "ok", result.error
        aff = [f for f in result.findings if f.rule == "AFF001"]
        assert len(aff) == count
        assert [f.line for f in aff] == list(range(2, count + 2))  # every link located on its own line
        assert all(f.column == 4 for f in aff)
        assert len({f.fingerprint for f in aff}) == count

    def test_one_megabyte_single_line(self) -> None:
        unit = b"<p>Item. See <a href='https://amzn.to/x'>this</a> now.</p>"
        count = (1024 * 1024) // len(unit)
        data = b"<html><body><article>" + unit * count + b"</article></body></html>"
        assert b"\n" not in data and len(data) > 1_000_000
        result = lint(data)
        assert result.status == "ok", result.error
        aff = [f for f in result.findings if f.rule == "AFF001"]
        assert len(aff) == count
        assert {f.line for f in aff} == {1}
        columns = [f.column for f in aff]
        assert None not in columns and columns == sorted(set(columns))  # distinct, in order, on one line
        assert len({f.fingerprint for f in aff}) == count

    def test_one_megabyte_single_line_of_plain_text(self) -> None:
        data = b"<html><body><p>" + b"word " * (1024 * 1024 // 5) + b"</p></body></html>"
        assert b"\n" not in data
        result = lint(data)
        assert result.status == "ok", result.error
        doc = model_bytes(data)
        assert doc is not None and len(doc.sentences) == 1

    def test_one_megabyte_tag_without_end(self) -> None:
        data = b"<html><body><p>x</p><a href='https://amzn.to/x' title='" + b"a" * (1024 * 1024)
        pipeline(data)

    def test_one_megabyte_comment_without_end(self) -> None:
        data = b"<html><body><p>x</p><!--" + b"a -- b -> " * (1024 * 1024 // 10)
        pipeline(data)

    def test_lines_beyond_65535_are_located(self) -> None:
        # Regression: libxml2 counts HTML lines in 16 bits; findings past line 65,535 were reported at 65,535.
        data = b"<html><body><article>" + b"<p>filler</p>\n" * 70_000 + b"<p><a href='https://amzn.to/x'>x</a></p></article></body></html>"
        result = lint(data)
        assert result.status == "ok", result.error
        (finding,) = [f for f in result.findings if f.rule == "AFF001"]
        assert (finding.line, finding.column) == (70_001, 4)


# -- bugs found while writing these tests -------------------------------------------------------------
def test_cr_only_line_endings_are_located() -> None:
    # Regression: lxml put every element of a CR-only file on line 1 while SourceMap counted CR as a
    # line break, so every finding was reported at line 1 without a column.
    data = b"<html><body>\r<article>\r<p>Intro.</p>\r<p>Buy <a href='https://amzn.to/x'>this</a>.</p>\r</article></body></html>"
    result = lint(data)
    assert result.status == "ok"
    (finding,) = [f for f in result.findings if f.rule == "AFF001"]
    assert (finding.line, finding.column) == (4, 8)


def test_lf_line_endings_are_located() -> None:
    """The control for the CR-only bug: the same page with LF line endings is located exactly."""
    data = b"<html><body>\n<article>\n<p>Intro.</p>\n<p>Buy <a href='https://amzn.to/x'>this</a>.</p>\n</article></body></html>"
    (finding,) = [f for f in lint(data).findings if f.rule == "AFF001"]
    assert (finding.line, finding.column) == (4, 8)


def test_declared_utf8_with_one_bad_byte_stays_utf8() -> None:
    # Regression: one invalid byte in a declared-UTF-8 page sent it to statistical detection
    # (mac_iceland), turning every non-ASCII character into mojibake ("Café" -> "Caf√©").
    data = (
        "<html><head><meta charset='utf-8'><title>Café news</title></head>"
        "<body><p>It’s “great”.</p></body></html>"
    ).encode("utf-8").replace(b"</p>", b"\xff</p>")
    result = lint(data)
    assert result.status == "ok"
    assert result.document["title"] == "Café news"
    assert decode(data).encoding == "utf-8"


def test_a_page_without_head_and_body_tags_keeps_its_content_out_of_head():
    # Minifiers drop the optional <head>/<body> tags; libxml2 (HTML 4) then keeps <header>, <main>
    # and <article> inside <head>, and every rule would see an empty page.
    from affilint.testing import lint

    html = (
        "<!doctype html><html lang=en><meta charset=utf-8><title>Deals</title>\n"
        '<header><nav><a href="/">Home</a></nav></header>\n'
        '<main><article><h1>Best stoves</h1>\n<p>Buy the <a href="https://www.amazon.com/dp/B000?tag=abc-20">stove</a> '
        "today, it is great for camping trips.</p>\n</article></main>\n"
    )
    result = lint(html)
    assert sorted((f.rule, f.line) for f in result.findings) == [("AFF001", 4), ("DIS001", 4), ("DIS005", 4)]
    assert lint(html.replace("<header>", "<body><header>")).findings == result.findings
