"""A new badge's provisional picture, so that a badge works before its real picture exists.

`badgegen new badge` writes `placeholder_svg(name, slug)` next to the badge file; the build then
warns, for as long as that file stays, that the badge still shows it (`build --publish` refuses
it: a baked badge keeps its picture for ever).

The SVG is as plain as SVG gets, so that any allow-list sanitiser keeps it whole: one `svg`
element holding `circle` and `text` elements with presentation attributes only. No script, no
style sheet, no link, no external reference, no font file (common font names, then
`sans-serif`). The name is
XML-escaped. A comment marks the file as the placeholder; an edited picture loses it.
"""

from __future__ import annotations

import hashlib
import textwrap
from pathlib import Path
from xml.sax.saxutils import escape

from badgegen.content.validate import Record
from badgegen.errors import Problem, Severity

MARK = "badgegen:placeholder"
"""In the placeholder's first comment; a picture without it is a real one."""

PALETTE = (
    ("#1b5e20", "#e8f5e9"),
    ("#0d47a1", "#e3f2fd"),
    ("#4a148c", "#f3e5f5"),
    ("#b71c1c", "#ffebee"),
    ("#004d40", "#e0f2f1"),
    ("#3e2723", "#efebe9"),
)
"""(dark, light) pairs: dark text on light and light text on dark are both above 7:1."""

FONTS = "DejaVu Sans, Verdana, Arial, sans-serif"
"""Fonts found on most systems: resvg needs a real font name to draw text."""
LINE_WIDTH = 14
"""Characters per line of the name; three lines at most, the last cut with `…`."""


def colours(slug: str) -> tuple[str, str]:
    """The badge's colour pair, picked from its slug: stable from one run to the next."""
    index = int(hashlib.sha256(slug.encode("utf-8")).hexdigest(), 16) % len(PALETTE)
    return PALETTE[index]


def placeholder_svg(name: str, slug: str) -> str:
    """A 256×256 round badge: the name in the badge's dark colour on its light colour."""
    dark, light = colours(slug)
    lines = textwrap.wrap(name, LINE_WIDTH, break_long_words=True) or [slug]
    if len(lines) > 3:
        lines = [*lines[:2], textwrap.shorten(" ".join(lines[2:]), LINE_WIDTH, placeholder="…")]
    size = 26 if len(lines) < 3 else 22
    step = round(size * 1.25)
    first = 128 - (len(lines) - 1) * step / 2 + size * 0.35
    texts = "\n".join(
        f'  <text x="128" y="{first + i * step:.0f}" text-anchor="middle" '
        f'font-family="{FONTS}" font-size="{size}" font-weight="bold" '
        f'fill="{dark}">{escape(line)}</text>'
        for i, line in enumerate(lines)
    )
    return (
        f"<!-- {MARK}: provisional picture written by `badgegen new badge`; replace this file -->\n"
        '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">\n'
        f'  <circle cx="128" cy="128" r="124" fill="{dark}"/>\n'
        f'  <circle cx="128" cy="128" r="108" fill="{light}" stroke="{dark}" stroke-width="4"'
        ' stroke-dasharray="10 8"/>\n'
        f"{texts}\n"
        "</svg>\n"
    )


def is_placeholder(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            head = stream.read(200)
    except OSError:
        return False
    return MARK.encode() in head


def placeholder_problems(records: list[Record], severity: Severity = "warning") -> list[Problem]:
    """A problem for every badge whose picture is still the provisional one."""
    problems: list[Problem] = []
    for record in records:
        image = record.values.get("image") if record.kind == "badge" else None
        if not isinstance(image, str):
            continue
        if is_placeholder(record.source.path.parent / image):
            problems.append(
                Problem(
                    record.source.rel,
                    record.raw.line("image"),
                    f"the badge's picture {image} is still the placeholder written by "
                    "`badgegen new badge`",
                    "save the real picture (square PNG or SVG) over it, or point image: at it",
                    field="image",
                    severity=severity,
                )
            )
    return problems
