"""Award cards are drawn per badge once, then per award only their text: the result must look
like the drawing itself (the 256 colours of the PNG are a faithful reduction of it)."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops, ImageDraw

from badgegen.site import cards
from badgegen.site.card_text import TextBlock, draw_blocks, paste_blocks
from badgegen.site.fonts import CardFonts, _default, card_fonts
from tests.conftest import REPO_ROOT

PICTURE = (REPO_ROOT / "content/badges/images/accueil-ecoute.png").read_bytes()
ARGS = ("Premiers pas en ligne", "Camille Martin", "Atelier", "Délivré le 14 mars 2025", "Site")


def _rgb(png: bytes) -> Image.Image:
    with Image.open(io.BytesIO(png)) as image:
        return image.convert("RGB")


def _close(drawn: Image.Image, reduced: Image.Image) -> tuple[float, float]:
    """Mean difference per channel (0–255) and the share of pixels off by more than 16."""
    diff = ImageChops.difference(drawn, reduced).convert("L")
    histogram = diff.histogram()
    total = sum(histogram)
    mean = sum(level * count for level, count in enumerate(histogram)) / total
    return mean, sum(histogram[17:]) / total


def test_the_badge_part_is_a_faithful_reduction_of_the_drawing() -> None:
    fonts = card_fonts()
    drawn, draw = cards.canvas(PICTURE)
    cards._footer(draw, "Site", fonts)
    base = cards._award_base(PICTURE, "Site", fonts)
    mean, off = _close(drawn, base.paletted.convert("RGB"))
    assert mean < 1.0 and off < 0.002, (mean, off)


def test_the_text_column_keeps_the_theme_colours_exactly() -> None:
    card = _rgb(cards.social_card(PICTURE, *ARGS, fonts=card_fonts(), status_text="Revoked"))
    column = card.crop((cards.PANEL_WIDTH, 0, cards.CARD_WIDTH, cards.CARD_HEIGHT - cards.BAND))
    colours = {colour for _count, colour in column.getcolors(1 << 16) or []}
    hex_colours = {"#{:02x}{:02x}{:02x}".format(*c) for c in colours}
    assert {cards.WHITE, cards.TEXT, cards.MUTED, cards.STATUS_TEXT, cards.STATUS_BG} <= hex_colours


def test_cards_of_one_badge_share_their_badge_part_and_differ_in_text() -> None:
    fonts = card_fonts()
    first = _rgb(cards.social_card(PICTURE, *ARGS, fonts=fonts))
    other = _rgb(cards.social_card(PICTURE, ARGS[0], "Inès Nguyen", *ARGS[2:], fonts=fonts))
    panel = (0, 0, cards.PANEL_WIDTH, cards.CARD_HEIGHT)
    assert ImageChops.difference(first.crop(panel), other.crop(panel)).getbbox() is None
    assert ImageChops.difference(first, other).getbbox() is not None
    cards.social_card.cache_clear()
    cards._award_base.cache_clear()
    assert _rgb(cards.social_card(PICTURE, *ARGS, fonts=fonts)).tobytes() == first.tobytes()


def _drawn_and_pasted(fonts: CardFonts) -> tuple[Image.Image, Image.Image]:
    blocks = [
        TextBlock(["Premiers pas", "en ligne, « gqj »"], fonts.bold(60), cards.TEXT, True, 0),
        TextBlock(["Attribué à"], fonts.regular(28), cards.MUTED, False, 22),
        TextBlock(["Élodie Ängström-Ÿçé"], fonts.bold(44), cards.TEXT, True, 0),
        TextBlock(["Délivré le 14 mars 2025"], fonts.regular(28), cards.MUTED, False, 4),
    ]
    drawn = Image.new("RGB", (720, 555), cards.WHITE)
    draw_blocks(ImageDraw.Draw(drawn), blocks, 40, fonts, left=56)
    pasted = Image.new("RGB", (720, 555), cards.WHITE)
    bottom = paste_blocks(pasted, blocks, 40, fonts, left=56)
    assert bottom == 40 + sum(block.height() for block in blocks)
    return drawn, pasted


@pytest.mark.parametrize("built_in", [False, True], ids=["system font", "built-in fake bold"])
def test_text_pasted_through_kept_masks_has_the_pixels_of_text_drawn_directly(
    built_in: bool,
) -> None:
    fonts = CardFonts(_default, _default, fake_bold=True, fallback=True) if built_in else None
    drawn, pasted = _drawn_and_pasted(fonts or card_fonts())
    assert len(drawn.getcolors(1 << 16) or []) > 20  # anti-aliased text was drawn
    assert ImageChops.difference(drawn, pasted).getbbox() is None
