"""Repository-relative paths for CI reports.

Reports for people keep paths as given on the command line, but code-scanning and code-quality
services match findings to files in the repository: they need the path relative to the checkout,
with forward slashes, however affilint was invoked (``./site/a.html``, an absolute path, a
subdirectory as the working directory).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

STDIN_NAME = "<stdin>"


def project_root(env_var: str | None = None) -> Path:
    """The checkout the report is about: ``env_var`` when the CI service sets it (``GITHUB_WORKSPACE``,
    ``CI_PROJECT_DIR``), else the nearest directory holding ``.git`` above the working directory,
    else the working directory."""
    if env_var and os.environ.get(env_var):
        return Path(os.environ[env_var]).absolute()
    cwd = Path.cwd()
    for directory in (cwd, *cwd.parents):
        if (directory / ".git").exists():
            return directory
    return cwd


def repo_path(path: str, root: Path) -> str:
    """``path`` relative to ``root`` in POSIX form, or absolute (POSIX form) when it lies outside."""
    if path == STDIN_NAME:
        return path
    absolute = Path(os.path.abspath(path))
    for candidate, base in ((absolute, root), (absolute.resolve(), root.resolve())):
        try:
            return candidate.relative_to(base).as_posix()
        except ValueError:
            continue
    return absolute.as_posix()


def repo_uri(path: str, root: Path) -> tuple[str, bool]:
    """A percent-encoded URI reference for ``path`` and whether it is relative to ``root``."""
    relative = repo_path(path, root)
    if Path(relative).is_absolute():
        return Path(relative).as_uri(), False
    return quote(relative, safe="/"), True
