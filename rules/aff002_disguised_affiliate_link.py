"""AFF002: an affiliate link hidden from readers or disguised as a citation."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from affilint import Rule, Severity, Violation


@lru_cache(maxsize=1)
def _cues() -> tuple[re.Pattern[str], frozenset[str]]:
    from affilint.rules import load_data_file

    from affilint.rules import data_pattern

    data = load_data_file("citation_anchors.toml")
    return data_pattern("citation_anchors.toml", "anchor_patterns"), frozenset(data["citation_elements"])


class DisguisedAffiliateLink(Rule):
    """
    ## What it does
    Finds affiliate links that readers cannot see (hidden with `display:none`, `hidden`,
    `aria-hidden`, off-screen or zero-size styles) or that look like evidence rather than a sales
    link: anchor text such as "a study" (or "a university study", "one 2019 survey"), "source", "[3]"
    or "according to …", or a link inside a `<cite>` or footnote `<sup>`.

    ## Why is this bad?
    A hidden affiliate link earns commission without the reader ever choosing it (cookie stuffing),
    and a commission link dressed as a citation misleads readers about why it is there. The FTC treats
    both as deceptive: a material connection must be clear, not hidden or disguised.

    ## Example
    ```html
    <p>Wool keeps you warm even when wet, <a href="https://www.amazon.com/dp/B000000003?tag=example-20">a study</a> found.</p>
    ```

    ## Use instead
    ```html
    <p>Wool keeps you warm even when wet, <a href="https://doi.org/10.1000/example">a study</a> found.
    We like <a href="https://www.amazon.com/dp/B000000003?tag=example-20" rel="sponsored">this wool blanket</a> (affiliate link).</p>
    ```

    ## How to fix
    Cite the actual source for evidence, and keep affiliate links visible, labelled as what they are
    (a product name, "buy at …"), with `rel="sponsored"` and a disclosure.
    """

    code = "AFF002"
    name = "disguised-affiliate-link"
    family = "AFF"
    severity = Severity.WARNING
    summary = "Affiliate link hidden from readers or disguised as a citation."

    def check(self, doc) -> Iterable[Violation]:
        anchors, elements = _cues()
        for link in doc.links:
            match = link.affiliate
            if match is None:
                continue
            evidence = {"network": match.network, "signal": match.signal, "href": link.url, "anchor_text": link.text}
            if link.visibility == "hidden":
                reason = doc.placement(link.element).reason
                yield Violation(
                    link,
                    f"Affiliate link to {match.network_name} is hidden from readers ({reason}); remove it, or show it "
                    "as a labelled affiliate link.",
                    evidence={**evidence, "hidden_by": reason},
                    severity=Severity.ERROR,
                    confidence=match.confidence,
                )
                continue
            citation_parent = next((a.tag for a in link.element.iterancestors() if a.tag in elements), None)
            if anchors.fullmatch(link.text) or citation_parent:
                why = f"inside <{citation_parent}>" if citation_parent else f"anchor text {link.text!r}"
                yield Violation(
                    link,
                    f"Affiliate link to {match.network_name} reads as a citation ({why}); cite the real source and "
                    "label commercial links as such.",
                    evidence={**evidence, "disguise": why},
                    confidence=min(match.confidence, 0.8),
                )
