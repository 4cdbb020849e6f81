"""The problem list shown over every preview page while the content does not build.

The page under it is the last good build, so the author sees both what is wrong and what the
site looked like. The overlay is plain HTML with its own inline style (the theme's CSS is not
assumed), announced to screen readers as an alert, and closable. Every text is escaped and
passed through the same redaction as the logs.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from badgegen.errors import Problem, errors_in, sorted_problems
from badgegen.log import redact
from badgegen.speech import ENGLISH, Speech

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


def _item(problem: Problem, hint: str) -> str:
    text = (
        f'<li style="margin:.5rem 0"><code style="{_CODE}">{escape(problem.location())}</code> '
        f"{escape(redact(problem.message))}"
    )
    if problem.hint:
        text += (
            f'<br><span style="color:#4b5563">{escape(hint)} {escape(redact(problem.hint))}</span>'
        )
    return text + "</li>"


def overlay_html(problems: Sequence[Problem], words: Speech = ENGLISH) -> str:
    """The overlay for these problems, or "" when none of them is an error. Its own texts are in
    `words`' language; the problems' messages are as the validators wrote them."""
    errors = sorted_problems(errors_in(problems))
    if not errors:
        return ""
    title = words.count(
        "The site was not rebuilt: %(num)d problem",
        "The site was not rebuilt: %(num)d problems",
        len(errors),
    )
    items = "".join(_item(p, words._("hint:")) for p in errors)
    hide = escape(words._("Hide"))
    explain = escape(
        words._(
            "The page shows the last site that built. Fix the files and save: the page reloads "
            "by itself."
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
