"""PNG encoding of the award cards, done once for what the cards of one badge share.

A card is its badge's base (panel, picture, band) with a few hundred rows of text in the middle.
The rows above and below the text are the base's: their filtered and deflated bytes are made
once per badge and reused, and only the middle rows are compressed per card. The image data is
one zlib stream (RFC 1950) of raw deflate segments, each ended by a sync flush so that the next
starts on a byte boundary (what zlib itself writes on `Z_SYNC_FLUSH`); its Adler-32 is zlib's,
run over the segments' rows in turn. Every row has filter 0, the usual choice for palette images. The result is a
plain 8-bit palette PNG any decoder reads, the same bytes for the same card.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

from PIL import Image

from badgegen.content.png import PNG_SIGNATURE, Chunk

PNG_LEVEL = 3
"""zlib level: on these flat images, levels 1 to 6 differ by a few per cent in size, and the
higher ones cost twice the time."""
_ZLIB_HEADER = zlib.compress(b"", PNG_LEVEL)[:2]
"""The two bytes zlib writes before a stream of this level."""


@dataclass(frozen=True, slots=True)
class Segment:
    """Rows of a card, filtered and deflated, ready to be put into the image data."""

    deflated: bytes
    rows: bytes
    """The filtered rows themselves (the stream's Adler-32 runs over them)."""


def filtered(image: Image.Image) -> bytes:
    """The rows of a palette `image`, each after its filter byte (0: none)."""
    raw = image.tobytes()
    width = image.width
    return b"".join(b"\x00" + raw[i : i + width] for i in range(0, len(raw), width))


def segment(rows: bytes, *, last: bool) -> Segment:
    """`rows` (filtered) deflated on their own; `last` ends the deflate stream."""
    compressor = zlib.compressobj(PNG_LEVEL, zlib.DEFLATED, -15)
    deflated = compressor.compress(rows)
    deflated += compressor.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)
    return Segment(deflated, rows)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return Chunk(kind, data).encode()


def header(image: Image.Image) -> bytes:
    """Signature, IHDR and PLTE of a palette `image`: the same for every card of a badge."""
    palette = image.getpalette() or []
    ihdr = struct.pack(">IIBBBBB", image.width, image.height, 8, 3, 0, 0, 0)
    return PNG_SIGNATURE + _chunk(b"IHDR", ihdr) + _chunk(b"PLTE", bytes(palette))


def png(head: bytes, segments: list[Segment]) -> bytes:
    """The PNG of `head` (from `header`) and image data made of `segments`, the last one ended
    with `last=True`."""
    adler = 1  # the Adler-32 of nothing
    for part in segments:
        adler = zlib.adler32(part.rows, adler)
    data = b"".join([_ZLIB_HEADER, *(part.deflated for part in segments), struct.pack(">I", adler)])
    return head + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")
