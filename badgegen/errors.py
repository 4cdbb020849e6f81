"""Problems are data: validators return them, the CLI prints them, exceptions carry exit codes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the content, located as precisely as we can.

    `path` is relative to the repository root (POSIX separators) so that messages read the same on
    every machine and GitHub can place annotations; `line` is 1-based, or None when the problem is
    about a whole file.
    """

    path: str
    line: int | None
    message: str
    hint: str = ""
    field: str = ""
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def format(self, hint: str = "hint:", warning: str = "warning: ") -> str:
        """`path:line: message` then, when there is one, an indented `hint:` line (the labels
        can be given in another language)."""
        prefix = "" if self.is_error else warning
        text = f"{self.location()}: {prefix}{self.message}"
        if self.hint:
            text += f"\n    {hint} {self.hint}"
        return text

    def sort_key(self) -> tuple[str, int, str]:
        return (self.path, self.line or 0, self.message)


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=Problem.sort_key)


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


class BadgegenError(Exception):
    """Base of the exceptions the CLI turns into an exit status."""

    exit_code = 1


class ContentError(BadgegenError):
    """The content (or the configuration) is invalid; the problems say where and how to fix it."""

    exit_code = 1

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = sorted_problems(problems)
        count = len(errors_in(self.problems))
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the content")


class UsageError(BadgegenError):
    """The command was called wrongly (bad arguments, missing repository, ...)."""

    exit_code = 2
