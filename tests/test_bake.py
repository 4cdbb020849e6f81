"""Baking keeps the image as drawn and replaces an earlier payload instead of adding a second one."""

from __future__ import annotations

import io
import zlib

import pytest
from PIL import Image

from badgegen.openbadges.bake import (
    OB2_KEYWORD,
    OB3_KEYWORD,
    BakeError,
    bake_png,
    bake_png_texts,
    bake_svg,
    png_chunks,
    unbake,
    unbake_png,
    unbake_svg,
)
from tests.conftest import SVG, png_bytes

URL = "https://example.org/badges/awards/x/assertion.json"


def _idat(png: bytes) -> bytes:
    return b"".join(c.data for c in png_chunks(png) if c.type == b"IDAT")


def test_png_bake_inserts_one_itxt_after_ihdr_and_keeps_the_pixels() -> None:
    original = png_bytes(40, 40)
    baked = bake_png(original, OB2_KEYWORD, '{"id": "é"}')
    chunks = png_chunks(baked)
    assert [c.type for c in chunks[:2]] == [b"IHDR", b"iTXt"]
    assert chunks[1].data == b"openbadges\x00\x00\x00\x00\x00" + '{"id": "é"}'.encode()
    assert _idat(baked) == _idat(original)  # the compressed pixel stream is copied, not re-encoded
    assert Image.open(io.BytesIO(baked)).tobytes() == Image.open(io.BytesIO(original)).tobytes()
    for chunk in chunks:  # every chunk's CRC is right
        assert zlib.crc32(chunk.type + chunk.data) == int.from_bytes(chunk.encode()[-4:], "big")


def test_png_rebake_replaces_the_payload() -> None:
    once = bake_png(png_bytes(), OB2_KEYWORD, "first")
    twice = bake_png(once, OB2_KEYWORD, "second")
    texts = [c for c in png_chunks(twice) if c.type == b"iTXt"]
    assert len(texts) == 1
    assert unbake_png(twice) == {OB2_KEYWORD: "second"}


def test_png_keeps_other_keywords() -> None:
    both = bake_png(bake_png(png_bytes(), "openbadgecredential", "vc"), OB2_KEYWORD, "ob2")
    assert unbake(both) == {"openbadgecredential": "vc", OB2_KEYWORD: "ob2"}


def test_svg_bake_and_rebake() -> None:
    baked = bake_svg(SVG.encode(), URL, '{"a": "]]>"}')
    text = baked.decode()
    assert text.count("<openbadges:assertion") == 1
    assert 'xmlns:openbadges="http://openbadges.org"' in text
    assert "]]>" not in text.split("<![CDATA[")[1].split("]]>")[0]  # JSON cannot close the CDATA
    assert unbake_svg(baked) == {OB2_KEYWORD: '{"a": "]]\\u003e"}'}
    rebaked = bake_svg(baked, URL, '{"b": 1}')
    assert rebaked.decode().count("<openbadges:assertion") == 1
    assert rebaked.decode().count("xmlns:openbadges") == 1
    assert unbake(rebaked) == {OB2_KEYWORD: '{"b": 1}'}
    assert rebaked.replace(b"\n", b"").endswith(SVG.encode().split(b">", 1)[1].replace(b"\n", b""))


def test_damaged_images_are_refused() -> None:
    with pytest.raises(BakeError):
        bake_png(b"not a png", OB2_KEYWORD, "x")
    with pytest.raises(BakeError):
        bake_png(png_bytes()[:30], OB2_KEYWORD, "x")
    with pytest.raises(BakeError):
        bake_svg(b"<html></html>", URL, "{}")


def test_baking_both_texts_at_once_gives_the_bytes_of_baking_them_in_turn() -> None:
    earlier = bake_png(bake_png(png_bytes(48, 32), OB3_KEYWORD, "old 3.0"), "other", "kept")
    in_turn = bake_png(bake_png(earlier, OB2_KEYWORD, '{"id": "é"}'), OB3_KEYWORD, '{"a": 1}')
    at_once = bake_png_texts(earlier, [(OB2_KEYWORD, '{"id": "é"}'), (OB3_KEYWORD, '{"a": 1}')])
    assert at_once == in_turn
    assert unbake_png(at_once) == {
        OB2_KEYWORD: '{"id": "é"}',
        OB3_KEYWORD: '{"a": 1}',
        "other": "kept",
    }
    assert bake_png_texts(earlier, [(OB2_KEYWORD, "x")]) == bake_png(earlier, OB2_KEYWORD, "x")
