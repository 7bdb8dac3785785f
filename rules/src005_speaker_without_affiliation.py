"""SRC005: a named speaker introduced with no role or affiliation (opt-in)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from affilint import Rule, Severity, Violation

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
_POSSESSIVE = re.compile(r"[A-Z][A-Za-z]+[’']s")
# Words a source begins with that are not part of a person's name ("As Winston Churchill said").
_LEADING = frozenset("as but and so when while then also meanwhile however yet after before".split())


@lru_cache(maxsize=1)
def _roles() -> frozenset[str]:
    """Roles that identify a speaker when they stand right before the name: ``rules/data/speaker_roles.toml``."""
    from affilint.rules import load_data_file  # not at import time: affilint.rules imports this module

    return frozenset(role.lower() for role in load_data_file("speaker_roles.toml")["roles"])


def _role_before(text: str) -> bool:
    """Whether ``text`` ends with a role ("Mayor ", "the union's president, ", "Singer ") or a
    possessive ("Apple's ") that says who the name after it is."""
    words = text.rstrip(" ,").split()[-2:]
    if not words:
        return False
    roles = _roles()
    return words[-1].lower() in roles or " ".join(words).lower() in roles or _POSSESSIVE.fullmatch(words[-1]) is not None


class SpeakerWithoutAffiliation(Rule):
    """
    ## What it does
    Reports a person quoted or cited by name whose first mention says nothing about who they are:
    no role before the name ("Foreign Minister …", "Singer …", "his daughter, …"; the roles are
    `rules/data/speaker_roles.toml`), no appositive after it (", a lawyer for …"), no "of/from/at …".
    Publications and institutions ("The Information", "The White House") are not people. Off by
    default (select `SRC005` to use it); reported as `info`.

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
        if not doc.sourcing_language:
            return
        sourcing = doc.sourcing
        main_text = "\n".join(sourcing.blanked.get(b.index, b.text) for b in doc.main_blocks)
        seen: set[str] = set()
        for attribution in sourcing.attributions:
            name = attribution.source
            words = name.split()
            while words and words[0].lower() in _LEADING:
                words = words[1:]
            name = " ".join(words)
            if attribution.kind != "named" or not _PERSON.match(name) or _ORGANISATION.search(name) or name in seen:
                continue
            if words[0] == "The":
                continue  # "The Information", "The White House": a publication or an institution
            seen.add(name)
            first = main_text.find(name)
            if first < 0:
                continue
            before, after = main_text[max(0, first - 60) : first], main_text[first + len(name) : first + len(name) + 40]
            titled = _role_before(name.split()[0])  # "Mayor Jane Doe", "Coach Jane Doe"
            if titled or _role_before(before) or _AFFILIATION_AFTER.match(after):
                continue
            yield Violation(
                attribution.block,
                f"{name} is quoted with no role or affiliation on first mention; say who they are (role and organisation).",
                evidence={"speaker": name, "cue": attribution.cue},
                confidence=0.8,
                identity=name,
            )
