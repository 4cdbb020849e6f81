"""What stages produce: OutputFiles, checked as they arrive (`Paths`) and handed to a `Sink`, which
keeps them in memory (`Gathered`, for the preview) or writes them to a staging folder as they come
(`write.Staging`, for `badgegen build`)."""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol


@dataclass(frozen=True, slots=True)
class OutputFile:
    path: str
    """POSIX path relative to the output folder, e.g. `badges/premiers-pas/index.html`."""
    data: bytes
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


class Paths:
    """The paths handed out so far, checked one file at a time (what `collect` checks at once).

    A stage done in parts may produce a file that several parts need (the PNG of an SVG badge
    whose awards fall in two parts): the same path with the same bytes from the same stage is
    one file. Anything else at a path already taken is a collision.
    """

    def __init__(self) -> None:
        self._seen: dict[str, tuple[str, bytes]] = {}

    def admit(self, item: OutputFile) -> bool:
        """True for a new file, False for the same file again; OutputCollision otherwise."""
        return self.admit_digest(item.path, item.stage, hashlib.sha256(item.data).digest())

    def admit_digest(self, path: str, stage: str, digest: bytes) -> bool:
        """`admit` for a file known by its SHA-256 digest (one reused from the previous site)."""
        if not _safe(path):
            raise OutputCollision(f"unsafe output path {path!r} (from {stage or '?'})")
        seen = self._seen.get(path)
        if seen is None:
            self._seen[path] = (stage, digest)
            return True
        if seen == (stage, digest):
            return False
        raise OutputCollision(f"two outputs at {path!r}: {seen[0] or '?'} and {stage or '?'}")

    def __contains__(self, path: object) -> bool:
        return path in self._seen

    def __len__(self) -> int:
        return len(self._seen)

    def __iter__(self) -> Iterator[str]:
        return iter(self._seen)

    def hex_digest(self, path: str) -> str:
        """The SHA-256 of the file at `path`, in hex ("" for a path not handed out)."""
        seen = self._seen.get(path)
        return "" if seen is None else seen[1].hex()


class Sink(Protocol):
    """Where a build's files go as the stages produce them."""

    paths: Paths

    def add(self, item: OutputFile) -> None: ...

    def read(self, path: str) -> bytes:
        """The bytes of a file already added (a later stage's input, e.g. a signed credential)."""
        ...

    def reuse(self, files: Sequence[Made]) -> bool:
        """Add these files of the previous site as they are, if every one is still there with
        that size and digest; False (and nothing added) otherwise."""
        ...


Left = tuple[int, int, bytes]
"""A file a build left in the output folder: its size, its modification time (ns), and its
SHA-256 when the build made it (b"" for a file it found there). The digest is raw bytes, not
hex: a site of 50,000 awards has half a million of them in memory."""


class Made(NamedTuple):
    """A file a part made, as `rebuild.run_parts` records it: enough to find it again."""

    path: str
    size: int
    digest: str
    """SHA-256, in hex."""
    stage: str

    @classmethod
    def of(cls, item: OutputFile) -> Made:
        return cls(item.path, len(item.data), hashlib.sha256(item.data).hexdigest(), item.stage)


class Gathered:
    """A sink that keeps every file in memory, for `manifest()`."""

    def __init__(self) -> None:
        self.paths = Paths()
        self._files: dict[str, OutputFile] = {}

    def add(self, item: OutputFile) -> None:
        if self.paths.admit(item):
            self._files[item.path] = item

    def read(self, path: str) -> bytes:
        return self._files[path].data

    def reuse(self, files: Sequence[Made]) -> bool:
        return False  # no previous site: every part is done

    def manifest(self) -> Manifest:
        return Manifest(tuple(sorted(self._files.values(), key=lambda f: f.path)))
