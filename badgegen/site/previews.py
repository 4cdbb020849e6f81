"""Link previews of the pages that have no award card: home, badge and issuer pages.

A shared link shows a 1200×627 PNG (LinkedIn and most networks show no SVG): the page's picture on
the left panel, its title and one line of context on the right, the site's name in the bottom band,
drawn like the award cards (`cards.py`). Pages with no picture of their own (the explainer, the
endorsements, the legal notice, the 404 page, a showcase without a valid award) use the home card.
"""

from __future__ import annotations

from badgegen.config import Config
from badgegen.content.model import Gallery
from badgegen.memo import BYTES, kept
from badgegen.outputs import OutputFile
from badgegen.site.card_text import TextBlock, draw_blocks, fit_text
from badgegen.site.cards import (
    BAND,
    CARD_BADGE_SIZE,
    CARD_HEIGHT,
    MUTED,
    TEXT,
    TEXT_LEFT,
    TEXT_WIDTH,
    canvas,
    finish,
)
from badgegen.site.fonts import CardFonts, card_fonts, simplify
from badgegen.site.i18n import translations
from badgegen.site.icons import picture_png, site_picture_path
from badgegen.site.theme import theme_dirs
from badgegen.urls import Urls

STAGE = "site.previews"


@kept(maxsize=512, disk=BYTES)  # a rebuild draws only the cards whose text or picture changed
def page_card(
    picture: bytes | None, title: str, context: str, site_title: str, fonts: CardFonts
) -> bytes:
    """A 1200×627 PNG: `picture` (PNG bytes, or None) on a light panel, `title` in bold and
    `context` below it, the site's title in the bottom band. Long texts wrap, shrink, then end
    with `…`."""
    prepare = simplify if fonts.fallback else str
    card, draw = canvas(picture)
    title_font, title_lines = fit_text(prepare(title), fonts.bold, (64, 56, 48, 40), TEXT_WIDTH, 3)
    context_font, lines = fit_text(prepare(context), fonts.regular, (32, 28, 24), TEXT_WIDTH, 3)
    blocks = [
        TextBlock(title_lines, title_font, TEXT, True, 0),
        TextBlock(lines if context else [], context_font, MUTED, False, 28),
    ]
    total = sum(b.height() for b in blocks)
    draw_blocks(draw, blocks, max(24, (CARD_HEIGHT - BAND - total) // 2), fonts, left=TEXT_LEFT)
    return finish(card, draw, prepare(site_title), fonts)


def preview_files(gallery: Gallery, config: Config) -> list[OutputFile]:
    """The home card (`Urls.site_card`), and a card per badge and per issuer page."""
    fonts = card_fonts(theme_dirs(config))
    gettext = translations(config.site.language).gettext
    ngettext = translations(config.site.language).ngettext
    site_title = config.site.title
    site_path = site_picture_path(gallery, config)
    site_picture = picture_png(gallery, site_path, CARD_BADGE_SIZE) if site_path else None
    badges = ngettext("%(num)d badge", "%(num)d badges", len(gallery.badges)) % {
        "num": len(gallery.badges)
    }
    awards = ngettext("%(num)d award", "%(num)d awards", len(gallery.awards)) % {
        "num": len(gallery.awards)
    }
    files = [
        _file(
            Urls.site_card,
            page_card(
                site_picture,
                site_title,
                f"{gettext('Open badges recognise skills and contributions.')} {badges} · {awards}",
                site_title,
                fonts,
            ),
        )
    ]
    for badge in gallery.badges:
        issuer = gallery.party(badge.issuer).name
        context = f"{gettext('Issued by')} {issuer}"
        picture = picture_png(gallery, badge.image, CARD_BADGE_SIZE)
        card = page_card(picture, badge.name, context, site_title, fonts)
        files.append(_file(Urls.badge_card(badge.slug), card))
    for issuer_record in gallery.issuers:
        count = len(gallery.badges_of_issuer(issuer_record.slug))
        context = (
            ngettext("%(num)d badge", "%(num)d badges", count) % {"num": count} if count else ""
        )
        image = issuer_record.image
        issuer_picture = picture_png(gallery, image, CARD_BADGE_SIZE) if image else None
        card = page_card(issuer_picture, issuer_record.name, context, site_title, fonts)
        files.append(_file(Urls.issuer_card(issuer_record.slug), card))
    return files


def _file(path: str, data: bytes) -> OutputFile:
    return OutputFile(path, data, stage=STAGE)
