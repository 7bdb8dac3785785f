"""The document model: main content, regions, visibility, blocks, sentences, links, metadata, kind."""

from __future__ import annotations

import json

import pytest

from affilint.cli import main
from affilint.document import Document, ModelContext
from affilint.plugins import build_registry
from affilint.sentences import split_spans

CONTEXT = ModelContext(build_registry(autoload=False).data)


def doc_of(html: str, **kwargs) -> Document:
    return Document.from_html(html, context=CONTEXT, **kwargs)


PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Fallback title</title>
<meta property="og:title" content="Storm hits coast">
<meta property="og:type" content="article">
<meta property="article:section" content="World">
<link rel="canonical" href="https://news.example.co.uk/world/storm-hits-coast">
<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [{"@type": "WebPage"},
 {"@type": "NewsArticle", "datePublished": "2025-07-03", "author": [{"@type": "Person", "name": "Ann Writer"}]}]}
</script>
<script type="application/ld+json">{ not json </script>
</head>
<body>
<header class="site-header"><nav><a href="/">Home</a></nav></header>
<main>
<article>
<header><h1>Storm hits coast</h1><p class="byline">By Ann Writer</p></header>
<div class="entry-content">
<p>LONDON (Reuters) - A storm hit the coast on Tuesday. Dr. Smith said the U.S. team
arrived at 5 p.m. to help. Winds reached 100 km/h!</p>
<p>Read <a href="https://www.metoffice.gov.uk/warnings">the warnings</a> and <a href="/world/earlier">our earlier story</a>.</p>
<p style="display: none">Hidden text.</p>
<p>Visible <span class="sr-only">screen reader only</span> text<br>after a break</p>
<details><summary>More</summary><p>Collapsed text.</p></details>
<aside class="related"><a href="/world/other">Other story</a></aside>
</div>
</article>
</main>
<footer><p>© Example</p><a href="https://twitter.com/example">Twitter</a></footer>
</body>
</html>
"""


@pytest.fixture(scope="module")
def page() -> Document:
    return doc_of(PAGE)


def test_metadata(page):
    meta = page.metadata
    assert meta.title == "Storm hits coast"
    assert meta.lang == "en-GB"
    assert meta.canonical == "https://news.example.co.uk/world/storm-hits-coast"
    assert "NewsArticle" in meta.schema_types
    assert meta.authors == ("Ann Writer",)
    assert meta.published == "2025-07-03"
    assert meta.section == "World"
    assert meta.jsonld_errors == 1  # broken JSON-LD is counted, not fatal


def test_page_kind_with_evidence(page):
    assert page.kind.kind == "news"
    assert "schema.org type NewsArticle" in page.kind.evidence
    assert any(e.startswith("wire dateline") for e in page.kind.evidence)


def test_main_content_is_the_article(page):
    assert page.main_content.element.tag == "article"
    assert page.main_content.method == "article element"


def test_configured_selector_wins():
    doc = doc_of(PAGE, main_content_selector="div.entry-content")
    assert doc.main_content.element.get("class") == "entry-content"
    assert doc.main_content.method == "configured-selector"


def test_regions_and_placement(page):
    by_text = {block.text: block for block in page.blocks}
    assert by_text["Home"].region == "boilerplate"
    assert by_text["© Example"].region == "boilerplate"
    assert by_text["Storm hits coast"].in_main_content  # the article's own <header> is content
    assert by_text["Other story"].region == "boilerplate" and not by_text["Other story"].in_main_content


def test_hidden_and_collapsed_blocks(page):
    by_text = {block.text: block for block in page.blocks}
    assert by_text["Hidden text."].visibility == "hidden"
    assert by_text["Hidden text."].hidden_reason == "display:none"
    assert by_text["screen reader only"].hidden
    assert by_text["Collapsed text."].visibility == "collapsed"
    assert not by_text["More"].hidden
    assert by_text["Hidden text."] not in page.main_blocks


def test_inline_hidden_text_splits_the_block(page):
    texts = [b.text for b in page.blocks if b.kind == "paragraph"]
    assert "Visible" in texts and "text\nafter a break" in texts


def test_text_after_a_comment_belongs_to_its_block():
    # A suppression comment inside a paragraph must not hide the rest of the paragraph from rules.
    doc = Document.from_html("<article><p><!-- affilint-disable-next SRC001 -->Tail text.</p>\n<p>x<!-- c\n-->\ny</p></article>")
    assert [(b.text, b.line) for b in doc.blocks] == [("Tail text.", 1), ("x y", 2)]
    assert doc.blocks[1].line_at(2) == 4  # "y" follows the comment's last line


def test_text_after_a_comment_stays_in_its_block():
    # CMSs (Kinja, WordPress) and suppression comments put comments inside paragraphs.
    doc = Document.from_html(
        "<html><body><article><p>Hello <!-- affilint-disable AFF001 -->world, we earn\n<!-- a\nb -->a commission.</p>"
        "<p>Next</p></article></body></html>"
    )
    assert [b.text for b in doc.blocks] == ["Hello world, we earn a commission.", "Next"]
    assert doc.blocks[0].line_at(doc.blocks[0].text.index("a commission")) == 3


def test_block_lines(page):
    lines = PAGE.splitlines()
    for block in page.blocks:
        first_word = block.text.split()[0]
        assert first_word in lines[block.line - 1], (block.text, block.line)


def test_sentences_respect_abbreviations_and_lines(page):
    texts = [s.text for s in page.sentences]
    assert "LONDON (Reuters) - A storm hit the coast on Tuesday." in texts
    assert "Dr. Smith said the U.S. team arrived at 5 p.m. to help." in texts
    assert "Winds reached 100 km/h!" in texts
    winds = next(s for s in page.sentences if s.text.startswith("Winds"))
    assert "Winds reached" in PAGE.splitlines()[winds.line - 1]
    assert page.locate(winds).column == PAGE.splitlines()[winds.line - 1].index("Winds") + 1


@pytest.mark.parametrize(
    "text, expected",
    [
        ("One. Two.", ["One.", "Two."]),
        ("J. K. Rowling wrote it. She did.", ["J. K. Rowling wrote it.", "She did."]),
        ("See No. 5 here. Then go.", ["See No. 5 here.", "Then go."]),
        ("The answer was no. Then we left.", ["The answer was no.", "Then we left."]),
        ("“It works,” he said. “It does.”", ["“It works,” he said.", "“It does.”"]),
        ("Wait... What? Yes!", ["Wait...", "What?", "Yes!"]),
        ("version 2.5 is out. ok", ["version 2.5 is out. ok"]),
        ("line one\nline two", ["line one", "line two"]),
    ],
)
def test_sentence_splitter(text, expected):
    assert [text[a:b] for a, b in split_spans(text)] == expected


def test_links_resolved_classified_and_placed(page):
    by_text = {link.text: link for link in page.links}
    warnings = by_text["the warnings"]
    assert warnings.is_external and warnings.in_main_content and warnings.affiliate is None
    earlier = by_text["our earlier story"]
    assert earlier.url == "https://news.example.co.uk/world/earlier"
    assert not earlier.is_external  # same site
    assert by_text["Twitter"].region == "boilerplate"
    assert by_text["Home"].line == PAGE.splitlines().index('<header class="site-header"><nav><a href="/">Home</a></nav></header>') + 1


def test_base_href_beats_canonical():
    doc = doc_of('<html><head><base href="https://cdn.example.org/a/"><link rel="canonical" href="https://www.example.com/x"></head>'
                 '<body><a href="b">b</a></body></html>')
    assert doc.links[0].url == "https://cdn.example.org/a/b"


@pytest.mark.parametrize(
    "href, network, signal",
    [
        ("https://www.amazon.com/dp/B0?tag=pub-20", "amazon", "tracking-param"),
        ("https://smile.amazon.co.uk/dp/B0?ascsubtag=x&tag=pub-21", "amazon", "tracking-param"),
        ("https://amzn.to/abc", "amazon", "redirect-host"),
        ("https://www.jdoqocy.com/click-1-2", "cj", "redirect-host"),
        ("https://out.example/?u=https%3A%2F%2Fwww.amazon.de%2Fdp%2FX%3Ftag%3Dabc-21", "amazon", "wrapped"),
        ("https://www.amazon.com/dp/B0", None, None),
        ("https://www.amazon.com/dp/B0?ref=nav", None, None),
        ("https://www.bestbuy.com/site/x", None, None),
        ("https://amazon.example.com/?tag=x", None, None),
        ("mailto:tips@amazon.com", None, None),
    ],
)
def test_affiliate_classification(href, network, signal):
    link = doc_of(f'<p><a href="{href}">x</a></p>').links[0]
    if network is None:
        assert link.affiliate is None
    else:
        assert (link.affiliate.network, link.affiliate.signal) == (network, signal)


def test_fragment_is_its_own_main_content():
    doc = doc_of("<p>One paragraph.</p>\n<p>Two <a href='https://amzn.to/x'>x</a>.</p>")
    assert doc.is_fragment
    assert doc.main_content.method == "fragment"
    assert all(block.in_main_content for block in doc.blocks)
    assert doc.links[0].line == 2
    assert doc.kind.kind == "other"


def test_text_density_fallback():
    long = " ".join(["Sentence with enough words to count as body text."] * 4)
    doc = doc_of(f"<html><body><div id='menu'><p>Home</p></div><div id='story'><p>{long}</p><p>{long}</p></div></body></html>")
    assert doc.main_content.element.get("id") == "story"
    assert doc.main_content.method == "text density"


def test_beautifulsoup_tree_is_lazy(page):
    fresh = doc_of(PAGE)
    assert "soup" not in fresh.__dict__
    assert fresh.soup.find("h1").get_text() == "Storm hits coast"
    assert "soup" in fresh.__dict__


def test_locator_ignores_line_numbers():
    a = doc_of("<article id='s'><p>x</p><p>Target <a href='https://amzn.to/x'>x</a></p></article>")
    b = doc_of("<article id='s'>\n\n<p>x</p><p>new</p>\n<p>Target <a href='https://amzn.to/x'>x</a></p></article>")
    assert a.locator(a.links[0]) == b.locator(b.links[0]) == "article#s>p>a"
    assert a.text_hash(a.links[0]) == b.text_hash(b.links[0])


def test_inspect_json_contract(capsys, tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    assert main(["inspect", "--format", "json", str(path)]) == 0
    model = json.loads(capsys.readouterr().out)
    assert model["kind"] == "news"
    assert model["main_content"]["selector"] == "article"
    link = next(l for l in model["links"] if l["raw_href"] == "/world/earlier")
    assert link == {**link, "href": "https://news.example.co.uk/world/earlier", "line": PAGE.splitlines().index(next(l for l in PAGE.splitlines() if "/world/earlier" in l)) + 1, "rel": [], "in_main_content": True, "affiliate": None}
    assert {"blocks", "sentences", "metadata", "kind_evidence"} <= set(model)


def test_inspect_text(capsys, tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    assert main(["inspect", str(path)]) == 0
    out = capsys.readouterr().out
    assert "kind          news" in out and "Links (" in out


def test_inspect_missing_file_is_an_error_not_a_traceback(capsys):
    assert main(["inspect", "/nonexistent/page.html"]) == 1
    assert "no such file" in capsys.readouterr().err


def test_byline_authors_from_microdata_and_rel_author():
    doc = doc_of('<article><p class="byline">By <a rel="author" href="/u/ann">Ann Writer</a></p>'
                 '<span itemprop="author" itemscope><span itemprop="name">Bob Smith</span></span><p>x</p></article>')
    assert doc.metadata.authors == ("Ann Writer", "Bob Smith")


def test_inspect_sentences_carry_columns(capsys, tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<p>One here. Two there.</p>\n", encoding="utf-8")
    assert main(["inspect", "--format", "json", str(path)]) == 0
    sentences = json.loads(capsys.readouterr().out)["sentences"]
    assert [(s["line"], s["column"]) for s in sentences] == [(1, 4), (1, 14)]


def test_auto_affiliate_script_marks_merchant_links_only():
    doc = doc_of(
        '<html><head><script src="//cdn.viglink.com/api/vglnk.js"></script></head><body><article>'
        '<p><a href="https://www.walmart.com/ip/1">tent</a> <a href="https://news.example.org/x">news</a>'
        ' <a href="https://amzn.to/x">tagged</a></p></article></body></html>'
    )
    (script,) = doc.auto_affiliate_scripts
    assert script.name == "Sovrn Commerce (VigLink)"
    walmart, news, tagged = doc.links
    assert walmart.auto_affiliate.signal == "auto-affiliate-script" and walmart.affiliate is None
    assert news.auto_affiliate is None
    assert tagged.affiliate is not None and tagged.auto_affiliate is None


def test_amp_skimlinks_component_counts_as_a_script():
    doc = doc_of('<html><body><amp-skimlinks layout="nodisplay" publisher-code="1X2"></amp-skimlinks>'
                 '<article><p><a href="https://www.bestbuy.com/site/x">tv</a></p></article></body></html>')
    assert [s.name for s in doc.auto_affiliate_scripts] == ["Skimlinks"]
    assert doc.links[0].auto_affiliate is not None


@pytest.mark.parametrize(
    "url, title, kind",
    [
        ("https://site.example/2019/11/18/macbook-deals-airpods-more/", "MacBook sale", "deals"),
        ("https://news.example.co.uk/recommended/home/best-heated-clothes-airer/", "The best airers", "review"),
        ("https://news.example.com/2025/07/storm/", "The best of times for farmers, officials say", "news"),
        ("https://news.example.com/2025/07/kettle/", "Kettle Pro review: fast and quiet", "review"),
        ("https://news.example.com/2025/07/storm/", "Storm cuts power to 40,000 homes", "news"),
    ],
)
def test_bare_newsarticle_gives_way_to_commerce_cues(url, title, kind):
    html = (f'<html><head><title>{title}</title><link rel="canonical" href="{url}">'
            '<script type="application/ld+json">{"@type": "NewsArticle"}</script></head><body><article><p>x</p></article></body></html>')
    assert doc_of(html).kind.kind == kind


def test_news_section_beats_commerce_cues():
    html = ('<html><head><title>The best rescue of the year</title><meta property="article:section" content="news">'
            '<script type="application/ld+json">{"@type": "NewsArticle"}</script></head><body><article><p>x</p></article></body></html>')
    assert doc_of(html).kind.kind == "news"


def test_ad_links_are_not_citation_candidates():
    doc = doc_of('<article><p><a href="https://ad.doubleclick.net/ddm/clk/1">Ad</a> '
                 '<a href="https://trends.revcontent.com/click.php?d=1">Promoted</a> '
                 '<a href="https://www.who.int/report">WHO report</a></p></article>')
    assert [link.is_citation_candidate for link in doc.links] == [False, False, True]


def test_main_content_is_never_its_own_widget():
    # WordPress puts classes such as "jetpack-sharing" on the <article> element itself.
    doc = doc_of('<html><body><article class="post type-post jetpack-sharing"><div class="entry-content">'
                 '<p><a href="https://amzn.to/x">Buy</a></p></div></article></body></html>')
    assert doc.links[0].in_main_content and doc.links[0].region == "main"


def test_rel_sponsored_offsite_link_is_a_declared_paid_link():
    doc = doc_of('<html><head><link rel="canonical" href="https://news.example.com/a"></head><body><article>'
                 '<p><a href="https://shop.example.org/x" rel="sponsored">shop</a> '
                 '<a href="https://news.example.com/b" rel="sponsored">own page</a> '
                 '<a href="https://ad.doubleclick.net/c" rel="sponsored">ad</a></p></article></body></html>')
    shop, own, ad = doc.links
    assert (shop.affiliate.network, shop.affiliate.signal) == ("declared", "rel-sponsored")
    assert own.affiliate is None and ad.affiliate is None


def test_site_host_is_guessed_from_the_pages_own_links_when_no_url_is_known():
    nav = "".join(f'<a href="https://www.pub.example/s{i}">s{i}</a>' for i in range(6))
    doc = doc_of(f'<html><body><nav>{nav}</nav><article><p><a href="https://www.pub.example/x" rel="sponsored">promo</a>'
                 '<a href="https://other.example/y">y</a></p></article></body></html>')
    assert doc.site_host == "pub.example"
    assert doc.links[6].affiliate is None  # same site: not a declared paid link


def test_block_of_finds_the_block_an_inline_element_belongs_to():
    doc = doc_of("<article><p>Intro <b><a href='https://example.org/x'>link</a></b> text.</p><ul><li>Item</li></ul></article>")
    assert doc.block_of(doc.links[0].element).text == "Intro link text."
    assert doc.block_of(next(doc.root.iter("li"))).kind == "list-item"
