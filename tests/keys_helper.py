"""Give a scratch repository signing keys, as `badgegen keys generate` would."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from badgegen.openbadges.keys import KeyChange, add_keys
from tests.conftest import REPO_ROOT, load_repo


def generate_keys(root: Path, *, rotate: bool = False) -> list[KeyChange]:
    gallery, cfg = load_repo(root)
    return add_keys(cfg, gallery.acting_parties(), rotate=rotate, today=date(2026, 11, 1))


def signed_demo_repo(folder: Path) -> Path:
    """A copy of the demo repository in `folder`, with fresh keys (its own, not this clone's)
    and no recorded status list indexes; returns its root."""
    root = folder / "repo"
    shutil.copytree(
        REPO_ROOT / "content",
        root / "content",
        ignore=shutil.ignore_patterns("public-keys", "status-list"),
    )
    shutil.copy(REPO_ROOT / "badgegen.toml", root / "badgegen.toml")
    generate_keys(root)
    return root
