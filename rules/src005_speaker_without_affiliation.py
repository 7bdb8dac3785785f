"""SRC005: a named speaker introduced with no role or affiliation (opt-in)."""

from __future__ import annotations

import re
from typing import Iterable

from affilint import Rule, Severity, Violation
from affilint.attribution import attribution_lexicon

# A person's name as a source: two or three capitalised words and nothing else.
_PERSON = re.compile(r"^(?:[A-Z][a-z’'-]+|[A-Z]\.)(?: (?:[A-Z][a-z’'-]+|[A-Z]\.)){1,2}$")
# Words that make a capitalised name an organisation, not a person ("Human Rights Watch").
_ORGANISATION = re.compile(
    r"\b(?:Watch|Group|Council|Institute|Association|Bank|Company|Corp|Inc|Ltd|Agency|Ministry|News|Times|Post|"
    r"Journal|University|College|Foundation|Party|Court|Police|Department|Office|Committee|Commission|Fund|Trust|"
    r"Society|Union|Network|Media|Press|Reuters|Service|Services|Health|Systems|Labs?|Partners|Capital)\b"
)
# What gives a name its affiliation on first mention: an appositive, "of/from/at X", a role before it.
# "Jane Doe, 54, an economist", "Jane Doe, chief economist at the bank".
_AFFILIATION_AFTER = re.compile(
    r"^(?:’s|'s)?\s*(?:,\s*(?:\d{1,3},\s*)?(?:a|an|the|who|[a-z]+(?:\s+[a-z]+){0,3}\s+(?:of|at|for|with|in)|[A-Z])"
    r"|\s+(?:of|from|at|with|for)\s+[A-Z(]|\s*\()"
)
_ROLE_BEFORE = re.compile(
    r"(?:minister|secretary|president|director|professor|prof\.|dr\.|ceo|chief|spokes(?:person|man|woman)|officer|"
    r"analyst|economist|lawyer|attorney|senator|representative|rep\.|governor|mayor|judge|founder|chair(?:man|woman)?|"
    r"head|manager|editor|researcher|scientist|doctor|expert|author|coach|captain|leader|official|adviser|advisor|"
    r"ambassador|general|colonel|commissioner|inspector|sergeant|detective|executive|partner|colleague|[A-Z][A-Za-z]+’s|[A-Z][A-Za-z]+'s)\s*,?\s*$",
    re.I,
)


class SpeakerWithoutAffiliation(Rule):
    """
    ## What it does
    Reports a person quoted or cited by name whose first mention says nothing about who they are:
    no role before the name ("Foreign Minister …"), no appositive after it (", a lawyer for …"), no
    "of/from/at …". Off by default (select `SRC005` to use it); reported as `info`.

    ## Why is this bad?
    A name alone does not tell readers why the speaker's words matter or whose interests they speak
    for. SPJ's code asks journalists to identify sources clearly.

    ## Example
    ```html
    <article>
      <p>“Prices will fall next year,” Jane Doe said.</p>
    </article>
    ```

    ## Use instead
    ```html
    <article>
      <p>“Prices will fall next year,” Jane Doe, an economist at the Central Bank, said.</p>
    </article>
    ```

    ## How to fix
    Say who the speaker is on first mention: their role and organisation.
    """

    code = "SRC005"
    name = "speaker-without-affiliation"
    family = "SRC"
    severity = Severity.INFO
    summary = "Named speaker with no role or affiliation on first mention."
    default_enabled = False

    def check(self, doc) -> Iterable[Violation]:
        if not attribution_lexicon().reads(doc.metadata.lang):
            return
        sourcing = doc.sourcing
        main_text = "\n".join(sourcing.blanked.get(b.index, b.text) for b in doc.main_blocks)
        seen: set[str] = set()
        for attribution in sourcing.attributions:
            name = attribution.source
            if attribution.kind != "named" or not _PERSON.match(name) or _ORGANISATION.search(name) or name in seen:
                continue
            seen.add(name)
            first = main_text.find(name)
            if first < 0:
                continue
            before, after = main_text[max(0, first - 60) : first], main_text[first + len(name) : first + len(name) + 40]
            titled = _ROLE_BEFORE.search(name.split()[0] + " ")  # "Mayor Jane Doe", "Coach Jane Doe"
            if titled or _ROLE_BEFORE.search(before) or _AFFILIATION_AFTER.match(after):
                continue
            yield Violation(
                attribution.block,
                f"{name} is quoted with no role or affiliation on first mention; say who they are (role and organisation).",
                evidence={"speaker": name, "cue": attribution.cue},
                confidence=0.8,
                identity=name,
            )
