"""CLM003: speculative escalation, fear appeals and hedged predictions with no source."""

from __future__ import annotations

from typing import Iterable

from affilint import Option, Rule, Severity, Violation
from affilint.rules.clm_common import claim_violation, kinds_option, unsupported_claims

_WHAT = {
    "speculation": "Speculative escalation",
    "fear_appeal": "Fear appeal",
    "likelihood": "Speculation",
}


class SpeculativeClaim(Rule):
    """
    ## What it does
    Flags predictions of catastrophe, war, collapse, instability, shortage or mass death ("may lead to
    … nuclear threat", "could prompt resource conflicts", "famine is likely coming", "thousands could
    die") and fear appeals ("before it's too late", "Time is running out.") that the article states
    in its own voice: no one is named as saying so in the
    same sentence and no evidence is linked in the paragraph. Attributed warnings ("the WHO warned
    the outbreak could spread"), denials ("unlikely to", "no risk of") and a sale's deadline ("stock
    up now before prices go back up") are not flagged.

    Plain likelihood claims with no catastrophe ("most likely a heart attack", "it's possible that
    …") are weaker: they are reported as `info` by default (option `hedged-speculation`). When the
    page goes on to sell something after a flagged sentence (a fear-then-pitch segue), the finding
    says so.

    ## Why is this bad?
    Unsourced predictions of disaster are a hallmark of fear-driven content, and of news that
    segues from fear into product pitches (survival gear after war news). AP and Reuters require
    that a forecast be attributed to whoever makes it.

    ## Example
    ```html
    <article>
      <p>The agreement may lead to a regional war and severe fuel shortages.</p>
    </article>
    ```

    ## Use instead
    ```html
    <article>
      <p>The agreement may lead to fuel shortages, the <a href="https://energy.example.org/outlook">International Energy Agency warned</a> on Monday.</p>
    </article>
    ```

    ## How to fix
    Attribute the prediction to the expert or body that makes it and link their statement, or cut
    it if the article's reporting does not support it.
    """

    code = "CLM003"
    name = "speculative-claim"
    family = "CLM"
    severity = Severity.WARNING
    summary = "Speculative escalation or fear appeal with no source."
    options = {
        "hedged-speculation": Option(
            "info",
            "Plain likelihood claims without catastrophe (\u201cmost likely\u201d, \u201cit's possible that\u201d): `info`, "
            "`report` at the rule's severity, or `ignore`.",
            str,
            choices=("info", "report", "ignore"),
        ),
        # Reviews retell plots and describe products ("a film about a war that could end the world").
        "kinds": kinds_option(("news", "deals", "sponsored", "blog", "other")),
    }

    def check(self, doc) -> Iterable[Violation]:
        pitch_lines = _pitch_lines(doc)
        mode = self.settings["hedged-speculation"]
        for claim, kind, cue in unsupported_claims(doc, ("speculation", "fear_appeal", "likelihood"), self.settings["kinds"]):
            if kind == "likelihood" and mode == "ignore":
                continue
            violation = claim_violation(claim, doc, _WHAT[kind], cue, kind, "report", confidence=0.9 if kind != "likelihood" else 0.7)
            if violation is None:
                continue
            pitch = next((line for line in pitch_lines if line > claim.sentence.line), None)
            evidence = dict(violation.evidence, followed_by_pitch_at_line=pitch)
            message = violation.message
            if pitch is not None and kind != "likelihood":
                message += f" The page then sells products (affiliate link at line {pitch}): a fear-then-pitch segue."
            severity = Severity.INFO if kind == "likelihood" and mode == "info" else None
            yield Violation(claim.sentence, message, evidence=evidence, confidence=violation.confidence, severity=severity)


def _pitch_lines(doc) -> list[int]:
    """Lines of the main content's affiliate links (where the page starts selling)."""
    return sorted(link.line for link in doc.links if link.is_affiliate and link.within_main)
