"""AFL001: a suppression comment that suppresses nothing (reported by the engine)."""

from __future__ import annotations

from affilint import Rule, Severity


class UnusedSuppression(Rule):
    """
    ## What it does
    Reports `<!-- affilint-disable … -->`, `affilint-disable-next` and `affilint-disable-file`
    comments that suppressed no finding in this run, and those that name no rule (a typo such as
    `AFF01`). It is reported only when `report-unused-suppressions = true` is configured or
    `--report-unused-suppressions` is given, and, as in Ruff, only for comments naming a rule that
    ran: a comment for a rule that was not selected cannot be judged.

    ## Why is this bad?
    Stale suppressions hide future problems: once the content they excused has changed, they silently
    excuse whatever appears there next.

    ## Example
    ```html
    <!-- affilint-disable-next AFF001 -- reviewed by legal -->
    <p>No affiliate links here any more.</p>
    ```

    ## Use instead
    ```html
    <p>No affiliate links here any more.</p>
    ```

    ## How to fix
    Delete the comment, or narrow it to the rule that still needs it.
    """

    code = "AFL001"
    name = "unused-suppression"
    family = "AFL"
    severity = Severity.WARNING
    summary = "Suppression comment that suppresses nothing (with --report-unused-suppressions)."

    def check(self, doc):
        return ()  # the engine reports unused directives after suppression has run
