"""DIS002: the disclosure comes after the first affiliate link, or only in site chrome."""

from __future__ import annotations

from typing import Iterable

from affilint import Rule, Severity, Violation
from affilint.rules.dis_common import affiliate_disclosures, describe, disclosed_links


class DisclosurePlacement(Rule):
    """
    ## What it does
    Flags a disclosure that a reader meets too late: only after the first affiliate link in the
    article (the finding gives the distance in words and blocks), or only in the footer, sidebar or
    navigation. A disclosure in the same paragraph as the first link counts as on time.

    ## Why is this bad?
    The FTC says a disclosure must be seen before or together with the link it concerns, not
    "below the review or the link", and not only on an About page or in the footer. A reader who
    clicks the first link has acted without knowing the publisher is paid.

    ## Example
    ```html
    <article><p>Our pick: <a href="https://www.amazon.com/dp/B000000001?tag=example-20" rel="sponsored">CampChef stove</a>.</p>
    <p>We may earn a commission when you buy through links on this page.</p></article>
    ```

    ## Use instead
    ```html
    <article><p>We may earn a commission when you buy through links on this page.</p>
    <p>Our pick: <a href="https://www.amazon.com/dp/B000000001?tag=example-20" rel="sponsored">CampChef stove</a>.</p></article>
    ```

    ## How to fix
    Move the disclosure (or repeat it) at the top of the article, before the first affiliate link.

    ## References
    - FTC, "FTC's Endorsement Guides: What People Are Asking" (placement; About pages and footers).
    - FTC, ".com Disclosures" (2013): proximity and placement.
    """

    code = "DIS002"
    name = "disclosure-placement"
    family = "DIS"
    severity = Severity.WARNING
    summary = "Disclosure after the first affiliate link, or only in the footer/sidebar."

    def check(self, doc) -> Iterable[Violation]:
        links = disclosed_links(doc)
        if not links:
            return
        disclosures = [d for d in affiliate_disclosures(doc) if d.conspicuous and d.kind != "vague"]
        if not disclosures:
            return  # DIS001, DIS003 and DIS004 cover those pages
        first = links[0]
        order = doc.element_order
        first_position = order.get(first.element, 0)
        in_content = [d for d in disclosures if d.region != "boilerplate"]
        on_time = [
            d for d in in_content
            if order.get(d.element, 0) < first_position or (d.block is not None and first.element in d.block.element.iter())
        ]
        if on_time:
            return
        if not in_content:
            where = disclosures[0]
            yield Violation(
                first,
                f"The only disclosure is in the page's {where.region} area, {describe(where)}; put one in the article "
                "before this first affiliate link.",
                evidence={"disclosure_line": where.line, "disclosure_region": where.region, "placement": "chrome-only"},
                identity="page",
            )
            return
        later = in_content[0]
        words = doc.words_between(first.element, later.element)
        blocks = sum(1 for b in doc.main_blocks if first_position < order.get(b.element, -1) < order.get(later.element, 0))
        yield Violation(
            first,
            f"The disclosure {describe(later)} comes {words} words ({blocks} blocks) after this first affiliate link; "
            "move it above the first link.",
            evidence={"disclosure_line": later.line, "words_after_first_link": words, "blocks_after_first_link": blocks,
                      "placement": "after-first-link"},
            identity="page",
        )
