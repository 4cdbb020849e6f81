"""Media types by extension (one table), and PNG headers read without trusting the file name.

SVG files are read by `svg.py`, evidence files are sniffed by `filetypes.py`.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from badgegen.content.png import PNG_SIGNATURE

MEDIA_TYPES = {
    ".png": "image/png", ".svg": "image/svg+xml", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".gif": "image/gif", ".webp": "image/webp", ".ico": "image/x-icon",
    ".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".oga": "audio/ogg", ".wav": "audio/wav",
    ".m4a": "audio/mp4", ".opus": "audio/ogg", ".flac": "audio/flac",
    ".mp4": "video/mp4", ".webm": "video/webm", ".ogv": "video/ogg", ".mov": "video/quicktime",
    ".m4v": "video/mp4",
    ".pdf": "application/pdf", ".txt": "text/plain", ".md": "text/markdown",
    ".html": "text/html", ".css": "text/css", ".js": "text/javascript", ".vtt": "text/vtt",
    ".json": "application/json", ".jsonld": "application/ld+json", ".xml": "application/xml",
    ".webmanifest": "application/manifest+json", ".woff2": "font/woff2", ".ttf": "font/ttf",
}  # fmt: skip
"""The one table of media types by extension: evidence and pictures, the site's own files, and
what the preview serves (`serve/app.py` adds `charset=utf-8` to text types). Python's
`mimetypes` reads the system's own list, which differs from one computer to the next."""


@dataclass(frozen=True, slots=True)
class ImageInfo:
    format: Literal["png", "svg"]
    width: float | None
    height: float | None

    @property
    def is_square(self) -> bool | None:
        if not self.width or not self.height:
            return None
        return abs(self.width - self.height) < 0.5


def media_type(path: str) -> str:
    return MEDIA_TYPES.get(Path(path).suffix.lower(), "application/octet-stream")


def media_kind(path: str) -> str:
    """image | audio | video | document: how a page should show the file."""
    kind = media_type(path).split("/")[0]
    return kind if kind in ("image", "audio", "video") else "document"


def sniff_png(data: bytes) -> ImageInfo | str:
    """ImageInfo of a PNG from its header, else a message saying what the bytes are."""
    if data.startswith(PNG_SIGNATURE):
        if len(data) < 24 or data[12:16] != b"IHDR":
            return "the PNG file is damaged (no IHDR header)"
        width, height = struct.unpack(">II", data[16:24])
        return ImageInfo("png", float(width), float(height))
    head = data[:1024].lstrip()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!DOCTYPE svg")):
        return "this is an SVG image; name the file .svg"
    if data.startswith(b"\xff\xd8"):
        return "this is a JPEG image; badge images must be PNG or SVG"
    return "this is not a PNG or SVG image"
