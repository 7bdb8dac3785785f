"""AFF001: an affiliate link without ``rel="sponsored"``."""

from __future__ import annotations

from typing import Iterable

from affilint import Edit, Fix, Option, Rule, Severity, Violation

class AffiliateLinkWithoutSponsored(Rule):
    """
    ## What it does
    Finds links that earn the publisher a commission (a known affiliate network's click host, a
    network's click-link path on a brand's own vanity host such as Impact's `/c/<publisher>/<ad>/<campaign>`,
    a merchant link with an affiliate tag such as Amazon's `tag=`, a wrapped affiliate URL, or a
    same-site cloaked link such as `/recommends/…`) whose `rel` attribute lacks `sponsored`. Share links
    that Amazon's app makes (`amzn.eu/d/…`) carry no tag and are not affiliate links.

    ## Why is this bad?
    Google asks publishers to mark paid and affiliate links with `rel="sponsored"`; unmarked paid
    links can be treated as link schemes and hurt the whole site's ranking. The attribute is also a
    machine-readable record that the link is commercial, which compliance audits rely on.

    ## Example
    ```html
    <p>Our pick: <a href="https://www.amazon.com/dp/B000000000?tag=example-20">a camp stove</a>.</p>
    ```

    ## Use instead
    ```html
    <p>Our pick: <a href="https://www.amazon.com/dp/B000000000?tag=example-20" rel="sponsored">a camp stove</a>.</p>
    ```

    Merchant links on a page that loads a client-side auto-affiliation script (Skimlinks, VigLink) may
    be monetised when clicked; they are reported as "needs review" (info), with an unsafe fix.

    ## How to fix
    Add `sponsored` to the link's `rel` attribute (keep other tokens such as `noopener`). The fix
    offered with each finding edits only that attribute. Run `affilint inspect PAGE` to see which
    network and signal made affilint treat a link as affiliate.

    ## References
    - Google Search Central, "Qualify your outbound links to Google" (rel="sponsored").
    - FTC, 16 CFR Part 255 (Guides Concerning the Use of Endorsements and Testimonials).
    """

    code = "AFF001"
    name = "affiliate-link-without-sponsored"
    family = "AFF"
    severity = Severity.ERROR
    summary = 'Affiliate link lacks rel="sponsored".'
    fixable = True
    options = {
        "accept-nofollow": Option(
            False,
            'Treat rel="nofollow" as sufficient (Google accepts it, but prefers "sponsored"); when false, '
            "nofollow-only links are still reported, as warnings.",
        ),
    }

    def check(self, doc) -> Iterable[Violation]:
        for link in doc.links:
            match = link.affiliate or link.auto_affiliate
            if match is None or "sponsored" in link.rel:
                continue
            nofollow = "nofollow" in link.rel
            if nofollow and self.settings["accept-nofollow"]:
                continue
            if link.affiliate is None:  # only an auto-affiliation script may monetise it
                yield Violation(
                    link,
                    f"Merchant link to {link.host} on a page that loads the {match.network_name} auto-affiliation "
                    f'script ({match.detail}); if the script monetises it, add rel="sponsored".',
                    evidence={"script": match.network_name, "signal": match.signal, "detail": match.detail, "href": link.url},
                    fix=_add_sponsored(doc, link.element, applicability="unsafe"),
                    confidence=match.confidence,
                )
                continue
            evidence = {
                "network": match.network,
                "network_name": match.network_name,
                "signal": match.signal,
                "detail": match.detail,
                "href": link.url,
                "rel": sorted(link.rel),
            }
            where = "" if link.in_main_content else f" (in the page's {link.region} area)"
            if nofollow:
                message = (
                    f'Affiliate link to {match.network_name} ({match.signal}: {match.detail}){where} has rel="nofollow" '
                    'but not "sponsored"; add "sponsored", the value Google asks for on paid links.'
                )
            else:
                message = (
                    f'Affiliate link to {match.network_name} ({match.signal}: {match.detail}){where} lacks rel="sponsored"; '
                    'add rel="sponsored" to mark it as paid.'
                )
            yield Violation(
                link,
                message,
                evidence=evidence,
                fix=_add_sponsored(doc, link.element),
                confidence=match.confidence,
                severity=Severity.WARNING if nofollow else None,
            )


def _add_sponsored(doc, element, applicability: str = "safe") -> Fix | None:
    """Edit only the rel attribute's value (or insert one) in the start tag's source text."""
    source = doc.source
    rel = source.attribute(element, "rel")
    if rel is None:
        start = stop = source.tag_name_end(element)
        if start is None:
            return None
        content = ' rel="sponsored"'
    elif rel.quote is None:  # a bare `rel` attribute: give it a value
        start = stop = rel.end
        content = '="sponsored"'
    else:
        start, stop = rel.start, rel.end
        value = (source.text[start:stop].strip() + " sponsored").strip()
        content = value if rel.quote else f'"{value}"'
    line, column = source.line_col(start)
    end_line, end_column = source.line_col(stop)
    return Fix('Add "sponsored" to the rel attribute', (Edit(line, column, end_line, end_column, content),), applicability)
