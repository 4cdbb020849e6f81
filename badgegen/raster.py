"""SVG → PNG rendering (resvg): most backpacks, mail clients and social networks only take PNG."""

from __future__ import annotations

import resvg_py

from badgegen.memo import BYTES, kept

DEFAULT_SIZE = 512


def render_png(svg: bytes, width: int = DEFAULT_SIZE) -> bytes:
    """A PNG rendering of SVG bytes that fits a `width`×`width` square, keeping the aspect ratio
    (a drawing 1 unit wide and 1000 tall would otherwise become a 512×512000 pixel image).

    The bytes are the checked, safe SVG of the gallery (`content/svg.py`): it links to nothing but
    its own parts and embedded pictures, and resvg is given no folder to look in, so rendering
    reads no file. Kept between builds by the bytes.
    """
    return _render(svg, width)


@kept(maxsize=512, disk=BYTES)
def _render(svg: bytes, width: int) -> bytes:
    text = svg.decode("utf-8")
    return bytes(resvg_py.svg_to_bytes(svg_string=text, width=width, height=width))
