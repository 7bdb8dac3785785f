"""affilint: lint HTML articles for affiliate-content compliance.

The public API for rule authors is re-exported here: write a :class:`Rule`, return it from an
``affilint_register_rules`` hook implementation marked with :data:`hookimpl`, and register the module
under the ``affilint`` entry-point group.
"""

__version__ = "0.1.0"

from affilint.finding import Edit, Finding, Fix, Severity  # noqa: E402
from affilint.hookspecs import hookimpl  # noqa: E402
from affilint.rule import Option, Rule, Violation  # noqa: E402

__all__ = [
    "Edit",
    "Finding",
    "Fix",
    "Option",
    "Rule",
    "Severity",
    "Violation",
    "__version__",
    "hookimpl",
]
