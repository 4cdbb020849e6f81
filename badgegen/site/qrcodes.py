"""QR codes of award verification pages, as small SVG files for screens and paper.

A printed badge is handed to people who may never type a URL: the QR code is the way back from
paper to the award page, where the status (valid, expired, revoked) is always current. So the code
encodes the award's short address, which never changes (`urls.py`) and leads to the award page,
and nothing else.

libzint (through the zxing-cpp package, whose own reader the tests decode the codes with) does
the encoding, in C: from a quarter to a tenth of the time of a pure-Python encoder, for one code
per award and per credential. The SVG is written here rather than with a library's writer so
that it carries what a page needs: `role="img"` with a `<title>`, a white background (a QR code
on a dark or transparent background does not scan), a `viewBox` so it scales to any print size,
and no timestamp or random id, so the same URL always gives the same bytes.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

import zxingcpp

from badgegen.config import Config
from badgegen.content.model import Gallery
from badgegen.memo import kept
from badgegen.outputs import OutputFile
from badgegen.site.i18n import translations
from badgegen.urls import Urls

STAGE = "site.qrcodes"
ERROR_LEVEL = "M"
"""15 % of the code can be lost (a fold, a smudge)."""
QUIET_ZONE = 4
"""Modules of white margin around the code: the ISO/IEC 18004 minimum for QR codes."""
PIXELS_PER_MODULE = 4
"""Default display size (width/height); the viewBox lets pages and print CSS choose another."""


def qr_matrix(url: str) -> tuple[bytes, ...]:
    """The rows of the QR code of `url` without the quiet zone, one byte a module: 0 dark, 255
    light. The encoder picks the smallest version and the mask that reads best (ISO/IEC 18004's
    penalty rules), the same for the same URL."""
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level=ERROR_LEVEL)
    image = code.to_image(scale=1, add_quiet_zones=False)
    size = image.shape[1]
    modules = bytes(memoryview(image))  # type: ignore[arg-type]  # its stub omits the buffer
    return tuple(modules[i : i + size] for i in range(0, len(modules), size))


def _path(matrix: tuple[bytes, ...]) -> str:
    """One path for the dark modules: each horizontal run of dark modules is one rectangle."""
    pieces = []
    for y, row in enumerate(matrix, QUIET_ZONE):
        for start, end in map(_span, _DARK_RUN.finditer(row)):
            width = end - start
            pieces.append(f"M{start + QUIET_ZONE} {y}h{width}v1h-{width}z")
    return "".join(pieces)


_DARK_RUN = re.compile(b"\x00+")
"""A run of dark modules in a row of the matrix (`qr_matrix`: 0 dark, 255 light)."""
_span = re.Match.span


QR_CACHE_SIZE = 24_576
"""Codes kept in memory (about 4 kB each): a site of 10,000 awards has about 22,000 (two per
award when signed, one per showcase), so a preview's rebuild draws only new ones. Between two
`badgegen build`s, a part of the stage whose awards did not change is not done at all
(`rebuild.py`): the files stay those of the previous site."""


@kept(maxsize=QR_CACHE_SIZE)
def qr_svg(url: str, title: str) -> bytes:
    """An accessible, scalable SVG QR code of `url` (UTF-8), the same bytes for the same input.

    `title` is the text alternative read by screen readers and shown as a tooltip; say what the
    code leads to (the image's `alt` in the page says it again for the `<img>` element).
    """
    matrix = qr_matrix(url)
    size = len(matrix) + 2 * QUIET_ZONE
    pixels = size * PIXELS_PER_MODULE
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'width="{pixels}" height="{pixels}" role="img" aria-labelledby="qr-title" '
        f'shape-rendering="crispEdges">'
        f'<title id="qr-title">{escape(title)}</title>'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f"<path fill={quoteattr('#000')} d={quoteattr(_path(matrix))}/>"
        "</svg>\n"
    )
    return svg.encode("utf-8")


def qr_files(gallery: Gallery, config: Config, *, signed: bool = False) -> list[OutputFile]:
    """The QR codes that lead from paper and screens back to the site.

    - `awards/<id>/qr.svg` for every award: the award's short address (`c/XXXX-XXXX/`), the one
      printed beside it, which leads to the award page. A shorter URL makes a coarser code,
      easier to scan from a small card. Unlisted and private earners' awards get one too: their
      award pages exist (only unlinked), and the code is printed for the earner, who chose to
      hand it over.
    - `awards/<id>/wallet-qr.svg` when credentials are signed: the credential's URL, which a
      wallet (the Learner Credential Wallet) imports; an HTML page is of no use to it.
    - `earners/<slug>/qr.svg` for every showcase page.
    """
    urls = Urls(config.site.base_url)
    gettext = translations(config.site.language).gettext
    files: list[OutputFile] = []
    for award in gallery.awards:
        url = urls.absolute(Urls.short_page(award.code))
        title = gettext("QR code of the page that checks this badge: %(url)s") % {"url": url}
        files.append(OutputFile(Urls.qr_code(award.id), qr_svg(url, title), stage=STAGE))
        if signed:
            url = urls.absolute(Urls.credential(award.id))
            title = gettext("QR code for a wallet: the signed credential %(url)s") % {"url": url}
            files.append(
                OutputFile(Urls.credential_qr_code(award.id), qr_svg(url, title), stage=STAGE)
            )
    for earner in gallery.earners:
        if earner.has_page:
            url = urls.absolute(Urls.earner_page(earner.slug))
            title = gettext("QR code of this showcase: %(url)s") % {"url": url}
            files.append(
                OutputFile(Urls.showcase_qr_code(earner.slug), qr_svg(url, title), stage=STAGE)
            )
    return files
