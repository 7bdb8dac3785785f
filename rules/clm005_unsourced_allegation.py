"""CLM005: an allegation of wrongdoing that does not say who makes it."""

from __future__ import annotations

from typing import Iterable

from affilint import Rule, Severity, Violation
from affilint.rules.clm_common import kinds_option, unsupported_claims


class UnsourcedAllegation(Rule):
    """
    ## What it does
    Flags a sentence that reports an allegation ("accused of", "allegedly", "the allegation that",
    "the rumours that", "purported", "is suspected to have") when neither that sentence nor its neighbour in
    the paragraph names who alleges it (prosecutors, a lawsuit, a named accuser, "according to the
    indictment"), and nothing in the paragraph links or cites the source. Quoted words, denials
    ("falsely accused"), allegations attributed in the next or previous sentence, and a paragraph that
    continues a sourced one by referring back to it ("She allegedly used the money …" after "…,
    according to a criminal complaint") are not flagged.

    ## Why is this bad?
    An allegation with no accuser is the publisher's own accusation. AP and Reuters require every
    allegation to be attributed, and an unsourced one exposes the publisher to defamation claims;
    readers cannot tell a court filing from a rumour. Articles that mix commerce with news borrow
    their credibility from exactly this kind of reporting.

    ## Example
    ```html
    <article>
      <p>The mayor is accused of steering the harbour contract to a friend's company.</p>
    </article>
    ```

    ## Use instead
    ```html
    <article>
      <p>The mayor is accused of steering the harbour contract to a friend's company, according to a
      <a href="https://court.example.gov/filings/123">lawsuit filed on Monday</a>.</p>
    </article>
    ```

    ## How to fix
    Say who makes the allegation (a prosecutor, a lawsuit, a named accuser) in the sentence or the one
    next to it, and link the filing or statement; or remove the allegation.
    """

    code = "CLM005"
    name = "unsourced-allegation"
    family = "CLM"
    severity = Severity.WARNING
    summary = "Allegation that does not say who makes it."
    # Reviews and deal pages retell film plots and product stories ("the hero is accused of murder").
    options = {"kinds": kinds_option(("news", "sponsored", "blog", "other"))}

    def check(self, doc) -> Iterable[Violation]:
        for claim, kind, cue in unsupported_claims(doc, ("allegation",), self.settings["kinds"]):
            # Not lowered when hedged: "allegedly" and "purported" hedge by nature, and the missing
            # accuser is the problem, not the certainty.
            yield Violation(
                claim.sentence,
                f"Allegation with no source: \u201c{cue}\u201d; say who alleges it (a prosecutor, a lawsuit, a named "
                "accuser) in this sentence or the next, and link the filing or statement.",
                evidence={"cue": cue, "cue_kind": kind, "cues": dict(claim.cues), "support": None, "page_kind": doc.kind.kind},
                confidence=0.75,
            )
