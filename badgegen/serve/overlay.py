"""The problem list shown over every preview page while the content does not build.

The page under it is the last good build, so the author sees both what is wrong and what the
site looked like. The overlay is plain HTML with its own inline style (the theme's CSS is not
assumed), announced to screen readers as an alert, and closable. Every text is escaped and
passed through the same redaction as the logs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from html import escape

from badgegen.errors import Problem, errors_in, sorted_problems
from badgegen.log import redact
from badgegen.site.typography import NBSP, NNBSP
from badgegen.speech import ENGLISH, Speech
from badgegen.wording import translated

OVERLAY_ID = "badgegen-overlay"

_STYLE = (
    "position:fixed;inset:auto 0 0 0;z-index:2147483647;max-height:70vh;overflow:auto;"
    "margin:0;padding:1rem 1.25rem;background:#fff;color:#1f2933;border-top:6px solid #b42318;"
    "box-shadow:0 -4px 24px rgba(0,0,0,.25);font:16px/1.45 system-ui,sans-serif;text-align:left"
)
_CODE = "font:0.95em ui-monospace,monospace;color:#1f2933;background:#f3f4f6;padding:0 .25em"
_BUTTON = (
    "float:right;font:inherit;padding:.25rem .75rem;border:1px solid #1f2933;border-radius:4px;"
    "background:#fff;color:#1f2933;cursor:pointer"
)


_CODE_SPAN = re.compile(r"(`[^`]*`)")
_SPACE_BEFORE = re.compile(r" ([:;?!»])|(«) ")


def _french_spaces(text: str) -> str:
    """The spaces the French texts already have before : ; ? ! and inside « », made
    non-breaking as on the site's pages; `code` (a field to copy) is left as it is."""

    def space(match: re.Match[str]) -> str:
        if match.group(2):
            return "«" + NNBSP
        mark = match.group(1)
        return (NBSP if mark == ":" else NNBSP) + mark

    parts = _CODE_SPAN.split(text)
    return "".join(p if p.startswith("`") else _SPACE_BEFORE.sub(space, p) for p in parts)


def _spaced(words: Speech) -> Callable[[str], str]:
    """French gets non-breaking spaces (the overlay is a web page, unlike the terminal)."""
    return _french_spaces if words.language == "fr" else str


def _item(problem: Problem, words: Speech) -> str:
    """One problem in `words`' language."""
    shown = translated(problem, words.language)
    spaced = _spaced(words)
    text = (
        f'<li style="margin:.5rem 0"><code style="{_CODE}">{escape(problem.location())}</code> '
        f"{escape(spaced(redact(shown.message)))}"
    )
    if shown.hint:
        hint = spaced(words._("hint:"))
        text += (
            f'<br><span style="color:#4b5563">{escape(hint)} '
            f"{escape(spaced(redact(shown.hint)))}</span>"
        )
    return text + "</li>"


def overlay_html(problems: Sequence[Problem], words: Speech = ENGLISH) -> str:
    """The overlay for these problems, or "" when none of them is an error. Its own texts are in
    `words`' language, and so are the problems (see `badgegen.wording`)."""
    errors = sorted_problems(errors_in(problems))
    if not errors:
        return ""
    spaced = _spaced(words)
    title = spaced(
        words.count(
            "The site was not rebuilt: %(num)d problem",
            "The site was not rebuilt: %(num)d problems",
            len(errors),
        )
    )
    items = "".join(_item(p, words) for p in errors)
    hide = escape(words._("Hide"))
    explain = escape(
        spaced(
            words._(
                "The page shows the last site that built. Fix the files and save: the page reloads "
                "by itself."
            )
        )
    )
    return (
        f'<aside id="{OVERLAY_ID}" role="alert" aria-labelledby="{OVERLAY_ID}-title" '
        f'style="{_STYLE}">'
        f'<button type="button" style="{_BUTTON}" '
        f'onclick="this.parentNode.remove()">{hide}</button>'
        f'<h2 id="{OVERLAY_ID}-title" style="margin:0 0 .5rem;font-size:1.2rem;color:#b42318">'
        f"{escape(title)}</h2>"
        f'<ul style="margin:0;padding-left:1.25rem">{items}</ul>'
        f'<p style="margin:.75rem 0 0;color:#4b5563">{explain}</p>'
        "</aside>"
    )
