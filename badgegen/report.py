"""How problems are shown: plain text for people, GitHub Actions annotations, JSON for tools.

The build returns problems as data; only this module decides how they look.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict

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


def summary(problems: Sequence[Problem]) -> str:
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    return f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"


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
