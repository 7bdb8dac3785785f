"""Errors about inputs and configuration, each with a stable machine-readable code.

Anything wrong with one input file becomes an :class:`InputError`, which the engine turns into a file
result with status ``error``; it never stops the other files from being linted.
"""

from __future__ import annotations


class InputError(Exception):
    """This input cannot be linted. ``code`` is stable (used in the JSON report), ``message`` says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class ConfigError(Exception):
    """The configuration is invalid; the message names the file and key. Exit code 2."""


class UsageError(Exception):
    """The command line is invalid. Exit code 2."""
