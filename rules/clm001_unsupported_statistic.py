"""CLM001: a statistic or figure with no source."""

from __future__ import annotations

import re
from typing import Iterable

from affilint import Rule, Severity, Violation
from affilint.rules.clm_common import COMMERCE_KINDS, HEDGED_OPTION, claim_violation, kinds_option, unsupported_claims


# Sales copy addresses the reader with an imperative: its figures are the terms of an offer.
_OFFER = re.compile(r"(?:earn|get|save|enjoy|shop|buy|grab|pay|receive|take|score|claim|redeem|order)\b", re.I)


class UnsupportedStatistic(Rule):
    """
    ## What it does
    Flags a sentence that states a statistic or figure (a percentage, a count in millions, "one in
    five", "doubled", "a record high", an amount of money) when nothing backs it: no attribution in
    the sentence or the next one, no evidence link in its paragraph, no citation marker, no wire
    dateline and no method of the article's own ("in our tests", "we measured").

    An average is a statistic whatever its figure ("save $200 to $500 on average"), and so is a trend
    stated in words ("increasingly popular", "a surge in demand", "increased dramatically", "doubles
    every 15 years") or a record over a period ("the highest in four years").

    Dates, years, ages ("women over 40"), times, scores, ratings ("4.5 out of 5 stars"), list ordinals
    and product specifications ("100% of the DCI-P3 gamut", "contains 0.3% retinol") are not
    statistics, nor are offers and units ("20% off", "5.2% ABV", "a 60% chance of showers",
    "19.99%-28.24% Variable"), sports lines ("58% of possession"), a mixture's proportions, an
    instruction ("Swap 50% of the flour"), a worked example ("On a $10,000 balance, …", "If the party
    wins 20 seats, …"), questions and wishes. Prices on review and deal pages, in paragraphs that sell
    something, after a price verb ("costs $899", "sell it for $799", "trades at") or as a rate
    ("$65,000 a year") are prices, not claims; amounts in millions are claims wherever they stand.
    A wire story is sourced by the dateline of its lede, even below a byline and time stamp.
    Quoted figures belong to their speaker, and so do the answers of an interview printed as Q and A
    with the editor's note ("edited for length and clarity"). Hedged figures ("an estimated",
    "roughly", "likely") are reported as `info` by default (option `hedged`).

    ## Why is this bad?
    Numbers are what readers remember and what fact-checkers check first (ClaimBuster and Full Fact
    rank figures among the strongest check-worthiness signals). AP asks that every disputable fact be
    attributed in the same sentence.

    ## Example
    ```html
    <article>
      <p>Exports rose 12% last year, the fastest pace in a decade.</p>
    </article>
    ```

    ## Use instead
    ```html
    <article>
      <p>Exports rose 12% last year, according to the <a href="https://stats.example.gov/trade">national statistics office</a>.</p>
    </article>
    ```

    ## How to fix
    Link the data in the paragraph, name its source in the sentence, or add a reference marker.
    """

    code = "CLM001"
    name = "unsupported-statistic"
    family = "CLM"
    severity = Severity.WARNING
    summary = "Statistic or figure with no source."
    options = {"hedged": HEDGED_OPTION, "kinds": kinds_option()}

    def check(self, doc) -> Iterable[Violation]:
        commerce = doc.kind.kind in COMMERCE_KINDS
        for claim, kind, cue in unsupported_claims(doc, ("statistic", "money"), self.settings["kinds"]):
            if kind == "money" and (commerce or claim.sentence.block.index in doc.sourcing.selling_blocks):
                continue
            if _OFFER.match(claim.sentence.text):
                continue  # offer terms ("Earn 80,000 points after you spend $4,000"): commerce, not a claim
            what = "Amount" if kind == "money" else "Statistic"
            violation = claim_violation(claim, doc, what, cue, kind, self.settings["hedged"])
            if violation is not None:
                yield violation
