"""AFF003: an affiliate link inside the body of a news article."""

from __future__ import annotations

from typing import Iterable

from affilint import Rule, Severity, Violation


class AffiliateLinkInNews(Rule):
    """
    ## What it does
    Flags affiliate links inside the main content of a page that is editorial news (schema.org
    `NewsArticle` and its kinds, a news section, a wire dateline; `affilint inspect` shows the
    evidence). Deals and review pages, which are commerce by design, are not flagged.

    ## Why is this bad?
    Newsrooms keep commerce out of the news report: a commission link inside a news story makes the
    reporting look bought and, without a clear label, hides a material connection from readers
    (FTC Endorsement Guides; editorial independence codes such as the SPJ's).

    ## Example
    ```html
    <html><head><script type="application/ld+json">{"@type": "NewsArticle"}</script></head>
    <body><article><p>Storms cut power to 40,000 homes on Tuesday.</p>
    <p>Be prepared: <a href="https://www.amazon.com/dp/B000000004?tag=example-20">portable power station</a>.</p></article></body></html>
    ```

    ## Use instead
    ```html
    <html><head><script type="application/ld+json">{"@type": "NewsArticle"}</script></head>
    <body><article><p>Storms cut power to 40,000 homes on Tuesday, <a href="https://utility.example.com/outages">the utility said</a>.</p></article>
    <aside class="shopping">Shopping guide: <a href="https://www.amazon.com/dp/B000000004?tag=example-20" rel="sponsored">power stations we tested</a></aside></body></html>
    ```

    ## How to fix
    Move commercial links out of the news body into a separate, clearly labelled shopping module, or
    publish the piece as a labelled review or deals article.
    """

    code = "AFF003"
    name = "affiliate-link-in-news"
    family = "AFF"
    severity = Severity.WARNING
    summary = "Affiliate link inside the body of a news article."

    def check(self, doc) -> Iterable[Violation]:
        if doc.kind.kind != "news":
            return
        for link in doc.links:
            if link.affiliate is None or not link.in_main_content or link.hidden:
                continue
            if link.affiliate.signal == "rel-sponsored":
                continue  # a sponsor's link the page already marks as paid, not an affiliate link
            yield Violation(
                link,
                f"Affiliate link to {link.affiliate.network_name} inside a news article; move it to a labelled "
                "shopping module or publish the piece as a review or deals article.",
                evidence={
                    "network": link.affiliate.network,
                    "signal": link.affiliate.signal,
                    "href": link.url,
                    "page_kind_evidence": list(doc.kind.evidence),
                },
                confidence=link.affiliate.confidence,
            )
