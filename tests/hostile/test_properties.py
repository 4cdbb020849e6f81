"""Property-based tests: random and mutated records, front matter and images fed to `check`
and `build`. Whatever the input, the outcome is a valid build or problems that each name a file
and a line, never an exception."""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from badgegen import build, config
from tests.conftest import BASE_FILES, NOW, png_bytes

pytestmark = pytest.mark.slow

PROPERTY_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)
"""Few examples, no time limit per example: `make test` stays within minutes and never flakes."""

RECORDS = sorted(
    name for name in BASE_FILES if name.startswith("content/") and name.endswith((".md", ".yml"))
)
BADGE = "content/badges/first-steps.md"
BADGE_IMAGE = "content/badges/images/first-steps.svg"
EVIDENCE = "content/evidence/photo.png"

YAML_PIECES = [
    b": ", b"- ", b"&a ", b"*a", b"<<: ", b"? ", b"[", b"]", b"{", b"}", b'"', b"'", b"#",
    b"!!python/object:os.system ", b"!!binary ", b"---\n", b"...\n", b"\t", b"\x07", b"\x00",
    b"\xff", b"\xef\xbb\xbf", b"\r", b"\n  ", b"|\n", b">-\n", b"%YAML 1.1\n", b"~", b"\\",
    b"../" * 4, b"/etc/passwd", b"2025-13-45", b"9" * 40, "\u2028".encode(),
]  # fmt: skip
SVG_PIECES = [
    b"<script>alert(1)</script>", b' onload="x()"', b'<image href="/etc/passwd"/>',
    b'<use href="#a"/>', b'<g id="a">', b"</g>", b"<!DOCTYPE svg [<!ENTITY a 'b'>]>", b"&a;",
    b"<style>*{fill:url(https://e.example/)}</style>", b"<![CDATA[", b"]]>", b"<", b">", b"\x00",
]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, data: bytes, pieces: list[bytes]) -> bytes:
    """`data` with a few random edits: bytes inserted, replaced, deleted, or cut short."""
    result = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(result)))
        edit = draw(st.sampled_from(["insert", "replace", "delete", "truncate", "flip"]))
        piece = draw(st.sampled_from(pieces) | st.binary(min_size=1, max_size=8))
        if edit == "insert":
            result[at:at] = piece
        elif edit == "replace":
            result[at : at + len(piece)] = piece
        elif edit == "delete":
            del result[at : at + draw(st.integers(1, 40))]
        elif edit == "truncate":
            del result[at:]
        elif result:
            index = min(at, len(result) - 1)
            result[index] ^= 1 << draw(st.integers(0, 7))
    return bytes(result)


def outcome(files: Mapping[str, str | bytes | None]) -> None:
    """Check, then build if the content is valid: problems must be located, builds must work."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "repo"
        for rel, data in {**BASE_FILES, **files}.items():
            if data is None:
                continue
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        cfg = config.load(root)
        loaded = build.load(cfg, NOW)
        for problem in loaded.problems:
            assert problem.path and (root / problem.path).exists(), problem
            assert isinstance(problem.line, int) and problem.line >= 1, problem
            assert problem.message, problem
        if loaded.errors:
            return
        result = build.build(cfg, now=NOW)
        assert (result.output_dir / "index.html").is_file()


def as_bytes(text: str | bytes) -> bytes:
    return text if isinstance(text, bytes) else text.encode("utf-8")


@PROPERTY_SETTINGS
@given(
    st.sampled_from(RECORDS).flatmap(
        lambda n: st.tuples(st.just(n), mutated(as_bytes(BASE_FILES[n]), YAML_PIECES))
    )
)
def test_mutated_record_files(case: tuple[str, bytes]) -> None:
    name, data = case
    outcome({name: data})


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
BADGE_KEYS = ["name", "issuer", "image", "image_alt", "description", "tags", "alignment",
              "achievement_type", "valid_for", "criteria", "extra"]  # fmt: skip


@PROPERTY_SETTINGS
@given(
    st.dictionaries(st.sampled_from(BADGE_KEYS), yaml_values, max_size=8),
    st.text(max_size=200),
)
def test_random_badge_front_matter(fields: dict[str, Any], body: str) -> None:
    base = yaml.safe_load(str(BASE_FILES[BADGE]).split("---")[1])
    front = yaml.safe_dump({**base, **fields}, allow_unicode=True)
    outcome({BADGE: f"---\n{front}---\n{body}\n"})


AWARD_KEYS = ["id", "badge", "earner", "issued_on", "expires", "narrative", "evidence", "revoked"]


@PROPERTY_SETTINGS
@given(st.dictionaries(st.sampled_from(AWARD_KEYS), yaml_values, min_size=1, max_size=8))
def test_random_award_records(fields: dict[str, Any]) -> None:
    name = "content/awards/2025/camille-first-steps.yml"
    base = yaml.safe_load(str(BASE_FILES[name]))
    outcome({name: yaml.safe_dump({**base, **fields}, allow_unicode=True)})


@PROPERTY_SETTINGS
@given(mutated(png_bytes(24, 24), [b"IHDR", b"IDAT", b"IEND", b"\x00" * 8, b"\xff" * 4]))
def test_mutated_png_pictures_and_evidence(data: bytes) -> None:
    outcome({EVIDENCE: data})
    outcome(
        {
            BADGE: str(BASE_FILES[BADGE]).replace("first-steps.svg", "first-steps.png"),
            BADGE_IMAGE: None,
            "content/badges/images/first-steps.png": data,
        }
    )


@PROPERTY_SETTINGS
@given(mutated(as_bytes(BASE_FILES[BADGE_IMAGE]), SVG_PIECES))
def test_mutated_svg_pictures(data: bytes) -> None:
    outcome({BADGE_IMAGE: data})


EVIDENCE_NAMES = ["notes.txt", "notes.md", "photo.jpg", "photo.png", "clip.webm", "talk.ogg",
                  "doc.pdf", "page.html", "drawing.svg", "noext"]  # fmt: skip
MAGIC = [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"%PDF-1.7\n", b"OggS", b"\x1aE\xdf\xa3",
         b"RIFF\x00\x00\x00\x00WAVE", b"GIF89a", b"<html>", b"PK\x03\x04", b"\x7fELF"]  # fmt: skip


@PROPERTY_SETTINGS
@given(
    st.sampled_from(EVIDENCE_NAMES),
    st.sampled_from([b"", *MAGIC]),
    st.binary(max_size=300) | st.text(max_size=200).map(str.encode),
)
def test_random_evidence_files(name: str, magic: bytes, rest: bytes) -> None:
    award = "content/awards/2025/camille-first-steps.yml"
    text = str(BASE_FILES[award]).replace("evidence/photo.png", f"evidence/{name}")
    outcome({award: text, f"content/evidence/{name}": magic + rest})


@PROPERTY_SETTINGS
@given(st.lists(st.sampled_from([*SVG_PIECES, b"<circle r='3'/>", b"<g>", b" "]), max_size=12))
def test_svg_pictures_assembled_from_hostile_pieces(pieces: list[bytes]) -> None:
    body = b"".join(pieces)
    outcome(
        {
            BADGE_IMAGE: b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9">'
            + body
            + b"</svg>"
        }
    )
