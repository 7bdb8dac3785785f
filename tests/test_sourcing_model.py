"""The shared model behind the CLM and SRC rules: quotes, attributions, claims and their support."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from affilint.document import Document, ModelContext
from affilint.plugins import build_registry
from affilint.quotes import blank_quotes, find_quotes

CONTEXT = ModelContext(build_registry().data)


def doc_of(body: str) -> Document:
    return Document.from_html(f"<html><body><article>{body}</article></body></html>", context=CONTEXT)


def claims_of(body: str) -> list:
    return doc_of(body).sourcing.claims


def test_quotes_are_found_and_blanked_to_the_same_length():
    doc = doc_of("<p>“We will win,” she said, and added: \"It is done.\"</p>")
    quotes = doc.sourcing.quotes
    assert [q.text for q in quotes] == ["We will win,", "It is done."]
    blanked = blank_quotes(doc.main_blocks[0].text, quotes)
    assert len(blanked) == len(doc.main_blocks[0].text)
    assert "win" not in blanked and "she said" in blanked


def test_a_quote_left_open_continues_in_the_next_paragraph():
    doc = doc_of("<p>“The first paragraph of a long quote.</p><p>“And the second, which ends here,” he said.</p>")
    quotes = find_quotes(doc.main_blocks)
    assert [(q.block.index, q.closes) for q in quotes][:1] == [(doc.main_blocks[0].index, False)]
    assert quotes[1].text.startswith("And the second")


@pytest.mark.parametrize(
    ("body", "source", "kind", "official"),
    [
        ("<p>Chile’s National Statistics Institute said growth slowed.</p>", "Chile’s National Statistics Institute", "named", False),
        ("<p>“We will win,” said the defence minister.</p>", "the defence minister", "anonymous", True),
        ("<p>Critics say the plan will fail.</p>", "Critics", "vague", False),
        ("<p>A recent small study showed that naps help.</p>", "A recent small study", "vague", False),
        ("<p>The cost rose sharply, according to Reuters.</p>", "Reuters", "named", False),
        ("<p>The chip is faster than its rival (via The Verge).</p>", "The Verge", "named", False),
        ("<p>We have found that the scheme is the most effective one.</p>", "We have", "self", False),
        ("<p>“It is an important addition”, adds Jane Doe, head of sales.</p>", "Jane Doe", "named", False),
        # Verbs of saying that only report beside a quotation or before "that".
        ("<p>“Yacht with engine failure, two on board,” he shouts over the wind.</p>", "he", "anonymous", False),
        ("<p>He admits that the plan was rushed.</p>", "He", "anonymous", False),
        # A described group is not a name, even at the start of a sentence.
        ("<p>Residents said the water rose within minutes.</p>", "Residents", "anonymous", False),
        # A document's own words.
        ("<p>“We remain committed to this,” the statement read.</p>", "the statement", "anonymous", False),
        # No subject before the verb: after it, or before an interjection.
        ("<p>So said council chief Mark Dyer at a meeting.</p>", "council chief Mark Dyer at a meeting", "named", True),
        ("<p>The Builders Federation, for one, has warned that staff are short.</p>", "The Builders Federation for one", "named", True),
    ],
)
def test_attributions_name_their_source(body, source, kind, official):
    attribution = doc_of(body).sourcing.attributions[0]
    assert (attribution.source, attribution.kind, attribution.official) == (source, kind, official)


@pytest.mark.parametrize(
    "body",
    [
        "<p>It is never too late to stock up on snacks via Amazon, thanks to its fast shipping.</p>",  # a channel
        "<p>A heated airer is kinder to clothes (it adds years to their life) than a dryer.</p>",  # adding, not saying
        "<p>The serum is dermatologist-recommended and fragrance-free.</p>",  # an adjective
        "<p>Few adults get the recommended 150 minutes of exercise a week.</p>",  # an adjective
        "<p>Avoid xylitol, a sweetener found in some peanut butters.</p>",  # a participle of place
        "<p>The bank is now widely expected to cut rates in August.</p>",  # a passive behind adverbs
        "<p>Toyota recalls 1 million cars over faulty airbags.</p>",  # an action, no quotation
        "<p>Prices continued to rise in March.</p>",
        "<p>The banner read “Nobody asked us”.</p>",  # a banner has no author
        "<p>It is widely reported that the talks failed.</p>",  # a passive names no one (a weasel, SRC004)
    ],
)
def test_words_that_only_look_like_attributions_attribute_nothing(body):
    assert doc_of(body).sourcing.attributions == []


def test_the_writers_own_say_so_supports_no_claim():
    (claim,) = claims_of("<p>We have found that the choice of programme is the most important factor in its cost.</p>")
    assert claim.support is None


def test_a_reporting_verb_inside_a_quote_attributes_nothing():
    assert doc_of("<p>Residents held a banner: “They said it would never happen here, and here we are.”</p>").sourcing.attributions == []


@pytest.mark.parametrize(
    ("body", "support"),
    [
        ("<p>Exports rose 12% last year.</p>", None),
        ("<p>Exports rose 12% last year, the ministry said.</p>", "attribution"),
        ("<p>Exports rose 12% last year. The figures were published by the ministry, officials said.</p>", "attribution"),
        ('<p>Exports <a href="https://stats.example.gov/x">rose 12%</a> last year.</p>', "link"),
        ('<p>Exports <a href="/news/earlier">rose 12%</a> last year.</p>', None),  # same-site: not evidence
        ('<p>Exports <a href="https://www.amazon.com/dp/B0001">rose 12%</a> last year.</p>', None),  # a shop
        ("<p>Exports rose 12% last year [4].</p>", "citation"),
        ("<p>In our tests the battery lasted 30% longer.</p>", "method"),
        ("<p>LONDON (Reuters) — Exports rose 12% last year.</p>", "dateline"),
    ],
)
def test_what_supports_a_figure(body, support):
    (claim,) = claims_of(body)
    assert claim.support == support


@pytest.mark.parametrize(
    ("sentence", "hedged"),
    [
        ("The phone will likely start at $899 in the United States.", True),
        ("The vaccine prevents infection with the types most likely to cause cancer.", False),  # a comparison
        ("Women are twice as likely to be diagnosed, and 40% more likely to die of it.", False),
    ],
)
def test_likely_hedges_a_claim_but_more_or_most_likely_compares(sentence, hedged):
    (claim,) = claims_of(f"<p>{sentence}</p>")
    assert claim.hedged is hedged


def test_a_prediction_needs_its_source_in_its_own_sentence():
    (claim,) = [c for c in claims_of("<p>The minister spoke on Monday, officials said. The deal may lead to war.</p>") if "war" in c.sentence.text]
    assert "speculation" in claim.cues and claim.support is None


@pytest.mark.parametrize(
    "body",
    [
        "<p>On July 3, 2025, the council met for the first time since 2021.</p>",
        "<p>The 43-year-old arrived at 4:30pm and the home side won 3-1.</p>",
        "<p>“Our exports rose 12% last year,” the minister said.</p>",
        "<p>The seller claims the tea cures cancer, which is false.</p>",
        "<p>The talks are unlikely to lead to war.</p>",
        "<p>The store is next to a Best Buy.</p>",
        "<p>A mixture of 50% peat and 50% perlite works well for cuttings.</p>",
        "<p>Did exports really rise 12% last year after the new tariff?</p>",
        "<p>The biggest change this year is the new keyboard on the larger model.</p>",
    ],
)
def test_traps_are_not_claims_or_are_supported(body):
    assert [c for c in claims_of(body) if not c.supported] == []


def test_inspect_json_shows_claims_attributions_and_quotes(tmp_path):
    page = tmp_path / "a.html"
    page.write_text("<html><body><article><p>Exports rose 12% last year.</p><p>“We will win,” said the minister.</p></article></body></html>")
    out = subprocess.run([sys.executable, "-m", "affilint", "inspect", "--format", "json", str(page)], capture_output=True, text=True, check=True)
    model = json.loads(out.stdout)
    assert model["model_version"] == "1.2"
    assert model["claims"][0]["cues"] == {"statistic": "12%"} and model["claims"][0]["support"] is None
    assert model["attributions"][0]["source"] == "the minister"
    assert model["quotes"][0]["text"] == "We will win,"
    assert model["source_links"] == 0


def test_the_authors_own_site_and_homepages_are_not_evidence():
    html = (
        '<html><head><meta name="author" content="By Jane Doe"></head><body><article>'
        '<p>Exports from the region <a href="https://www.janedoewrites.com/2024/05/exports.html">rose 12%</a>.</p>'
        '<p>Imports into the region <a href="https://www.example-bank.com/?source=banner">fell 3%</a>.</p>'
        '<p>Prices in the region <a href="https://stats.example.gov/cpi/2025">rose 2%</a>.</p>'
        "</article></body></html>"
    )
    doc = Document.from_html(html, context=CONTEXT)
    assert [c.support for c in doc.sourcing.claims] == [None, None, "link"]
    assert doc.sourcing.source_links == 1


def test_q_elements_are_quotations_and_their_words_are_not_the_articles():
    doc = doc_of('<p>The minister said <q>exports rose 12% last year</q> at the summit on Monday.</p>'
                 '<p>The banner read <q cite="https://example.org/photo">nobody asked us about this plan</q> in red.</p>')
    quotes = doc.sourcing.quotes
    assert [(q.text, q.cite) for q in quotes] == [("exports rose 12% last year", ""), ("nobody asked us about this plan", "https://example.org/photo")]
    assert [c for c in doc.sourcing.claims if not c.supported] == []


@pytest.mark.parametrize(
    ("lang", "read"),
    [("en", True), ("en-GB", True), ("EN_us".replace("_", "-"), True), ("", True), ("und", True), ("fr-FR", False), ("de", False)],
)
def test_the_attribution_patterns_read_only_pages_in_their_language(lang, read):
    from affilint.attribution import attribution_lexicon

    assert attribution_lexicon().reads(lang) is read


def test_a_blockquote_is_one_quotation_unless_it_quotes_someone_itself():
    doc = doc_of(
        "<blockquote><p>Clicking a box labelled “continue” is not informed written consent under the statute.</p></blockquote>"
        "<blockquote>He told the BBC: “I took the judgement call that I had to go and see him.”</blockquote>"
    )
    first, second = doc.sourcing.quotes
    assert first.is_blockquote and first.text.startswith("Clicking a box")
    assert not second.is_blockquote and second.text.startswith("I took the judgement call")
