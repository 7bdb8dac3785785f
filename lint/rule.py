"""What a rule is: metadata, validated options, documentation, and a ``check`` that yields violations.

A rule sees only the :class:`affilint.document.Document`. It never decides its own final severity,
position or fingerprint: it yields :class:`Violation` records and the engine does the rest, so every
rule, built-in or third-party, reports the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Iterable, Mapping

from affilint.finding import Fix, Severity

if TYPE_CHECKING:  # pragma: no cover
    from affilint.document import Document

CODE_PATTERN = re.compile(r"^[A-Z]{2,5}[0-9]{3}$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead")


@dataclass(frozen=True)
class Option:
    """A rule option: its default, accepted type(s), and an optional extra check returning an error text."""

    default: Any
    description: str
    type: type | tuple[type, ...] | None = None
    choices: tuple[Any, ...] | None = None
    check: Callable[[Any], str | None] | None = None

    def validate(self, value: Any) -> str | None:
        """Return why ``value`` is not acceptable, or None when it is."""
        expected = self.type if self.type is not None else type(self.default)
        if expected is float:
            expected = (int, float)
        if isinstance(value, bool) and expected in (int, float, (int, float)):
            return "expected a number, got a boolean"
        if not isinstance(value, expected):
            names = expected if isinstance(expected, tuple) else (expected,)
            return f"expected {' or '.join(t.__name__ for t in names)}, got {type(value).__name__}"
        if self.choices is not None and value not in self.choices:
            return f"expected one of {', '.join(map(repr, self.choices))}, got {value!r}"
        if self.check is not None:
            return self.check(value)
        return None


@dataclass(frozen=True)
class Violation:
    """What a rule reports: a target in the document model and a message that says what to do.

    ``target`` is an lxml element or any model object with an ``element`` attribute (block, sentence,
    link); ``None`` means the document as a whole. ``severity`` may only lower the rule's effective
    severity (e.g. for a weaker sub-case); ``confidence`` below the review threshold turns the finding
    into ``info`` ("needs review"). ``identity`` is what the fingerprint follows when it should not be
    the located target: another model object, or a string key for a finding about the whole document
    (an article-level finding shown at its first claim stays the same finding when that claim changes).
    """

    target: Any
    message: str
    evidence: Mapping[str, Any] = field(default_factory=dict)
    confidence: float = 1.0
    fix: Fix | None = None
    severity: Severity | None = None
    identity: Any = None


class Rule:
    """Base class for every rule. Subclasses set the class attributes and implement :meth:`check`.

    The class docstring is the rule's documentation, printed by ``affilint explain CODE``; it uses the
    headings ``## What it does``, ``## Why is this bad?``, ``## Example`` (failing HTML), ``## Use
    instead`` (passing HTML) and optionally ``## How to fix`` and ``## References``.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    family: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    summary: ClassVar[str] = ""
    options: ClassVar[Mapping[str, Option]] = {}
    default_enabled: ClassVar[bool] = True
    fixable: ClassVar[bool] = False
    references: ClassVar[tuple[str, ...]] = ()

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        merged = {key: option.default for key, option in self.options.items()}
        merged.update(options or {})
        self.settings: Mapping[str, Any] = merged

    def check(self, doc: "Document") -> Iterable[Violation]:  # pragma: no cover - abstract
        raise NotImplementedError

    @classmethod
    def documentation(cls) -> str:
        """The rule's documentation as Markdown (from the class docstring)."""
        import inspect

        return inspect.cleandoc(cls.__doc__ or "").strip()

    @classmethod
    def examples(cls) -> dict[str, list[str]]:
        """The HTML code blocks under ``## Example`` (``failing``) and ``## Use instead`` (``passing``)."""
        found: dict[str, list[str]] = {"failing": [], "passing": []}
        parts = re.split(r"^## +(.+?)\s*$", cls.documentation(), flags=re.M)
        for heading, body in zip(parts[1::2], parts[2::2]):
            key = {"Example": "failing", "Use instead": "passing"}.get(heading)
            if key:
                found[key] += re.findall(r"```html\n(.*?)```", body, flags=re.S)
        return found

    @classmethod
    def metadata_problems(cls) -> list[str]:
        """Why this rule class cannot be registered (empty when it is well-formed)."""
        problems = []
        code = getattr(cls, "code", None)
        name = getattr(cls, "name", None)
        if not isinstance(code, str) or not CODE_PATTERN.match(code):
            problems.append(f"code {code!r} must be 2-5 capital letters and 3 digits, e.g. AFF001")
        if not isinstance(name, str) or not NAME_PATTERN.match(name):
            problems.append(f"name {name!r} must be kebab-case, e.g. affiliate-link-without-sponsored")
        if not isinstance(getattr(cls, "family", None), str):
            problems.append("family must be a string, e.g. 'AFF'")
        if not isinstance(cls.severity, Severity):
            problems.append("severity must be an affilint.Severity")
        doc = cls.documentation()
        for heading in DOC_SECTIONS:
            if f"## {heading}" not in doc:
                problems.append(f"documentation lacks the '## {heading}' section")
        for key, option in cls.options.items():
            if not isinstance(option, Option):
                problems.append(f"option {key!r} must be an affilint.Option")
            elif option.validate(option.default):
                problems.append(f"option {key!r} default is invalid: {option.validate(option.default)}")
        return problems
