"""The literal prefilter (``affilint.literals``) may only ever skip texts a pattern cannot match."""

from __future__ import annotations

import re
import string
import sys
from pathlib import Path

import pytest

from affilint.document import ModelContext
from affilint.literals import fold, may_match, required_literals
from affilint.plugins import build_registry

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CORPUS_PAGES = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pages"


def test_fold_maps_every_character_that_ignorecase_matches_to_an_ascii_letter():
    letter = re.compile(f"[{string.ascii_lowercase}]", re.I)
    for code in range(128, sys.maxunicode + 1):
        char = chr(code)
        if letter.fullmatch(char):
            assert re.fullmatch(re.escape(fold(char)), char, re.I), f"U+{code:04X} folds to {fold(char)!r}"
            assert fold(char).isascii()


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bsponsored by\b", ({"sponsored by"},)),
        (r"\b(?:sponsored|paid for|funded) by [A-Z]", ({"sponsored", "paid for", "funded"}, {" by "})),
        (r"as an amazon associate,? (?:i|we) earn", ({"as an amazon associate"}, {" "}, {"i", "we"}, {" earn"})),
        (r"(?:commissions?)+ on", ({"commission"}, {" on"})),
        (r"^(?:ad|\*)$", ({"ad", "*"},)),
        (r"Anzeige|Werbung", ({"anzeige", "werbung"},)),
    ],
)
def test_required_literals(pattern, expected):
    assert required_literals(pattern, re.I) == tuple(frozenset(group) for group in expected)


@pytest.mark.parametrize("pattern", [r"\w+ links?", r"(?:ad)?\s*sponsored|\d+", r"x*y", r"(?=abc)\w", "[ab]c", "(a|bc)d?"])
def test_nothing_required_when_an_alternative_or_optional_part_has_no_literal(pattern):
    required = required_literals(pattern, re.I)
    for text in ("word links", "123", "y", "abc", "ac", "a", "bc"):
        if re.search(pattern, text, re.I):
            assert may_match(required, fold(text))


@pytest.mark.parametrize("text", ["SPONSORED by Acme", "ſponſored by Acme", "Sponsored BY \u212aelvin", "\u0130n partnership"])
def test_case_insensitive_matches_are_never_filtered_out(text):
    for pattern in (r"sponsored by", r"\bby kelvin\b", r"in partnership"):
        if re.search(pattern, text, re.I):
            assert may_match(required_literals(pattern, re.I), fold(text))


def _texts() -> list[str]:
    from affilint.document import Document

    paths = sorted(FIXTURES.rglob("*.html")) + sorted(CORPUS_PAGES.glob("*.html"))
    texts = []
    for path in paths:
        doc = Document.from_html(path.read_text(encoding="utf-8", errors="replace"))
        texts += [block.text for block in doc.blocks if len(block.text) <= 2000]
    return texts


def test_disclosure_lexicon_finds_the_same_with_and_without_the_prefilter():
    lexicon = ModelContext(build_registry().data).disclosure_lexicon
    texts = _texts() + ["As an Amazon Associate I earn from qualifying purchases.", "Sponsored", "Anzeige", "We do not earn commissions."]
    for languages in (["en"], lexicon.languages):
        candidates = lexicon.candidates("\n".join(texts), languages)
        for text in texts:
            assert lexicon.match(text, languages, candidates) == lexicon.match(text, languages), text
        for key, pattern in lexicon.patterns.items():  # every phrase pattern, each text alone
            if key[0] in languages and key[1] != "negation":
                required = lexicon._required[key]
                for text in texts:
                    if pattern.search(text):
                        assert any(may_match(needs, fold(text)) for needs in required), (key, text)


from hypothesis import example, given, settings, strategies as st  # noqa: E402

from affilint.literals import LiteralProbe  # noqa: E402

_TEXT = st.text(alphabet="ab c\n\t.%", max_size=40)


@given(text=_TEXT, literal=st.text(alphabet="ab c\n.%", min_size=1, max_size=4))
def test_literal_probe_answers_exactly_as_a_substring_search(text, literal):
    # Literals without whitespace are looked up in the page's distinct words: the answer must not change.
    assert LiteralProbe(text).present(literal) == (literal in text)


from affilint.literals import GatedPatterns  # noqa: E402

# Overlapping alternatives, shared prefixes, lookarounds and word boundaries: the cases where running
# the patterns one by one could differ from running their alternation.
_LEXICON = GatedPatterns([r"\bab\b", r"a b", r"b ?a", r"\bba+\b(?! c)", r"(?<=c)a", r"ab ca", r"c\.", r"\ba"])


@given(text=st.text(alphabet="ab c.", max_size=30), chosen=st.sets(st.integers(0, 7), min_size=1))
@example(text="ab ca ba", chosen={0, 5})  # two alternatives match at one place: the first listed wins
@example(text="c.ab bab c", chosen={2, 3, 4, 6})
@settings(max_examples=300)
def test_a_lexicon_subset_matches_exactly_as_its_alternation(text, chosen):
    chosen = tuple(sorted(chosen))
    alternation = re.compile("|".join(f"(?:{_LEXICON.patterns[i]})" for i in chosen))
    narrowed = _LEXICON.compiled(chosen)
    assert [m.span() for m in narrowed.finditer(text)] == [m.span() for m in alternation.finditer(text)]
    found, expected = narrowed.search(text), alternation.search(text)
    assert (found and found.span()) == (expected and expected.span())


from affilint.literals import _entry_may_match, meets, required_words, words_of  # noqa: E402

_WORD_PATTERNS = [
    r"\bab\b", r"\b(?:ab|ba)s?\b", r"\bab c\b", r"(?:^|\s)ab(?=\s|$)", r"\bab\W++(?:\w+\s+){0,2}?ba\b", r"ab\b",
    r"\bab", r"\b(?:a|b)(?:c )?ab\b", r"\b(?:ab|c\w)\b", r"(?<!a )\bba\b", r"\bab(?: c)?\b", r"\b(?:a b|ba)\b",
    r"[ .]ab[ .]", r"\bab(?:_c)?\b", r"\b(?:[ab]c|ca)\b", r"\ba(?:b|c)*\b", r"-ab-", r"\bab\B", r"\Bab\b",
]


@pytest.mark.parametrize("pattern", _WORD_PATTERNS)
@given(text=st.text(alphabet="abc ._-\n1", max_size=24))
@example(text="cab abc ab_c 1ab -ab- ab.ba")
@settings(max_examples=200)
def test_required_words_are_words_of_every_text_the_pattern_matches(pattern, text):
    if re.search(pattern, text):
        words = words_of(text)
        assert all(meets(group, words, fold(text)) for group in required_words(pattern)), required_words(pattern)


def test_required_words_finds_the_words_it_should():
    assert required_words(r"\b(?:is|are) (?:very )?(?:toxic|poisonous)\b") == (frozenset({"is", "are"}), frozenset({"toxic", "poisonous"}))
    assert required_words(r"\bcatastroph\w*") == ()  # a word's beginning is not a word
    assert required_words(r"(?i)\bab\b") == ()  # case-insensitive: the text's words are not its spellings


def test_folding_keeps_every_word_character_a_word_character():
    # Alternation.case_sensitive looks up a case-sensitive pattern's words among the folded text's words.
    word = re.compile(r"\w")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        folded = fold(char)
        if len(folded) == 1:
            assert bool(word.match(char)) == bool(word.match(folded)), f"U+{code:04X}"


def test_lexicon_word_gates_never_skip_a_corpus_match():
    from affilint.attribution import attribution_lexicon
    from affilint.claims import claim_lexicon

    claims, attribution = claim_lexicon(), attribution_lexicon()
    lexicons = [*claims.cues.values(), claims.hedges, claims.debunking, claims.approvals, claims.method, attribution.weasel_gate]
    texts = _texts()
    for text in texts:
        folded = fold(text)
        words = words_of(folded)
        for lexicon in lexicons:
            for index, pattern in enumerate(lexicon._single):
                if pattern.search(folded):
                    assert all(meets(group, words, folded) for group in lexicon.words[index]), (pattern.pattern, text)
                    assert may_match(lexicon.required[index], folded), (pattern.pattern, text)
        for entry in attribution.cue.entries:
            if entry[0].search(text):
                assert _entry_may_match(entry, folded, words), (entry[0].pattern, text)


@pytest.mark.parametrize("pattern", [r"[Vv]ia", r"\b[Aa]b c", r"(?:[Dd]ata|[Aa]) (?:b|C)", r"[aB]c", r"a[bB]+", r"\b(?:AB|ba)\b", r"[$b]A"])
@given(text=st.text(alphabet="abcABC $\u212a", max_size=20))
@example(text="Via A ab c Data b")
def test_case_sensitive_literals_are_in_the_folded_text(pattern, text):
    # Alternation.case_sensitive: the pattern runs on the text as it is, its literals are looked for in the folded text.
    if re.search(pattern, text):
        assert may_match(required_literals(pattern, 0, exact=True, cased=True), fold(text))


def test_fast_start_rewrite_matches_exactly_as_the_pattern_written():
    # The lexicon runs "\bthis …" as "t(?<!\wt)his …" (faster); every match must stay the same.
    from affilint.disclosures import _fast_start

    lexicon = ModelContext(build_registry().data).disclosure_lexicon
    texts = _texts() + ["Mathis is a sponsored post", "this is a sponsored post", "THIS POST", "x-this post", "_this post"]
    patterns = [p for entry in build_registry().data["disclosure_phrases"] for p in entry["patterns"]]
    rewritten = [p for p in patterns if _fast_start(p) != p]
    assert rewritten and lexicon.patterns
    for pattern in rewritten:
        written, fast = re.compile(f"(?:{pattern})", re.I | re.M), re.compile(f"(?:{_fast_start(pattern)})", re.I | re.M)
        for text in texts:
            assert [m.span() for m in written.finditer(text)] == [m.span() for m in fast.finditer(text)], (pattern, text)
