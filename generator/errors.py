"""The one exception tree of policypack.

Core code raises; only the CLI prints.  Every error a user can cause is a
``UserError``: it carries a message and, where we know it, how to fix it.
Anything else is a bug, and the CLI keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class PolicypackError(Exception):
    """Base of every error policypack raises on purpose."""


class UserError(PolicypackError):
    """A problem with the user's input or environment, with a way out."""

    exit_code = 1

    def __init__(self, message: str, fix: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.message}\n  fix: {self.fix}" if self.fix else self.message


@dataclass(frozen=True, order=True)
class Problem:
    """One finding about a file: an error or a warning, at a place."""

    file: str
    line: int  # 1-based; 0 when the place is the whole file
    key: str  # dotted key path, e.g. "people.deputy_dsls.0.phone"
    message: str
    fix: str = ""
    severity: str = "error"  # "error" or "warning"

    def format(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        key = f" {self.key}:" if self.key else ""
        text = f"{where}:{key} {self.message}"
        if self.severity == "warning":
            text = f"{where}: warning:{key} {self.message}"
        if self.fix:
            text += f"\n    fix: {self.fix}"
        return text


class ProfileInvalid(UserError):
    """A profile failed loading or validation; ``problems`` lists them all."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.key))
        errors = [p for p in self.problems if p.severity == "error"]
        super().__init__(f"{len(errors)} error(s) in the profile")

    def __str__(self) -> str:
        return "\n".join(p.format() for p in self.problems)


class TemplateProblem(UserError):
    """A content template or master document cannot be used."""


class BuildFailed(UserError):
    """A build could not finish; the previous output was left as it was."""


class ToolMissing(UserError):
    """An external program (LibreOffice, Chromium) is not installed."""
