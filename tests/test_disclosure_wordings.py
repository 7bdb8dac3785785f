"""Disclosure wordings publishers use (``rules/data/disclosures.toml``), checked through the rules that
read them: each adequate wording silences DIS001, each marketplace's Amazon statement silences DIS005,
a bare badge is DIS004, and prose or denials are not disclosures or labels."""

from __future__ import annotations

import pytest

from affilint.testing import lint

LINK = '<p><a href="https://www.amazon.{tld}/dp/B000000001?tag=example-21" rel="sponsored">a stove</a></p>'


def page(text: str, lang: str = "en", tld: str = "com") -> str:
    return f'<html lang="{lang}"><body><article><p>{text}</p>{LINK.format(tld=tld)}</article></body></html>'


@pytest.mark.parametrize(
    "lang, disclosure",
    [
        ("en", "MoneyWise receives compensation from some of the card issuers whose offers appear on this page."),
        ("en", "CNET earns a commission when you buy through our links."),
        ("en", "Products are chosen independently. Purchases made through our links may earn us a commission."),
        ("en", "On some occasions, we earn revenue if you click the links and buy the products."),
        ("en", "Disclosure: Commissions may be earned from the links on this page."),
        ("en", "I receive a small fee when you buy through my links, at no cost to you."),
        ("en", "Example Media is a participant in the Amazon Services LLC Associates Program, an affiliate advertising "
               "program designed to provide a means for sites to earn advertising fees by advertising and linking to Amazon.com."),
        ("en", "Our pick (paid link) is below."),
        ("de", "Für Links auf dieser Seite erhält Technikblick ggf. eine Provision vom Händler."),
        ("de", "Von diesem Verkaufspreis erhalten wir eine kleine Provision."),
        ("fr", "Si vous achetez via ces liens, nous touchons une petite commission, sans surcoût pour vous."),
        ("es", "Si compras a través de nuestros enlaces, recibimos una comisión."),
        ("it", "Se acquisti tramite questi link, guadagniamo una piccola commissione."),
        ("nl", "Via deze links ontvangen wij een kleine commissie."),
        ("pt", "Se você comprar pelos nossos links, recebemos uma pequena comissão."),
    ],
)
def test_adequate_wordings_are_disclosures(lang, disclosure):
    assert lint(page(disclosure, lang), select=["DIS001", "DIS004"]).findings == ()


@pytest.mark.parametrize(
    "lang, tld, statement",
    [
        ("en", "com", "As an Amazon Associate and member of other affiliate programs, I earn from qualifying purchases."),
        ("en", "com", "As an Amazon Associate, Example Media earns from qualifying purchases."),
        ("de", "de", "Als Amazon-Partner verdienen wir an qualifizierten Verkäufen."),
        ("fr", "fr", "En tant que Partenaire Amazon, je réalise un bénéfice sur les achats remplissant les conditions requises."),
        ("es", "es", "En calidad de Afiliado de Amazon, obtengo ingresos por las compras adscritas que cumplen los requisitos aplicables."),
        ("it", "it", "In qualità di Affiliato Amazon io ricevo un guadagno dagli acquisti idonei."),
        ("nl", "nl", "Als Amazon-partner verdien ik aan in aanmerking komende aankopen."),
        ("pt", "com.br", "Como Associado da Amazon, eu ganho com compras qualificadas."),
    ],
)
def test_each_marketplace_statement_satisfies_dis005(lang, tld, statement):
    assert lint(page(statement, lang, tld), select=["DIS005", "DIS001"]).findings == ()


def test_a_badge_inside_a_longer_notice_is_vague():
    html = page("This post may contain affiliate links. Please read my disclosure policy.")
    assert [f.rule for f in lint(html, select=["DIS001", "DIS004"]).findings] == ["DIS004"]


@pytest.mark.parametrize(
    "denial",
    [
        "None of the links on this page earn us a commission.",
        "Wir erhalten keine Provision für diese Links.",
        "No recibimos ninguna comisión por estos enlaces.",
    ],
)
def test_denials_in_new_wordings_are_not_disclosures(denial):
    assert [f.rule for f in lint(page(denial), select=["DIS001"]).findings] == ["DIS001"]


SPONSORED = '<html><head><script type="application/ld+json">{{"@type": "AdvertiserContentArticle"}}</script></head><body>{}</body></html>'


@pytest.mark.parametrize(
    "label", ["(Sponsored)", "[Anzeige]", "[Advertisement feature]", "Paid content from Harbor Insurance", "Sponsored post by Acme"]
)
def test_bracketed_and_payer_labels_are_sponsored_labels(label):
    html = SPONSORED.format(f"<article><p>{label}</p><h1>Flood cover</h1><p>Premiums are rising.</p></article>")
    assert lint(html, select=["DIS006"]).findings == ()


def test_prose_about_sponsored_content_is_not_a_label():
    html = SPONSORED.format("<article><h1>Ads</h1><p>Readers should be wary of sponsored content from brands.</p></article>")
    assert [f.rule for f in lint(html, select=["DIS006"]).findings] == ["DIS006"]
