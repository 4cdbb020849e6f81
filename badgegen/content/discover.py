"""Walk `content/` and classify the record files by folder; media files are left for later stages.

The folders, suffixes and ignore rules are those of `badgegen.formats`.
"""

from __future__ import annotations

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
    is_ignored,
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
        candidates = base.rglob("*") if recursive else base.iterdir()
        where = _Folder(root, real_root, base, folder, kind, suffixes)
        for path in sorted(candidates):
            found = _source(path, where)
            if isinstance(found, SourceFile):
                files.append(found)
            elif found is not None:
                problems.append(found)
    return files, problems


@dataclass(frozen=True, slots=True)
class _Folder:
    """The folder a file was found in, and what that folder holds."""

    root: Path
    real_root: Path | None
    base: Path
    """`content/<folder>`."""
    folder: str
    kind: Kind
    suffixes: tuple[str, ...]
    real_dirs: dict[Path, Path | None] = field(default_factory=dict)
    """The real path of each folder met so far (None: it cannot be resolved), so that each
    folder is resolved once rather than once for every file in it."""

    def real(self, path: Path) -> Path | None:
        """`path` with every `..` and symbolic link followed (None: it cannot be resolved).

        A file that is no symbolic link is its folder's real path and its own name: only the
        folders and the links are resolved, the same answer as resolving the whole path.
        """
        if path.is_symlink():
            return real_path(path)
        parent = path.parent
        if parent not in self.real_dirs:
            self.real_dirs[parent] = real_path(parent)
        real = self.real_dirs[parent]
        return None if real is None else real / path.name

    def is_inside(self, path: Path) -> bool:
        """Whether the real path of `path` is inside the repository."""
        real, base = self.real(path), self.real_root
        return real is not None and base is not None and lies_inside(real, base)


def _source(path: Path, where: _Folder) -> SourceFile | Problem | None:
    """The record file at `path`, the problem with it, or None for a file that is no record."""
    root = where.root
    if path.is_symlink() and path.is_dir():
        if resolved_inside(path, root, real_folder=where.real_root) is None:
            return Problem(
                path.relative_to(root).as_posix(),
                None,
                "this folder is a symbolic link to a folder outside the repository: "
                "nothing in it is read",
                "replace the link with the folder itself",
            )
        return None
    if not path.is_file() or path.suffix.lower() not in RECORD_SUFFIXES:
        return None
    if any(
        is_ignored(part) for part in [path, *path.relative_to(where.base).parents][:-1]
    ) or is_ignored(path):
        return None
    rel = path.relative_to(root).as_posix()
    if not where.is_inside(path):
        return Problem(
            rel,
            None,
            "this record is a symbolic link to a file outside the repository",
            "replace the link with the file itself",
        )
    suffixes, kind = where.suffixes, where.kind
    if path.suffix.lower() not in suffixes:
        if where.folder in MEDIA_FOLDERS:
            return None
        return Problem(
            rel,
            None,
            f"{where.folder}/ holds {' or '.join(suffixes)} files, not {path.suffix}",
            f"rename it to {path.stem}{suffixes[0]}",
        )
    if kind in NAMED_BY_FILE and not SLUG_PATTERN.match(path.stem):
        return Problem(
            rel,
            None,
            f"the file name {path.stem!r} is not a valid slug (it becomes the {kind}'s name in URLs)",
            f"rename the file to {slugify(path.stem)}{path.suffix}: lowercase letters, digits and hyphens",
        )
    return SourceFile(path=path, rel=rel, kind=kind, slug=path.stem)
