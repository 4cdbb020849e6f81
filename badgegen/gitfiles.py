"""What git tracks: files a stranger's pull request may have written, which the build must not
trust (a committed private key, a committed cache folder)."""

from __future__ import annotations

import subprocess
from pathlib import Path


class Unknown(Exception):
    """git could not tell, in a folder that is a git checkout (no git installed, a repository
    owned by another user that git refuses to read…): the reason, in git's words."""


def tracked(path: Path, root: Path) -> list[str]:
    """The files under `path` (or `path` itself) that the git repository at `root` tracks, as
    git names them; none when `root` is in no git checkout. Unknown when it is one and git
    cannot answer."""
    try:
        result = subprocess.run(
            ["git", "ls-files", "-z", "--", str(path)],
            cwd=root,
            capture_output=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        if _in_checkout(root):
            raise Unknown(str(exc) or type(exc).__name__) from None
        return []
    if result.returncode != 0:
        if _in_checkout(root):
            said = result.stderr.decode("utf-8", "replace").strip().splitlines()
            raise Unknown(said[0] if said else f"git ls-files failed ({result.returncode})")
        return []
    return [name for name in result.stdout.decode("utf-8", "replace").split("\0") if name]


def _in_checkout(root: Path) -> bool:
    """Whether `root` or a folder above it holds `.git` (a folder, or a worktree's file)."""
    return any((folder / ".git").exists() for folder in (root.resolve(), *root.resolve().parents))
