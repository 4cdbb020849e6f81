"""Markdown → sanitized HTML. Content is untrusted: whatever Markdown lets through, nh3 cleans."""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

import markdown as markdown_lib
import nh3

from badgegen.content import limits

CONTAINER = re.compile(r"\s{0,3}(?:>|(?:[*+-]|\d{1,9}[.)])(?=\s|$))\s*")
"""A quote marker, or a list item marker followed by a space, at the start of a line."""

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table",
    "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}


def nesting(line: str) -> int:
    """How many lists and quotes a Markdown line opens or continues (markers and indents)."""
    depth = 0
    rest = line.expandtabs(4)
    while True:
        indent = len(rest) - len(rest.lstrip(" "))
        if indent >= 4:
            depth += indent // 4
            rest = rest[indent - indent % 4 :]
            continue
        match = CONTAINER.match(rest)
        if not match or not match.group(0):
            return depth
        depth += 1
        rest = rest[match.end() :]


def markdown_problem(text: str) -> tuple[int, str] | None:
    """(line within the text, message) when rendering it would cost unbounded work."""
    for number, line in enumerate(text.splitlines(), start=1):
        if nesting(line) > limits.MAX_MARKDOWN_NESTING:
            return number, (
                f"the text nests lists or quotes more than {limits.MAX_MARKDOWN_NESTING} deep"
            )
    if text.count("[") > limits.MAX_MARKDOWN_BRACKETS:
        return 1, f"the text has more than {limits.MAX_MARKDOWN_BRACKETS} '[' characters"
    return None


@lru_cache(maxsize=16_384)  # every narrative, bio and comment of a 10,000-award site
def render_markdown(text: str) -> str:
    """Render Markdown and keep only harmless tags; headings start at h2 (pages own the h1)."""
    if not text.strip():
        return ""
    try:
        html = markdown_lib.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    except RecursionError:  # validation bounds nesting; this is the last line of defence
        html = f"<p>{escape(text)}</p>"
    for level in range(5, 0, -1):  # shift h1..h5 down one level so the page's h1 stays unique
        html = html.replace(f"<h{level}", f"<h{level + 1}").replace(
            f"</h{level}>", f"</h{level + 1}>"
        )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener nofollow ugc",
    )
