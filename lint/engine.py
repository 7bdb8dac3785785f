"""Linting one input: read → decode → parse → document model → rules → suppression → file result.

Every failure that belongs to the input (unreadable, binary, too large, not HTML, too deep) becomes a
file result with status ``error`` and a stable code; a crashing rule is reported the same way while
the other rules' findings are kept. Nothing here raises for bad input.
"""

from __future__ import annotations

import hashlib
import os
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable

from affilint.config import Config, ConfigResolver
from affilint.decode import decode
from affilint.document import Document, ModelContext
from affilint.errors import InputError
from affilint.finding import Finding, Severity
from affilint.parse import parse
from affilint.plugins import Registry
from affilint.fixing import FixError, apply_fixes, write_atomically
from affilint.reading import read_file
from affilint.rule import Violation
from affilint.selection import matches_any
from affilint.settings import Overrides, RuleSet, build_ruleset
from affilint.suppression import apply_directives, parse_directives

DEBUG_ENV = "AFFILINT_DEBUG"
UNUSED_SUPPRESSION = "AFL001"


@dataclass(frozen=True)
class FileResult:
    """The outcome for one input: its findings, or why it could not be linted."""

    path: str
    status: str  # "ok" | "error"
    error: dict[str, str] | None = None
    document: dict[str, Any] | None = None
    findings: tuple[Finding, ...] = ()
    suppressed: int = 0
    fixed: int = 0  # findings fixed by --fix (the findings listed are those that remain)
    baselined: int = 0  # findings hidden because the baseline (--baseline) records them
    # The linted document, kept only when a report format asks for it (``Formatter.needs_document``)
    # so it can show the article; never serialised, and dropped once the formatter has written the file.
    model: Document | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "status": self.status,
            "error": self.error,
            "document": self.document,
            "findings": [finding.to_dict() for finding in self.findings],
            "suppressed": self.suppressed,
            "fixed": self.fixed,
            "baselined": self.baselined,
        }


def error_result(path: str, code: str, message: str, **extra: Any) -> FileResult:
    return FileResult(path=path, status="error", error={"code": code, "message": message}, **extra)


@dataclass
class Linter:
    """Lints inputs with the rule set that each one's configuration selects."""

    registry: Registry
    resolver: ConfigResolver = field(default_factory=ConfigResolver)
    overrides: Overrides = field(default_factory=Overrides)
    keep_documents: bool = False  # attach each Document to its FileResult (for formats that show the article)

    def __post_init__(self) -> None:
        self.context = ModelContext(self.registry.data)
        self._rulesets: dict[int, RuleSet] = {}
        self._contexts: dict[int, ModelContext] = {}
        self.rule_aliases = {entry.rule.name: code for code, entry in self.registry.rules.items()}

    def ruleset(self, config: Config) -> RuleSet:
        key = id(config)
        if key not in self._rulesets:
            self._rulesets[key] = build_ruleset(self.registry, config, self.overrides)
        return self._rulesets[key]

    # -- entry points ----------------------------------------------------------------------------
    def lint_path(self, path: Path, display: str | None = None) -> FileResult:
        display = display if display is not None else str(path)
        config = self.resolver.for_path(path)
        ruleset = self.ruleset(config)
        try:
            data = read_file(path, ruleset.max_file_size)
        except InputError as exc:
            return error_result(display, exc.code, exc.message)
        return self.lint_bytes(data, display, config, ruleset=ruleset, real_path=path)

    def lint_bytes(
        self,
        data: bytes,
        display: str,
        config: Config | None = None,
        *,
        ruleset: RuleSet | None = None,
        real_path: Path | None = None,
        url: str | None = None,
    ) -> FileResult:
        config = config or self.resolver.project()
        ruleset = ruleset or self.ruleset(config)
        if len(data) > ruleset.max_file_size:
            return error_result(display, "too-large", f"input is {len(data):,} bytes, over the {ruleset.max_file_size:,}-byte limit")
        try:
            return self._lint_text(decode(data).text, display, ruleset, real_path, url)[0]
        except InputError as exc:
            return error_result(display, exc.code, exc.message)
        except RecursionError:
            return error_result(display, "too-deep", "document is too deeply nested to lint")
        except Exception as exc:  # an affilint bug must not stop the other files
            if os.environ.get(DEBUG_ENV):
                traceback.print_exc()
            return error_result(display, "internal-error", f"affilint failed on this file: {type(exc).__name__}: {exc} (set {DEBUG_ENV}=1 for a traceback, and please report it)")

    # -- the pipeline ------------------------------------------------------------------------------
    def document(self, text: str, display: str, ruleset: RuleSet | None = None, url: str | None = None) -> Document:
        ruleset = ruleset or self.ruleset(self.resolver.project())
        parsed = parse(text)
        return Document(
            parsed.text,
            parsed.root,
            path=display,
            url=url or self.overrides.url,
            fallback_url=ruleset.config.base_url,
            is_fragment=parsed.is_fragment,
            main_content_selector=ruleset.main_content_selector,
            context=self._context_for(ruleset.config),
        )

    def _context_for(self, config: Config) -> ModelContext:
        """Plugin data plus the configuration's own networks and cloaking paths (built once per config)."""
        if not config.affiliate_networks and not config.cloaking_paths:
            return self.context
        key = id(config)
        if key not in self._contexts:
            data = dict(self.registry.data)
            data["affiliate_networks"] = (*data.get("affiliate_networks", ()), *config.affiliate_networks)
            if config.cloaking_paths:
                user_paths = {"name": "site cloaking path (configuration)", "path_prefixes": list(config.cloaking_paths)}
                data["cloaking_paths"] = (*data.get("cloaking_paths", ()), user_paths)
            self._contexts[key] = ModelContext(data)
        return self._contexts[key]

    def fix_path(self, path: Path, display: str, *, unsafe: bool = False, write: bool = True) -> tuple[FileResult, bytes | None, str]:
        """Lint ``path``, apply its findings' fixes and (when ``write``) replace the file atomically.

        Returns the result of linting the fixed content (with ``fixed`` counted), the new bytes
        (None when nothing changed) and a note for the user when fixes could not be applied.
        """
        config = self.resolver.for_path(path)
        ruleset = self.ruleset(config)
        try:
            data = read_file(path, ruleset.max_file_size)
            decoded = decode(data)
            result, doc = self._lint_text(decoded.text, display, ruleset, path, None)
        except InputError as exc:
            return error_result(display, exc.code, exc.message), None, ""
        except Exception:  # the ordinary path reports internal errors with their context
            return self.lint_path(path, display), None, ""
        if not any(f.fix for f in result.findings):
            return result, None, ""
        try:
            outcome = apply_fixes(data, decoded, doc.source, result.findings, unsafe=unsafe)
        except FixError as exc:
            return result, None, f"{display}: fixes not applied: {exc}"
        if outcome.data == data:
            return result, None, ""
        if write:
            try:
                write_atomically(path, outcome.data)
            except OSError as exc:
                return result, None, f"{display}: fixes not applied: cannot write the file: {exc.strerror or exc}"
        fixed = self.lint_bytes(outcome.data, display, config, ruleset=ruleset, real_path=path)
        return replace(fixed, fixed=outcome.applied), outcome.data, ""

    def _lint_text(self, text: str, display: str, ruleset: RuleSet, real_path: Path | None, url: str | None) -> tuple[FileResult, Document]:
        doc = self.document(text, display, ruleset, url)
        per_file_ignores = ruleset.config.ignored_for(real_path) if real_path is not None else ()
        findings: list[Finding] = []
        failures: list[str] = []
        for active in ruleset.active:
            rule = active.rule
            if per_file_ignores and matches_any(rule.code, rule.name, per_file_ignores):
                continue
            try:
                for violation in rule.check(doc) or ():
                    findings.append(self._finding(doc, rule, active.severity, violation, ruleset))
            except Exception as exc:
                if os.environ.get(DEBUG_ENV):
                    traceback.print_exc()
                failures.append(f"rule {rule.code} ({rule.name}) failed: {type(exc).__name__}: {exc}")
        directives = parse_directives(doc, self.rule_aliases)
        suppressed = 0
        if directives:
            findings, suppressed = apply_directives(findings, directives)
            if ruleset.report_unused_suppressions and UNUSED_SUPPRESSION in ruleset.codes:
                # AFL001 findings go through the directives too, so `disable-file AFL001` works.
                unused, _ = apply_directives(self._unused(doc, directives, ruleset), directives)
                findings.extend(unused)
        findings = _with_fingerprints(findings, _identity_path(display, real_path, ruleset.config))
        findings.sort(key=Finding.sort_key)
        summary = _document_summary(doc)
        model = doc if self.keep_documents else None
        if failures:
            return error_result(display, "rule-error", "; ".join(failures), document=summary, findings=tuple(findings), suppressed=suppressed, model=model), doc
        return FileResult(display, "ok", None, summary, tuple(findings), suppressed, model=model), doc

    def _finding(self, doc: Document, rule: Any, severity: Severity, violation: Violation, ruleset: RuleSet) -> Finding:
        span = doc.locate(violation.target)
        identity = violation.identity if violation.identity is not None else violation.target
        effective = severity
        if violation.severity is not None and violation.severity.rank < effective.rank:
            effective = violation.severity
        message = violation.message
        threshold = ruleset.config.needs_review_below
        if violation.confidence < threshold and effective is not Severity.INFO:
            effective = Severity.INFO
            message = f"Needs review: {message}"
        # The fingerprint is filled in once all findings of the file are known (see _with_fingerprints).
        return Finding(
            rule=rule.code,
            name=rule.name,
            severity=effective,
            message=message,
            line=span.line,
            column=span.column,
            end_line=span.end_line,
            end_column=span.end_column,
            snippet=doc.snippet(violation.target),
            fingerprint=f"key:{identity}" if isinstance(identity, str) else f"{doc.locator(identity)}\0{doc.text_hash(identity)}",
            confidence=violation.confidence,
            evidence=dict(violation.evidence),
            fix=violation.fix,
        )

    def _unused(self, doc: Document, directives: Iterable[Any], ruleset: RuleSet) -> list[Finding]:
        severity = next(a.severity for a in ruleset.active if a.rule.code == UNUSED_SUPPRESSION)
        active = [(a.rule.code, a.rule.name) for a in ruleset.active if a.rule.code != UNUSED_SUPPRESSION]
        found = []
        for directive in list(directives):
            if (directive.used and not directive.unknown) or directive.origin is not None:
                continue  # a comment with a typo among its codes is reported even when the rest worked
            if directive.unknown:
                message = (f"`{directive.describe()}` names no rule: {', '.join(directive.unknown)}; correct the code "
                           "(`affilint rules` lists them) or remove it.")
            elif any(directive.names(code, name) for code, name in active):
                message = f"Remove this `{directive.describe()}` comment: it suppresses no finding."
            else:
                continue  # it names only rules that did not run, so it cannot be judged (as in Ruff)
            found.append(
                Finding(
                    rule=UNUSED_SUPPRESSION,
                    name="unused-suppression",
                    severity=severity,
                    message=message,
                    line=directive.line,
                    column=directive.column,
                    end_line=None,
                    end_column=None,
                    snippet=doc.source.line_text(directive.line).strip()[:160],
                    fingerprint=f"comment\0{directive.describe()}",
                    evidence={"directive": directive.kind, "selectors": list(directive.selectors), "reason": directive.reason},
                )
            )
        return found


def _identity_path(display: str, real_path: Path | None, config: Config) -> str:
    """The path fingerprints use: relative to the configuration's root when the file is under it, so
    ``site/a.html``, ``./site/a.html`` and an absolute path give one fingerprint."""
    if real_path is not None:
        relative = config.relative(real_path)
        if relative:
            return relative
    return display.replace("\\", "/").removeprefix("./")


def _with_fingerprints(findings: list[Finding], path: str) -> list[Finding]:
    """Replace each provisional (locator, text hash) key with a stable hash, numbering duplicates."""
    seen: dict[str, int] = {}
    result = []
    for finding in findings:
        key = f"{finding.rule}\0{path}\0{finding.fingerprint}"
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        digest = hashlib.sha256(f"{key}\0{occurrence}".encode("utf-8", "surrogateescape")).hexdigest()[:20]
        result.append(replace(finding, fingerprint=digest))
    return result


def _document_summary(doc: Document) -> dict[str, Any]:
    from affilint.inspect import main_content_summary

    return {
        "title": doc.metadata.title,
        "kind": doc.kind.kind,
        "lang": doc.metadata.lang,
        "url": doc.url or None,
        "is_fragment": doc.is_fragment,
        "main_content": main_content_summary(doc),
    }
