"""SRC003: an official statement quoted or reported with no link to it."""

from __future__ import annotations

import re
from typing import Iterable

from affilint import Rule, Severity, Violation

_STATEMENT = re.compile(r"\b(?:statement|press release|communiqu[eé]|announcement|declaration|decree|readout)\b", re.I)


class OfficialStatementWithoutLink(Rule):
    """
    ## What it does
    Reports an official statement (a ministry, government, agency, police force, company
    spokesperson or office holder speaking for it) that the article quotes or reports in a paragraph
    with no link to the statement or any other evidence. Reported as `info`: the attribution is
    there, but the reader cannot check it. A press release ("For immediate release", "Media
    contact") is not checked: it is the statement.

    ## Why is this bad?
    Official statements are published somewhere (a press release, a transcript, an official
    account). Linking them is cheap and lets readers check the wording and the context; unlinked
    "official statements" are also how fabricated news borrows authority.

    ## Example
    ```html
    <article>
      <p>The Ministry of Foreign Affairs stated, “We welcome this step.”</p>
    </article>
    ```

    ## Use instead
    ```html
    <article>
      <p>The Ministry of Foreign Affairs <a href="https://mfa.example.gov/press/123">stated</a>, “We welcome this step.”</p>
    </article>
    ```

    ## How to fix
    Link the statement where it was published.
    """

    code = "SRC003"
    name = "official-statement-without-link"
    family = "SRC"
    severity = Severity.INFO
    summary = "Official statement with no link to it."

    def check(self, doc) -> Iterable[Violation]:
        if not doc.sourcing_language:
            return
        sourcing = doc.sourcing
        quoted = {quote.block.index for quote in sourcing.quotes}
        cited = {quote.block.index for quote in sourcing.quotes if quote.cite}  # <q cite>, <blockquote cite>
        for attribution in sourcing.attributions:
            block = attribution.block
            if not attribution.official or attribution.kind == "vague" or block.index in sourcing.link_blocks or block.index in cited:
                continue
            if block.index not in quoted and not _STATEMENT.search(block.text):
                continue
            if doc.press_release:  # read only when a finding is due (a cached model property)
                return  # a press release is the statement: its quotes are the issuer's own
            sentence = doc.sentence_at(block, attribution.start)
            yield Violation(
                sentence,
                f"Official statement with no link: \u201c{attribution.source} {attribution.cue}\u201d; link the statement "
                "(press release, transcript or official post) so readers can check it.",
                evidence={"source": attribution.source, "cue": attribution.cue, "kind": attribution.kind},
                confidence=0.8,
                identity=f"{attribution.source}|{attribution.cue}|{sentence.text[:80] if hasattr(sentence, 'text') else ''}",
            )
