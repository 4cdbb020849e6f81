"""Every stage produces OutputFiles in memory; `collect` checks them before anything is written."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class OutputFile:
    path: str
    """POSIX path relative to the output folder, e.g. `badges/premiers-pas/index.html`."""
    data: bytes
    media_type: str
    stage: str = ""
    """The stage that made it, for collision messages."""


class OutputCollision(Exception):
    """Two stages want the same path, or a path would escape the output folder (a bug, not content)."""


@dataclass(frozen=True, slots=True)
class Manifest:
    files: tuple[OutputFile, ...]

    @property
    def paths(self) -> frozenset[str]:
        return frozenset(f.path for f in self.files)


def _safe(path: str) -> bool:
    normal = posixpath.normpath(path)
    return (
        bool(path)
        and not path.startswith("/")
        and "\\" not in path
        and normal == path
        and not normal.startswith("..")
    )


def collect(*stages: Iterable[OutputFile]) -> Manifest:
    """Gather every stage's files; refuse duplicates and paths that leave the output folder."""
    seen: dict[str, OutputFile] = {}
    for stage in stages:
        for item in stage:
            if not _safe(item.path):
                raise OutputCollision(
                    f"unsafe output path {item.path!r} (from {item.stage or '?'})"
                )
            if item.path in seen:
                other = seen[item.path]
                raise OutputCollision(
                    f"two outputs at {item.path!r}: {other.stage or '?'} and {item.stage or '?'}"
                )
            seen[item.path] = item
    return Manifest(tuple(sorted(seen.values(), key=lambda f: f.path)))
