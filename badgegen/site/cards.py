"""PNG images for sharing: a 1200×627 preview card per award, and PNG copies of SVG badges.

Social networks (LinkedIn wants 1.91:1, PNG or JPEG) and most mail clients do not show SVG, so a
shared award link would have no picture, and an email signature no badge, without these files.

Fonts: Pillow's built-in font (`ImageFont.load_default(size=…)`, Pillow ≥ 10.1) needs nothing
installed, but it has no accented letters: "Réseau" would come out with a box. So the card uses,
in order, `fonts/card.ttf` (and `fonts/card-bold.ttf`) from the theme folders, a common free font
found on the system (DejaVu Sans, Liberation Sans, Arial), and only then the built-in font, with
letters it lacks spelled without their accents. The output is deterministic for a given set of
fonts; a theme that ships its fonts gets the same bytes on every machine (`fonts.py`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageColor, ImageDraw, ImageOps

from badgegen.config import Config
from badgegen.content.model import Award, BadgeClass, Gallery
from badgegen.memo import BYTES, kept
from badgegen.outputs import OutputFile
from badgegen.raster import render_png
from badgegen.site.card_png import Segment, filtered, header, png, segment
from badgegen.site.card_text import MASK_MARGIN, TextBlock, fit_text, paste_blocks, wrap
from badgegen.site.filters import format_date
from badgegen.site.fonts import CardFonts, card_fonts, simplify
from badgegen.site.i18n import translations
from badgegen.site.theme import theme_dirs
from badgegen.urls import Urls

STAGE = "site.cards"
CARD_WIDTH = 1200
CARD_HEIGHT = 627
"""LinkedIn's and Facebook's recommended link preview size (1.91:1)."""
BADGE_PNG_SIZE = 256
"""Width of the PNG rendering of SVG badges: 80 px in a signature, sharp at 3× density."""
CARD_BADGE_SIZE = 360

# Colours of the default theme; text pairs are ≥ 7:1 (WCAG AAA) on their background.
WHITE = "#ffffff"
TEXT = "#1f2933"
MUTED = "#4b5563"
PANEL = "#eef2f7"
BRAND = "#16325c"
STATUS_TEXT = "#9b1c1c"
STATUS_BG = "#fdecec"


CARD_CACHE_SIZE = 2048
"""Cards kept in memory (about 30 kB each, so at most about 60 MB): past that, the preview's
rebuild reads them from the cache folder (`memo.use_disk`, on unless `--no-cache`) rather than
hold a site of 10,000 awards' worth (300 MB) in memory. `badgegen build` does not write them
there: the cards of a part whose awards did not change are not drawn at all, they stay the
files of the previous site (`rebuild.py`)."""


@kept(maxsize=CARD_CACHE_SIZE, disk=BYTES, in_builds=False)
def social_card(
    badge_png: bytes,
    badge_name: str,
    earner_name: str,
    issuer_name: str,
    date_text: str,
    site_title: str,
    *,
    awarded_to: str = "Awarded to",
    issued_by: str = "Issued by",
    status_text: str = "",
    fonts: CardFonts | None = None,
) -> bytes:
    """A 1200×627 PNG: the badge on a light panel on the left, who earned what on the right, the
    site's name in a band at the bottom. Long names wrap, then shrink, then end with `…`.

    `date_text` is printed as given (the caller formats it in the site's language); the
    `awarded_to` and `issued_by` labels are translated by the caller too. A non-empty
    `status_text` ("Revoked") is shown in red above the badge name.
    """
    fonts = fonts or card_fonts()
    prepare = simplify if fonts.fallback else str
    base = _award_base(badge_png, prepare(site_title), fonts)
    # Only the text column is drawn per award, on white, then mapped to the badge's palette.
    column = Image.new("RGB", (CARD_WIDTH - PANEL_WIDTH, CARD_HEIGHT - BAND), WHITE)
    draw = ImageDraw.Draw(column)
    left, width = TEXT_LEFT - PANEL_WIDTH, TEXT_WIDTH
    band = BAND

    title_font, title = fit_text(prepare(badge_name), fonts.bold, (60, 52, 44, 38), width, 3)
    earner_font, earner = fit_text(prepare(earner_name), fonts.bold, (44, 38, 32), width, 2)
    issuer_font, issuer = fit_text(
        prepare(f"{issued_by} {issuer_name}"), fonts.regular, (30, 26), width, 2
    )
    small = fonts.regular(28)
    blocks = [
        TextBlock(title, title_font, TEXT, True, 0),
        TextBlock(wrap(prepare(awarded_to), small, width)[:1], small, MUTED, False, 22),
        TextBlock(earner, earner_font, TEXT, True, 0),
        TextBlock(issuer, issuer_font, TEXT, False, 22),
        TextBlock(wrap(prepare(date_text), small, width)[:1], small, MUTED, False, 4),
    ]
    status_font = fonts.bold(28)
    status_height = round(status_font.size * 1.22) + 28 if status_text else 0
    total = sum(b.height() for b in blocks) + status_height
    y = top = max(24, (CARD_HEIGHT - band - total) // 2)
    if status_text:
        label = prepare(status_text)
        box_width = round(status_font.getlength(label)) + 32
        box_height = round(status_font.size * 1.22) + 12
        draw.rounded_rectangle((left, y, left + box_width, y + box_height), 8, fill=STATUS_BG)
        draw.text(
            (left + 16, y + 6),
            label,
            font=status_font,
            fill=STATUS_TEXT,
            stroke_width=1 if fonts.fake_bold else 0,
            stroke_fill=STATUS_TEXT,
        )
        y += status_height
    bottom = paste_blocks(column, blocks, y, fonts, left=left)
    # Only the rows that hold text are mapped to the palette (pixel by pixel, no dithering:
    # the same as mapping the whole column); the others are the base's white already.
    inked = (0, max(0, top - MASK_MARGIN), column.width, min(column.height, bottom + MASK_MARGIN))
    text = column.crop(inked).quantize(palette=base.palette, dither=Image.Dither.NONE)
    # The rows above and below the text are the base's, encoded once per badge (`card_png`).
    start, end = inked[1], inked[3]
    middle = base.paletted.crop((0, start, CARD_WIDTH, end))
    middle.paste(text, (PANEL_WIDTH, 0))
    key = (badge_png, prepare(site_title), fonts)
    segments = [_rows(*key, 0, start), segment(filtered(middle), last=False)]
    return png(_head(*key), [*segments, _rows(*key, end, CARD_HEIGHT)])


@dataclass(frozen=True, slots=True)
class _Base:
    paletted: Image.Image
    """The card without its text column: badge, panel and footer band, in `palette`'s colours."""
    palette: Image.Image
    """256 colours: the badge's, the theme's, and the blends of anti-aliased text."""


@lru_cache(maxsize=32)
def _award_base(picture: bytes, footer: str, fonts: CardFonts) -> _Base:
    """What the cards of one badge share, drawn and reduced to 256 colours once per badge: each
    award then draws only its text column and maps it to the same palette (no quantizing of a
    whole card per award)."""
    card, draw = canvas(picture)
    _footer(draw, footer, fonts)
    # The palette is taken from the card with samples of every text style in the text column,
    # so that the edges of the letters of any award find their blends in it.
    sample = card.copy()
    ink = ImageDraw.Draw(sample)
    y = 24
    for size, color in ((60, TEXT), (44, TEXT), (30, TEXT), (28, MUTED), (28, STATUS_TEXT)):
        font = (fonts.bold if size > 30 or color == STATUS_TEXT else fonts.regular)(size)
        if color == STATUS_TEXT:
            ink.rectangle((TEXT_LEFT, y, CARD_WIDTH - 1, y + 48), fill=STATUS_BG)
        ink.text((TEXT_LEFT, y), "Aa Éé gqj 0123 W", font=font, fill=color)
        y += round(size * 1.4)
    palette = Image.new("P", (1, 1))
    palette.putpalette(_palette(sample))
    # Each pixel takes its nearest colour, without dithering: badges are drawn in flat colours,
    # and dithering their large plain areas would only add noise (files a third larger).
    return _Base(card.quantize(palette=palette, dither=Image.Dither.NONE), palette)


THEME_COLORS = (WHITE, TEXT, MUTED, PANEL, BRAND, STATUS_TEXT, STATUS_BG)


def _palette(sample: Image.Image) -> list[int]:
    """256 colours for `sample`: the theme's, exactly (white stays white), and the octree's
    choice for the rest, less those so close to a theme colour that Pillow's colour lookup
    could take them for it."""
    exact = [ImageColor.getrgb(color)[:3] for color in THEME_COLORS]
    picked = sample.quantize(256 - len(exact), method=Image.Quantize.FASTOCTREE).getpalette()
    values = picked or []
    others = [tuple(values[i : i + 3]) for i in range(0, len(values), 3)]
    kept = [c for c in others if all(_distance(c, e) > 8 for e in exact)]
    return [v for rgb in exact + kept[: 256 - len(exact)] for v in rgb]


def _distance(one: Sequence[int], other: Sequence[int]) -> int:
    return sum(abs(a - b) for a, b in zip(one, other, strict=True))


@lru_cache(maxsize=32)
def _head(picture: bytes, footer: str, fonts: CardFonts) -> bytes:
    return header(_award_base(picture, footer, fonts).paletted)


@lru_cache(maxsize=256)
def _rows(picture: bytes, footer: str, fonts: CardFonts, start: int, end: int) -> Segment:
    """Rows `start` to `end` of a badge's base, encoded; the bottom ones end the image data."""
    rows = _award_base(picture, footer, fonts).paletted.crop((0, start, CARD_WIDTH, end))
    return segment(filtered(rows), last=end == CARD_HEIGHT)


BAND = 72
"""Height of the bottom band that carries the site's title."""
PANEL_WIDTH = 480
TEXT_LEFT = PANEL_WIDTH + 56
TEXT_WIDTH = CARD_WIDTH - TEXT_LEFT - 56


def canvas(picture: bytes | None) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    """A blank card: `picture` (PNG bytes) centred on the light left panel, the bottom band."""
    card = Image.new("RGB", (CARD_WIDTH, CARD_HEIGHT), WHITE)
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, PANEL_WIDTH - 1, CARD_HEIGHT - BAND - 1), fill=PANEL)
    draw.rectangle((0, CARD_HEIGHT - BAND, CARD_WIDTH - 1, CARD_HEIGHT - 1), fill=BRAND)
    if picture is not None:
        with Image.open(io.BytesIO(picture)) as source:
            image = ImageOps.contain(source.convert("RGBA"), (CARD_BADGE_SIZE, CARD_BADGE_SIZE))
        top = (CARD_HEIGHT - BAND - image.height) // 2
        card.paste(image, ((PANEL_WIDTH - image.width) // 2, top), image)
    return card, draw


def _footer(draw: ImageDraw.ImageDraw, footer: str, fonts: CardFonts) -> None:
    """Write `footer` (the site's title) in the band."""
    footer_font, lines = fit_text(footer, fonts.regular, (28, 24), CARD_WIDTH - 112, 1)
    footer_y = CARD_HEIGHT - BAND + (BAND - round(footer_font.size * 1.22)) // 2
    draw.text((56, footer_y), lines[0], font=footer_font, fill=WHITE)


def finish(card: Image.Image, draw: ImageDraw.ImageDraw, footer: str, fonts: CardFonts) -> bytes:
    """Write `footer` (the site's title) in the band and encode the card as PNG."""
    _footer(draw, footer, fonts)
    # 256 colours (dithered) look the same on a card of flat colours and text, and make the file
    # three times smaller and its encoding twice as fast as 24-bit PNG.
    buffer = io.BytesIO()
    card.quantize(256, method=Image.Quantize.FASTOCTREE).save(buffer, "PNG")
    return buffer.getvalue()


def square_png(png: bytes) -> bytes:
    """`png` centred on a transparent square: a signature states equal width and height."""
    with Image.open(io.BytesIO(png)) as image:
        if image.width == image.height:
            return png
        side = max(image.size)
        square = Image.new("RGBA", (side, side), (0, 0, 0, 0))
        offset = ((side - image.width) // 2, (side - image.height) // 2)
        square.paste(image.convert("RGBA"), offset)
    buffer = io.BytesIO()
    square.save(buffer, "PNG")
    return buffer.getvalue()


def _is_svg(badge: BadgeClass) -> bool:
    return badge.image.suffix.lower() == ".svg"


def _card(
    gallery: Gallery, award: Award, picture: bytes, config: Config, fonts: CardFonts
) -> bytes:
    language = config.site.language
    gettext = translations(language).gettext
    badge = gallery.badge(award.badge)
    if award.revoked:
        status = gettext("Revoked")
    elif award.is_expired(gallery.now):
        status = gettext("Expired")
    else:
        status = ""
    return social_card(
        picture,
        badge.name,
        gallery.earner(award.earner).name,
        gallery.party(badge.issuer).name,
        f"{gettext('Issued on')} {format_date(award.issued_on, language)}",
        config.site.title,
        awarded_to=gettext("Awarded to"),
        issued_by=gettext("Issued by"),
        status_text=status,
        fonts=fonts,
    )


def card_files(gallery: Gallery, config: Config) -> list[OutputFile]:
    """A preview card per award (`Urls.social_card`), and a PNG of every SVG badge
    (`Urls.badge_png`, BADGE_PNG_SIZE wide) for email signatures and embeds.

    PNG badges need no copy: `Urls.badge_png` is then the path of the original image.
    Every award gets a card, unlisted and private earners' too: their pages exist, only unlinked.
    """
    fonts = card_fonts(theme_dirs(config))
    files: list[OutputFile] = []
    pictures: dict[str, bytes] = {}
    """Badge image as PNG for the cards, rendered once per badge."""
    for badge in gallery.badges:
        if _is_svg(badge):
            svg = gallery.file(badge.image)
            small = square_png(render_png(svg, BADGE_PNG_SIZE))
            files.append(OutputFile(Urls.badge_png(badge.slug), small, stage=STAGE))
            pictures[badge.slug] = render_png(svg, CARD_BADGE_SIZE)
        else:
            pictures[badge.slug] = gallery.file(badge.image)
    for award in gallery.awards:
        if gallery.earner(award.earner).forgotten is not None:
            continue  # their award page names no one and shows the site's card
        png = _card(gallery, award, pictures[award.badge], config, fonts)
        files.append(OutputFile(Urls.social_card(award.id), png, stage=STAGE))
    return files
