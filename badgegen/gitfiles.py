"""What git tracks: files a stranger's pull request may have written, which the build must not
trust (a committed private key, a committed cache folder)."""

from __future__ import annotations

import subprocess
from pathlib import Path


def tracked(path: Path, root: Path) -> list[str]:
    """The files under `path` (or `path` itself) that the git repository at `root` tracks, as
    git names them; none when git is missing or `root` is no git repository."""
    try:
        result = subprocess.run(
            ["git", "ls-files", "-z", "--", str(path)],
            cwd=root,
            capture_output=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    if result.returncode != 0:
        return []
    return [name for name in result.stdout.decode("utf-8", "replace").split("\0") if name]
