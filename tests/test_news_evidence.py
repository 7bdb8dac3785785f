"""Editorial news without declared metadata (weighed cues), and PLG001's fear, sponsored-link and
topic-drift signals: each behaviour against a page that must and one that must not trigger it."""

from __future__ import annotations

import pytest

from affilint.document import Document
from affilint.lexical import content_words, shared_fraction, stem
from affilint.newscues import DATELINE
from affilint.testing import lint

REPORT = (
    "<p>The city council voted 31 to 12 on Tuesday to build a tram line between the harbour and the "
    "university, ending a dispute that has split the council since 2022, officials said.</p>"
    "<p>The mayor told reporters after the vote that construction would begin next spring, according to "
    "the council's timetable, and opponents said on Wednesday that they would appeal.</p>"
)
DIARY = (
    "<p>I have been making coffee at home for ten years, and my old grinder finally gave up. I tried three "
    "replacements in my kitchen before I found one I love, and my partner agrees with me.</p>"
    "<p>I think the grind is more even now, which makes my morning espresso far less bitter than my old "
    "one did, and I use it every day.</p>"
)
BYLINE = '<p class="byline">By <a href="/a/jo" rel="author">Jo Reporter</a> <time datetime="2024-03-05">5 March</time></p>'


def page(body: str, head: str = "", article_class: str = "") -> str:
    cls = f' class="{article_class}"' if article_class else ""
    return f"<!DOCTYPE html><html><head><title>T</title>{head}</head><body><article{cls}><h1>Headline</h1>{body}</article></body></html>"


def kind_of(html: str, url: str | None = None):
    return Document.from_html(html, url=url).kind


# -- page kind from weighed cues -------------------------------------------------------------------
def test_reporting_with_a_byline_and_news_markup_is_news_without_any_metadata():
    kind = kind_of(page(BYLINE + REPORT, article_class="news-story"))
    assert kind.kind == "news"
    assert kind.evidence[0].startswith("weighed news cues")
    assert any("reporting style" in e for e in kind.evidence) and any("byline" in e for e in kind.evidence)


@pytest.mark.parametrize(
    "html, url",
    [
        (page(REPORT), None),  # the text reads like news, but nothing in the frame says so
        (page(BYLINE + "<p>Short note.</p>", article_class="news-story"), None),  # frame cues, no reporting
        (page(BYLINE + DIARY, article_class="news-story"), "https://b.example/2024/03/grinder"),  # first person
    ],
    ids=["text-only", "frame-only", "first-person-diary"],
)
def test_a_single_kind_of_evidence_or_a_diary_is_not_news(html, url):
    assert kind_of(html, url).kind == "other"


def test_breadcrumb_naming_a_news_desk_counts_from_json_ld_and_from_markup():
    crumbs_ld = (
        '<script type="application/ld+json">{"@type": "BreadcrumbList", "itemListElement": ['
        '{"@type": "ListItem", "position": 2, "name": "World News"}, {"@type": "ListItem", "position": 1, "name": "Home"}]}</script>'
    )
    doc = Document.from_html(page(REPORT, head=crumbs_ld))
    assert doc.metadata.breadcrumbs == ("Home", "World News")
    assert doc.kind.kind == "news" and any("breadcrumb 'World News'" in e for e in doc.kind.evidence)
    nav = '<nav aria-label="Breadcrumb"><a href="/">Home</a> › <a href="/politics">Politics</a></nav>'
    assert kind_of(page(nav + REPORT)).kind == "news"


def test_commerce_urls_and_titles_and_press_releases_stay_out_of_news():
    html = page(BYLINE + REPORT, article_class="news-story")
    assert kind_of(html, "https://shop.example/deals/headphones").kind == "deals"
    assert kind_of(html, "https://shop.example/2024/03/headphones-sale").kind == "other"
    release = page(BYLINE + REPORT + "<h2>About ExampleCo</h2><p>Media contact: press@exampleco.example</p>", article_class="news-story")
    assert kind_of(release).kind == "other"
    # News quoting a press release is still news.
    quoting = page(BYLINE + REPORT + "<p>The company said in a press release that it would comply.</p>", article_class="news-story")
    assert kind_of(quoting).kind == "news"


def test_declared_kinds_are_unchanged():
    review = page(BYLINE + REPORT, head='<script type="application/ld+json">{"@type": "Review"}</script>', article_class="news-story")
    assert kind_of(review).kind == "review"


@pytest.mark.parametrize(
    "lede, place",
    [("LONDON — The", "LONDON"), ("SAN FRANCISCO, Calif. — A", "SAN FRANCISCO"), ("KYIV, Ukraine, March 3 — The", "KYIV"),
     ("WASHINGTON (AP) — The", "WASHINGTON")],
)
def test_dateline_shapes(lede, place):
    assert DATELINE.match(lede).group("place") == place


@pytest.mark.parametrize("lede", ["London is expensive — said nobody", "The USA – a country", "iPhone 15 — review"])
def test_not_datelines(lede):
    assert DATELINE.match(lede) is None


def test_inspect_json_shows_breadcrumbs_and_weighed_evidence():
    from affilint.inspect import model_dict

    doc = Document.from_html(page(BYLINE + REPORT, article_class="news-story"))
    model = model_dict(doc)
    assert model["metadata"]["breadcrumbs"] == []
    assert model["kind"] == "news" and model["kind_evidence"][0].startswith("weighed news cues")


# -- lexical overlap -------------------------------------------------------------------------------
def test_stemming_matches_plurals_and_verb_forms():
    assert stem("stoves") == stem("stove") and stem("launching") == stem("launch") and stem("devices") == stem("device")
    assert shared_fraction(content_words("Portable camp stoves"), content_words("a portable stove for the camp")) == 1.0
    assert shared_fraction(set(), {"word"}) == 1.0


# -- PLG001 signals --------------------------------------------------------------------------------
NEWS = '<script type="application/ld+json">{"@type": "NewsArticle"}</script>'
WAR = (
    "<p>Missile strikes hit the port city overnight as the war entered its third week, and troops "
    "moved toward the border, military officials said on Tuesday morning.</p>"
    "<p>Diplomats said ceasefire talks would resume next week, though both sides accused each other "
    "of breaking the previous truce within hours of signing it.</p>"
)
MATCH = (
    "<p>The home side won the cup final 2-1 on Saturday after a late goal from the captain, who said "
    "the squad had trained for this match all season long.</p>"
    "<p>The coach told reporters that the team would celebrate with fans on Sunday before the "
    "league season resumes next weekend.</p>"
)
CALM = (
    "<p>Visitors to the port city and the border towns rose by a fifth this summer, the tourism board "
    "said on Tuesday, crediting new ferry routes and a busy festival season.</p>"
    "<p>Hotel owners in the border towns told reporters that bookings for next year were already "
    "ahead of this year's, and the port city plans a second festival.</p>"
)
# Two selling signals (a shop link, a price) and words the article also uses: fear decides.
GEAR = '<p><a href="https://www.example-shop.com/deals/radio">Hand-crank emergency radio</a>, $39, for the port city and the border towns</p>'


def plg(html: str):
    return [f for f in lint(html, select=["PLG001"]).findings if f.rule == "PLG001"]


def test_fear_to_purchase_needs_a_crisis_in_the_article():
    war = plg(page(WAR + GEAR, head=NEWS))
    assert len(war) == 1 and "fear-to-purchase" in war[0].evidence["signals"]
    assert "missile" in war[0].evidence["signals"]["fear-to-purchase"]
    assert plg(page(CALM + GEAR, head=NEWS)) == []  # same block, same shared words, no crisis


def test_fear_does_not_turn_official_safety_advice_into_a_plug():
    advice = "<ul><li>Emergency radio – keep it by the bed.</li><li>First aid kit – check the expiry dates.</li></ul>"
    assert plg(page(WAR + advice, head=NEWS)) == []


def test_a_sponsored_promo_line_in_news_is_a_plug_and_an_editorial_link_is_not():
    promo = '<aside><ul><li><a href="/shop/headphones" rel="sponsored">Save 30% on noise-cancelling headphones</a></li></ul></aside>'
    found = plg(page(MATCH + promo, head=NEWS))
    assert len(found) == 1 and {"sponsored-link", "price-or-offer", "topic-drift"} <= set(found[0].evidence["signals"])
    editorial = '<aside><ul><li><a href="/sport/cup-final-report">Cup final: the captain on the late goal</a></li></ul></aside>'
    assert plg(page(MATCH + editorial, head=NEWS)) == []


def test_topic_drift_is_measured_against_the_article_not_against_other_pitches():
    pitches = "".join(
        f'<ul><li><a href="https://amzn.to/x{i}">Wool blankets pack {i}</a> – warm wool blankets, ${i}9.</li></ul>' for i in range(3)
    )
    found = plg(page(MATCH + pitches, head=NEWS))
    assert len(found) == 3 and all("topic-drift" in f.evidence["signals"] for f in found)
