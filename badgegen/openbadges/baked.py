"""Baked images: each award's badge image carrying its Open Badges data (PNG, and SVG for SVG badges).

SVG badges are also rendered to PNG once per badge class, because most backpacks, mail clients and
social networks only take PNG.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from badgegen.config import Config
from badgegen.content.model import Gallery
from badgegen.openbadges.bake import OB2_KEYWORD, OB3_KEYWORD, bake_png_texts, bake_svg
from badgegen.openbadges.ob2 import OB2
from badgegen.outputs import OutputFile
from badgegen.raster import render_png
from badgegen.urls import Urls

STAGE = "openbadges.baked"


def baked_files(
    gallery: Gallery, config: Config, credentials: Mapping[str, dict[str, Any]]
) -> list[OutputFile]:
    """Baked PNG (and SVG) per award: the 2.0 assertion, plus the signed 3.0 credential when
    there is one, so one image serves both kinds of backpack."""
    ob2 = OB2(gallery, config)
    sources: dict[str, tuple[bytes, bytes | None]] = {}
    for badge in gallery.badges:
        data = gallery.file(badge.image)
        if badge.image.suffix.lower() == ".svg":
            sources[badge.slug] = (render_png(data), data)
        else:
            sources[badge.slug] = (data, None)
    files: list[OutputFile] = []
    for award in gallery.awards:
        png, svg = sources[award.badge]
        assertion = ob2.assertion(award)
        payload = json.dumps(assertion, ensure_ascii=False, separators=(",", ":"))
        credential = credentials.get(award.id)
        vc = (
            json.dumps(credential, ensure_ascii=False, separators=(",", ":"))
            if credential
            else None
        )
        texts = [(OB2_KEYWORD, payload)] + ([(OB3_KEYWORD, vc)] if vc is not None else [])
        baked = bake_png_texts(png, texts)
        files.append(OutputFile(Urls.baked_image(award.id, ".png"), baked, stage=STAGE))
        if svg is not None:
            files.append(
                OutputFile(
                    Urls.baked_image(award.id, ".svg"),
                    bake_svg(svg, assertion["id"], payload, vc),
                    stage=STAGE,
                )
            )
    return files
