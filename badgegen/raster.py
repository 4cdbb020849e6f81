"""SVG → PNG rendering (resvg): most backpacks, mail clients and social networks only take PNG."""

from __future__ import annotations

from pathlib import Path

import resvg_py

from badgegen.memo import BYTES, kept

DEFAULT_SIZE = 512


def render_png(svg_path: Path, width: int = DEFAULT_SIZE) -> bytes:
    """A PNG rendering of an SVG file, `width` pixels wide (height follows the aspect ratio).

    Kept between builds by the file's content (images it links are looked up next to it).
    """
    return _render(svg_path.read_bytes(), str(svg_path.parent), width)


@kept(maxsize=512, disk=BYTES)
def _render(svg: bytes, folder: str, width: int) -> bytes:
    text = svg.decode("utf-8")
    return bytes(resvg_py.svg_to_bytes(svg_string=text, resources_dir=folder, width=width))
