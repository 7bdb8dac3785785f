"""SRC001: an article that quotes or asserts facts but links to no external source."""

from __future__ import annotations

import re
from typing import Iterable

from affilint import Option, Rule, Severity, Violation
from affilint.newscues import DATED_EVENT
from affilint.pagekind import KINDS
from affilint.quotes import interview_speakers



# Publication stamps and bylines that carry a date but report nothing.
_STAMP = re.compile(
    r"\s*(?:(?i:(?:first |last )?(?:published|updated|posted|modified|created|edited)\b)"
    r"|By [A-Z][\w.’'-]*(?:\s+(?:[A-Z][\w.’'-]*|and|&))*\s*(?:[·|•,–—-]|\d|on\b|$)"  # a byline with its date
    r"|(?i:(?:deals?|prices?|offers?|information|details) (?:were|are|was|is) (?:correct|accurate|current|valid)\b))"
)


def _check_kinds(value: list) -> str | None:
    if not value:
        return "must name at least one page kind (to turn the rule off, ignore SRC001)"
    unknown = [kind for kind in value if kind not in KINDS]
    return f"unknown page kind(s) {unknown}; expected some of {', '.join(KINDS)}" if unknown else None


class ArticleWithoutSources(Rule):
    """
    ## What it does
    Flags an article whose main content quotes people, states figures, dates events or attributes
    statements (at least `min-claims` such sentences), yet
    contains no link to any external source: no study, document, official statement or other
    outlet's reporting. Same-site links, "Related:" links, affiliate links, sponsored links and share
    buttons do not count as sources. A wire story (its first paragraph opens with a dateline such as
    "SANTIAGO (Reuters) -") is sourced by its agency, an interview (answers opening with speaker
    labels: "Q:", "**Jane Doe:**") by its interviewee, and a press release ("For immediate release",
    "Media contact", "About ExampleCo") is itself its issuer's statement; bylines and time stamps
    ("Published Oct 19") are not claims.

    ## Why is this bad?
    Readers and fact-checkers cannot verify what an unsourced article asserts. Articles that quote
    officials and cite numbers without a single link are a hallmark of low-quality and AI-generated
    news, and they erode trust in everything else the publisher puts next to them, including
    commercial content.

    ## Example
    ```html
    <article>
      <p>The trade ministry said on Monday that exports rose 12% last year, the fastest pace in a decade.</p>
      <p>“This will transform the region for a generation,” the minister told reporters in the capital.</p>
      <p>Officials said 3 million people would benefit from the programme, which will cost $4 billion.</p>
      <p>Opposition lawmakers questioned the figures and asked for the underlying data to be published.</p>
    </article>
    ```

    ## Use instead
    ```html
    <article>
      <p>The trade ministry <a href="https://trade.example.gov/statement">said on Monday</a> that exports rose 12% last year, the fastest pace in a decade.</p>
      <p>“This will transform the region for a generation,” the minister told reporters in the capital.</p>
      <p>Officials said 3 million people would benefit from the programme, which will cost $4 billion.</p>
      <p>Opposition lawmakers questioned the figures and asked for the underlying data to be published.</p>
    </article>
    ```

    ## How to fix
    Link the statements, data and documents the article relies on (the official statement, the
    study, the wire report). If the article is opinion with no factual claims, raise `min-claims`
    for that path or suppress the finding with a reason.
    """

    code = "SRC001"
    name = "article-without-sources"
    family = "SRC"
    severity = Severity.WARNING
    summary = "Article quotes or asserts facts but links to no external source."
    options = {
        "min-claims": Option(3, "How many quotes and factual sentences an article needs before it must link a source.", int,
                             check=lambda v: None if v >= 1 else "must be at least 1"),
        "min-words": Option(60, "Articles with fewer words in the main content are not checked.", int,
                            check=lambda v: None if v >= 0 else "must not be negative"),
        "kinds": Option(
            ["news", "sponsored", "other"],
            "Page kinds the rule applies to (news, review, deals, sponsored, blog, other). Personal and "
            "recipe blogs are left out by default: they rarely claim to report facts.",
            list,
            check=_check_kinds,
        ),
    }

    def check(self, doc) -> Iterable[Violation]:
        if doc.kind.kind not in self.settings["kinds"] or not doc.sourcing_language:
            return
        sourcing = doc.sourcing
        if sourcing.source_links or sourcing.wire_story:
            return  # a wire story ("SANTIAGO (Reuters) -") is sourced by its agency
        sentences = [s for s in doc.main_sentences if s.block.kind != "heading"]
        words = sum(len(s.text.split()) for s in sentences)
        if words < self.settings["min-words"]:
            return
        claims = _check_worthy(sentences, sourcing)
        if len(claims) < self.settings["min-claims"]:
            return
        if len(interview_speakers(doc.main_blocks)) >= 3 or doc.press_release:
            return  # an interview is sourced by its interviewee, a press release is its issuer's statement
        named = sorted({a.source for a in sourcing.attributions if a.kind == "named"})
        first = claims[0]
        if named:
            message = (
                f"This article makes {len(claims)} quoted, attributed, dated or numeric claims (the first here, line "
                f"{first.line}) and links to no external source; it names sources ({', '.join(named[:3])}) but gives "
                "readers nothing to check. Link the statements, studies or reports it relies on."
            )
        else:
            message = (
                f"This article makes {len(claims)} quoted, dated or numeric claims (the first here, line {first.line}) "
                "but names no source and links to none; link the statements, studies or reports it relies on."
            )
        yield Violation(
            first,
            message,
            evidence={
                "claims": len(claims),
                "quotes": sum(1 for q in sourcing.quotes if not q.part and q.words >= 3),
                "named_sources": named[:10],
                "claim_lines": [s.line for s in claims[:10]],
                "external_source_links": 0,
                "words": words,
                "page_kind": doc.kind.kind,
            },
            # Named but unlinked sources make this a judgement call (thinly sourced, not unsourced):
            # below the default review threshold, so it is reported as "needs review".
            confidence=0.45 if named else (0.9 if len(claims) >= 2 * self.settings["min-claims"] else 0.75),
            identity="article",  # one finding per article, whichever claim comes first
        )


def _check_worthy(sentences, sourcing) -> list:
    """Sentences that quote, attribute, date an event or make a claim, in order."""
    dated = DATED_EVENT
    marked = {claim.sentence.index for claim in sourcing.claims}
    spans: dict[int, list[tuple[int, int]]] = {}
    for quote in sourcing.quotes:
        if not quote.part and quote.words >= 3:
            spans.setdefault(quote.block.index, []).append((quote.start, quote.end))
    for attribution in sourcing.attributions:
        spans.setdefault(attribution.block.index, []).append((attribution.start, attribution.end))
    found = []
    for sentence in sentences:
        inside = any(start < sentence.end and end > sentence.start for start, end in spans.get(sentence.block.index, ()))
        if sentence.index in marked or inside or (_reports_event(sentence.text) and dated.search(sentence.text)):
            found.append(sentence)
    return found


def _reports_event(text: str) -> bool:
    """A dated sentence that says something ("The ministry met on Monday to …"), not a time stamp
    ("Published Oct 19, 2022", "Updated Monday 10:15")."""
    return len(text.split()) >= 5 and not _STAMP.match(text)
