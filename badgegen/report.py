"""How problems are shown: plain text for people, GitHub Actions annotations, JSON for tools.

The build returns problems as data; only this module decides how they look.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Protocol

from badgegen.errors import Problem, sorted_problems
from badgegen.log import redact

FORMATS = ("text", "github", "json")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem) -> str:
    """`::error file=…,line=…,title=…::message` — GitHub shows it on that line of the pull request."""
    level = "error" if problem.is_error else "warning"
    properties = [f"file={_escape_property(problem.path)}"]
    if problem.line:
        properties.append(f"line={problem.line}")
    properties.append(f"title={_escape_property('badgegen ' + level)}")
    message = problem.message + (f"\nhint: {problem.hint}" if problem.hint else "")
    return f"::{level} {','.join(properties)}::{_escape_data(message)}"


def count(number: int, noun: str) -> str:
    """`1 badge`, `2 badges`, `0 badges` (every noun badgegen counts takes an s)."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def summary(problems: Sequence[Problem]) -> str:
    errors = sum(1 for p in problems if p.is_error)
    return f"{count(errors, 'error')}, {count(len(problems) - errors, 'warning')}"


class Figures(Protocol):
    """What a build counts (`build.BuildStats` has these)."""

    @property
    def badges(self) -> int: ...
    @property
    def issuers(self) -> int: ...
    @property
    def earners(self) -> int: ...
    @property
    def awards(self) -> int: ...
    @property
    def endorsements(self) -> int: ...
    @property
    def credentials(self) -> int: ...


def build_summary(figures: Figures) -> str:
    """`7 badges, 3 issuers, …, 48 credentials signed`: the figures every build ends with."""
    return ", ".join(
        [
            count(figures.badges, "badge"),
            count(figures.issuers, "issuer"),
            count(figures.earners, "earner"),
            count(figures.awards, "award"),
            count(figures.endorsements, "endorsement"),
            f"{count(figures.credentials, 'credential')} signed",
        ]
    )


def render(problems: Sequence[Problem], fmt: str = "text") -> str:
    """Every problem in the chosen format, sorted by file and line, with private data redacted."""
    ordered = sorted_problems(problems)
    if fmt == "json":
        return json.dumps([asdict(p) for p in ordered], ensure_ascii=False, indent=2)
    if fmt == "github":
        lines = [github_annotation(p) for p in ordered]
    else:
        lines = [p.format() for p in ordered]
        if ordered:
            lines.append(summary(ordered))
    return redact("\n".join(lines))
