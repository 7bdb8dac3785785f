"""SRC002: a direct quotation with no named speaker."""

from __future__ import annotations

import re
from typing import Iterable

from affilint import Option, Rule, Severity, Violation
from affilint.quotes import blockquote_of, interview_speakers, is_embed
from affilint.rules.clm_common import COMMERCE_KINDS, kinds_option
from affilint.text import squash

# "The minister: “…”", "From the report: “…”" — a colon introducing the quote after a name.
_COLON_INTRO = re.compile(r"[A-Z][\w.’'&-]*(?:\s+[\w.’'&-]+){0,6}:\s*$")
# Labels that introduce a quotation without naming anyone: "Review: “…”", "Customer quote: “…”".
_LABEL_INTRO = re.compile(
    r"(?:^|[.!?]\s+)(?:(?:customer|user|buyer|shopper|reader|amazon|verified|top|one|a|an)\s+)?"
    r"(?:reviews?|ratings?|testimonials?|quotes?|comments?|feedback|verdict|pros|cons|tip|note|says?)\s*:\s*$",
    re.I,
)
# Boxes that themes style with <blockquote> but that quote no one: "Summary", "Tip", "Editor's note".
_CALLOUT = re.compile(r"(?:summary|note|tip|key takeaways?|takeaways?|bottom line|in short|tl;?dr|editor.s note|update|warning|important)\b", re.I)
# A longer lead-in ending in a colon that names or points at its speaker: "Generations of students
# remember his catchphrase, chalked on the board every term: “…”".
_POINTED_INTRO = re.compile(
    r"(?:^|[.!?]\s)(?=[^.!?]*\b(?:he|she|they|his|her|their|him|them)\b)[^.!?]{0,160}:\s*$", re.I
)
# A quoted title or term, not words anyone said: "the album “…”", "the phrase “…”", "a poem titled
# “…”", "he recited “…”".
_TITLE_BEFORE = re.compile(
    r"\b(?:(?:album|song|single|track|anthem|hit|ballad|EP|novel|book|memoir|poem|essay|article|column|headline|"
    r"title|film|movie|documentary|show|series|sitcom|episode|play|musical|opera|painting|exhibition|campaign|slogan|"
    r"motto|catchphrase|mantra|hashtag|phrase|term|expression|word|label|nickname|tagline|chant)s?|so-called|titled|"
    r"entitled|called|named|dubbed|nicknamed|branded|known as|billed as|recit(?:e|es|ed|ing)|s(?:ing|ings|ang|ung|inging)|"
    r"chant(?:s|ed|ing))\s*,?\s*$",
    re.I,
)
# "“The Old Man and the Sea” by Ernest Hemingway": a title and its author.
_TITLE_AFTER = re.compile(r"^[,.]?\s+by\s+[A-Z]")
# A paragraph that is only a name (and a place): the signature under a letter or a testimonial
# ("Peter Osei, Dartmouth"), or a name withheld ("Name and address supplied").
_SIGNATURE = re.compile(
    r"^\W{0,3}(?:[A-Z][\w.’'-]+(?: (?:[A-Z][\w.’'-]+|de|van|von|da|di|al|bin|le)){1,3}(?:,\s*[\w.’' -]{2,40})?"
    r"|(?i:names? (?:and address(?:es)? )?(?:supplied|withheld)))\W{0,2}$"
)
_NOT_SIGNATURES = frozenset(
    "share related read more follow subscribe sign advertisement sponsored click watch listen see photo image "
    "images credit getty reuters ap top back next previous".split()
)
# "“…” — Jane Doe", "“…” -Jane Doe", "“…” Those were the words of …", "“…” That is the view of …",
# "“…” The words came from …": the speaker named after the quote.
_DASH_AFTER = re.compile(
    r"^\W*(?:[—–-]\s*[A-Z]|(?i:(?:those|these|such|that|this) (?:were|are|was|is) the (?:words|view|verdict|message|"
    r"assessment|warning|thoughts?|comments?|remarks?) of|the (?:words|comments?|remarks?|message|warning|verdict) "
    r"(?:came|come|comes) from|so (?:said|says))\b)"
)


class UnattributedQuote(Rule):
    """
    ## What it does
    Flags a direct quotation of `min-words` (default 5) or more words that no one is named as saying: no
    reporting verb with a speaker around it in its paragraph ("…,” she said", "according to"), no
    speaker introduced before it ("The minister: “…”", "…his catchphrase: “…”", a paragraph ending
    with a colon), no "— Name" or signature line ("Peter Osei, Dartmouth") after it, no `cite`
    attribute, `<cite>` or `<footer>` on a block quotation, no social-media embed, and not in an
    interview answer (paragraphs opening with speaker labels: "Q:", "**Jane Doe:**", "AMY LIN:").
    Short quoted phrases (scare quotes, nicknames), titles (in title case, after "the album",
    "the phrase", "titled", "recited", or followed by "by Author"), pull quotes that repeat the
    body, and customer testimonials on review and deal pages (option `testimonials`) are not
    flagged.

    ## Why is this bad?
    A quote without a speaker cannot be checked and is easily invented. Readers cannot judge a
    statement's weight without knowing who made it; AP calls quotes from unnamed sources a last
    resort, and a quote from no source at all is worse.

    ## Example
    ```html
    <article>
      <p>“This deal will change the region for a generation,” was how the move was described.</p>
    </article>
    ```

    ## Use instead
    ```html
    <article>
      <p>“This deal will change the region for a generation,” Foreign Minister Jane Doe said on Monday.</p>
    </article>
    ```

    ## How to fix
    Name who said or wrote the words (and where, with a link if it was published), or paraphrase
    them in the article's own voice.
    """

    code = "SRC002"
    name = "unattributed-quote"
    family = "SRC"
    severity = Severity.WARNING
    summary = "Direct quotation with no named speaker."
    options = {
        "min-words": Option(5, "Quotations shorter than this many words are not checked (scare quotes, titles, slogans).", int,
                            check=lambda v: None if v >= 1 else "must be at least 1"),
        "testimonials": Option(False, "Also check quotations on review and deal pages (customer testimonials).", bool),
        # Personal blogs quote the writer's own thoughts and imagined dialogue ("“Argh!”"), not sources.
        "kinds": kinds_option(("news", "sponsored", "other", "review", "deals")),
    }

    def check(self, doc) -> Iterable[Violation]:
        if doc.kind.kind not in self.settings["kinds"] or not doc.sourcing_language:
            return
        if doc.kind.kind in COMMERCE_KINDS and not self.settings["testimonials"]:
            return
        sourcing = doc.sourcing
        blocks = doc.main_blocks
        position = {block.index: number for number, block in enumerate(blocks)}
        body: list[str] = []  # the blocks' squashed texts, made for the first quote that needs them
        speakers: dict[int, str] | None = None  # read for the first quote that has no speaker otherwise
        for quote in sourcing.quotes:
            if quote.part or quote.words < self.settings["min-words"] or _is_title(quote.text):
                continue
            block = quote.block
            if block.index not in position or block.kind in ("heading", "caption"):
                continue
            number = position[block.index]
            if quote.is_blockquote and _CALLOUT.match(quote.text):
                continue  # a summary or tip box styled as a block quotation, not quoted words
            if not body:
                body = [squash(b.text) for b in blocks]
            if _pull_quote(quote, number, body) or self._attributed(quote, number, blocks, sourcing):
                continue
            text = sourcing.blanked.get(block.index, block.text)
            if not quote.is_blockquote and (
                _TITLE_BEFORE.search(text, max(0, quote.start - 40), quote.start) or _TITLE_AFTER.match(text[quote.end :])
            ):
                continue  # "the album “…”", "the phrase “…”": a title or a term, not someone's words
            if speakers is None:
                speakers = interview_speakers(blocks)
            if block.index in speakers:
                continue  # an interview answer: the labelled speaker's words, quotations in them included
            labelled = _LABEL_INTRO.search(text[max(0, quote.start - 80) : quote.start]) is not None
            advice = (
                "link where the review or comment was posted, and name who wrote it"
                if labelled
                else "say who said or wrote it (and link it if it was published)"
            )
            yield Violation(
                block if quote.is_blockquote else doc.sentence_at(block, quote.start),
                f"Quotation with no named speaker: \u201c{_short(quote.text)}\u201d; {advice}.",
                evidence={"quote": _short(quote.text, 120), "words": quote.words, "blockquote": quote.is_blockquote},
                confidence=0.85,
            )

    def _attributed(self, quote, number, blocks, sourcing) -> bool:
        block = quote.block
        if quote.is_blockquote:
            blockquote = blockquote_of(block)
            if blockquote is not None and (
                blockquote.get("cite") or is_embed(blockquote) or next(blockquote.iter("cite", "footer", "figcaption"), None) is not None
            ):
                return True
        if quote.cite:
            return True  # <q cite="…">
        if any(a.start < quote.start or a.start >= quote.end for a in sourcing.attributions_in(block)):
            return True
        text = sourcing.blanked.get(block.index, block.text)
        intro = text[max(0, quote.start - 80) : quote.start]
        if (
            (_COLON_INTRO.search(intro) or _POINTED_INTRO.search(text, max(0, quote.start - 160), quote.start))
            and not _LABEL_INTRO.search(intro)
        ) or _DASH_AFTER.match(text[quote.end :]):
            return True
        # A quotation that is its whole paragraph (or a block quotation).
        alone = quote.is_blockquote or (quote.start <= 1 and quote.end >= len(block.text.rstrip()) - 1)
        if number > 0:
            previous = blocks[number - 1]
            # A quotation standing alone after a paragraph that attributes ("Maria Lopez, who leads
            # the union, spoke at the rally." / "“We will not be pushed out.”") is that speaker's.
            if previous.text.rstrip().endswith(":") or (alone and sourcing.attributions_in(previous)):
                return True
        if not quote.closes and _continuation_attributed(number, blocks, sourcing):
            return True
        if number + 1 < len(blocks):
            following = blocks[number + 1]
            if _DASH_AFTER.match(following.text) or (alone and _signed(following)) or (
                quote.end >= len(block.text) - 1 and any(a.start < 40 for a in sourcing.attributions_in(following))
            ):
                return True
        return False


def _signed(block) -> bool:
    """A paragraph that is a signature ("Peter Osei, Dartmouth"), not a heading or a page widget
    ("Related Articles", "Share This Story")."""
    return (
        block.kind != "heading"
        and _SIGNATURE.match(block.text) is not None
        and block.text.split()[0].strip("—–-").lower() not in _NOT_SIGNATURES
    )


def _continuation_attributed(number, blocks, sourcing) -> bool:
    """A quote left open at the end of its paragraph continues in the next ones (news style); its
    speaker may be named in the paragraph where it closes ("…,” the minister said)."""
    for block in blocks[number + 1 :]:
        continuation = next((q for q in sourcing.quotes if q.part and q.block is block), None)
        if continuation is None:
            return False
        if any(a.start >= continuation.end or a.end <= continuation.start for a in sourcing.attributions_in(block)):
            return True
        if continuation.closes:
            return False
    return False


def _is_title(text: str) -> bool:
    words = [w for w in text.split() if w[:1].isalpha()]
    small = {"a", "an", "the", "of", "and", "or", "in", "on", "to", "for", "at", "by", "with", "from"}
    return bool(words) and all(w[:1].isupper() or w in small for w in words)


def _pull_quote(quote, number, body) -> bool:
    """A quotation whose words also appear in another block (a pull quote repeating the body)."""
    needle = squash(quote.text)[:60]
    return len(needle) >= 20 and any(needle in text for index, text in enumerate(body) if index != number)


def _short(text: str, limit: int = 80) -> str:
    text = squash(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
