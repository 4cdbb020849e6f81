"""The fonts of the cards: the theme's, the system's, or Pillow's own (see `cards.py`).

Each loader is the same object while its font file is unchanged, so cards drawn with it can be
kept between builds; `CardFonts.fingerprint` stands for the files in the cache folder.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from PIL import ImageFont

SYSTEM_FONTS = (
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    ("Arial.ttf", "Arial Bold.ttf"),
    ("arial.ttf", "arialbd.ttf"),
)
"""Tried by file name: Pillow looks in the system's font folders (Linux, macOS, Windows)."""

FontLoader = Callable[[int], ImageFont.FreeTypeFont]


@dataclass(frozen=True, slots=True)
class CardFonts:
    regular: FontLoader = field(repr=False)
    bold: FontLoader = field(repr=False)
    fake_bold: bool
    """No bold face: bold text is drawn with a stroke of its own colour."""
    fallback: bool
    """Pillow's built-in font: letters it lacks are simplified (`é` → `e`)."""
    fingerprint: str = ""
    """The font files' names and digests: with the flags, the repr that stands for these fonts
    when cards are kept in the cache folder (the loaders' own repr changes every process)."""


def _file_loader(path: str) -> FontLoader:
    """The loader of a font file: the same object while the file is unchanged, so that cards
    drawn with it can be kept between builds (`social_card` is cached on its arguments)."""
    return _loader(path, _font_digest(path))


def _font_digest(path: str) -> str:
    file = Path(path)
    if not file.is_file():  # a system font's name, found by Pillow in the system's folders
        return ""
    return hashlib.sha256(file.read_bytes()).hexdigest()


@cache
def _loader(path: str, _digest: str) -> FontLoader:
    @cache
    def load(size: int) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(path, size)

    return load


@cache
def _default(size: int) -> ImageFont.FreeTypeFont:
    font = ImageFont.load_default(size=size)
    assert isinstance(font, ImageFont.FreeTypeFont), "Pillow was built without FreeType"
    return font


def _first_font(names: Sequence[str | Path]) -> str | None:
    for name in names:
        try:
            ImageFont.truetype(str(name), 12)
        except OSError:
            continue
        return str(name)
    return None


@cache
def _system_fonts() -> tuple[str, str | None] | None:
    for regular, bold in SYSTEM_FONTS:
        found = _first_font([regular])
        if found:
            return found, _first_font([bold])
    return None


def card_fonts(themes: Sequence[Path] = ()) -> CardFonts:
    """The fonts of the cards: the theme's, the system's, or Pillow's own (see the module doc)."""
    regular = _first_font([t / "fonts" / "card.ttf" for t in themes if (t / "fonts").is_dir()])
    bold = _first_font([t / "fonts" / "card-bold.ttf" for t in themes if (t / "fonts").is_dir()])
    if regular is None:
        system = _system_fonts()
        if system is not None:
            regular, bold = system
    if regular is None:
        return CardFonts(_default, _default, fake_bold=True, fallback=True)
    load = _file_loader(regular)
    fingerprint = " ".join(f"{name}:{_font_digest(name)}" for name in (regular, bold) if name)
    return CardFonts(load, _file_loader(bold) if bold else load, bold is None, False, fingerprint)


@cache
def _has_glyph(char: str) -> bool:
    """Whether Pillow's built-in font draws `char` (a missing glyph draws as the .notdef box)."""
    font = _default(24)
    return char.isspace() or bytes(font.getmask(char)) != bytes(font.getmask("\U000e0000"))


SPELLED = {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "—": "-", "–": "-"}


def simplify(text: str) -> str:
    """`text` with only letters Pillow's built-in font has: accents dropped, ligatures spelled."""
    out = []
    for char in text:
        if _has_glyph(char):
            out.append(char)
            continue
        plain = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        plain = SPELLED.get(char, plain)
        out.append(plain if plain and all(_has_glyph(c) for c in plain) else "?")
    return "".join(out)
