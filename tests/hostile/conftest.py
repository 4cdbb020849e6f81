"""The hostile-content corpus: each attack is a real scratch repository and its exact outcome.

An attack is either refused (`check` reports exactly these `path:line: message` lines and `build`
writes nothing) or built with the dangerous part gone from every published file.
"""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from badgegen import build, config
from badgegen.errors import ContentError
from tests.conftest import NOW, ScratchRepo, png_bytes, problem_lines

OUTSIDE = "{outside}"
"""In a symbolic link's target: the folder beside the repository, holding the attacker's files."""
SECRET_PNG = png_bytes(16, 16, "#c0ffee")
SECRET_TEXT = b"SECRET-OUTSIDE-THE-REPOSITORY"


def png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims `width`×`height` (8-bit RGB) and whose pixels are missing."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr)


def png_claiming(width: int, height: int) -> bytes:
    """A complete, tiny PNG file whose header claims a huge size (the classic pixel bomb)."""
    return (
        png_header(width, height)
        + png_chunk(b"IDAT", zlib.compress(b"\x00"))
        + png_chunk(b"IEND", b"")
    )


@dataclass(frozen=True)
class Attack:
    files: Mapping[str, str | bytes | None]
    refused: tuple[str, ...] = ()
    """The exact error lines `check` reports; empty means the repository must build."""
    warnings: tuple[str, ...] = ()
    """When it builds: the exact warning lines."""
    absent: tuple[bytes, ...] = ()
    """When it builds: bytes that no published image (every .svg and .png copy: the picture, the
    baked awards, the renderings) may contain."""
    present: tuple[tuple[str, bytes], ...] = ()
    """When it builds: (published file, bytes it must contain)."""
    links: Mapping[str, str] = field(default_factory=dict)
    """Symbolic links to make: path in the repository → target (may start with {outside})."""
    sparse: Mapping[str, int] = field(default_factory=dict)
    """Files to extend to a size without writing it (path → bytes)."""
    fifos: tuple[str, ...] = ()


def published(output: Path) -> dict[str, bytes]:
    return {
        path.relative_to(output).as_posix(): path.read_bytes()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


def prepare(root: Path, attack: Attack) -> None:
    outside = root.parent / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.png").write_bytes(SECRET_PNG)
    (outside / "secret.txt").write_bytes(SECRET_TEXT)
    (outside / "secret.svg").write_bytes(
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><desc>'
        + SECRET_TEXT
        + b"</desc></svg>"
    )
    (outside / "secret.yml").write_bytes(b"name: " + SECRET_TEXT + b"\n")
    for rel, target in attack.links.items():
        link = root / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.exists() or link.is_symlink():
            link.unlink()
        link.symlink_to(target.replace(OUTSIDE, str(outside)))
    for rel, size in attack.sparse.items():
        with open(root / rel, "r+b") as stream:
            stream.truncate(size)
    for rel in attack.fifos:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(path)


def assert_outcome(root: Path, attack: Attack) -> None:
    """Refused exactly as stated, or built with nothing dangerous published."""
    prepare(root, attack)
    output = root / "output"
    if attack.refused:
        assert problem_lines(root) == list(attack.refused)
        with pytest.raises(ContentError):
            build.build(config.load(root), now=NOW)
        assert not output.exists()
        return
    assert problem_lines(root, warnings=True) == list(attack.warnings)
    build.build(config.load(root), now=NOW)
    files = published(output)
    images = [name for name in files if name.endswith((".svg", ".png"))]
    assert images, "the build published no image"
    for name in images:
        for marker in attack.absent:
            assert marker not in files[name], f"{marker!r} published in {name}"
    for name, data in files.items():
        assert SECRET_TEXT not in data, f"text from outside the repository published in {name}"
        assert SECRET_PNG not in data, f"a file from outside the repository published as {name}"
    for name, data in attack.present:
        assert data in files[name], f"{data!r} missing from {name}"


AttackRunner = Callable[[Attack], None]


@pytest.fixture
def attack(scratch_repo: ScratchRepo) -> AttackRunner:
    """Run one attack in a fresh scratch repository and check its outcome."""

    def run(case: Attack) -> None:
        assert_outcome(scratch_repo(dict(case.files)), case)

    return run
