"""SVG → PNG rendering (resvg): most backpacks, mail clients and social networks only take PNG."""

from __future__ import annotations

from pathlib import Path

import resvg_py

from badgegen.memo import kept

DEFAULT_SIZE = 512


def render_png(svg_path: Path, width: int = DEFAULT_SIZE) -> bytes:
    """A PNG rendering of an SVG file, `width` pixels wide (height follows the aspect ratio).

    Kept between builds while the file is unchanged (same path, modification time and size).
    """
    stat = svg_path.stat()
    return _render(str(svg_path), stat.st_mtime_ns, stat.st_size, width)


@kept(maxsize=512)
def _render(path: str, _mtime_ns: int, _size: int, width: int) -> bytes:
    return bytes(resvg_py.svg_to_bytes(svg_path=path, width=width))
