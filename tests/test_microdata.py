"""The one-walk microdata lookups find exactly what the XPath queries they replaced found."""

from __future__ import annotations

from lxml import etree

from affilint.content import find_main_content
from affilint.metadata import _is_byline_author, attribute_tokens, microdata_elements

HTML = """<html><body>
<div itemscope itemtype="https://schema.org/NewsArticle">
  <span itemprop="author" itemscope itemtype="https://schema.org/Person"><b itemprop="name">Ann Lee</b></span>
  <span itemprop="author">Bo Chan</span>
  <span itemprop="author name">Not an exact author</span>
  <a rel="nofollow	author" href="/cy">Cy Diaz</a>
  <a rel="authorship" href="/x">not rel=author</a>
  <a rel="author&#160;x" href="/y">NBSP is no XML space</a>
  <b itemprop="name">a name outside any author</b>
  <div itemprop="text
  articleBody">Body</div>
</div>
</body></html>"""

BYLINE = etree.XPath(
    '//*[@itemprop="author" and not(@itemscope)] | //*[@itemprop="author"]//*[@itemprop="name"]'
    ' | //a[contains(concat(" ", normalize-space(@rel), " "), " author ")]'
)
ARTICLE_BODY = etree.XPath('//*[contains(concat(" ", normalize-space(@itemprop), " "), " articleBody ")]')


def test_byline_types_and_article_body_match_the_xpath_definitions():
    root = etree.fromstring(HTML, etree.HTMLParser())
    microdata = microdata_elements(root)
    assert [e for e in microdata if _is_byline_author(e)] == BYLINE(root)
    assert [e for e in microdata if e.get("itemtype") is not None] == etree.XPath("//*[@itemtype]")(root)
    assert find_main_content(root, False).element is ARTICLE_BODY(root)[0]


def test_attribute_tokens_split_on_xml_whitespace_only():
    assert attribute_tokens(" a\tb\r\nc ") == ["a", "b", "c"]
    assert attribute_tokens("a\u00a0b") == ["a\u00a0b"]
    assert attribute_tokens(None) == [] and attribute_tokens("") == []


def test_cms_containers_are_found_as_the_css_selectors_find_them():
    from affilint.content import CMS_SELECTORS, _cms_container, compile_selector

    html = """<html><body><div class="x post-body">a</div><div id="story-body">b</div>
    <div class="story-body&#160;x">nbsp</div><div class="\tarticle-body\n y">c</div><div id="article-body x">d</div>
    <div class="Entry-Content">case</div></body></html>"""
    root = etree.fromstring(html, etree.HTMLParser())
    expected = next(((css, compile_selector(css)(root)[0]) for css in CMS_SELECTORS if compile_selector(css)(root)), None)
    assert _cms_container(root) == expected
    assert _cms_container(root)[0] == ".article-body"
    assert _cms_container(etree.fromstring("<html><body><p>x</p></body></html>", etree.HTMLParser())) is None
