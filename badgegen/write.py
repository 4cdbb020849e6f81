"""Write the site transactionally: everything goes to a staging folder, then one swap.

A failure at any point deletes the staging folder and leaves the previous `output/` untouched.
Before swapping, award pages that the previous build published must still exist: a published
award URL never silently disappears.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from badgegen.errors import ContentError, Problem
from badgegen.outputs import Manifest
from badgegen.urls import Urls

PROTECTED_PREFIX = Urls.award_page("x").split("/")[0]  # "awards"


def published_awards(output_dir: Path) -> set[str]:
    """Ids of the award pages present in an existing output folder."""
    folder = output_dir / PROTECTED_PREFIX
    if not folder.is_dir():
        return set()
    return {child.name for child in folder.iterdir() if (child / "index.html").is_file()}


def disappearing(manifest: Manifest, output_dir: Path) -> list[Problem]:
    present = manifest.paths
    missing = sorted(
        award_id
        for award_id in published_awards(output_dir)
        if f"{Urls.award_page(award_id)}index.html" not in present
    )
    return [
        Problem(
            output_dir.name,
            None,
            f"the award {award_id} was published by the previous build and would disappear",
            "restore its file in content/awards/ (revoke it with `revoked:` instead of deleting it), "
            "or run the build with --allow-removal if withdrawing its URL is intended",
        )
        for award_id in missing
    ]


def staging_dir(output_dir: Path) -> Path:
    """A fresh folder next to the output (same filesystem, so the swap is a rename).

    `mkdtemp` makes it private (0700); the site it becomes must be readable by the web server,
    which often runs as another user, so it gets the mode of any new folder (0755 under the
    usual umask 022).
    """
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.staging-", dir=output_dir.parent))
    staging.chmod(0o777 & ~_umask())
    return staging


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_tree(manifest: Manifest, target: Path) -> None:
    for item in manifest.files:
        path = target / item.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(item.data)


def publish(manifest: Manifest, output_dir: Path, *, allow_removal: bool = False) -> None:
    """Replace `output_dir` with the manifest's files, atomically as far as the filesystem allows."""
    if not allow_removal:
        problems = disappearing(manifest, output_dir)
        if problems:
            raise ContentError(problems)
    staging = staging_dir(output_dir)
    try:
        write_tree(manifest, staging)
        if output_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.old-", dir=output_dir.parent))
            os.replace(output_dir, old / "site")
            try:
                os.replace(staging, output_dir)
            except OSError:
                os.replace(old / "site", output_dir)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, output_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
