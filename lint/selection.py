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
    if selector == "ALL":
        return 0
    if selector == rule.name or selector.upper() == rule.code:
        return _EXACT
    upper = selector.upper()
    if _PREFIX.match(upper) and rule.code.startswith(upper):
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
    """True when a finding's rule (by code/name) is named by any selector (used for suppressions)."""
    for selector in selectors:
        upper = selector.upper()
        if selector == "ALL" or selector == name or upper == code or (_PREFIX.match(upper) and code.startswith(upper)):
            return True
    return False
