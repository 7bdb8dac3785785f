"""What the CLM rules share: which claims a rule reports, at what severity, and how it says so."""

from __future__ import annotations

from typing import Any, Iterable

from affilint import Option, Severity, Violation
from affilint.pagekind import KINDS

COMMERCE_KINDS = ("review", "deals")
_SUPPORT_ADVICE = "link the evidence in this paragraph, name its source in the sentence, or cite it"


def _check_kinds(value: list) -> str | None:
    unknown = [kind for kind in value if kind not in KINDS]
    return f"unknown page kind(s) {unknown}; expected some of {', '.join(KINDS)}" if unknown else None


def kinds_option(default: tuple[str, ...] = KINDS) -> Option:
    return Option(list(default), "Page kinds the rule applies to (news, review, deals, sponsored, blog, other).", list, check=_check_kinds)


HEDGED_OPTION = Option(
    "info",
    "What to do with a hedged claim (\u201cmay\u201d, \u201cprobably\u201d, \u201can estimated\u201d): report it as `info`, "
    "`report` it at the rule's severity, or `ignore` it.",
    str,
    choices=("info", "report", "ignore"),
)


def unsupported_claims(doc: Any, kinds: Iterable[str], page_kinds: Iterable[str]) -> Iterable[tuple[Any, str, str]]:
    """(claim, cue kind, cue words) for each unsupported claim of ``doc`` with one of ``kinds``."""
    if doc.kind.kind not in page_kinds or not doc.sourcing_language:
        return  # the claim lexicons are English: on other pages they would find figures, never sources
    wanted = tuple(kinds)
    for claim in doc.sourcing.claims:
        if claim.supported:
            continue
        for kind in wanted:
            if kind in claim.cues:
                yield claim, kind, claim.cues[kind]
                break


def claim_violation(claim: Any, doc: Any, what: str, cue: str, kind: str, hedged_mode: str, confidence: float = 0.9) -> Violation | None:
    """The finding for one unsupported claim, or None when its hedging means it is not reported."""
    severity = None
    if claim.hedged and kind not in ("speculation", "likelihood", "fear_appeal"):
        if hedged_mode == "ignore":
            return None
        if hedged_mode == "info":
            severity = Severity.INFO
    return Violation(
        claim.sentence,
        f"{what} with no source: \u201c{_short(cue)}\u201d; {_SUPPORT_ADVICE}.",
        evidence={
            "cue": cue,
            "cue_kind": kind,
            "cues": dict(claim.cues),
            "hedged": claim.hedged,
            "support": None,
            "page_kind": doc.kind.kind,
        },
        confidence=confidence,
        severity=severity,
    )


def _short(cue: str) -> str:
    """A long cue ("may lead to … nuclear") shown by its ends, so the message stays one glance long."""
    words = cue.split()
    return cue if len(words) <= 6 else " ".join(words[:3]) + " \u2026 " + " ".join(words[-2:])
