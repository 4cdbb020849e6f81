"""SVG → PNG rendering (resvg): most backpacks, mail clients and social networks only take PNG."""

from __future__ import annotations

from pathlib import Path

import resvg_py

DEFAULT_SIZE = 512


def render_png(svg_path: Path, width: int = DEFAULT_SIZE) -> bytes:
    """A PNG rendering of an SVG file, `width` pixels wide (height follows the aspect ratio)."""
    return bytes(resvg_py.svg_to_bytes(svg_path=str(svg_path), width=width))
