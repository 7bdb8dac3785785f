"""CLM004: a health, safety or financial promise with no source."""

from __future__ import annotations

from typing import Iterable

from affilint import Rule, Severity, Violation
from affilint.rules.clm_common import HEDGED_OPTION, claim_violation, kinds_option, unsupported_claims


class UnsupportedHealthOrFinancialClaim(Rule):
    """
    ## What it does
    Flags health and safety claims ("cures arthritis", "boosts your immune system", "lowers blood
    pressure", "is toxic", "purifies the air", "the most effective way to stop overeating", causal
    harm such as "causes cancer" or "increases your risk of heart disease") and financial promises
    ("guaranteed returns", "risk-free investment", "your income will double", "your home's value will
    double", "home prices will keep rising", "a can't-lose bet") that nothing backs: no study or
    expert link in the paragraph, no named source in the sentence, no citation marker. Debunking
    ("claims it cures cancer, which is false", "no evidence that"), denials ("no investment offers
    guaranteed returns", "doesn't cure colds"), the FDA supplement disclaimer and regulatory approvals
    ("approved by the FDA to treat") are not flagged.

    ## Why is this bad?
    The FTC requires "competent and reliable scientific evidence" for health claims, the FDA treats
    "cure, treat, prevent" as disease claims, and FINRA Rule 2210 forbids promissory financial claims.
    Unsourced, these are the claims most likely to hurt readers and to draw regulators.

    ## Example
    ```html
    <article>
      <p>Drinking two cups of this tea every day cures arthritis.</p>
    </article>
    ```

    ## Use instead
    ```html
    <article>
      <p>A <a href="https://doi.org/10.1000/example">2023 trial of 400 patients</a> found the tea eased arthritis pain slightly.</p>
    </article>
    ```

    ## How to fix
    Link the study or name the expert body behind the claim, or cut the promise.
    """

    code = "CLM004"
    name = "unsupported-health-or-financial-claim"
    family = "CLM"
    severity = Severity.WARNING
    summary = "Health, safety or financial promise with no source."
    options = {"hedged": HEDGED_OPTION, "kinds": kinds_option()}

    def check(self, doc) -> Iterable[Violation]:
        for claim, kind, cue in unsupported_claims(doc, ("health", "finance"), self.settings["kinds"]):
            what = "Health or safety claim" if kind == "health" else "Financial promise"
            violation = claim_violation(claim, doc, what, cue, kind, self.settings["hedged"])
            if violation is not None:
                yield violation
