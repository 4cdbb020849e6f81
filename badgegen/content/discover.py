"""Walk `content/` and classify the record files by folder; media files are left for later stages.

The folders, suffixes and ignore rules are those of `badgegen.formats`.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from badgegen.config import shown_path
from badgegen.content.paths import lies_inside, real_path, resolved_inside
from badgegen.content.values import SLUG_PATTERN
from badgegen.errors import Problem
from badgegen.formats import (
    FOLDERS,
    MEDIA_FOLDERS,
    NAMED_BY_FILE,
    RECORD_SUFFIXES,
    Kind,
    is_ignored_name,
)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One record file: where it is, what kind of record it holds, and its slug (file stem)."""

    path: Path
    rel: str
    """Path relative to the repository root, POSIX style, as shown in messages."""
    kind: Kind
    slug: str


def slugify(text: str) -> str:
    """A slug suggestion: `Mon Atelier` → `mon-atelier`, `Éloïse_D` → `eloise-d`."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[a-z0-9]+", plain.lower())) or "name"


def discover(root: Path, content_dir: Path) -> tuple[list[SourceFile], list[Problem]]:
    """Every record file under `content_dir`, sorted, plus problems with misplaced files."""
    files: list[SourceFile] = []
    problems: list[Problem] = []
    if not content_dir.is_dir():
        rel = shown_path(content_dir, root)
        return [], [
            Problem(
                rel, None, "the content folder does not exist", "create it, or set [build] content"
            )
        ]
    try:
        real_root: Path | None = root.resolve(strict=False)
    except (OSError, RuntimeError, ValueError):
        real_root = None
    for folder, (kind, suffixes, recursive) in FOLDERS.items():
        base = content_dir / folder
        if not base.is_dir():
            continue
        where = _Folder(
            root, real_root, base, base.relative_to(root).as_posix(), folder, kind, suffixes
        )
        found: list[_Entry] = []
        _list(str(base), (), recursive, found)
        found.sort(key=lambda item: item[0])  # as pathlib sorts paths: part by part
        for parts, entry in found:
            source = _source(parts, entry, where)
            if isinstance(source, SourceFile):
                files.append(source)
            elif source is not None:
                problems.append(source)
    return files, problems


_Entry = tuple[tuple[str, ...], os.DirEntry[str]]
"""An entry under `content/<folder>`, with the names of its path from that folder."""


def _list(top: str, parts: tuple[str, ...], recursive: bool, found: list[_Entry]) -> None:
    """Every entry of `top` (and, when `recursive`, of the folders below it that are no
    symbolic links), into `found`: what `Path.rglob("*")` or `iterdir()` lists, one `scandir`
    per folder and no `stat` for a plain file, as a repository holds thousands of records."""
    try:
        with os.scandir(top) as listing:
            entries = list(listing)
    except PermissionError:
        return  # as `rglob` does: an unreadable folder lists nothing
    for entry in entries:
        here = (*parts, entry.name)
        found.append((here, entry))
        if recursive and _is_dir(entry) and not entry.is_symlink():
            _list(entry.path, here, True, found)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """`Path.is_dir()`: symbolic links followed; False for a broken link or a loop."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_file(entry: os.DirEntry[str]) -> bool:
    """`Path.is_file()`: symbolic links followed; False for a broken link or a loop."""
    try:
        return entry.is_file()
    except OSError:
        return False


def _suffix(name: str) -> str:
    """`PurePath.suffix` of a file name: "" for `.yml` (a hidden file) and for `name.`."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


@dataclass(frozen=True, slots=True)
class _Folder:
    """The folder a file was found in, and what that folder holds."""

    root: Path
    real_root: Path | None
    base: Path
    """`content/<folder>`."""
    rel: str
    """`base` relative to the repository root, POSIX style."""
    folder: str
    kind: Kind
    suffixes: tuple[str, ...]
    inside: dict[str, bool] = field(default_factory=dict)
    """Whether each folder met so far is inside the repository once resolved, so that each
    folder is resolved once rather than once for every file in it."""

    def is_inside(self, path: Path, link: bool) -> bool:
        """Whether the real path of `path` (every `..` and symbolic link followed) is inside the
        repository. A file that is no symbolic link is its folder's real path and its own name:
        it is inside when its folder is, the same answer as resolving the whole path."""
        if link:
            return self._lies_inside(real_path(path))
        parent = os.path.dirname(path)
        known = self.inside.get(parent)
        if known is None:
            known = self.inside[parent] = self._lies_inside(real_path(Path(parent)))
        return known

    def _lies_inside(self, real: Path | None) -> bool:
        base = self.real_root
        return real is not None and base is not None and lies_inside(real, base)


def _source(
    parts: tuple[str, ...], entry: os.DirEntry[str], where: _Folder
) -> SourceFile | Problem | None:
    """The record file at `entry` (`parts`: its path from `content/<folder>`), the problem with
    it, or None for a file that is no record."""
    link = entry.is_symlink()
    rel = "/".join((where.rel, *parts))
    if link and _is_dir(entry):
        if resolved_inside(Path(entry.path), where.root, real_folder=where.real_root) is None:
            return Problem(
                rel,
                None,
                "this folder is a symbolic link to a folder outside the repository: "
                "nothing in it is read",
                "replace the link with the folder itself",
            )
        return None
    name = entry.name
    suffix = _suffix(name)
    if suffix.lower() not in RECORD_SUFFIXES or not _is_file(entry):
        return None
    if any(is_ignored_name(part) for part in parts):
        return None
    path = where.base.joinpath(*parts)
    if not where.is_inside(path, link):
        return Problem(
            rel,
            None,
            "this record is a symbolic link to a file outside the repository",
            "replace the link with the file itself",
        )
    suffixes, kind = where.suffixes, where.kind
    stem = name[: len(name) - len(suffix)]
    if suffix.lower() not in suffixes:
        if where.folder in MEDIA_FOLDERS:
            return None
        return Problem(
            rel,
            None,
            f"{where.folder}/ holds {' or '.join(suffixes)} files, not {suffix}",
            f"rename it to {stem}{suffixes[0]}",
        )
    if kind in NAMED_BY_FILE and not SLUG_PATTERN.match(stem):
        return Problem(
            rel,
            None,
            f"the file name {stem!r} is not a valid slug (it becomes the {kind}'s name in URLs)",
            f"rename the file to {slugify(stem)}{suffix}: lowercase letters, digits and hyphens",
        )
    return SourceFile(path=path, rel=rel, kind=kind, slug=stem)
