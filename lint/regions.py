"""Where each element sits and whether a reader can see it.

One pre-order pass over the tree gives every element three inherited facts: its region (``main``
content, site ``boilerplate`` such as nav/header/footer/aside/comments, or ``outside``), whether it is
inside the main content, and its visibility (``visible``, ``hidden`` with the reason, or ``collapsed``
inside a closed ``<details>``). Rules ask the document; they never re-walk the tree for this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lxml import etree

# Tags that can change placement without any attribute.
_MARKUP_TAGS = frozenset({"nav", "aside", "header", "footer", "details", "summary"})
SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title", "meta", "link", "svg", "math"})
_BOILERPLATE_TAGS = frozenset({"nav", "aside"})
_CHROME_TAGS = frozenset({"header", "footer"})  # boilerplate only outside an article/main content
_BOILERPLATE_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
# Class/id tokens (split on non-letters) that mark site chrome outside the main content ...
_CHROME_TOKENS = frozenset(
    "nav navbar navigation menu footer header masthead sidebar breadcrumb breadcrumbs widget widgets "
    "comments comment disqus share sharing social related newsletter cookie cookies subscribe".split()
)
# ... and the subset that still marks a widget inside the main content.
_IN_BODY_TOKENS = frozenset("comments comment disqus share sharing social related newsletter breadcrumb breadcrumbs".split())
_TOKEN_SPLIT = re.compile(r"[^a-z]+")
# Responsive utility classes such as "hidden" or "d-none" are often undone by a breakpoint class, so
# only the screen-reader-only conventions, which are never shown, count as hidden.
_HIDDEN_CLASSES = frozenset({"sr-only", "visually-hidden", "screen-reader-text", "element-invisible"})


@dataclass(frozen=True)
class Placement:
    """Inherited facts about one element."""

    region: str  # "main" | "boilerplate" | "outside"
    in_main_content: bool  # inside the main content and not in a widget (aside, share bar) within it
    visibility: str  # "visible" | "hidden" | "collapsed"
    reason: str = ""  # why hidden/collapsed, or which chrome marker made it boilerplate
    within_main: bool = False  # anywhere inside the main content element, widgets included


VISIBLE_OUTSIDE = Placement("outside", False, "visible")


def place_elements(root: Any, main: Any) -> dict[Any, Placement]:
    """Compute a :class:`Placement` for every element in ``root`` (comments and skipped tags excluded)."""
    placer = Placer(main)
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag
        if tag.__class__ is not str:  # comments and processing instructions (tags are never str subclasses)
            continue
        if tag in SKIPPED_TAGS:
            if event == "start":
                walker.skip_subtree()
            continue
        if event == "end":
            placer.leave()
        else:
            placer.enter(element, tag)
    return placer.placements


class Placer:
    """Placements filled in during a pre-order walk that skips :data:`SKIPPED_TAGS`: call
    :meth:`enter` at each element's start and :meth:`leave` at its end. The block walk
    (:func:`affilint.blocks.extract_blocks`) places elements as it goes, so the tree is walked once."""

    __slots__ = ("main", "placements", "_open", "leave")

    def __init__(self, main: Any) -> None:
        self.main = main
        self.placements: dict[Any, Placement] = {}
        # For each open element: what its children inherit, and whether it is a closed <details>.
        self._open: list[tuple[Placement, bool]] = [(VISIBLE_OUTSIDE, False)]
        self.leave = self._open.pop  # called at each element's end: a bound list method, no Python frame

    def enter(self, element: Any, tag: str) -> Placement:
        inherited, in_closed_details = self._open[-1]
        if in_closed_details and tag != "summary" and inherited.visibility == "visible":
            inherited = Placement(inherited.region, inherited.in_main_content, "collapsed", "inside a closed <details>", inherited.within_main)
        names = element.keys()  # attribute names: only attributes that are there are read
        if names or tag in _MARKUP_TAGS or element is self.main:
            placement = _place(element, tag, names, inherited, element is self.main)
        else:
            placement = inherited  # the common case: a plain element inherits everything
        self.placements[element] = placement
        self._open.append((placement, tag == "details" and element.get("open") is None))
        return placement


def _place(element: Any, tag: str, names: list[str], inherited: Placement, is_main: bool) -> Placement:
    region, in_main, visibility, reason = inherited.region, inherited.in_main_content, inherited.visibility, inherited.reason
    within = inherited.within_main
    if is_main:
        region, in_main, within = "main", True, True
    if region != "boilerplate" and not is_main:  # the main content is never its own widget
        marker = _boilerplate_marker(element, tag, names, inside_main=in_main)
        if marker:
            region, in_main, reason = "boilerplate", False, marker if visibility == "visible" else reason
    if visibility == "visible":
        hidden = _hidden(element, names)
        if hidden:
            visibility, reason = "hidden", hidden
    if (region, in_main, visibility, reason, within) == (
        inherited.region, inherited.in_main_content, inherited.visibility, inherited.reason, inherited.within_main
    ):
        return inherited
    return Placement(region, in_main, visibility, reason, within)


def _boilerplate_marker(element: Any, tag: str, names: list[str], inside_main: bool) -> str:
    if tag in _BOILERPLATE_TAGS:
        return f"<{tag}>"
    if tag in _CHROME_TAGS and not inside_main and not _inside_article(element):
        return f"<{tag}>"
    role = element.get("role") if "role" in names else None
    if role and role.strip().lower() in _BOILERPLATE_ROLES and not (inside_main and role.strip().lower() == "banner"):
        return f'role="{role.strip()}"'
    if "class" in names or "id" in names:
        return _class_marker(f"{element.get('class', '')} {element.get('id', '')}", inside_main)
    return ""


def _inside_article(element: Any) -> bool:
    return any(ancestor.tag in ("article", "main") for ancestor in element.iterancestors())


# Pages repeat the same class strings on hundreds of elements: each is judged once per process.
@lru_cache(maxsize=8192)
def _class_marker(value: str, inside_main: bool) -> str:
    """The chrome marker among "class id" tokens (the in-body subset inside the main content), or ''."""
    found = {token for token in _TOKEN_SPLIT.split(value.lower()) if token} & (_IN_BODY_TOKENS if inside_main else _CHROME_TOKENS)
    return f"class/id '{sorted(found)[0]}'" if found else ""


@lru_cache(maxsize=8192)
def _hidden_class(value: str) -> str:
    found = set(value.lower().split()) & _HIDDEN_CLASSES
    return f"class '{sorted(found)[0]}'" if found else ""


def hidden_reason(element: Any, tag: str | None = None) -> str:
    """Why ``element`` itself (not its ancestors) is invisible to a reader, or '' when it is not."""
    return _hidden(element, element.keys())


def _hidden(element: Any, names: list[str]) -> str:
    """:func:`hidden_reason`, given the element's attribute names."""
    if "hidden" in names:
        return "hidden attribute"
    if "aria-hidden" in names and (element.get("aria-hidden") or "").strip().lower() == "true":
        return 'aria-hidden="true"'
    if "class" in names:
        hidden = _hidden_class(element.get("class"))
        if hidden:
            return hidden
    if "style" in names:
        style = element.get("style")
        if style:
            return _style_hidden(style.lower())
    return ""


@lru_cache(maxsize=4096)
def _style_hidden(style: str) -> str:
    declarations = {}
    for declaration in style.split(";"):  # split/partition: linear, unlike a regex over hostile input
        name, colon, value = declaration.partition(":")
        if colon:
            declarations[name.strip()] = value.replace("!important", "").strip()
    if declarations.get("display") == "none":
        return "display:none"
    if declarations.get("visibility") in ("hidden", "collapse"):
        return "visibility:hidden"
    if declarations.get("opacity") in ("0", "0.0", ".0"):
        return "opacity:0"
    size = declarations.get("font-size")
    if size is not None and _tiny_length(size, limit_px=4):
        return f"font-size:{size}"
    for axis in ("height", "width", "max-height", "max-width"):
        value = declarations.get(axis)
        if value is not None and _tiny_length(value, limit_px=1) and declarations.get("overflow") == "hidden":
            return f"{axis}:{value} with overflow:hidden"
    for side in ("left", "top", "text-indent", "margin-left"):
        value = declarations.get(side, "")
        if value.startswith("-") and _px(value) is not None and _px(value) <= -999:
            return f"moved off-screen ({side}:{value})"
    if declarations.get("clip", "").replace(" ", "").startswith("rect(0") or declarations.get("clip-path", "").startswith("inset(50%"):
        return "clipped away"
    return ""


def _px(value: str) -> float | None:
    match = re.match(r"^(-?[\d.]+)(px|pt|em|rem|%)?$", value.strip())
    if not match:
        return None
    try:
        number = float(match.group(1))
    except ValueError:
        return None
    unit = match.group(2) or "px"
    return number * {"px": 1, "pt": 1.333, "em": 16, "rem": 16, "%": 0.16}[unit]


def _tiny_length(value: str, limit_px: float) -> bool:
    pixels = _px(value)
    return pixels is not None and pixels < limit_px
