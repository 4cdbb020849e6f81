"""Evidence files are accepted by what their bytes are, not by their names.

Everything under `evidence/` is served from the site's own origin, where HTML, XHTML or SVG
would run scripts with the site's authority. Only kinds that browsers never execute are
published: pictures, sound, video, PDF and plain text, each sniffed from its magic numbers
(`filetype`) and required to match its extension.
"""

from __future__ import annotations

from pathlib import PurePosixPath

import filetype

from badgegen.content import limits
from badgegen.content.pictures import raster_problem

ALLOWED: dict[str, tuple[str, ...]] = {
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/gif": (".gif",),
    "image/webp": (".webp",),
    "audio/mpeg": (".mp3",),
    "audio/ogg": (".ogg", ".oga", ".opus", ".ogv"),
    "audio/x-wav": (".wav",),
    "audio/x-flac": (".flac",),
    "audio/mp4": (".m4a",),
    "video/mp4": (".mp4", ".m4v", ".m4a"),
    "video/webm": (".webm",),
    "video/quicktime": (".mov",),
    "application/pdf": (".pdf",),
}
"""Sniffed media type → the extensions it may carry."""
TEXT_SUFFIXES = (".txt", ".md")
MARKUP_SUFFIXES = (".html", ".htm", ".xhtml", ".xht", ".xml", ".svg", ".svgz", ".js", ".mjs")
LINK_HINT = "link it as `url:` instead (a page hosted elsewhere), or convert it to PDF"


def _text_problem(data: bytes) -> str | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "the text file is not UTF-8 text"
    if any(ord(c) < 32 and c not in "\t\n\r\f" for c in text):
        return "the text file holds control characters: it is not plain text"
    head = text.lstrip("\ufeff \t\r\n").lower()
    if head.startswith("<") or "<script" in text.lower() or "<html" in text.lower():
        return "the text file holds HTML or XML markup, which browsers may run"
    return None


def evidence_problem(name: str, data: bytes) -> tuple[str, str] | None:
    """(message, hint) when an evidence file must not be published, else None."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in MARKUP_SUFFIXES:
        return (
            f"{suffix} files are not published as evidence: browsers run the scripts they "
            "may hold, on the site's own address",
            LINK_HINT,
        )
    kind = filetype.guess(data[:8192])
    if kind is None:
        if suffix not in TEXT_SUFFIXES:
            return (
                "the evidence file's content is not a picture, sound, video, PDF or plain text",
                LINK_HINT,
            )
        problem = _text_problem(data)
        return (problem, LINK_HINT) if problem else None
    mime = str(kind.mime)
    if mime not in ALLOWED:
        return (
            f"the evidence file is {mime}, which is not published: only pictures, sound, "
            "video, PDF and plain text are",
            LINK_HINT,
        )
    if suffix not in ALLOWED[mime]:
        return (
            f"the file is named {suffix or 'without an extension'} but its content is {mime}",
            f"rename it with the extension {ALLOWED[mime][0]}",
        )
    if mime.startswith("image/"):
        problem = raster_problem(data, limits.MAX_EVIDENCE_PIXELS)
        if problem:
            return problem, "export the picture again (a smaller size if it is very large)"
    return None


CAPTIONS_HINT = "save the captions as a WebVTT file (UTF-8 text starting with the line WEBVTT)"


def captions_problem(name: str, data: bytes) -> tuple[str, str] | None:
    """(message, hint) when a captions file is not WebVTT: UTF-8 text that starts with the
    `WEBVTT` signature line, holds at least one cue, and no control characters or markup that
    a browser would take for a page; else None."""
    problem = _captions_text_problem(data)
    return (problem, CAPTIONS_HINT) if problem else None


def _captions_text_problem(data: bytes) -> str | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "the captions file is not UTF-8 text"
    body = text.removeprefix("\ufeff")
    if not (body.startswith("WEBVTT") and body[6:7] in ("", " ", "\t", "\n", "\r")):
        return "the captions file does not start with the line WEBVTT"
    if any(ord(c) < 32 and c not in "\t\n\r" for c in body):
        return "the captions file holds control characters: it is not plain text"
    lowered = body.lower()
    if any(mark in lowered for mark in ("<script", "<html", "<?xml", "<!doctype", "<svg")):
        return "the captions file holds HTML or XML markup"
    if "-->" not in body:
        return "the captions file has no cue (no line with a time range such as 00:00.000 --> 00:02.000)"
    return None
