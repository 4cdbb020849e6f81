"""Which folder the site may be written to: one badgegen made, or an empty or missing one.

The writer makes the output folder the new site, removing whatever the site does not hold, so
a wrong `[build] output` or `--output` would delete whatever is there. Refused before any work: the repository root, `content/`,
`keys/`, `.git`, `themes/`, a folder inside one of them or a parent of one, a file, and a folder
with files that badgegen did not write (it marks its own with `.badgegen-output`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

MARKER = ".badgegen-output"
MARKER_TEXT = b"This folder is written by `badgegen build` and replaced by every build.\n"


def is_badgegen_folder(folder: Path) -> bool:
    """Whether `folder` may be replaced: missing, empty, or holding the writer's marker."""
    if not folder.exists() and not folder.is_symlink():
        return True
    if folder.is_symlink() or not folder.is_dir():
        return False
    return (folder / MARKER).is_file() or not any(folder.iterdir())


@dataclass(slots=True)
class Scan:
    """What an output folder holds, by POSIX path relative to it."""

    files: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Each plain file's size and modification time (ns)."""
    folders: list[str] = field(default_factory=list)
    """Each folder below it, every folder before those it holds."""
    odd: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Anything else (a symbolic link, a socket…), with its own size and date: the writer never
    makes one."""


def scan(folder: Path) -> Scan:
    """Every entry under `folder` (nothing when it is missing): one `scandir` per folder and
    one `lstat` per file, as a site of 10,000 awards has 100,000 files in 34,000 folders and
    every build, the no-op one included, looks at them all."""
    found = Scan()

    def walk(path: str, prefix: str) -> None:
        try:
            with os.scandir(path) as entries:
                for entry in entries:
                    name = prefix + entry.name
                    if entry.is_dir(follow_symlinks=False):
                        found.folders.append(name)
                        walk(entry.path, name + "/")
                        continue
                    info = entry.stat(follow_symlinks=False)
                    plain = entry.is_file(follow_symlinks=False)
                    (found.files if plain else found.odd)[name] = (info.st_size, info.st_mtime_ns)
        except OSError:
            pass  # missing, or gone meanwhile: what is listed is what there is

    walk(str(folder), "")
    return found


INSIDE_ALLOWED = ("the repository root", "the signing keys' folder")
"""An output may sit inside these (never be one, nor hold one)."""


def protected_folders(
    root: Path, content: Path, key_file: Path, cache: Path, bundle: Path
) -> dict[str, Path]:
    """The folders an output must never be or contain, nor (but those in INSIDE_ALLOWED) be in."""
    return {
        "the repository root": root,
        "the content folder": content,
        "the signing keys' folder": key_file.parent,
        "the git history (.git)": root / ".git",
        "the themes folder": root / "themes",
        "the copy of badgegen that CI installs": bundle,
        "the build cache": cache,
    }


def output_refusal(
    output: Path, protected: Mapping[str, Path], *, look_inside: bool = True
) -> str | None:
    """Why `output` cannot be the output folder, or None when it can.

    With `look_inside=False` only the place is judged (for `badgegen.toml`, which `check` reads
    too), not what the folder holds today.
    """
    target = output.resolve()
    for what, folder in protected.items():
        where = folder.resolve()
        if target == where:
            return f"it is {what}, which the build would replace"
        if where.is_relative_to(target):
            return f"it holds {what}, which the build would replace"
        if target.is_relative_to(where) and what not in INSIDE_ALLOWED:
            return f"it is inside {what}"
    if not look_inside:
        return None
    if output.is_symlink():
        return "it is a symbolic link"
    if output.exists() and not output.is_dir():
        return "it is a file, not a folder"
    if not is_badgegen_folder(output):
        return (
            f"it holds files that badgegen did not write (no {MARKER} file): the build would "
            "delete them"
        )
    return None


OUTPUT_HINT = (
    'use a folder of its own, e.g. output = "output" (missing, empty, or made by an earlier '
    "badgegen build)"
)
