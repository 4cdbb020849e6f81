"""The site's own picture, and the favicons drawn from it.

The picture is `[site] logo` when set; otherwise the picture of the issuer with the most badges
(the network a gallery is about), then the first badge's picture. SVG pictures are rendered with
the raster module (resvg); PNG and JPEG are read by Pillow. A site with no picture at all gets no
favicon files, and its pages ask for none.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageOps

from badgegen.config import Config
from badgegen.content.model import Gallery
from badgegen.memo import kept
from badgegen.outputs import OutputFile
from badgegen.raster import render_png

STAGE = "site.icons"
ICO_SIZES = ((16, 16), (32, 32), (48, 48))
APPLE_TOUCH_SIZE = 180
"""iOS and Android home-screen icon."""
FAVICON = "favicon.ico"
FAVICON_PNG = "favicon.png"
APPLE_TOUCH_ICON = "apple-touch-icon.png"
PICTURE_SIZE = 512


def site_picture_path(gallery: Gallery, config: Config) -> Path | None:
    """The file of the site's picture (see the module doc), or None.

    `[site] logo` must be one of the pictures validation checked and made safe (an issuer's or
    a badge's `image:`, see `content.files.logo_problem`), so that only checked bytes are drawn.
    """
    if config.site.logo:
        wanted = (config.root / config.site.logo).resolve()
        return next((path for path in gallery.media if path.resolve() == wanted), None)
    with_image = [i for i in gallery.issuers if i.image is not None]
    if with_image:
        main = max(with_image, key=lambda i: len(gallery.badges_of_issuer(i.slug)))
        return main.image
    return gallery.badges[0].image if gallery.badges else None


def picture_png(gallery: Gallery, path: Path, size: int = PICTURE_SIZE) -> bytes:
    """A checked picture of the gallery as PNG bytes, `size` pixels wide when it is an SVG."""
    data = gallery.file(path)
    if path.suffix.lower() == ".svg":
        return render_png(data, size)
    return data


def _square(picture: bytes, size: int) -> Image.Image:
    with Image.open(io.BytesIO(picture)) as source:
        image = ImageOps.contain(source.convert("RGBA"), (size, size), Image.Resampling.LANCZOS)
    square = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    square.paste(image, ((size - image.width) // 2, (size - image.height) // 2), image)
    return square


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


@kept(maxsize=4)
def favicons(picture: bytes) -> tuple[bytes, bytes, bytes]:
    """`favicon.ico` (16, 32, 48 px), a 32 px PNG and the 180 px home-screen icon."""
    largest = _square(picture, max(w for w, _ in ICO_SIZES))
    buffer = io.BytesIO()
    largest.save(buffer, "ICO", sizes=list(ICO_SIZES))
    touch = Image.new("RGBA", (APPLE_TOUCH_SIZE,) * 2, (255, 255, 255, 255))
    inner = _square(picture, APPLE_TOUCH_SIZE - 20)
    touch.alpha_composite(inner, (10, 10))
    return buffer.getvalue(), _png(_square(picture, 32)), _png(touch.convert("RGB"))


def icon_files(gallery: Gallery, config: Config) -> list[OutputFile]:
    """The favicon files at the site root, from the site's picture; none without a picture."""
    path = site_picture_path(gallery, config)
    if path is None:
        return []
    ico, small, touch = favicons(picture_png(gallery, path))
    return [
        OutputFile(FAVICON, ico, stage=STAGE),
        OutputFile(FAVICON_PNG, small, stage=STAGE),
        OutputFile(APPLE_TOUCH_ICON, touch, stage=STAGE),
    ]
