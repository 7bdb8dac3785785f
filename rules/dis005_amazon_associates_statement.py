"""DIS005: Amazon Associates links without the statement Amazon requires."""

from __future__ import annotations

from typing import Iterable

from affilint import Rule, Severity, Violation
from affilint.rules.dis_common import disclosed_links


class AmazonAssociatesStatement(Rule):
    """
    ## What it does
    Flags a page with Amazon Associates links on which the statement Amazon's programme requires,
    "As an Amazon Associate I earn from qualifying purchases" (or "we"/your site's name; "As an Amazon
    Associate and member of other affiliate programs, I earn …" too), appears nowhere, footer included.
    Each marketplace's own wording counts on a page in its language: "Als Amazon-Partner verdiene ich
    an qualifizierten Verkäufen", "En tant que Partenaire Amazon, je réalise un bénéfice sur les achats
    remplissant les conditions requises", "En calidad de Afiliado de Amazon, obtengo ingresos por las
    compras adscritas …", "In qualità di Affiliato Amazon io ricevo un guadagno dagli acquisti idonei",
    "Als Amazon-partner verdien ik aan in aanmerking komende aankopen", "Como Associado da Amazon, eu
    ganho com compras qualificadas". The older "participant in the Amazon Services LLC Associates
    Program" notice explains the fees (it counts as a disclosure for DIS001) but is not this statement.

    ## Why is this bad?
    The Amazon Associates Program Operating Agreement requires that statement on the site; Amazon
    closes accounts that omit it, and with them the commissions of every page.

    ## Example
    ```html
    <article><p>We earn a commission on purchases through our links.</p>
    <p>Our pick: <a href="https://www.amazon.com/dp/B000000001?tag=example-20" rel="sponsored">CampChef stove</a>.</p></article>
    ```

    ## Use instead
    ```html
    <article><p>As an Amazon Associate we earn from qualifying purchases.</p>
    <p>Our pick: <a href="https://www.amazon.com/dp/B000000001?tag=example-20" rel="sponsored">CampChef stove</a>.</p></article>
    ```

    ## How to fix
    Add the sentence "As an Amazon Associate I earn from qualifying purchases" to the page (a site-wide
    footer is enough for Amazon; the FTC disclosure near the links is a separate requirement).

    ## References
    - Amazon Associates Program Operating Agreement (required statement).
    """

    code = "DIS005"
    name = "amazon-associates-statement"
    family = "DIS"
    severity = Severity.WARNING
    summary = "Amazon Associates links without Amazon's required statement."

    def check(self, doc) -> Iterable[Violation]:
        amazon = [link for link in disclosed_links(doc) if link.affiliate.network == "amazon"]
        if not amazon or any(d.kind == "amazon" for d in doc.disclosures):
            return
        yield Violation(
            amazon[0],
            "Amazon Associates links (the first here) but no “As an Amazon Associate I earn from qualifying "
            "purchases” statement on the page; add it (a site-wide footer is enough).",
            evidence={"amazon_links": len(amazon)},
            identity="page",
        )
