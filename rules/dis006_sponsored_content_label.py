"""DIS006: sponsored content without a clear sponsored label."""

from __future__ import annotations

from typing import Iterable

from affilint import Rule, Severity, Violation
from affilint.rules.dis_common import describe


class SponsoredContentLabel(Rule):
    """
    ## What it does
    Flags paid content that is not labelled as paid. A page counts as sponsored when it says so in
    its metadata (schema.org `AdvertiserContentArticle`, a sponsored section or URL; `affilint inspect`
    shows the evidence). It then needs a clear label such as "Sponsored", "Paid post", "Advertisement",
    "Anzeige" or "Publicité" (brackets allowed: "[Anzeige]", "(Sponsored)"), or one naming the payer
    ("Paid content from Acme", "Sponsored by Acme"), in the article or above it. An ambiguous label
    ("Promoted", "Presented by …", "From our partners", "Around the web") is reported as a warning.

    ## Why is this bad?
    The FTC's guidance on native advertising says paid content must be identifiable as advertising
    before readers engage with it, and names "Promoted" and "Presented by" as labels readers misread.
    EU and UK rules (UCPD Annex I no. 11, CAP Code 2.1) ban advertorials that are not labelled.

    ## Example
    ```html
    <html><head><script type="application/ld+json">{"@type": "AdvertiserContentArticle"}</script></head>
    <body><article><p class="kicker">Promoted</p><h1>Five ways to sleep better</h1><p>Text.</p></article></body></html>
    ```

    ## Use instead
    ```html
    <html><head><script type="application/ld+json">{"@type": "AdvertiserContentArticle"}</script></head>
    <body><article><p class="kicker">Sponsored content</p><h1>Five ways to sleep better</h1><p>Text.</p></article></body></html>
    ```

    ## How to fix
    Put a plain label ("Sponsored", "Paid post", "Advertisement", or the local equivalent) above the
    headline, visible on every device.

    ## References
    - FTC, "Native Advertising: A Guide for Businesses" (2015).
    - Directive 2005/29/EC (Unfair Commercial Practices), Annex I point 11.
    """

    code = "DIS006"
    name = "sponsored-content-label"
    family = "DIS"
    severity = Severity.ERROR
    summary = "Sponsored content without a clear sponsored label."

    def check(self, doc) -> Iterable[Violation]:
        if doc.kind.kind != "sponsored":
            return
        labels = [d for d in doc.disclosures if d.conspicuous and d.region != "boilerplate"]
        if any(d.kind == "sponsored" for d in labels):
            return
        ambiguous = [d for d in labels if d.kind == "ambiguous"]
        first = doc.main_blocks[0] if doc.main_blocks else None
        if ambiguous:
            yield Violation(
                ambiguous[0].element,
                f"Sponsored content labelled only {describe(ambiguous[0])}, which readers misread; label it "
                "“Sponsored” or “Paid post”.",
                evidence={"label": ambiguous[0].text, "page_kind_evidence": list(doc.kind.evidence)},
                severity=Severity.WARNING,
                identity="page",
            )
            return
        yield Violation(
            first,
            "This page is sponsored content but carries no “Sponsored” / “Paid post” label; add one above the headline.",
            evidence={"page_kind_evidence": list(doc.kind.evidence)},
            identity="page",
        )
