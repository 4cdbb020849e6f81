"""Look at image files without trusting their names: PNG by signature, SVG by its root element."""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from xml.etree import ElementTree

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MEDIA_TYPES = {
    ".png": "image/png", ".svg": "image/svg+xml", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".gif": "image/gif", ".webp": "image/webp", ".mp3": "audio/mpeg", ".ogg": "audio/ogg",
    ".oga": "audio/ogg", ".wav": "audio/wav", ".m4a": "audio/mp4", ".opus": "audio/ogg",
    ".mp4": "video/mp4", ".webm": "video/webm", ".ogv": "video/ogg", ".mov": "video/quicktime",
    ".pdf": "application/pdf", ".txt": "text/plain", ".md": "text/markdown",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}  # fmt: skip


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


def _svg_size(root: ElementTree.Element) -> tuple[float | None, float | None]:
    view_box = root.get("viewBox")
    if view_box:
        numbers = re.split(r"[\s,]+", view_box.strip())
        if len(numbers) == 4:
            try:
                return float(numbers[2]), float(numbers[3])
            except ValueError:
                pass

    def number(value: str | None) -> float | None:
        match = re.match(r"^\s*([0-9.]+)", value or "")
        return float(match.group(1)) if match else None

    return number(root.get("width")), number(root.get("height"))


def sniff_image(data: bytes) -> ImageInfo | str:
    """ImageInfo for a PNG or SVG, else a message saying what the bytes are not."""
    if data.startswith(PNG_SIGNATURE):
        if len(data) < 24 or data[12:16] != b"IHDR":
            return "the PNG file is damaged (no IHDR header)"
        width, height = struct.unpack(">II", data[16:24])
        return ImageInfo("png", float(width), float(height))
    head = data[:1024].lstrip()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!DOCTYPE svg")):
        try:
            root = ElementTree.fromstring(data)
        except ElementTree.ParseError as exc:
            return f"the SVG file is not valid XML ({exc})"
        if root.tag not in ("svg", "{http://www.w3.org/2000/svg}svg"):
            return "the XML file is not an SVG image"
        width, height = _svg_size(root)
        return ImageInfo("svg", width, height)
    if data.startswith(b"\xff\xd8"):
        return "this is a JPEG image; badge images must be PNG or SVG"
    return "this is not a PNG or SVG image"
