"""SRC004: an opinion or finding pinned on nobody in particular ("critics say", "studies show")."""

from __future__ import annotations

import re
from typing import Iterable

from affilint import Rule, Severity, Violation
from affilint.attribution import attribution_lexicon


# The paragraph before "reportedly" links the report it means ("…, The Information reported").
_REPORT = re.compile(r"\breport(?:ed|s|ing)?\b|\baccording to\b", re.I)
_CITED = re.compile(r"\[\d{1,3}\]|\(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\)(?=\s*[.;,]|\s*$)")


class WeaselAttribution(Rule):
    """
    ## What it does
    Flags weasel attributions: "some view … while others criticize", "critics say", "experts agree",
    "many believe", "studies show", "a recent study found", "it is widely believed that", "has been
    described as", "reportedly", when the paragraph names no source and links no evidence. The
    phrases are multi-word patterns from Wikipedia's "Words to watch" (unsupported attributions),
    matched outside quotations; single words such as "many" or "some" are never enough. Evidence
    in the next paragraph counts when it opens as the example ("For example, one study … (2)"), and
    "reportedly" is backed by a linked report in the paragraph before.

    ## Why is this bad?
    A vague attribution gives a claim the authority of a crowd without naming anyone who could be
    asked. Wikipedia, AP and Reuters all ask writers to name who holds a view; "never use plural
    sources when there is only one" (Reuters).

    ## Example
    ```html
    <article>
      <p>The decision divided opinion: some view it as pragmatic, while others criticize it as reckless.</p>
    </article>
    ```

    ## Use instead
    ```html
    <article>
      <p>The decision divided opinion: Senator Jane Doe called it pragmatic, while the Refugee Council <a href="https://refugees.example.org/statement">criticized it as reckless</a>.</p>
    </article>
    ```

    ## How to fix
    Name who holds the view (and link their statement), or cut the attribution.
    """

    code = "SRC004"
    name = "weasel-attribution"
    family = "SRC"
    severity = Severity.WARNING
    summary = "Vague attribution (\u201ccritics say\u201d, \u201cstudies show\u201d) with no named source."

    def check(self, doc) -> Iterable[Violation]:
        if not doc.sourcing_language:
            return
        sourcing = doc.sourcing
        lexicon = attribution_lexicon()
        blocks = doc.main_blocks
        position: dict[int, int] = {}  # block index -> its place in the main content, made when first needed
        reported = set()
        for weasel in sourcing.weasels:
            block = weasel.block
            if block.kind == "heading" or block.index in sourcing.link_blocks:
                continue
            if any(a.kind == "named" for a in sourcing.attributions_in(block)) or _CITED.search(block.text):
                continue  # a named source or a reference marker ("[3]", "(8)") in the paragraph
            if not position:
                position = {b.index: number for number, b in enumerate(blocks)}
            number = position.get(block.index, -1)
            following = blocks[number + 1] if 0 <= number < len(blocks) - 1 else None
            if following is not None and lexicon.evidence_lead.match(following.text) and (
                following.index in sourcing.link_blocks or _CITED.search(following.text)
            ):
                continue  # "Studies show …" / "For example, one study … (2)": the evidence follows
            previous = blocks[number - 1] if number > 0 else None
            if (
                weasel.text.lower() == "reportedly"
                and previous is not None
                and previous.index in sourcing.link_blocks
                and _REPORT.search(previous.text)
            ):
                continue  # "…, The Information reported (link)." / "Apple reportedly wants …"
            sentence = doc.sentence_at(block, weasel.start)
            if id(sentence) in reported:
                continue
            reported.add(id(sentence))
            phrases = [w.text for w in sourcing.weasels if w.block is block and sentence is not block and sentence.start <= w.start < sentence.end]
            shown = " \u2026 ".join(phrases or [weasel.text])
            yield Violation(
                sentence,
                f"Vague attribution: \u201c{shown}\u201d names no one; say who holds this view and link their statement, "
                "or cut the attribution.",
                evidence={"phrases": phrases or [weasel.text]},
                confidence=0.85,
            )
