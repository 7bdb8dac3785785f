"""Optional dependencies: importing one, or stopping with a message that names the extra to install.

Features that need a large library (WARC reading, the Dask engine) ship as extras, so a plain
``pip install affilint`` stays small. A missing extra is a usage problem (exit 2), caught before
the report starts.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from affilint.errors import UsageError


def require(module: str, extra: str, purpose: str) -> ModuleType:
    """Import ``module``, or raise :class:`UsageError` saying which extra provides it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise UsageError(f"{purpose} needs the optional dependency {module.split('.')[0]}: pip install 'affilint[{extra}]'") from None
