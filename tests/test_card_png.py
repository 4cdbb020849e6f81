"""The cards' own PNG encoder: rows shared by the cards of a badge are deflated once, and the
image any decoder reads is the card that was drawn."""

from __future__ import annotations

import io
import random
import zlib

import pytest
from PIL import Image

from badgegen.content.png import read_chunks
from badgegen.site import card_png, cards
from badgegen.site.fonts import card_fonts
from tests.conftest import REPO_ROOT

PICTURE = (REPO_ROOT / "content/badges/images/accueil-ecoute.png").read_bytes()


def _palette_image() -> Image.Image:
    rng = random.Random(3)
    image = Image.new("P", (40, 30))
    image.putpalette([rng.randrange(256) for _ in range(3 * 256)])
    image.putdata([rng.randrange(256) if y % 7 else 5 for y in range(30) for _x in range(40)])
    return image


def test_an_image_encoded_in_segments_decodes_to_its_own_pixels_and_palette() -> None:
    image = _palette_image()
    parts = [
        card_png.segment(card_png.filtered(image.crop((0, 0, 40, 11))), last=False),
        card_png.segment(card_png.filtered(image.crop((0, 11, 40, 11))), last=False),  # no rows
        card_png.segment(card_png.filtered(image.crop((0, 11, 40, 30))), last=True),
    ]
    data = card_png.png(card_png.header(image), parts)
    assert [c.type for c in read_chunks(data)] == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]
    with Image.open(io.BytesIO(data)) as decoded:
        decoded.load()
        assert (decoded.mode, decoded.size) == ("P", (40, 30))
        assert decoded.tobytes() == image.tobytes()
        assert decoded.getpalette() == image.getpalette()
    idat = next(c.data for c in read_chunks(data) if c.type == b"IDAT")
    assert zlib.decompress(idat) == card_png.filtered(image)  # the Adler-32 is checked too


@pytest.mark.parametrize("status", ["", "Revoked"])
def test_a_card_decodes_to_its_badge_s_base_beside_its_text_the_same_bytes_each_time(
    status: str,
) -> None:
    fonts = card_fonts()
    args = ("Premiers pas en ligne", "Camille Martin", "Atelier", "Délivré le 14 mars 2025", "Site")
    data = cards.social_card(PICTURE, *args, fonts=fonts, status_text=status)
    with Image.open(io.BytesIO(data)) as card:
        card.load()
        assert (card.mode, card.size) == ("P", (cards.CARD_WIDTH, cards.CARD_HEIGHT))
        base = cards._award_base(PICTURE, "Site", fonts).paletted
        panel = (0, 0, cards.PANEL_WIDTH, cards.CARD_HEIGHT)
        assert card.crop(panel).tobytes() == base.crop(panel).tobytes()
        assert card.tobytes() != base.tobytes()
    cards.social_card.cache_clear()
    assert cards.social_card(PICTURE, *args, fonts=fonts, status_text=status) == data
