"""DIS004: the disclosure does not say the publisher is paid."""

from __future__ import annotations

from typing import Iterable

from affilint import Rule, Severity, Violation
from affilint.rules.dis_common import affiliate_disclosures, describe, disclosed_links


class VagueDisclosure(Rule):
    """
    ## What it does
    Flags a page with affiliate links whose only disclosure is vague: a bare "affiliate links"
    badge, an asterisk, "(affiliate link)", "This post may contain affiliate links" (with nothing about
    money after it), or wording such as "links may be monetized" that never says the publisher earns
    money when readers buy.

    ## Why is this bad?
    The FTC notes that "affiliate link" by itself may not be understood by readers; research on
    disclosures (Mathur et al., CSCW 2018; Swart et al. 2020) found short, non-explanatory labels
    are not understood. The disclosure must explain the money.

    ## Example
    ```html
    <article><p><small>Affiliate links</small></p>
    <p>Our pick: <a href="https://www.amazon.com/dp/B000000001?tag=example-20" rel="sponsored">CampChef stove</a>.</p></article>
    ```

    ## Use instead
    ```html
    <article><p><small>We earn a commission if you buy through the links in this article.</small></p>
    <p>Our pick: <a href="https://www.amazon.com/dp/B000000001?tag=example-20" rel="sponsored">CampChef stove</a>.</p></article>
    ```

    ## How to fix
    Say who is paid and for what: "We earn a commission if you buy through links on this page."
    """

    code = "DIS004"
    name = "vague-disclosure"
    family = "DIS"
    severity = Severity.WARNING
    summary = "Disclosure does not say the publisher is paid."

    def check(self, doc) -> Iterable[Violation]:
        if not disclosed_links(doc):
            return
        disclosures = affiliate_disclosures(doc)
        if not disclosures or any(d.kind != "vague" for d in disclosures):
            return
        target = disclosures[0]
        yield Violation(
            target.element,
            f"The disclosure {describe(target)} does not say the publisher is paid; write “We earn a commission "
            "if you buy through links on this page”.",
            evidence={"wording": target.text, "language": target.language},
            identity="page",
        )
