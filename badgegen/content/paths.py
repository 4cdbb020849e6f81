"""Is a path inside a folder once every `..` and symbolic link is followed?"""

from __future__ import annotations

from pathlib import Path


def resolved_inside(path: Path, folder: Path, *, real_folder: Path | None = None) -> Path | None:
    """The real path of `path` when it stays inside `folder` (both resolved), else None.

    A symbolic link loop, a NUL byte or an unreadable folder on the way counts as outside:
    nothing is read from a path that cannot be resolved. `real_folder`, when given, is
    `folder` already resolved (a caller that checks many files resolves it once).
    """
    real = real_path(path)
    base = real_folder or real_path(folder)
    if real is None or base is None:
        return None
    return real if lies_inside(real, base) else None


def lies_inside(real: Path, base: Path) -> bool:
    """Whether `real` (a resolved path) is the resolved folder `base` or lies inside it."""
    return real == base or real.is_relative_to(base)


def real_path(path: Path) -> Path | None:
    """`path` with every `..` and symbolic link followed, or None when that cannot be done."""
    try:
        return path.resolve(strict=False)
    except (OSError, RuntimeError, ValueError):
        return None
