"""Fixtures that build real sites: a tiny scratch repository per test, the demo gallery once."""

from __future__ import annotations

import io
import json
import os
import subprocess
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from badgegen import build, config, memo
from badgegen.build import BuildResult
from badgegen.content.model import Gallery
from badgegen.openbadges.keys import ENV_VAR
from badgegen.openbadges.ob3 import OB3

REPO_ROOT = Path(__file__).resolve().parent.parent
TEST_DATA = Path(__file__).resolve().parent / "data"


def load_test_data(name: str) -> dict[str, Any]:
    """A JSON file from tests/data (published test vectors, sample credentials)."""
    data: dict[str, Any] = json.loads((TEST_DATA / name).read_text(encoding="utf-8"))
    return data


NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
"""The clock of every test build, so that expiry and 'future date' checks are reproducible."""


def png_bytes(width: int = 64, height: int = 64, color: str = "#2a7") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "PNG")
    return buffer.getvalue()


SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256">'
    '<circle cx="128" cy="128" r="120" fill="#2a7"/></svg>\n'
)
AWARD_ID = "0b7c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d"

BASE_FILES: dict[str, str | bytes] = {
    "badgegen.toml": """\
[site]
title = "Scratch badges"
base_url = "https://example.org/badges/"
contact_email = "badges@example.org"
language = "en"
""",
    "content/issuers/atelier.md": """\
---
name: Atelier Numérique
url: https://atelier.example.org
kind: organization
---
A small digital workshop.
""",
    "content/badges/first-steps.md": """\
---
name: First steps online
issuer: atelier
image: images/first-steps.svg
image_alt: A green circle
description: Can send an email with an attachment.
tags: [email]
---
Send an email with an attachment to your trainer.
""",
    "content/badges/images/first-steps.svg": SVG,
    "content/earners/camille.yml": """\
name: Camille Martin
email_hash: "sha256$0e4b2d1f8a3c5e7d9b1f3a5c7e9d1b3f5a7c9e1d3b5f7a9c1e3d5b7f9a1c3e5d"
salt: "00112233445566778899aabbccddeeff"
""",
    "content/awards/2025/camille-first-steps.yml": f"""\
id: {AWARD_ID}
badge: first-steps
earner: camille
issued_on: 2025-03-14
narrative: Camille sent her first email.
evidence:
  - file: evidence/photo.png
    name: Photo of the workshop
    alt: Camille at a laptop, smiling
""",
    "content/evidence/photo.png": png_bytes(32, 24),
    "content/endorsements/atelier-badge.yml": """\
id: 5d6e7f80-91a2-4b3c-8d4e-5f60718293a4
endorser: camille
badge: first-steps
comment: Clear and useful.
issued_on: 2025-04-01
""",
}

ScratchRepo = Callable[..., Path]


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    """A cache folder for this test (namespace "ns"), and none again after it."""
    folder = tmp_path / "cache"
    memo.use_disk(folder, "ns")
    yield folder
    memo.use_disk(None)
    memo.forget()


def git(repo: Path, *args: str) -> None:
    """Run git in `repo` (with an author for commits), failing the test if git fails."""
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@localhost", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def scratch_repo(tmp_path: Path) -> ScratchRepo:
    """Write a tiny valid repository; `files` adds or replaces files, a None value deletes one."""

    def make(files: Mapping[str, str | bytes | None] | None = None, name: str = "repo") -> Path:
        root = tmp_path / name
        merged: dict[str, str | bytes | None] = {**BASE_FILES, **(files or {})}
        for rel, data in merged.items():
            if data is None:
                continue
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8")
        return root

    return make


def problem_lines(root: Path, *, warnings: bool = False) -> list[str]:
    """`path:line: message` of every problem `check` finds (errors only unless warnings=True)."""
    loaded = build.load(config.load(root), NOW)
    return [
        p.format().split("\n")[0]
        for p in sorted(loaded.problems, key=lambda p: p.sort_key())
        if warnings or p.is_error
    ]


def load_repo(root: Path) -> tuple[Gallery, config.Config]:
    """The validated gallery of a repository (at the test clock) and its config."""
    cfg = config.load(root)
    gallery, _loaded = build.load_gallery(cfg, NOW)
    return gallery, cfg


def build_repo(root: Path, **overrides: str) -> BuildResult:
    cfg = config.load(root).with_overrides(**overrides)
    return build.build(cfg, now=NOW)


@pytest.fixture(autouse=True, scope="session")
def _no_signing_key_from_the_environment() -> None:
    """Tests decide about keys themselves; a key exported in the shell must not leak in."""
    os.environ.pop(ENV_VAR, None)


@pytest.fixture(autouse=True, scope="session")
def _not_in_ci() -> None:
    """Builds record what they publish unless CI is set; tests that want CI set it themselves."""
    os.environ.pop("CI", None)


def demo_config(output: Path, base_url: str | None = None) -> config.Config:
    """The demo gallery's config, writing to `output`, and ignoring any keys this clone made
    (`make build` creates some): tests that sign make their own."""
    cfg = config.load(REPO_ROOT).with_overrides(output=str(output), base_url=base_url)
    return replace(cfg, keys=config.KeysConfig(file=str(output.parent / "no-keys.json")))


@pytest.fixture(scope="session")
def built_gallery(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo gallery of this repository, built once into a temporary folder.

    Built as CI builds it (`frozen`): the demo's `content/published.yml` must list everything.
    """
    output = tmp_path_factory.mktemp("demo") / "output"
    build.build(demo_config(output), now=NOW, frozen=True)
    return output


def demo_credentials() -> list[dict[str, Any]]:
    """Every award and endorsement credential of the demo gallery, unsigned, with the
    endorsements embedded where they apply."""
    gallery, cfg = load_repo(REPO_ROOT)
    ob3 = OB3(gallery, cfg)
    endorsements = {e.id: ob3.endorsement_credential(e) for e in gallery.endorsements}
    awards = [ob3.credential(a, i, endorsements) for i, a in enumerate(gallery.awards)]
    return [*endorsements.values(), *awards]
