"""Claims: the sentences of an article that state something checkable, and what (if anything) backs them.

A claim is a main-content sentence with a *cue* from ``data/claims.toml``: a statistic or figure, a
measurable absolute or superlative, a sweeping generalisation, speculative escalation or a fear
appeal, a health or financial promise, an allegation of wrongdoing. Its *support* is the first of these that holds (research notes R1–R7; AP: attribute in the
same sentence; Reuters: a wire dateline sources its story):

- an attribution that names or describes a source in the same sentence ("…, the institute said");
- for figures, absolutes and promises also in the neighbouring sentence of the same paragraph;
- a link in the same paragraph that is not paid, not a share button and not an ad;
- a citation marker ("[1]", "(8)", "(Smith, 2020)"), a footnote reference or a superscript number;
- the article's own method ("in our lab tests", "we measured", "based on current prices");
- a wire dateline opening the paragraph ("SANTIAGO (AP) —");
- a regulatory approval ("approved by the FDA to treat").

Sentences that debunk or deny a claim ("which is false", "no evidence that"), questions and wishes are
not claims, and a mixture's proportions ("50% peat, 50% perlite") are not statistics; quoted
words are the speaker's, so cues are matched on text with quotations blanked. Headings, captions and
block quotations are not claim sentences: a headline is backed by its body, a quotation by its
speaker. The model is built once per document and shared by the CLM and SRC rules.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable
from urllib.parse import urlsplit

from affilint.literals import Alternation, Alternations, GatedPatterns, LiteralProbe, fold, folded_same_length, words_of
from affilint.attribution import Attribution, WeaselPhrase, attribution_lexicon
from affilint.pagekind import DATELINE
from affilint.quotes import Quote, blank_quotes, find_quotes, is_embed

CLAIM_KINDS = (
    "statistic", "money", "absolute", "generalisation", "speculation", "likelihood", "fear_appeal", "health", "finance",
    "allegation",
)
# Figures, absolutes and promises may be sourced by the next or previous sentence; a prediction must
# carry its source in its own sentence (AP), or it is the article's own.
_NEIGHBOUR_SUPPORTS = frozenset(("statistic", "money", "absolute", "generalisation", "health", "finance", "allegation"))
_OWN_SOURCE_ONLY = frozenset(("speculation", "likelihood", "fear_appeal"))
_SKIPPED_BLOCK_KINDS = frozenset(("heading", "caption", "quote", "summary", "preformatted", "cell"))
# A label ("$95", "15.99%-22.99% Variable") states no claim; table cells are data and specs. A pitch is
# often short ("Time is running out.", "You can't lose."), but not a two-word button ("Act now!").
_MIN_CLAIM_WORDS = 5
_MIN_PITCH_WORDS = 3
_PITCH_KINDS = frozenset(("fear_appeal", "finance"))


@dataclass(frozen=True)
class Claim:
    """A check-worthy sentence: its cues (kind → matched words), hedging and support."""

    sentence: Any
    cues: dict[str, str]
    hedged: bool
    support: str | None  # None when nothing backs the claim
    support_detail: str = ""

    @property
    def supported(self) -> bool:
        return self.support is not None

    @property
    def element(self) -> Any:
        return self.sentence.element


@dataclass
class Sourcing:
    """Everything the CLM and SRC rules read: quotes, attributions, weasels, claims, per main block."""

    quotes: list[Quote]
    attributions: list[Attribution]
    weasels: list[WeaselPhrase]
    claims: list[Claim]
    blanked: dict[int, str]  # block index -> block text with quotations blanked
    link_blocks: frozenset[int]  # indexes of blocks holding a supporting link
    source_links: int  # links a reader could follow to check the article (citation candidates)
    by_block: dict[int, list[Attribution]]  # block index -> its attributions
    selling_blocks: frozenset[int]  # indexes of blocks with an affiliate or shop link (prices there are offers)
    wire_story: bool = False  # the article opens with a wire dateline: its agency sources every claim

    def attributions_in(self, block: Any) -> list[Attribution]:
        return self.by_block.get(block.index, [])


class ClaimLexicon:
    """The compiled claim lexicon (one instance per process), each list behind a literal prefilter."""

    def __init__(self, data: dict[str, Any]) -> None:
        cues = data["cues"]
        self.cues = {
            kind: GatedPatterns(cues[kind])
            for kind in CLAIM_KINDS
            if kind != "speculation"  # built below from two lists
        }
        prediction = "|".join(cues["prediction"])
        escalation = "|".join(cues["escalation"])
        # A prediction followed by a catastrophe word in one clause, at most 15 words on; or a
        # catastrophe as the prediction's subject ("an outbreak could", "slaughter is likely"): at
        # most two words between, none of them starting another clause ("died in the war and could be
        # visited" predicts nothing about war). Predictions of mass death ("thousands could die") are
        # complete patterns of their own.
        gap = r"(?:[\w’'-]++[\s,]++){0,15}?"  # possessive: blanked quotes leave long runs of spaces
        subject_gap = r"(?:(?!(?:and|or|but|which|that|who|whom|where|when|while|as)\b)[\w’'-]++\s++){0,2}?"
        self.cues["speculation"] = GatedPatterns(
            [rf"\b(?:{prediction})\b\W++{gap}(?:{escalation})\b", rf"\b(?:{escalation})\b\s++{subject_gap}(?:{prediction})\b", *cues["harm"]]
        )
        qualifiers = data["qualifiers"]
        self.hedges = GatedPatterns(qualifiers["hedges"])
        self.debunking = GatedPatterns(qualifiers["debunking"])
        self.not_assertions = GatedPatterns(qualifiers["not_assertions"])
        self.composition = GatedPatterns(qualifiers["composition"])
        self.own_scope = GatedPatterns(qualifiers["own_scope"])
        self.wanted = GatedPatterns(qualifiers["wanted"])
        self.hypothetical = GatedPatterns(qualifiers["hypothetical"])
        self.approvals = GatedPatterns(qualifiers["approvals"])
        support = data["support"]
        self.method = GatedPatterns(support["method"])
        self.citation_markers = re.compile("|".join(f"(?:{p})" for p in support["citation_markers"]))
        # The cue lists are gated block by block, by each block's words, all at once.
        self.all_cues = Alternations({kind: self.cues[kind].everything for kind in CLAIM_KINDS})

    def for_page(self, folded_page: LiteralProbe) -> "PageLexicon":
        """The lexicon narrowed to the patterns that may match somewhere on a page (its folded text)."""
        return PageLexicon(
            self.all_cues if self.all_cues.may_occur(folded_page.words) else None,
            self.hedges.for_text(folded_page),
            self.debunking.for_text(folded_page),
            self.not_assertions.for_text(folded_page),
            self.composition.for_text(folded_page),
            self.own_scope.for_text(folded_page),
            self.wanted.for_text(folded_page),
            self.hypothetical.for_text(folded_page),
            self.approvals.for_text(folded_page),
            self.method.for_text(folded_page),
            self.citation_markers,
        )


@dataclass(frozen=True)
class PageLexicon:
    """The claim lexicon narrowed to one page (None: that list cannot match anywhere on it)."""

    cues: Alternations | None
    hedges: Alternation | None
    debunking: Alternation | None
    not_assertions: Alternation | None
    composition: Alternation | None
    own_scope: Alternation | None
    wanted: Alternation | None
    hypothetical: Alternation | None
    approvals: Alternation | None
    method: Alternation | None
    citation_markers: re.Pattern[str]

    def cues_by_sentence(self, text: str, folded: str, starts: list[int], words: frozenset[str] | None = None) -> dict[int, dict[str, str]]:
        """The first cue of each kind in each sentence of a block (one scan of its folded text per
        kind); ``starts`` are the sentences' start offsets, ascending; ``words`` the folded text's
        :func:`~affilint.literals.words_of`, when known. Cue words come from ``text``."""
        found: dict[int, dict[str, str]] = {}
        for kind, match in self.cues.finditer(folded, words) if self.cues is not None else ():
            position = bisect_right(starts, match.start()) - 1
            if position >= 0:
                found.setdefault(position, {}).setdefault(kind, text[match.start() : match.end()].strip())
        return found

    @staticmethod
    def search(pattern: Alternation | None, folded: str) -> re.Match[str] | None:
        """``pattern`` (narrowed, for folded text) searched in ``folded``; None when it cannot match."""
        return pattern.search(folded) if pattern is not None else None


@lru_cache(maxsize=1)
def claim_lexicon() -> ClaimLexicon:
    with resources.files("affilint").joinpath("data/claims.toml").open("rb") as handle:
        return ClaimLexicon(tomllib.load(handle))


def build_sourcing(doc: Any) -> Sourcing:
    """Quotes, attributions and claims of ``doc``'s visible main content (linear in its text)."""
    lexicon = claim_lexicon()
    attribution = attribution_lexicon()
    blocks = doc.main_blocks
    quotes = find_quotes(blocks)
    quotes_by_block: dict[int, list[Quote]] = defaultdict(list)
    for quote in quotes:
        quotes_by_block[quote.block.index].append(quote)

    blanked: dict[int, str] = {}
    for block in blocks:
        if block.kind == "quote" and any(q.is_blockquote for q in quotes_by_block.get(block.index, ())):
            blanked[block.index] = " " * len(block.text)
        else:
            blanked[block.index] = blank_quotes(block.text, quotes_by_block.get(block.index, []))
    # Each block's folded text and its words, shared by every lexicon that reads the block.
    folded = {index: folded_same_length(text) for index, text in blanked.items()}
    words = {index: words_of(text) for index, text in folded.items()}
    folded_page = LiteralProbe("\n".join(folded.values()), frozenset().union(*words.values()))
    weasel_pattern = attribution.weasels_for(folded_page)
    attributions: list[Attribution] = []
    weasels: list[WeaselPhrase] = []
    by_block: dict[int, list[Attribution]] = {}
    for block in blocks:
        text = blanked[block.index]
        found = attribution.find(block, text, folded[block.index], words[block.index]) if not text.isspace() else []
        by_block[block.index] = found
        attributions.extend(found)
        if weasel_pattern is not None:
            weasels.extend(attribution.weasels(block, text, weasel_pattern, folded[block.index], words[block.index]))

    link_blocks, selling_blocks, source_links = _link_blocks(doc)
    wire = opens_with_wire_dateline(doc)
    claims = _find_claims(doc, lexicon, blanked, folded, words, by_block, link_blocks, folded_page, wire)
    return Sourcing(
        quotes, attributions, weasels, claims, blanked, frozenset(link_blocks), source_links, by_block,
        frozenset(selling_blocks), wire,
    )


def _link_blocks(doc: Any) -> tuple[set[int], set[int], int]:
    """Blocks holding a link a reader could follow to check their text, blocks that sell (an affiliate
    or shop link: their prices are offers), and how many evidence links the article has.

    Only outbound evidence counts (the corpus convention and Google News' transparency guidance):
    not same-site links (tag pages, the publisher's own explainers), not paid, share or ad links, not
    shops (a product page backs no claim) and not a bare homepage used as a name link.
    """
    classifier = doc.context.affiliate_classifier
    own_sites = _author_site_names(doc.metadata.authors)
    evidence: set[int] = set()
    selling: set[int] = set()
    sources: set[str] = set()
    merchant: dict[str, bool] = {}  # a page links few hosts, many times
    for link in doc.links:
        if not link.within_main:
            continue
        shop = link.is_affiliate
        if not shop:
            shop = merchant.get(link.host)
            if shop is None:
                shop = merchant[link.host] = classifier.is_merchant(link.host)
        if shop:
            block = doc.block_of(link.element)
            if block is not None:
                selling.add(block.index)
        if shop or not link.is_external or link.auto_affiliate is not None or not link.is_citation_candidate:
            continue  # (an off-site link is the cheap part of being a citation candidate)
        if urlsplit(link.url).path in ("", "/"):
            continue  # a homepage (with or without campaign parameters) backs no claim
        if own_sites and any(name in link.host.replace("-", "") for name in own_sites):
            continue  # the author's own site cites the author
        sources.add(link.url.split("#", 1)[0])
        block = doc.block_of(link.element)
        if block is not None:
            evidence.add(block.index)
    return evidence, selling, len(sources)


def _author_site_names(authors: Iterable[str]) -> list[str]:
    """"janedoe" for the byline "By Jane Doe": a host containing it is the author's own site."""
    names = []
    for author in authors:
        words = [w for w in re.findall(r"[a-z]+", author.lower()) if w not in ("by", "and", "the", "staff", "writer")]
        if len(words) >= 2:
            names.append("".join(words))
    return names


def _find_claims(doc, lexicon: ClaimLexicon, blanked, folded_blocks, words, by_block, link_blocks, folded_page: LiteralProbe, wire: bool) -> list[Claim]:
    claims: list[Claim] = []
    page = lexicon.for_page(folded_page)
    if not page.cues:
        return claims
    sentences_by_block: dict[int, list[Any]] = defaultdict(list)
    for sentence in doc.main_sentences:
        sentences_by_block[sentence.block.index].append(sentence)
    main_blocks = doc.main_blocks
    previous_block = {block.index: before for before, block in zip(main_blocks, main_blocks[1:])}
    interview = _is_interview(main_blocks)
    for index, sentences in sentences_by_block.items():
        block = sentences[0].block
        if block.kind in _SKIPPED_BLOCK_KINDS or (interview and _ANSWER.match(block.text)):
            continue
        text = blanked.get(index, block.text)
        folded = folded_blocks[index] if index in blanked else folded_same_length(text)
        found = page.cues_by_sentence(text, folded, [s.start for s in sentences], words.get(index))
        if not found or is_embed(block.element):
            continue
        starts = [a.start for a in by_block.get(index, []) if a.supports]
        dateline = DATELINE.match(block.text) is not None
        footnotes = _has_footnote_markup(block.element)
        for position, cues in sorted(found.items()):
            sentence = sentences[position]
            own = text[sentence.start : sentence.end]
            own_folded = folded[sentence.start : sentence.end]
            length = len(own.split())
            if length < _MIN_CLAIM_WORDS and (length < _MIN_PITCH_WORDS or not _PITCH_KINDS.intersection(cues)):
                continue
            if page.search(page.debunking, own_folded) or not _asserts(page, own, own_folded):
                continue
            cues = _real_cues(page, cues, own_folded)
            if not cues:
                continue
            support, detail = _support(
                page, own, own_folded, sentence, sentences, position, starts, index in link_blocks, dateline or wire, footnotes, cues
            )
            if support is None and position == 0 and _NEIGHBOUR_SUPPORTS.issuperset(cues) and _CONTINUES.match(own):
                before = previous_block.get(index)
                if before is not None and _ends_sourced(before, sentences_by_block, by_block, link_blocks):
                    support, detail = "attribution", "an attribution at the end of the previous paragraph"
            hedged = _hedged(page, own, own_folded, cues)
            claims.append(Claim(sentence, cues, hedged, support, detail))
    claims.sort(key=lambda claim: claim.sentence.index)
    return claims


# A lede is a paragraph of at least this many words; shorter blocks before it are bylines, time stamps
# and kickers ("By Jane Doe", "March 10, 2025 2:02 PM GMT"), which wire pages print above the dateline.
_LEDE_WORDS = 12


# An interview printed as questions and answers ("Q: …" / "A: …") with the usual editor's note ("This
# interview has been edited for length and clarity"): each answer is the interviewee's words, quoted.
# A shop's FAQ has the same Q and A but no such note, and its answers are the publisher's own claims.
_QUESTION = re.compile(r"\s*Q\s*[:.]\s")
_ANSWER = re.compile(r"\s*A\s*[:.]\s")
_EDITED = re.compile(r"\b(?:edited (?:and condensed |lightly )?for (?:length|clarity|brevity)|(?:edited and condensed|condensed and edited|lightly edited)\b)", re.IGNORECASE)


def _is_interview(blocks: list[Any]) -> bool:
    return any(_QUESTION.match(block.text) for block in blocks) and any(_EDITED.search(block.text) for block in blocks)


# A paragraph that opens by referring back ("She allegedly used the money …", "The study also found …")
# continues the account of the paragraph before it; when that paragraph ends on its source, the source
# covers the continuation (news paragraphs are one or two sentences long).
_CONTINUES = re.compile(
    r"\W*(?:he|she|they|his|her|their|the (?:study|studies|report|survey|complaint|indictment|lawsuit|suit|filing|analysis|"
    r"data|figures|researchers|authors|prosecutors|police))\b",
    re.IGNORECASE,
)


def _ends_sourced(block: Any, sentences_by_block, by_block, link_blocks) -> bool:
    """Whether ``block`` is a paragraph that links evidence or whose last sentence names its source."""
    if block.kind in _SKIPPED_BLOCK_KINDS:
        return False
    if block.index in link_blocks:
        return True
    sentences = sentences_by_block.get(block.index)
    if not sentences:
        return False
    starts = [a.start for a in by_block.get(block.index, []) if a.supports]
    return _attributed(starts, sentences[-1].start, sentences[-1].end)


def opens_with_wire_dateline(doc: Any) -> bool:
    """Whether the article's lede opens with a wire dateline ("SANTIAGO (Reuters) -"): the agency is
    the source of the whole story, as Reuters' and AP's style has it, not of one paragraph. The lede is
    the first block that has a dateline or is a paragraph's length, after any byline or date line."""
    for block in doc.main_blocks:
        if block.kind in ("heading", "caption") or not block.text.strip():
            continue
        if DATELINE.match(block.text) is not None:
            return True
        if len(block.text.split()) >= _LEDE_WORDS:
            return False
    return False


def _real_cues(page: "PageLexicon", cues: dict[str, str], own_folded: str) -> dict[str, str]:
    """The cues that make a claim, without those the sentence itself explains away: a mixture's
    proportions are not statistics; a superlative in a proper name ("the World's Largest Ball of
    Twine"), limited to the writer's own experience ("the cheapest we have seen", "on my blog") or
    wanted by the reader ("if you want the lightest laptop") is no absolute; a worked example's figures
    ("On a $10,000 balance, …") are not statistics; a denied promise ("no investment offers
    guaranteed returns") is none."""
    dropped = set()
    if "statistic" in cues and page.search(page.composition, own_folded):
        dropped.add("statistic")
    if ("statistic" in cues or "money" in cues) and page.search(page.hypothetical, own_folded):
        dropped.update(("statistic", "money"))
    if "absolute" in cues:
        words = cues["absolute"].split()
        at = own_folded.find(fold(cues["absolute"]))
        scope = page.search(page.own_scope, own_folded[at:]) if at >= 0 else None
        wanted = page.search(page.wanted, own_folded[max(0, at - 30) : at]) if at > 0 else None
        if (len(words) >= 2 and all(word[:1].isupper() for word in words)) or scope is not None or wanted is not None:
            dropped.add("absolute")
    for kind in _NEGATABLE.intersection(cues):
        at = own_folded.find(fold(cues[kind]))
        if at > 0 and _NEGATED.search(own_folded, max(0, at - 40), at):
            dropped.add(kind)
    return {kind: words for kind, words in cues.items() if kind not in dropped} if dropped else cues


# A promise or absolute the sentence denies ("No investment offers guaranteed returns", "it is not the
# only one", "doesn't cure colds") promises nothing: a negation at most three words before the cue, in
# the same clause ("not only"/"no doubt" do not deny).
_NEGATABLE = frozenset(("absolute", "health", "finance"))
_NEGATED = re.compile(r"(?:\b(?:not|no|never|nothing|none|nor|without|cannot)|n[’']t)(?! (?:only|just|doubt|denying|question|wonder)\b)\s+(?:[\w’'-]+\s+){0,3}$")


# Clause boundaries for a hedge's scope: "Crime rose 38%, and the trend could continue" hedges only
# the second clause.
_CLAUSE = re.compile(r";|,\s+(?:and|but|though|although|while|whereas|so|yet)\b|\s[—–]\s|:\s")


def _hedged(page: "PageLexicon", own: str, own_folded: str, cues: dict[str, str]) -> bool:
    """Whether a hedge weakens the claim: one in the clause that holds a cue (the first of them)."""
    if page.hedges is None:
        return False
    bounds = [0, *(m.end() for m in _CLAUSE.finditer(own_folded)), len(own_folded)]
    for words in cues.values():
        at = own.find(words)
        if at < 0:
            return page.search(page.hedges, own_folded) is not None
        index = bisect_right(bounds, at) - 1
        start, end = bounds[index], bounds[min(index + 1, len(bounds) - 1)]
        if page.hedges.search(own_folded[start:end]):
            return True
    return False


def _support(lexicon, own, own_folded, sentence, sentences, position, starts, has_link, dateline, footnotes, cues):
    """The first thing that backs a claim sentence, as (kind, detail), or (None, "")."""
    if _attributed(starts, sentence.start, sentence.end):
        return "attribution", "an attribution in the sentence"
    if has_link:
        return "link", "a link in the paragraph"
    marker = lexicon.citation_markers.search(own)
    if marker or footnotes:
        return "citation", marker.group() if marker else "a footnote reference"
    method = lexicon.search(lexicon.method, own_folded)
    if method:
        return "method", own[method.start() : method.end()]
    if dateline:
        return "dateline", "a wire dateline"
    approval = lexicon.search(lexicon.approvals, own_folded)
    if approval:
        return "approval", own[approval.start() : approval.end()]
    if _NEIGHBOUR_SUPPORTS.intersection(cues) and not _OWN_SOURCE_ONLY.intersection(cues):
        for neighbour in (position - 1, position + 1):
            if 0 <= neighbour < len(sentences):
                other = sentences[neighbour]
                if _attributed(starts, other.start, other.end):
                    return "attribution", "an attribution in the next sentence" if neighbour > position else "an attribution in the previous sentence"
    return None, ""


def _asserts(page: PageLexicon, own: str, own_folded: str) -> bool:
    """False for a question or a wish ("Wish you had thousands of readers?"): it claims nothing."""
    return not own.rstrip(" \u201d\"'’)").endswith("?") and page.search(page.not_assertions, own_folded) is None


def _attributed(starts: list[int], begin: int, end: int) -> bool:
    index = bisect_right(starts, begin - 1)
    return index < len(starts) and starts[index] < end


def _has_footnote_markup(element: Any) -> bool:
    """A superscript number or an in-page footnote link inside the block."""
    for child in element.iter("sup", "a"):
        if child.tag == "sup" and any(ch.isdigit() for ch in (child.text or "")):
            return True
        if child.tag == "a" and (child.get("href") or "").startswith(("#fn", "#footnote", "#ref", "#cite", "#note")):
            return True
    return False
