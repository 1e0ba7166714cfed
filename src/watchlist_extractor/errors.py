"""Errors and exit codes shared by every pipeline stage.

Library code raises these; only ``cli.py`` turns them into messages and exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

EXIT_OK = 0
EXIT_CHECKS_FAILED = 1  # rule tests or rule checks found problems
EXIT_USAGE = 2  # bad arguments, invalid rule set, report not writable


@dataclass(frozen=True)
class SourceLocation:
    """Where something sits in a file: 1-based line and column (0 when unknown)."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line and self.column:
            return f"{self.path}:{self.line}:{self.column}"
        if self.line:
            return f"{self.path}:{self.line}"
        return self.path


@dataclass(frozen=True)
class Problem:
    """One problem in a rule file, printed ``file:line:col: rule-id: field: message``.

    >>> str(Problem(SourceLocation("rules/a.yaml", 3, 5), "x.y", "severity", "bad value 'hgh'",
    ...             hint="use one of: low, medium, high"))
    "rules/a.yaml:3:5: x.y: severity: bad value 'hgh'\\n  hint: use one of: low, medium, high"
    """

    location: SourceLocation
    rule_id: str
    field: str
    message: str
    hint: str = ""
    level: str = "error"  # "error" makes a rule set invalid; "warning" is advice from checks

    def __str__(self) -> str:
        parts = [str(self.location)]
        if self.rule_id:
            parts.append(self.rule_id)
        if self.field:
            parts.append(self.field)
        text = ": ".join(parts) + ": " + self.message
        if self.level == "warning":
            text = ": ".join(parts) + ": warning: " + self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class WatchlistError(Exception):
    """An expected error, shown to the user as one clean line."""


class RuleError(WatchlistError):
    """A rule set that cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        first = str(problems[0]).splitlines()[0] if problems else "invalid rules"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(first + more)


class InputError(WatchlistError):
    """An input path that does not exist or cannot be listed."""


class ReportError(WatchlistError):
    """A report that cannot be written."""


def display_path(path: Path | str) -> str:
    """A path as the user would type it: relative to the working directory when possible."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)
