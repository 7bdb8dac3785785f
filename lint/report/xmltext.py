"""Text that XML 1.0 can carry. Messages and snippets come from arbitrary HTML, which may hold control
characters or lone surrogates that no XML parser accepts; the XML formats (JUnit, Checkstyle) pass
every string through :func:`xml_safe` before ElementTree escapes it."""

from __future__ import annotations

import re

# Characters outside XML 1.0's Char production (tab, LF and CR are allowed).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: object) -> str:
    """``text`` as a string with characters XML 1.0 forbids replaced by U+FFFD."""
    return _ILLEGAL.sub("\ufffd", str(text))
