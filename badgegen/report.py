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
from badgegen.speech import ENGLISH, Speech
from badgegen.wording import translated

FORMATS = ("text", "github", "json")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem, words: Speech = ENGLISH) -> str:
    """`::error file=…,line=…,title=…::message` — GitHub shows it on that line of the pull request."""
    level = "error" if problem.is_error else "warning"
    properties = [f"file={_escape_property(problem.path)}"]
    if problem.line:
        properties.append(f"line={problem.line}")
    properties.append(f"title={_escape_property('badgegen ' + level)}")
    hint = words._("hint:")
    message = problem.message + (f"\n{hint} {problem.hint}" if problem.hint else "")
    return f"::{level} {','.join(properties)}::{_escape_data(message)}"


def formatted(problem: Problem, words: Speech = ENGLISH) -> str:
    """`path:line: message` and its `hint:` line, all in `words`' language."""
    shown = translated(problem, words.language)
    return shown.format(words._("hint:"), words._("warning: "))


def count(number: int, noun: str) -> str:
    """`1 badge`, `2 badges`, `0 badges` (every noun badgegen counts takes an s)."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def summary(problems: Sequence[Problem], words: Speech = ENGLISH) -> str:
    """`2 errors, 1 warning`, in `words`' language."""
    errors = sum(1 for p in problems if p.is_error)
    return ", ".join(
        [
            words.count("%(num)d error", "%(num)d errors", errors),
            words.count("%(num)d warning", "%(num)d warnings", len(problems) - errors),
        ]
    )


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


def build_summary(figures: Figures, words: Speech = ENGLISH) -> str:
    """`7 badges, 3 issuers, …, 48 credentials signed`: the figures every build ends with."""
    return ", ".join(
        [
            words.count("%(num)d badge", "%(num)d badges", figures.badges),
            words.count("%(num)d issuer", "%(num)d issuers", figures.issuers),
            words.count("%(num)d earner", "%(num)d earners", figures.earners),
            words.count("%(num)d award", "%(num)d awards", figures.awards),
            words.count("%(num)d endorsement", "%(num)d endorsements", figures.endorsements),
            words.count(
                "%(num)d credential signed", "%(num)d credentials signed", figures.credentials
            ),
        ]
    )


def render(problems: Sequence[Problem], fmt: str = "text", words: Speech = ENGLISH) -> str:
    """Every problem in the chosen format, sorted by file and line, with private data redacted.

    Text and GitHub annotations are read by people: they are in `words`' language. JSON is read
    by tools: its messages stay the English ones the validators wrote."""
    ordered = sorted_problems(problems)
    if fmt == "json":
        return json.dumps([asdict(p) for p in ordered], ensure_ascii=False, indent=2)
    if fmt == "github":
        lines = [github_annotation(translated(p, words.language), words) for p in ordered]
    else:
        lines = [formatted(p, words) for p in ordered]
        if ordered:
            lines.append(summary(ordered, words))
    return redact("\n".join(lines))
