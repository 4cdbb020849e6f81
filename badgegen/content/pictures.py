"""Raster pictures from strangers: the header is read first, so a pixel bomb is refused before
any decoding, then the whole file is decoded once, so a damaged file is a validation problem."""

from __future__ import annotations

import io
import warnings

from PIL import Image

RASTER_FORMATS = {"PNG": "png", "JPEG": "jpeg", "GIF": "gif", "WEBP": "webp"}


def _reason(exc: Exception) -> str:
    """Pillow's words, without the file object it names ("cannot identify image file <…>")."""
    text = str(exc).split(" <_io.")[0].strip()
    return text or type(exc).__name__


def raster_size(data: bytes, max_pixels: int) -> tuple[str, int, int] | str:
    """(format, width, height) from the header alone, else what is wrong."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                return RASTER_FORMATS.get(image.format or "", "other"), *image.size
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return (
            f"the picture has far more pixels than the limit of {max_pixels:,} "
            "(a decompression bomb)"
        )
    except Exception as exc:  # Pillow raises many kinds of error on hostile headers
        return f"the picture is damaged ({_reason(exc)})"


def raster_problem(data: bytes, max_pixels: int, formats: tuple[str, ...] = ()) -> str | None:
    """None when `data` is an undamaged PNG, JPEG, GIF or WebP within `max_pixels`."""
    size = raster_size(data, max_pixels)
    if isinstance(size, str):
        return size
    kind, width, height = size
    if kind == "other" or (formats and kind not in formats):
        return "the file is not a PNG, JPEG, GIF or WebP picture"
    if width * height > max_pixels:
        return (
            f"the picture is {width}×{height} pixels ({width * height:,}), more than the "
            f"limit of {max_pixels:,}"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with Image.open(io.BytesIO(data)) as image:
                image.verify()  # checksums and structure, without decoding
            with Image.open(io.BytesIO(data)) as image:
                image.load()  # every pixel: truncated or corrupt data fails here
    except Exception as exc:
        return f"the picture is damaged ({_reason(exc)})"
    return None
