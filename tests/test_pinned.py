"""`.badgegen/`: the exact badgegen a repository's CI installs, pinned by hash (#10)."""

from __future__ import annotations

import base64
import hashlib
import io
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement

import badgegen
from badgegen import __version__
from badgegen.pinned import DISTRIBUTION, build_wheel, lock_text, write_bundle
from badgegen.scaffold import init_repository, update_ci
from tests.conftest import REPO_ROOT

PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_distribution_name_is_not_the_foreign_badgegen() -> None:
    assert PYPROJECT["project"]["name"] == DISTRIBUTION != "badgegen"
    assert PYPROJECT["project"]["version"] == __version__


def test_the_wheel_holds_this_badgegen_and_is_the_same_every_time() -> None:
    wheel = build_wheel()
    assert wheel.name == f"badgegen_openbadges-{__version__}-py3-none-any.whl"
    assert build_wheel().data == wheel.data
    archive = zipfile.ZipFile(io.BytesIO(wheel.data))
    names = set(archive.namelist())
    package = Path(badgegen.__file__).resolve().parent
    for path in package.rglob("*.py"):
        if "__pycache__" in path.parts:
            continue
        rel = f"badgegen/{path.relative_to(package).as_posix()}"
        assert archive.read(rel) == path.read_bytes(), rel
    # the theme is inside the wheel, whatever way the checkout holds it
    assert "badgegen/themes/default/templates/base.html" in names
    assert "badgegen/requirements.lock" in names
    info = f"badgegen_openbadges-{__version__}.dist-info"
    metadata = archive.read(f"{info}/METADATA").decode()
    assert f"Name: {DISTRIBUTION}\n" in metadata and f"Version: {__version__}\n" in metadata
    assert "badgegen = badgegen.cli:main" in archive.read(f"{info}/entry_points.txt").decode()
    for line in archive.read(f"{info}/RECORD").decode().splitlines():
        path, digest, size = line.split(",")
        if path.endswith("RECORD"):
            continue
        data = archive.read(path)
        expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        assert digest == f"sha256={expected}" and int(size) == len(data), path


def test_the_source_tree_holds_no_symbolic_link() -> None:
    """A checkout on a system without links (or a zip of the repository) must still work."""
    links = [
        path.relative_to(REPO_ROOT).as_posix()
        for folder in ("badgegen", "themes", "tests", "content", "benchmarks")
        for path in (REPO_ROOT / folder).rglob("*")
        if path.is_symlink() and "node_modules" not in path.parts
    ]
    assert links == []


@pytest.mark.install
def test_the_setuptools_wheel_holds_the_themes_as_pinned_does(tmp_path: Path) -> None:
    """`make wheel` and `pip install /path/to/badgegen` build with setup.py, which copies
    themes/ into the package: the same theme files as the wheel `.badgegen/` holds."""
    source = tmp_path / "source"
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    source.mkdir()
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md"):
        shutil.copy2(REPO_ROOT / name, source / name)
    for folder in ("badgegen", "themes"):
        shutil.copytree(REPO_ROOT / folder, source / folder, ignore=skip)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), "."],
        cwd=source,
        check=True,
        capture_output=True,
        timeout=600,
    )
    [built] = tmp_path.glob("*.whl")
    themes = {n for n in zipfile.ZipFile(built).namelist() if n.startswith("badgegen/themes/")}
    pinned = zipfile.ZipFile(io.BytesIO(build_wheel().data))
    assert themes == {n for n in pinned.namelist() if n.startswith("badgegen/themes/")}
    assert "badgegen/themes/default/templates/base.html" in themes


def _pins() -> dict[str, tuple[str, list[str]]]:
    """name → (version, hashes) of every requirement in the lock."""
    pins: dict[str, tuple[str, list[str]]] = {}
    for entry in re.split(r"\n(?=\S)", lock_text().strip()):
        if entry.startswith("#"):
            continue
        head = entry.split("\\", 1)[0].split(";", 1)[0].strip()
        name, version = head.split("==")
        pins[name.lower().replace("_", "-")] = (
            version,
            re.findall(r"sha256:([0-9a-f]{64})", entry),
        )
    return pins


def test_the_lock_pins_every_dependency_by_hash() -> None:
    pins = _pins()
    for spec in PYPROJECT["project"]["dependencies"]:
        requirement = Requirement(spec)
        name = requirement.name.lower().replace("_", "-")
        assert name in pins, f"{name} is missing from badgegen/requirements.lock: run make lock"
        version, _hashes = pins[name]
        assert requirement.specifier.contains(version), f"{name}=={version} vs {spec}: make lock"
    assert all(hashes for _version, hashes in pins.values())


def test_ci_update_changes_nothing_when_up_to_date(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init_repository(root, "en")
    assert update_ci(root, "en", workflows=False) == []
    stale = root / ".badgegen/badgegen_openbadges-0.0.9-py3-none-any.whl"
    stale.write_bytes(b"an older badgegen")
    (root / ".badgegen/requirements.txt").write_text("old pins\n")
    changed = {p.relative_to(root).as_posix() for p in update_ci(root, "en", workflows=False)}
    assert changed == {".badgegen/requirements.txt", stale.relative_to(root).as_posix()}
    assert not stale.exists()
    assert write_bundle(root) == []


def test_ci_update_keeps_edited_workflows_unless_asked(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init_repository(root, "fr")
    workflow = root / ".github/workflows/badges.yml"
    edited = workflow.read_text(encoding="utf-8") + "# my own step\n"
    workflow.write_text(edited, encoding="utf-8")
    (root / ".gitlab-ci.yml").unlink()
    changed = update_ci(root, "fr", workflows=False)
    assert changed == [root / ".gitlab-ci.yml"]  # a missing file is written again
    assert workflow.read_text(encoding="utf-8") == edited
    assert update_ci(root, "fr", workflows=True) == [workflow]
    assert "# my own step" not in workflow.read_text(encoding="utf-8")
