"""DIS001: affiliate links with no disclosure anywhere on the page."""

from __future__ import annotations

from typing import Iterable

from affilint import Rule, Severity, Violation
from affilint.rules.dis_common import affiliate_disclosures, disclosed_links


class MissingDisclosure(Rule):
    """
    ## What it does
    Flags a page whose article contains affiliate links while nothing on the page tells readers that
    the publisher earns money from them: no sentence such as "We may earn a commission when you buy
    through links on this page" ("Acme receives compensation from …", "Purchases made through our
    links may earn us a commission", "we earn revenue if you click the links and buy"), in any
    language affilint knows (`affilint inspect` lists the disclosures it found).

    ## Why is this bad?
    A commission is a material connection. The FTC's Endorsement Guides (16 CFR 255.5) require it to
    be disclosed clearly and conspicuously; the UK CAP Code (2.1) and EU consumer law require
    commercial intent to be obvious. Undisclosed affiliate content is the most common finding in
    regulators' sweeps.

    ## Example
    ```html
    <article><p>Our favourite stove is the <a href="https://www.amazon.com/dp/B000000001?tag=example-20" rel="sponsored">CampChef</a>.</p></article>
    ```

    ## Use instead
    ```html
    <article><p><em>We may earn a commission when you buy through links on this page.</em></p>
    <p>Our favourite stove is the <a href="https://www.amazon.com/dp/B000000001?tag=example-20" rel="sponsored">CampChef</a>.</p></article>
    ```

    ## How to fix
    Add a plain-language disclosure that says the publisher is paid, at the top of the article,
    before the first affiliate link.

    ## References
    - FTC, Guides Concerning the Use of Endorsements and Testimonials, 16 CFR Part 255 (2023).
    - FTC, ".com Disclosures" (2013); "FTC's Endorsement Guides: What People Are Asking".
    """

    code = "DIS001"
    name = "missing-disclosure"
    family = "DIS"
    severity = Severity.ERROR
    summary = "Affiliate links but no disclosure that the publisher is paid."

    def check(self, doc) -> Iterable[Violation]:
        links = disclosed_links(doc)
        if not links or affiliate_disclosures(doc):
            return
        first = links[0]
        yield Violation(
            first,
            f"This page has {len(links)} affiliate link{'s' if len(links) != 1 else ''} (the first here) and no "
            "disclosure; add one such as “We may earn a commission when you buy through links on this page” "
            "before the first link.",
            evidence={
                "affiliate_links": len(links),
                "networks": sorted({link.affiliate.network for link in links}),
                "languages_checked": doc.context.disclosure_lexicon.languages_for(doc.metadata.lang),
            },
            identity="page",
        )
