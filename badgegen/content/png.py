"""PNG files as a list of chunks: what the baker edits, and what validation checks first."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class DamagedPng(ValueError):
    """The bytes are not a complete PNG chunk sequence."""


@dataclass(frozen=True, slots=True)
class Chunk:
    type: bytes
    data: bytes

    def encode(self) -> bytes:
        crc = zlib.crc32(self.type + self.data) & 0xFFFFFFFF
        return struct.pack(">I", len(self.data)) + self.type + self.data + struct.pack(">I", crc)


def read_chunks(png: bytes) -> list[Chunk]:
    """Every chunk up to IEND, or DamagedPng saying what is wrong."""
    if not png.startswith(PNG_SIGNATURE):
        raise DamagedPng("not a PNG image")
    chunks: list[Chunk] = []
    offset = len(PNG_SIGNATURE)
    while offset < len(png):
        if offset + 8 > len(png):
            raise DamagedPng("damaged PNG: truncated chunk header")
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        kind = png[offset + 4 : offset + 8]
        end = offset + 12 + length
        if end > len(png):
            raise DamagedPng("damaged PNG: truncated chunk")
        chunks.append(Chunk(kind, png[offset + 8 : offset + 8 + length]))
        offset = end
        if kind == b"IEND":
            break
    if not chunks or chunks[0].type != b"IHDR":
        raise DamagedPng("damaged PNG: IHDR is not the first chunk")
    return chunks
