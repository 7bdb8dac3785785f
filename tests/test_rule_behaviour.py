"""Behaviour of the built-in rules beyond their fixtures: the AFF001 fix edits exactly the rel
attribute, confidence turns weak signals into 'needs review', SRC001's precision traps, and
fingerprints that survive edits elsewhere."""

from __future__ import annotations

import pytest

from affilint.testing import lint


def apply_fix(html: str, finding) -> str:
    """Apply a single-line fix to a single-line document."""
    (edit,) = finding.fix.edits
    assert edit.line == edit.end_line == 1
    return html[: edit.column - 1] + edit.content + html[edit.end_column - 1 :]


@pytest.mark.parametrize(
    "html, expected",
    [
        ('<p><a href="https://amzn.to/x">x</a></p>', '<p><a rel="sponsored" href="https://amzn.to/x">x</a></p>'),
        ("<p><a href='https://amzn.to/x' rel='noopener'>x</a></p>", "<p><a href='https://amzn.to/x' rel='noopener sponsored'>x</a></p>"),
        ("<p><a href=https://amzn.to/x rel=nofollow>x</a></p>", '<p><a href=https://amzn.to/x rel="nofollow sponsored">x</a></p>'),
        ("<p><a rel href=https://amzn.to/x>x</a></p>", '<p><a rel="sponsored" href=https://amzn.to/x>x</a></p>'),
        (
            '<p><a title="Why we add rel=nofollow" href="https://amzn.to/x">x</a></p>',
            '<p><a rel="sponsored" title="Why we add rel=nofollow" href="https://amzn.to/x">x</a></p>',
        ),
        ('<p><A HREF="https://amzn.to/x" REL="noopener">x</A></p>', '<p><A HREF="https://amzn.to/x" REL="noopener sponsored">x</A></p>'),
    ],
)
def test_aff001_fix_edits_only_the_rel_attribute(html, expected):
    (finding,) = lint(html, select=["AFF001"]).findings
    fixed = apply_fix(html, finding)
    assert fixed == expected
    assert lint(fixed, select=["AFF001"]).findings == ()


def test_nofollow_only_is_a_warning_and_accept_nofollow_silences_it():
    html = '<p><a href="https://amzn.to/x" rel="nofollow">x</a></p>'
    (finding,) = lint(html, select=["AFF001"]).findings
    assert finding.severity.value == "warning" and "nofollow" in finding.message
    assert lint(html, select=["AFF001"], config={"rules": {"AFF001": {"accept-nofollow": True}}}).findings == ()


def test_weak_cloaking_convention_is_needs_review_info():
    (finding,) = lint('<article><p><a href="/go/kettle">Kettle</a></p></article>', select=["AFF001"], url="https://blog.example.com/a").findings
    assert finding.severity.value == "info" and finding.message.startswith("Needs review:")


@pytest.mark.parametrize(
    "href",
    ["https://www.shareasale.com/", "https://www.shareasale.com/info/news/", "https://www.awin1.com/", "https://www.linksynergy.com/about"],
)
def test_network_home_pages_are_not_affiliate_links(href):
    assert lint(f'<p><a href="{href}">the network</a></p>', select=["AFF001"]).findings == ()


TRAVEL_DIARY = """<html><head><title>Our trip</title></head><body><article>
<p>We flew to the United States in the spring and spent three weeks driving along the coast with the kids.</p>
<p>My sister told us about a small diner on Route 1 where the pancakes cost $8 and the coffee is free.</p>
<p>On the last day it rained, so we stayed in, played cards and planned our next holiday over dinner together.</p>
</article></body></html>"""


def test_src001_ignores_proper_nouns_that_look_like_reporting_verbs():
    assert lint(TRAVEL_DIARY, select=["SRC001"]).findings == ()


NEWS = """<html><head><script type="application/ld+json">{"@type": "NewsArticle"}</script></head><body><article>
<p>The ministry said on Monday that exports rose 12% last year, the fastest pace in a decade, officials said.</p>
<p>“This will transform the region for a generation,” the minister told reporters in the capital on Tuesday.</p>
<p>Officials said 3 million people would benefit from the programme, which will cost $4 billion over five years.</p>
<p>Opposition lawmakers questioned the figures and asked the ministry to publish the data behind them before the vote.</p>
SOURCES
</article></body></html>"""


@pytest.mark.parametrize(
    "sources",
    [
        '<aside><h3>Sources</h3><a href="https://trade.example.gov/stats">Trade statistics</a></aside>',
        '<details><summary>Sources</summary><p><a href="https://trade.example.gov/stats">Trade statistics</a></p></details>',
    ],
)
def test_src001_counts_sources_in_asides_and_collapsed_notes_inside_the_article(sources):
    assert lint(NEWS.replace("SOURCES", ""), select=["SRC001"]).findings != ()
    assert lint(NEWS.replace("SOURCES", sources), select=["SRC001"]).findings == ()


@pytest.mark.parametrize(
    "link",
    [
        '<p><a href="https://www.facebook.com/sharer/sharer.php?u=x">Share</a></p>',
        '<p style="display:none"><a href="https://trade.example.gov/stats">hidden</a></p>',
        '<p><a href="https://www.amazon.com/dp/X?tag=a-20">Buy</a></p>',
        '<p><a href="https://brand.example.com/" rel="sponsored">Brand</a></p>',
    ],
)
def test_src001_does_not_count_share_hidden_affiliate_or_sponsored_links(link):
    assert [f.rule for f in lint(NEWS.replace("SOURCES", link), select=["SRC001"]).findings] == ["SRC001"]


def test_src001_fingerprint_survives_a_new_first_claim():
    before = lint(NEWS.replace("SOURCES", ""), select=["SRC001"]).findings[0]
    edited = NEWS.replace("<article>\n", "<article>\n<p>The opposition responded on Friday with a statement of its own.</p>\n")
    after = lint(edited.replace("SOURCES", ""), select=["SRC001"]).findings[0]
    assert after.snippet.startswith("The opposition responded") and not before.snippet.startswith("The opposition")
    assert after.fingerprint == before.fingerprint


def test_src001_does_not_point_at_a_time_stamp():
    edited = NEWS.replace("<article>\n", "<article>\n<p>Updated on Friday at 10:00 with the opposition's response.</p>\n")
    finding = lint(edited.replace("SOURCES", ""), select=["SRC001"]).findings[0]
    assert not finding.snippet.startswith("Updated")


def test_fingerprint_uses_the_path_relative_to_the_config_root(tmp_path, monkeypatch):
    from affilint.config import ConfigResolver
    from affilint.engine import Linter
    from affilint.plugins import build_registry

    page = tmp_path / "site" / "a.html"
    page.parent.mkdir()
    page.write_text('<p><a href="https://amzn.to/x">x</a></p>', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    linter = Linter(build_registry(), ConfigResolver(isolated=True))
    prints = {
        linter.lint_path(p, display).findings[0].fingerprint
        for p, display in ((page, str(page)), (page.relative_to(tmp_path), "site/a.html"), (page.relative_to(tmp_path), "./site/a.html"))
    }
    assert len(prints) == 1


# -- review regressions: DIS negation, sponsor links, PLG on news prose, AFF002 anchors, empty rel ----
LINK = '<p><a href="https://amzn.to/x" rel="sponsored">a stove</a></p>'


@pytest.mark.parametrize(
    "disclosure",
    [
        "Our editors never accept free products. We may earn a commission from links on this page.",
        "This post is not sponsored by Sony, but we earn a commission if you buy through our links.",
        "We don’t take money from manufacturers, but we do earn a commission when you buy through our links.",
        "We don't earn commissions on Apple products. We do earn a commission on other purchases made through our links.",
        "Wir erhalten eine Provision, wenn Sie über unsere Links kaufen.",
    ],
)
def test_disclosures_next_to_denials_still_count(disclosure):
    assert lint(f"<article><p>{disclosure}</p>{LINK}</article>", select=["DIS001"]).findings == ()


@pytest.mark.parametrize(
    "denial", ["We do not earn commissions on these links.", "None of the links on this page earn us a commission."]
)
def test_denials_are_not_disclosures(denial):
    assert [f.rule for f in lint(f"<article><p>{denial}</p>{LINK}</article>", select=["DIS001"]).findings] == ["DIS001"]


def test_sponsor_label_discloses_a_declared_sponsor_link_but_ad_labels_do_not_disclose_affiliate_links():
    sponsor = '<article><p>Sponsored by <a href="https://www.acme-vpn.com/" rel="sponsored">Acme VPN</a>.</p></article>'
    assert lint(sponsor, select=["DIS", "AFF"]).findings == ()
    ad_label = f"<article><p>Advertisement</p>{LINK}</article>"
    assert [f.rule for f in lint(ad_label, select=["DIS001"]).findings] == ["DIS001"]


NEWS_SHELL = ('<html><head><script type="application/ld+json">{{"@type": "NewsArticle"}}</script></head><body><article>'
              "<p>The storm hit the coast on Tuesday night, cutting power to 40,000 homes, the utility said.</p>"
              "<p>{}</p><p>Crews expect to restore most power by Friday, a spokesperson for the utility said.</p>"
              "</article></body></html>")


@pytest.mark.parametrize(
    "paragraph",
    [
        "LONDON – Apple on Tuesday unveiled the iPhone 16, priced at $799, with a faster chip and a new camera button.",
        "Apple said customers could order now through its website, and analysts said the top-rated model would be ideal for photographers.",
        "Residents can pick up one today at the city hall: sandbags are free for every household in the flood zone, officials said.",
        "Generators sold out at Home Depot and Lowe’s, where a 5,000-watt model costs $599. “People want to be prepared,” a store manager said.",
    ],
)
def test_plg001_leaves_news_prose_with_prices_and_quotes_alone(paragraph):
    assert lint(NEWS_SHELL.format(paragraph), select=["PLG001"]).findings == ()


@pytest.mark.parametrize("anchor", ["via Amazon", "per Amazon listing", "Research", "Analysis"])
def test_aff002_shopping_and_product_names_are_not_citation_like(anchor):
    html = f'<article><p>We earn a commission. <a href="https://amzn.to/x" rel="sponsored">{anchor}</a></p></article>'
    assert lint(html, select=["AFF002"]).findings == ()


def test_aff001_fix_fills_an_empty_unquoted_rel():
    html = '<p><a href="https://amzn.to/x" rel=>x</a></p>'
    (finding,) = lint(html, select=["AFF001"]).findings
    assert apply_fix(html, finding) == '<p><a href="https://amzn.to/x" rel="sponsored">x</a></p>'


# SRC002: a speaker named after an appositive, or where a multi-paragraph quote closes, is a speaker.
_LEAD = "<p>The port reopened on Monday after a week of strikes that had stranded dozens of ships off the coast.</p>\n"


@pytest.mark.parametrize(
    "body",
    [
        "<p>“We will appeal this ruling to the supreme court,” John Smith, a lawyer for the family, said.</p>",
        "<p>“She could have won the title twice over,” Mark Roe, her brother and the club’s head of "
        "scouting, said, “if the injuries had let her play a full season.”</p>",
        "<p>“We have waited for this moment for a very long time, and we will not waste a single day of it.</p>\n"
        "<p>“This will transform the whole region for many years to come,” Harbour Minister Jane Doe told reporters.</p>",
    ],
)
def test_src002_finds_the_speaker_after_an_appositive_or_at_the_end_of_a_continued_quote(body):
    assert lint(f"<article>\n{_LEAD}{body}\n</article>", select=["SRC002"]).findings == ()


def test_src002_still_flags_a_continued_quote_that_no_one_closes_with_a_speaker():
    body = ("<p>“We have waited for this moment for a very long time, and we will not waste a single day of it.</p>\n"
            "<p>“This will transform the whole region for many years to come,” was how the day was described.</p>")
    (finding,) = lint(f"<article>\n{_LEAD}{body}\n</article>", select=["SRC002"]).findings
    assert "We have waited for this moment" in finding.message


def test_claim_rules_skip_pages_declared_in_a_language_their_lexicons_do_not_read():
    # The claim and source lexicons are English: on a French page they would find the figure but
    # never the source ("a déclaré le ministre"). Both families skip such pages alike.
    body = "<p>Le chômage a augmenté de 45 % l'an dernier, a déclaré le ministre lors d'une conférence.</p>"
    french = f'<html lang="fr"><body><article>{body}</article></body></html>'
    english = french.replace('lang="fr"', 'lang="en"').replace(body, "<p>Unemployment rose by 45% last year across the whole region.</p>")
    assert [f.rule for f in lint(french, select=["CLM", "SRC"]).findings] == []
    assert "CLM001" in [f.rule for f in lint(english, select=["CLM001"]).findings]
