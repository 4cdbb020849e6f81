"""The pictures of the starter repository, drawn with Pillow when `badgegen init` runs, so that
the package holds no binary files.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from PIL import Image, ImageDraw

SCALE = 4
"""Draw at 4× and downsample: Pillow's shapes have no antialiasing of their own."""


def _png(image: Image.Image, size: tuple[int, int]) -> bytes:
    """Downsample, then keep 64 colours: a flat drawing loses nothing and weighs 5× less."""
    small = image.resize(size, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    small.quantize(64, method=Image.Quantize.FASTOCTREE).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _box(*coords: float) -> list[float]:
    return [value * SCALE for value in coords]


def workshop_badge_png() -> bytes:
    """256×256 badge: a board with a rising line before three people, on a blue disc ringed gold."""
    image = Image.new("RGBA", (256 * SCALE, 256 * SCALE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    blue, gold, pale = "#1d4e89", "#f2c14e", "#e8f0fa"
    draw.ellipse(_box(4, 4, 252, 252), fill=blue)
    draw.ellipse(_box(20, 20, 236, 236), outline=gold, width=6 * SCALE)
    draw.line(_box(100, 132, 90, 152), fill=pale, width=6 * SCALE)
    draw.line(_box(156, 132, 166, 152), fill=pale, width=6 * SCALE)
    draw.rounded_rectangle(_box(62, 52, 194, 136), radius=8 * SCALE, fill=pale)
    draw.line(_box(78, 120, 104, 98, 128, 110, 174, 68), fill=blue, width=7 * SCALE, joint="curve")
    draw.polygon(_box(178, 62, 162, 66, 174, 78), fill=blue)
    for x in (92, 128, 164):
        draw.ellipse(_box(x - 13, 156, x + 13, 182), fill=gold)
        draw.pieslice(_box(x - 22, 188, x + 22, 232), 180, 360, fill=gold)
    return _png(image, (256, 256))


def workshop_photo_png() -> bytes:
    """A small stylised "photo" of a workshop room (evidence): a window, a table, three screens."""
    width, height = 240, 160
    image = Image.new("RGB", (width * SCALE, height * SCALE), "#f3ead8")
    draw = ImageDraw.Draw(image)
    draw.rectangle(_box(0, 104, width, height), fill="#c9b79c")
    draw.rectangle(_box(150, 18, 222, 76), fill="#bfe0f2", outline="#ffffff", width=4 * SCALE)
    draw.line(_box(186, 18, 186, 76), fill="#ffffff", width=3 * SCALE)
    draw.rectangle(_box(14, 92, 226, 102), fill="#8a5a3b")
    for x in (30, 88, 146):
        draw.rounded_rectangle(_box(x, 62, x + 46, 90), radius=2 * SCALE, fill="#2b2d42")
        draw.rectangle(_box(x + 4, 66, x + 42, 86), fill="#8ecae6")
        draw.ellipse(_box(x + 15, 30, x + 31, 46), fill="#6d4c41")
        draw.pieslice(_box(x + 7, 48, x + 39, 80), 180, 360, fill="#e76f51")
    return _png(image, (width, height))


DRAWINGS: dict[str, dict[str, Callable[[], bytes]]] = {
    "fr": {
        "content/badges/images/animer-un-atelier.png": workshop_badge_png,
        "content/evidence/photos/atelier-premiers-pas.png": workshop_photo_png,
    },
    "en": {
        "content/badges/images/running-a-workshop.png": workshop_badge_png,
        "content/evidence/photos/first-steps-workshop.png": workshop_photo_png,
    },
}
"""Binary files of the starter repository, drawn with Pillow when it is created."""
