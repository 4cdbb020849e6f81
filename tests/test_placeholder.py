"""`badgegen new badge` writes a provisional picture; the build says it is one."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from badgegen.content.placeholder import PALETTE, placeholder_svg
from badgegen.content.svg import CleanSvg, clean_svg
from badgegen.errors import ContentError
from badgegen.raster import render_png
from badgegen.scaffold import new_record
from tests.conftest import ScratchRepo, build_repo, problem_lines

SVG_NS = "{http://www.w3.org/2000/svg}"
ALLOWED = {"svg", "circle", "text"}
PLAIN_ATTRIBUTES = {
    "xmlns", "width", "height", "viewBox", "cx", "cy", "r", "x", "y", "fill", "stroke",
    "stroke-width", "stroke-dasharray", "text-anchor", "font-family", "font-size", "font-weight",
}  # fmt: skip


@pytest.mark.parametrize(
    "name",
    ["Premiers pas en ligne", "Sécurité & vie privée <script>", "A" * 80, "Mentor e-numérique"],
)
def test_placeholder_is_plain_svg_with_the_name(name: str) -> None:
    text = placeholder_svg(name, "some-badge")
    root = ET.fromstring(text)
    assert root.tag == f"{SVG_NS}svg"
    for element in root.iter():
        assert element.tag.removeprefix(SVG_NS) in ALLOWED
        assert set(element.attrib) <= PLAIN_ATTRIBUTES
        assert not any(
            "url(" in v or "http" in v or "javascript" in v for v in element.attrib.values()
        )
    words = " ".join(t.text or "" for t in root.iter(f"{SVG_NS}text"))
    assert words.split()[0] == name.split()[0][:14]
    assert "<script" not in text  # the name is escaped
    fills = {e.get("fill") for e in root.iter()}
    assert any(fills >= set(pair) for pair in PALETTE)


def test_placeholder_passes_the_svg_checks_and_renders_to_a_square_png() -> None:
    svg = placeholder_svg("Premiers pas en ligne", "premiers-pas").encode("utf-8")
    cleaned = clean_svg(svg)
    assert isinstance(cleaned, CleanSvg) and cleaned.removed == ()  # nothing to remove
    with Image.open(io.BytesIO(render_png(cleaned.data, 128))) as image:
        assert image.size == (128, 128)


def test_new_badge_builds_and_warns(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    new_record(root, Path("content"), "badge", "first-aid", "en", issuer="atelier")
    text = (root / "content/badges/first-aid.md").read_text(encoding="utf-8")
    (root / "content/badges/first-aid.md").write_text(
        text.replace("  # ← replace", "").replace("(← replace)", ""), encoding="utf-8"
    )
    assert _placeholders(root) == [
        "content/badges/first-aid.md:13: warning: the badge's picture images/first-aid.svg is "
        "still the placeholder written by `badgegen new badge`"
    ]
    result = build_repo(root)
    assert "image" in [p.field for p in result.warnings]
    assert (root / "output/badges/first-aid/index.html").is_file()
    (root / "content/badges/images/first-aid.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8"/>'
        "</svg>",
        encoding="utf-8",
    )
    assert _placeholders(root) == []


def _placeholders(root: Path) -> list[str]:
    return [line for line in problem_lines(root, warnings=True) if "placeholder" in line]


def test_publishing_refuses_a_placeholder(scratch_repo: ScratchRepo) -> None:
    from badgegen import build, config
    from tests.conftest import NOW

    root = scratch_repo()
    (root / "content/badges/images/first-steps.svg").write_text(
        placeholder_svg("First steps online", "first-steps"), encoding="utf-8"
    )
    with pytest.raises(ContentError) as caught:
        build.build(config.load(root), now=NOW, guards="error")
    assert any(p.field == "image" and p.is_error for p in caught.value.problems)
