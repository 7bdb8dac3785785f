"""DIS003: the only disclosures are hidden, collapsed, in a tooltip or in an image."""

from __future__ import annotations

from typing import Iterable

from affilint import Rule, Severity, Violation
from affilint.rules.dis_common import affiliate_disclosures, describe, disclosed_links


class InconspicuousDisclosure(Rule):
    """
    ## What it does
    Flags a page with affiliate links whose only disclosures cannot be seen by a reader scrolling
    the article: hidden (`display:none`, `hidden`, `aria-hidden`, off-screen, tiny text), inside a
    closed `<details>`, only in a `title` tooltip, or only in an image's `alt` text.

    ## Why is this bad?
    "Clear and conspicuous" means difficult to miss (16 CFR 255.0(f)). Hover text, collapsed
    sections and hidden text are the textbook examples of disclosures regulators reject.

    ## Example
    ```html
    <article><p><span title="We earn a commission on purchases made through our links">ⓘ</span>
    Our pick: <a href="https://www.amazon.com/dp/B000000001?tag=example-20" rel="sponsored">CampChef stove</a>.</p></article>
    ```

    ## Use instead
    ```html
    <article><p>We earn a commission on purchases made through our links.</p>
    <p>Our pick: <a href="https://www.amazon.com/dp/B000000001?tag=example-20" rel="sponsored">CampChef stove</a>.</p></article>
    ```

    ## How to fix
    Show the disclosure as ordinary visible text near the top of the article.
    """

    code = "DIS003"
    name = "inconspicuous-disclosure"
    family = "DIS"
    severity = Severity.WARNING
    summary = "The only disclosure is hidden, collapsed, a tooltip or image text."

    def check(self, doc) -> Iterable[Violation]:
        if not disclosed_links(doc):
            return
        disclosures = [d for d in affiliate_disclosures(doc) if d.kind != "vague"]
        if not disclosures or any(d.conspicuous for d in disclosures):
            return
        target = disclosures[0]
        how = {"title-attribute": "only in a title tooltip", "image-alt": "only in an image's alt text"}.get(
            target.medium, f"{target.visibility} ({target.hidden_reason})"
        )
        yield Violation(
            target.element,
            f"The disclosure {describe(target)} is {how}; show it as visible text before the first affiliate link.",
            evidence={"medium": target.medium, "visibility": target.visibility, "reason": target.hidden_reason},
            identity="page",
        )
