"""Which rules run: ``select`` / ``extend-select`` / ``ignore`` by code, prefix, name or ``ALL``.

As in Ruff, when a rule matches both a select and an ignore selector, the more specific one wins
(a full code or name beats a prefix, a longer prefix beats a shorter one, ``ALL`` is the least
specific); on a tie, ignore wins.
"""

from __future__ import annotations

import re
from typing import Iterable

from affilint.rule import Rule

_PREFIX = re.compile(r"^[A-Z]{1,5}[0-9]{0,3}$")
_EXACT = 1000


def specificity(selector: str, rule: type[Rule]) -> int | None:
    """How specifically ``selector`` names ``rule`` (None when it does not match it)."""
    return _specificity(selector, rule.code, rule.name)


def _specificity(selector: str, code: str, name: str) -> int | None:
    if selector == "ALL":
        return 0
    upper = selector.upper()
    if selector == name or upper == code:
        return _EXACT
    if _PREFIX.match(upper) and code.startswith(upper):
        return len(upper)
    return None


def unknown_selectors(selectors: Iterable[str], rules: Iterable[type[Rule]]) -> list[str]:
    """Selectors that match no registered rule (typos users should hear about)."""
    rules = list(rules)
    return [s for s in selectors if not any(specificity(s, rule) is not None for rule in rules)]


def is_selected(rule: type[Rule], select: Iterable[str], ignore: Iterable[str]) -> bool:
    chosen = max((s for s in (specificity(sel, rule) for sel in select) if s is not None), default=None)
    if chosen is None:
        return False
    dropped = max((s for s in (specificity(sel, rule) for sel in ignore) if s is not None), default=None)
    return dropped is None or chosen > dropped


def matches_any(code: str, name: str, selectors: Iterable[str]) -> bool:
    """True when a rule, given by code and name, is named by any selector (used for suppressions)."""
    return any(_specificity(selector, code, name) is not None for selector in selectors)
