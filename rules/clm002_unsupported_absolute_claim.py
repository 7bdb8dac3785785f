"""CLM002: an absolute or superlative claim with no source."""

from __future__ import annotations

from typing import Iterable

from affilint import Rule, Severity, Violation
from affilint.rules.clm_common import HEDGED_OPTION, claim_violation, kinds_option, unsupported_claims


class UnsupportedAbsoluteClaim(Rule):
    """
    ## What it does
    Flags a measurable superlative or absolute that nothing backs: "the only … in the world", "the
    fastest", "the most effective", "never lost", "faster than any other", "guaranteed", "100% safe",
    "clinically proven", "second to none", "world-class", a superlative bounded by a market or place
    ("the quietest fan on the market", "the world's best-selling"); and sweeping generalisations about
    a group stated as fact ("business owners tend to be introverts", "landlords tend to raise rents",
    "most parents are unaware", "most young people have given up", "everyone knows"). Subjective
    praise ("the best", "great") is left to style linters; discourse superlatives ("the biggest
    change", "the highest we could manage"), superlatives within one event ("the fastest lap of the
    day"), the reader's criterion ("if you want the lightest laptop"), the writer's own site ("the
    most popular recipe on my blog") and denials ("it is not the only one") are not claims; names
    such as "Best Buy" never match, and neither do quoted words.

    ## Why is this bad?
    Absolutes are claims of fact about everything else in a category. Regulators treat unqualified
    superlatives in commercial copy as claims that need substantiation (FTC), and style guides list
    them as words to watch (Wikipedia, "puffery").

    ## Example
    ```html
    <article>
      <p>The Aero 5 is the only laptop in the world to last two days on a charge.</p>
    </article>
    ```

    ## Use instead
    ```html
    <article>
      <p>In our lab tests, the Aero 5 lasted longer on a charge than the 40 other laptops we tested.</p>
    </article>
    ```

    ## How to fix
    Name the test, award, survey or source that backs the claim, link it, or soften the claim to
    what the evidence shows ("many of the owners we interviewed").
    """

    code = "CLM002"
    name = "unsupported-absolute-claim"
    family = "CLM"
    severity = Severity.WARNING
    summary = "Absolute or superlative claim with no source."
    options = {"hedged": HEDGED_OPTION, "kinds": kinds_option()}

    def check(self, doc) -> Iterable[Violation]:
        for claim, kind, cue in unsupported_claims(doc, ("absolute", "generalisation"), self.settings["kinds"]):
            what = "Absolute claim" if kind == "absolute" else "Sweeping generalisation"
            violation = claim_violation(claim, doc, what, cue, kind, self.settings["hedged"], confidence=0.85 if kind == "absolute" else 0.75)
            if violation is not None:
                yield violation
