"""Baking: Open Badges data inside PNG and SVG images, without touching the pixels.

PNG: one uncompressed `iTXt` chunk per keyword, inserted right after IHDR (where extractors look
first); an existing chunk with the same keyword is replaced, never duplicated.
SVG: an `<openbadges:assertion verify="URL">` element with the JSON in CDATA right after the root
start tag, the `openbadges` prefix bound on the root. The markup is edited as text, so the rest of
the file stays byte for byte what the designer drew.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from functools import lru_cache

from badgegen.content.png import PNG_SIGNATURE, Chunk, DamagedPng, read_chunks

OB2_KEYWORD = "openbadges"
OB2_NAMESPACE = "http://openbadges.org"
OB3_KEYWORD = "openbadgecredential"
OB3_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"


class BakeError(ValueError):
    """The image cannot carry badge data (damaged, or not the expected format)."""


def png_chunks(png: bytes) -> list[Chunk]:
    try:
        return read_chunks(png)
    except DamagedPng as exc:
        raise BakeError(str(exc)) from exc


def _itxt_keyword(chunk: Chunk) -> str | None:
    if chunk.type not in (b"iTXt", b"tEXt"):
        return None
    return chunk.data.split(b"\x00", 1)[0].decode("latin-1")


def _itxt(keyword: str, text: str) -> Chunk:
    # keyword \0, compression flag 0, method 0, empty language tag \0, empty translated keyword \0
    data = keyword.encode("latin-1") + b"\x00\x00\x00\x00\x00" + text.encode("utf-8")
    return Chunk(b"iTXt", data)


def bake_png(png: bytes, keyword: str, text: str) -> bytes:
    """The same PNG with `text` under `keyword`, replacing any earlier payload of that keyword."""
    chunks = [c for c in png_chunks(png) if _itxt_keyword(c) != keyword]
    chunks.insert(1, _itxt(keyword, text))
    return PNG_SIGNATURE + b"".join(chunk.encode() for chunk in chunks)


def bake_png_texts(png: bytes, texts: Sequence[tuple[str, str]]) -> bytes:
    """The same PNG with each `(keyword, text)` of `texts`, the last one first: what baking each
    in turn with `bake_png` gives, without reading the image again for each award and text."""
    head, tail = _png_parts(png, frozenset(keyword for keyword, _text in texts))
    texts_part = b"".join(_itxt(keyword, text).encode() for keyword, text in reversed(texts))
    return head + texts_part + tail


@lru_cache(maxsize=64)
def _png_parts(png: bytes, keywords: frozenset[str]) -> tuple[bytes, bytes]:
    """The signature and IHDR of `png`, and its other chunks less the text ones of `keywords`:
    what an award's baked image shares with the others of its badge."""
    chunks = [c for c in png_chunks(png) if _itxt_keyword(c) not in keywords]
    return PNG_SIGNATURE + chunks[0].encode(), b"".join(chunk.encode() for chunk in chunks[1:])


def unbake_png(png: bytes) -> dict[str, str]:
    """Every text chunk of the PNG: keyword → text (iTXt uncompressed, tEXt)."""
    found: dict[str, str] = {}
    for chunk in png_chunks(png):
        keyword = _itxt_keyword(chunk)
        if keyword is None:
            continue
        if chunk.type == b"tEXt":
            found[keyword] = chunk.data.split(b"\x00", 1)[1].decode("latin-1")
            continue
        rest = chunk.data.split(b"\x00", 1)[1]
        compressed, _method = rest[0], rest[1]
        _language, _translated, text = rest[2:].split(b"\x00", 2)
        found[keyword] = (zlib.decompress(text) if compressed else text).decode("utf-8")
    return found


SVG_ROOT = re.compile(rb"<svg\b[^>]*?(/?)>", re.DOTALL)
SVG_ELEMENTS = {
    OB2_KEYWORD: re.compile(
        rb"\s*<openbadges:assertion\b.*?(?:/>|</openbadges:assertion>)", re.DOTALL
    ),
    OB3_KEYWORD: re.compile(
        rb"\s*<openbadges:credential\b.*?(?:/>|</openbadges:credential>)", re.DOTALL
    ),
}


def _cdata(text: str) -> str:
    # JSON may legally contain "]]>"; "\u003e" is the same JSON string and cannot close the CDATA.
    return "<![CDATA[" + text.replace(">", "\\u003e") + "]]>"


def bake_svg(
    svg: bytes, assertion_url: str, assertion_json: str, credential_json: str | None = None
) -> bytes:
    """The same SVG carrying the OB 2.0 assertion and, when given, the OB 3.0 credential.

    Both elements use the `openbadges` prefix that extractors look for: bound to the 2.0
    namespace on the root, re-bound locally to the 3.0 namespace on the credential element.
    Earlier payloads are replaced, never duplicated.
    """
    for pattern in SVG_ELEMENTS.values():
        svg = pattern.sub(b"", svg, count=1)
    match = SVG_ROOT.search(svg)
    if not match:
        raise BakeError("no <svg> root element")
    if match.group(1):  # an empty drawing, <svg …/>: open it so that the payload fits inside
        svg = svg[: match.start()] + match.group(0)[:-2].rstrip() + b"></svg>" + svg[match.end() :]
        match = SVG_ROOT.search(svg)
        assert match is not None
    start_tag = match.group(0)
    if b"xmlns:openbadges=" not in start_tag:
        start_tag = start_tag[:-1] + f' xmlns:openbadges="{OB2_NAMESPACE}">'.encode()
    url = assertion_url.replace("&", "&amp;").replace('"', "&quot;")
    element = (
        f'<openbadges:assertion verify="{url}">{_cdata(assertion_json)}</openbadges:assertion>'
    )
    if credential_json is not None:
        element += (
            f'<openbadges:credential xmlns:openbadges="{OB3_NAMESPACE}">'
            f"{_cdata(credential_json)}</openbadges:credential>"
        )
    return svg[: match.start()] + start_tag + element.encode("utf-8") + svg[match.end() :]


def unbake_svg(svg: bytes) -> dict[str, str]:
    """Payloads of an SVG by keyword: the 2.0 assertion (JSON, else the `verify` URL) and the
    3.0 credential JSON, when present."""
    found: dict[str, str] = {}
    for keyword, tag in ((OB2_KEYWORD, b"assertion"), (OB3_KEYWORD, b"credential")):
        match = re.search(
            rb"<openbadges:" + tag + rb"\b([^>]*?)(?:/>|>(.*?)</openbadges:" + tag + rb">)",
            svg,
            re.DOTALL,
        )
        if not match:
            continue
        body = (match.group(2) or b"").strip()
        cdata = re.fullmatch(rb"<!\[CDATA\[(.*)\]\]>", body, re.DOTALL)
        verify = re.search(rb'verify="([^"]*)"', match.group(1))
        if cdata:
            found[keyword] = cdata.group(1).decode("utf-8")
        elif verify:
            found[keyword] = (
                verify.group(1).decode("utf-8").replace("&quot;", '"').replace("&amp;", "&")
            )
    return found


def unbake(data: bytes) -> dict[str, str]:
    """Every Open Badges payload of a PNG or SVG image, by keyword."""
    if data.startswith(PNG_SIGNATURE):
        return {k: v for k, v in unbake_png(data).items() if k.startswith("openbadge")}
    if b"<svg" in data[:4096]:
        return unbake_svg(data)
    raise BakeError("not a PNG or SVG image")
