"""Attributions: where a text says a statement comes from ("the ministry said", "according to Reuters").

Claim rules need to know whether a sentence is backed by a source; quote and weasel rules need to
know who the source is. Both read the same answer from here. An attribution is a reporting verb or
a source-first phrase plus the words that name its source, read from the clause around it:

- **named**: the source has a proper name ("Mexico's National Statistics Institute said");
- **anonymous**: the source is described but not named ("a company spokesperson said", "he said");
- **vague**: the subject is nobody in particular ("critics say", "some view", "experts agree");
- **self**: the writer ("we have found", "I said"): it attributes a quote, but backs no claim.

Matching is on text whose quotations are blanked out (see :mod:`affilint.quotes`), so a reporting
verb inside a quote never attributes anything. The lexicon is ``data/attribution.toml``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from affilint.literals import Alternation, GatedPatterns, fold

# Clause boundaries: the source of a verb never reaches across these.
_BOUNDARY = re.compile(r"[.,;:!?()\[\]“”\"«»—–]|\s-\s")
_WORD = re.compile(r"[\w’'.&-]+")
_WINDOW_WORDS = 8
# Capitalised words that are capitalised for grammar, not because they name someone.
_NOT_NAMES = frozenset(
    "the a an he she they it we i you this that these those but and or so yet in on at for as when while "
    "after before meanwhile however also his her their its our one two three mr mrs ms dr another each every "
    "all both such no not there here what which who whom whose if then now today yesterday recently last "
    "next several few other others more less my your new recent large previous earlier later local many "
    "some most study studies report reports research survey data analysis authorities officials police".split()
)
_FIRST_PERSON = frozenset("i we us me my our myself ourselves".split())
# Subjects that name no source at all: the reader ("you can expect"), an auxiliary left alone.
_NO_ONE = frozenset("you your yourself can could will would may might should must is are was were be been".split())
_BE = frozenset("is are was were be been being".split())
# A relative clause before the verb ("…, who represents the ward, said") is not the subject.
_RELATIVE = frozenset(("who", "which", "whose", "whom"))
# Reporting verbs that are also ordinary transitive verbs ("it adds years", "that adds flavour"): they
# report only when what follows is a clause boundary, "that", or a quotation.
_TRANSITIVE = frozenset(("add", "adds", "added"))
_READ = frozenset(("read", "reads"))
_REPORTS = re.compile(r"\s*(?:[,.;:!?“”\"«»—–(]|that\b|$)")
# "found" followed by a place is a participle ("xylitol, a sweetener found in some peanut butters"), not
# a finding.
_FOUND_WHERE = re.compile(r"\s+(?:in|on|at|inside|throughout|across|near|naturally|mostly|mainly|only|primarily|commonly|everywhere)\b")
_AUXILIARIES = frozenset("have has had also previously recently always often now already long".split())
# Words before a verb that are not its subject: "So said the mayor", "…, for one, has warned".
_FILLERS = _AUXILIARIES | frozenset("so thus and but then as once however meanwhile too later first".split())
_TRAILING_FILLERS = re.compile(r"(?:\b(?:" + "|".join(sorted(_FILLERS)) + r")\s+)+$", re.I)
# A closing quotation mark at most five words before a verb ("…,” he shouts"), or an opening one
# (or "that") after it.
_AFTER_QUOTE = re.compile(r"[”\"»’],?\s*(?:[\w’'.-]+,?\s+){0,5}$")
_BEFORE_QUOTE = re.compile(r"\s*(?:[,:]\s*)?[“\"«]|\s+that\b")
_CONTRACTION = re.compile(r"[’'](?:ve|d|ll|m|re)$")
# Language tags that say nothing about the page's language ("und" is BCP 47's "undetermined").
_UNDETERMINED = frozenset(("", "und", "mul", "zxx", "x", "i"))
_SMALL = frozenset("the a an of and or in on at for to by from with as its their his her our that who which".split())


@dataclass(frozen=True)
class Attribution:
    """One attribution in a block's text: the cue, the words naming the source, and their kind."""

    block: Any
    start: int  # offsets of the cue in the block's text
    end: int
    cue: str
    source: str
    kind: str  # "named" | "anonymous" | "vague" | "self"
    official: bool

    @property
    def supports(self) -> bool:
        """Whether this attribution backs a statement (AP and Reuters accept descriptive sources; the
        writer's own say-so is the claim itself, and its methods are judged as methods)."""
        return self.kind not in ("vague", "self")


@dataclass(frozen=True)
class WeaselPhrase:
    """A weasel attribution ("critics say", "it is widely believed") at offsets in a block's text."""

    block: Any
    start: int
    end: int
    text: str


class AttributionLexicon:
    """The compiled attribution lexicon (one instance per process)."""

    def __init__(self, data: dict[str, Any]) -> None:
        # (?P<first>\b(?:first…))|(?P<verb>\b(?:verbs…)\b), one pattern per entry, so that most blocks
        # (no reporting verb at all) are passed over by a word lookup, the rest run only their entries.
        self.quote_verbs = frozenset(data["quote_verbs"])
        self.documents = frozenset(data["documents"])
        self.cue = Alternation.case_sensitive(
            [rf"(?P<first>\b(?:{p}))" for p in data["source_first"]]
            + [rf"(?P<verb>(?<!-)\b(?:{p})\b)" for p in data["reporting_verbs"]]
            + [rf"(?P<verb>\b(?:{'|'.join(sorted(self.quote_verbs))})\b)"]
        )
        self.vague = frozenset(data["vague_subjects"])
        self.described = frozenset(data["described_subjects"])
        self.official = re.compile("|".join(rf"\b{p}\b" for p in data["official_subjects"]))
        self.weasel = re.compile("|".join(f"(?:{p})" for p in data["weasel_patterns"]), re.I)
        self.weasel_gate = GatedPatterns(data["weasel_patterns"])
        self.languages = frozenset(data["languages"])
        self.evidence_lead = re.compile("|".join(f"(?:{p})" for p in data["evidence_leads"]))

    def reads(self, lang: str) -> bool:
        """Whether pages declared in ``lang`` (their ``<html lang>``) are written in a language of this
        lexicon; an undeclared or undetermined language is assumed to be one."""
        primary = lang.split("-", 1)[0].strip().lower()
        return primary in self.languages or primary in _UNDETERMINED

    def find(self, block: Any, text: str, folded: str | None = None, text_words: frozenset[str] | None = None) -> list[Attribution]:
        """Attributions in ``text`` (the block's text with quotations blanked), in order. ``folded``
        and ``text_words`` go together: the text's ``folded_same_length`` and its ``words_of``."""
        found: list[Attribution] = []
        if folded is None or len(folded) != len(text):
            folded, text_words = fold(text), None
        for match in self.cue.finditer(text, text_words, folded):
            source_first = match.lastgroup == "first"
            before = _clause_before(text, match.start())
            after = _clause_after(text, match.end())
            quoted = _ends_with_quote(text, match.start())
            if match.group() == "found" and _FOUND_WHERE.match(text, match.end()):
                continue
            if not source_first and _denied(before):
                continue  # "Most vets won't recommend it", "the ministry did not say": no statement
            if not source_first and before and _passive(before):
                # Passive: "the plan was announced in March" names no one; "was announced by the
                # ministry" names the ministry.
                if not after or after[0] != "by":
                    continue
                before, after = [], after[1:]
            subject_end = match.start()
            if before and all(word.lower() in _FILLERS for word in before):
                # "So said the mayor", "The federation, for one, has warned": no subject here; look
                # after the verb or before the interjection.
                subject_end = match.start() - len(_TRAILING_FILLERS.search(text, 0, match.start()).group())
                before = []
            if source_first:
                words = after
            elif before and not quoted and before[0].lower() not in _RELATIVE:
                words = before
            elif not quoted and (appositive := _appositive_before(text, subject_end)):
                words = appositive  # "Jo Park, who represents the ward, said …" / "…, a lawyer, said"
            else:  # inverted: "…,” said the minister" / "said Mr Smith"
                words = after or before
            if not words:  # "…,” John Smith, a lawyer for the family, said."
                words = _appositive_before(text, match.start())
            if not words or (match.group() in _TRANSITIVE and not _reports(text, match)):
                continue  # "it adds years to the lifespan": adding something, not saying it
            if match.group() in self.quote_verbs and not _beside_quote(text, match):
                continue  # "Toyota recalls 1m cars", "prices continued to rise": no one speaks
            if match.group() in _READ and words[-1].lower() not in self.documents:
                continue  # "…,” the statement read" quotes a document; "the banner read" no one
            kind = "vague" if self.weasel.search(f"{' '.join(words)} {match.group()}") else self._kind(words)
            if kind is None:
                continue  # "the forecast calls for", "you can expect": no one is named or described
            source = " ".join(words)
            found.append(
                Attribution(
                    block=block,
                    start=match.start(),
                    end=match.end(),
                    cue=match.group(),
                    source=source,
                    kind=kind,
                    official=bool(self.official.search(_head(words))),
                )
            )
        return found

    def weasels(self, block: Any, text: str, pattern: Alternation | None = None, folded: str | None = None,
                words: frozenset[str] | None = None) -> list[WeaselPhrase]:
        """Weasel phrases in ``text``. ``pattern`` and ``folded`` go together: the lexicon narrowed to
        the page (``weasels_for``, for folded text) and the folded text (whose words are ``words``,
        when known); without them, the whole lexicon."""
        if pattern is None or folded is None:
            return [WeaselPhrase(block, m.start(), m.end(), text[m.start() : m.end()]) for m in self.weasel.finditer(text)]
        return [WeaselPhrase(block, m.start(), m.end(), text[m.start() : m.end()]) for m in pattern.finditer(folded, words)]

    def weasels_for(self, folded_page: Any) -> Alternation | None:
        """The weasel patterns that may match on a page (its folded text), or None: most pages have none."""
        return self.weasel_gate.for_text(folded_page)

    def _kind(self, words: list[str]) -> str | None:
        content = [w for w in words if w.lower() not in _SMALL or _is_acronym(w)]
        if not content or all(w.lower() in _NO_ONE for w in content):
            return None
        own = [w for w in (_CONTRACTION.sub("", w.lower()) for w in content) if w not in _AUXILIARIES]
        if own and all(w in _FIRST_PERSON for w in own):
            return "self"
        if any(_is_name(w) and w.lower() not in self.vague and w.lower() not in self.described for w in content):
            return "named"
        if content and all(w.lower() in self.vague for w in content):
            return "vague"
        return "anonymous"


def _denied(words: list[str]) -> bool:
    """Whether the words before a verb deny it ("did not say", "won't recommend", "declined to say")."""
    if len(words) >= 2 and words[-1].lower() == "to" and words[-2].lower() in ("declined", "refused", "failed"):
        return True
    return bool(words) and _NEGATION.search(words[-1].lower()) is not None


_NEGATION = re.compile(r"^(?:not|never)$|n[’']t$")


_ADVERBS = frozenset("now also still already long often generally widely much".split())


def _is_acronym(word: str) -> bool:
    """"WHO", "NASA", "IMF": a name, even when its letters spell a small word ("who")."""
    return len(word) >= 2 and word.isupper() and word.isalpha()


def _is_name(word: str) -> bool:
    if _is_acronym(word):
        return True
    return word[:1].isupper() and word.lower().rstrip("’'s") not in _NOT_NAMES and word.lower() not in _NOT_NAMES


def _head(words: list[str]) -> str:
    """The source without its relative clause: "Morag Campbell, who runs the post office" speaks for
    no office."""
    cut = next((i for i, word in enumerate(words) if i and word.lower() in _RELATIVE), len(words))
    return " ".join(words[:cut])


def _passive(before: list[str]) -> bool:
    """Whether the verb after ``before`` is passive: "was announced", "is widely reported", "is now
    widely expected", "has long been said": a form of "be" with only adverbs and auxiliaries after it."""
    for word in reversed(before[-4:]):
        lower = word.lower()
        if lower in _BE:
            return True
        if not (lower.endswith("ly") or lower in _AUXILIARIES or lower in _ADVERBS):
            return False
    return False


def _beside_quote(text: str, match: re.Match[str]) -> bool:
    """Whether a verb that reports speech only beside a quotation does: it follows one within a
    few words ("…,” he shouts over the wind"), or a quotation or "that" follows it ("she
    whispered: “…”", "he admits that …")."""
    return (
        _AFTER_QUOTE.search(text, max(0, match.start() - 80), match.start()) is not None
        or _BEFORE_QUOTE.match(text, match.end()) is not None
    )


def _reports(text: str, match: re.Match[str]) -> bool:
    """Whether a verb that may also be transitive ("adds") reports speech here: it follows a quotation
    ("…”, adds Jane Doe") or is followed by a clause boundary, "that" or a quotation ("she added that")."""
    return text[: match.start()].rstrip(" ,").endswith(("”", '"', "»", "’")) or _REPORTS.match(text, match.end()) is not None


def _ends_with_quote(text: str, position: int) -> bool:
    """True when only a closing quotation mark or comma stands between a quote and ``position``."""
    tail = text[max(0, position - 4) : position].rstrip()
    return tail.endswith(("”", '"', "»", ",”", ",\"", "’"))


def _clause_before(text: str, position: int) -> list[str]:
    start = max(0, position - 120)
    segment = text[start:position]
    cut = None
    for cut in _BOUNDARY.finditer(segment):
        pass
    if cut is not None:
        segment = segment[cut.end() :]
    return _WORD.findall(segment)[-_WINDOW_WORDS:]


def _appositive_before(text: str, position: int) -> list[str]:
    """The subject of a verb that follows an appositive ("John Smith, a lawyer for the family, said"):
    the one or two comma-separated clauses before it, never reaching past another kind of boundary."""
    segment = text[max(0, position - 160) : position]
    cuts = list(_BOUNDARY.finditer(segment))
    if not cuts or cuts[-1].group() != "," or segment[cuts[-1].end() :].strip():
        return []
    words: list[str] = []
    end = cuts[-1].start()
    for index in range(len(cuts) - 2, len(cuts) - 4, -1):
        start = cuts[index].end() if index >= 0 else 0
        clause = _WORD.findall(segment[start:end])
        if not clause or len(clause) > _WINDOW_WORDS:
            break
        words = clause + words
        if index < 0 or cuts[index].group() != ",":
            break
        end = cuts[index].start()
    return words[-(_WINDOW_WORDS + 4) :]


def _clause_after(text: str, position: int) -> list[str]:
    segment = text[position : position + 120]
    cut = _BOUNDARY.search(segment)
    if cut is not None:
        segment = segment[: cut.start()]
    return _WORD.findall(segment)[:_WINDOW_WORDS]


@lru_cache(maxsize=1)
def attribution_lexicon() -> AttributionLexicon:
    """The built-in lexicon, compiled once per process."""
    with resources.files("affilint").joinpath("data/attribution.toml").open("rb") as handle:
        return AttributionLexicon(tomllib.load(handle))
