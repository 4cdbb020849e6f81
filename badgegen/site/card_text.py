"""The text of the cards: wrapping, fitting, and drawing blocks of lines (`cards.py`,
`previews.py`).

A card's texts repeat from card to card: a badge's name and its issuer on each of its awards,
an earner's name on each of theirs, a date on every award of that day. So the fitting of a
text and the drawing of a block (as an 8-bit coverage mask) are kept by their inputs, and a
card pastes its ink through the masks: the pixels are those `ImageDraw.text` gives, for a
fraction of the cost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from badgegen.site.fonts import CardFonts, FontLoader

TEXT_CACHE_SIZE = 8192
"""Texts and blocks kept per process: a site's badge, issuer and earner names and dates."""
MASK_MARGIN = 8
"""Pixels around a block's lines in its mask: glyphs (and the stroke of a fake bold) may reach
a little past the line's box."""


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap; a word wider than the line is cut between letters."""
    return list(_wrapped(text, font, width))


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _wrapped(text: str, font: ImageFont.FreeTypeFont, width: int) -> tuple[str, ...]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for char in word:
            if font.getlength(line + char) > width and line:
                lines.append(line)
                line = ""
            line += char
    if line:
        lines.append(line)
    return tuple(lines)


def fit_text(
    text: str, load: FontLoader, sizes: Sequence[int], width: int, max_lines: int
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which `text` fits in `max_lines`; at the smallest, cut it with `…`."""
    font, lines = _fitted(text, load, tuple(sizes), width, max_lines)
    return font, list(lines)


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _fitted(
    text: str, load: FontLoader, sizes: tuple[int, ...], width: int, max_lines: int
) -> tuple[ImageFont.FreeTypeFont, tuple[str, ...]]:
    for size in sizes:
        font = load(size)
        lines = list(_wrapped(text, font, width))
        if len(lines) <= max_lines:
            return font, tuple(lines)
    lines = lines[:max_lines]
    last = lines[-1]
    while last and font.getlength(last + "…") > width:
        last = last[:-1]
    lines[-1] = last.rstrip() + "…"
    return font, tuple(lines)


@dataclass(frozen=True, slots=True)
class TextBlock:
    lines: list[str]
    font: ImageFont.FreeTypeFont
    color: str
    bold: bool
    space_before: int

    def line_height(self) -> int:
        return round(self.font.size * 1.22)

    def height(self) -> int:
        return self.space_before + self.line_height() * len(self.lines)


def draw_blocks(
    draw: ImageDraw.ImageDraw,
    blocks: Sequence[TextBlock],
    y: int,
    fonts: CardFonts,
    *,
    left: int,
) -> None:
    """The text blocks one under the other from `y`, at the left edge of the text column."""
    for block in blocks:
        y += block.space_before
        for line in block.lines:
            draw.text(
                (left, y),
                line,
                font=block.font,
                fill=block.color,
                stroke_width=1 if block.bold and fonts.fake_bold else 0,
                stroke_fill=block.color,
            )
            y += block.line_height()


def paste_blocks(
    image: Image.Image, blocks: Sequence[TextBlock], y: int, fonts: CardFonts, *, left: int
) -> int:
    """What `draw_blocks` draws, through each block's kept mask; returns the `y` below them."""
    for block in blocks:
        y += block.space_before
        if block.lines:
            stroke = 1 if block.bold and fonts.fake_bold else 0
            mask = _block_mask(tuple(block.lines), block.font, stroke)
            box = (left - MASK_MARGIN, y - MASK_MARGIN)
            image.paste(block.color, (*box, box[0] + mask.width, box[1] + mask.height), mask)
        y += block.line_height() * len(block.lines)
    return y


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _block_mask(lines: tuple[str, ...], font: ImageFont.FreeTypeFont, stroke: int) -> Image.Image:
    """The coverage of `lines` drawn one under the other, with `MASK_MARGIN` around them."""
    line_height = round(font.size * 1.22)
    width = max(round(font.getlength(line)) for line in lines) + 2 * MASK_MARGIN + 2 * stroke
    mask = Image.new("L", (width, line_height * len(lines) + 2 * MASK_MARGIN), 0)
    draw = ImageDraw.Draw(mask)
    for index, line in enumerate(lines):
        position = (MASK_MARGIN, MASK_MARGIN + index * line_height)
        draw.text(position, line, font=font, fill=255, stroke_width=stroke, stroke_fill=255)
    return mask
