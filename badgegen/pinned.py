"""The exact badgegen a badge repository's CI installs: this installation, as a wheel, beside
its dependencies pinned by hash.

badgegen is published on no package registry, and the name `badgegen` there belongs to another
project. So CI never resolves badgegen by name: `badgegen init` and `badgegen ci update` write
`.badgegen/` into the repository, holding

- a wheel made from the badgegen that runs the command (the same files, byte for byte; a wheel made
  twice from one installation is the same file, so an unchanged badgegen changes nothing), and
- `requirements.txt`: that wheel and every dependency, each with its sha256 hashes, from the lock
  file shipped inside badgegen (`requirements.lock`, made by `make lock`).

CI installs it with `INSTALL_COMMAND`: pip then refuses any file whose hash is not listed, and
builds nothing from source (a source build would fetch unpinned build tools).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import os
import platform
import re
import zipfile
import zlib
from dataclasses import dataclass
from importlib import metadata
from importlib.resources import files
from pathlib import Path

import badgegen
from badgegen import __version__
from badgegen.builtin_themes import BUILTIN_THEMES, IN_WHEEL
from badgegen.config import BUNDLE_DIR
from badgegen.errors import UsageError

DISTRIBUTION = "badgegen-openbadges"
"""badgegen's distribution name: one that no registry serves for anyone else."""
FOLDER = BUNDLE_DIR
REQUIREMENTS = f"{FOLDER}/requirements.txt"
INSTALL_COMMAND = f"python -m pip install --require-hashes --only-binary :all: -r {REQUIREMENTS}"
"""Run from the repository root: the wheel's path in the requirements is relative to it."""

_EPOCH = (1980, 1, 1, 0, 0, 0)
"""Every wheel entry gets this date, so the wheel's bytes depend only on the files."""
_SKIPPED_DIRS = {"__pycache__"}
_SKIPPED_SUFFIXES = (".pyc", ".pyo")


@dataclass(frozen=True, slots=True)
class Wheel:
    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _package_files() -> list[tuple[str, bytes]]:
    """Every file of the running badgegen package, by its path in a wheel (`badgegen/...`),
    with the built-in themes in `badgegen/themes/` also when they are beside the package."""
    package = Path(badgegen.__file__).resolve().parent
    found = _files(package, "badgegen")
    if not BUILTIN_THEMES.is_relative_to(package):  # a source checkout
        found += _files(BUILTIN_THEMES, f"badgegen/{IN_WHEEL}")
    return sorted(found)


def _files(folder: Path, prefix: str) -> list[tuple[str, bytes]]:
    found: list[tuple[str, bytes]] = []
    for parent, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS and not d.startswith("."))
        for name in sorted(names):
            if name.endswith(_SKIPPED_SUFFIXES) or name.startswith("."):
                continue
            path = Path(parent) / name
            found.append((f"{prefix}/{path.relative_to(folder).as_posix()}", path.read_bytes()))
    return found


def _record_line(path: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
    return f"{path},sha256={digest},{len(data)}"


def build_wheel() -> Wheel:
    """A wheel of the running badgegen, made from its installed files and metadata."""
    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        raise UsageError(
            f"badgegen is not installed as the {DISTRIBUTION} package, so it cannot copy itself "
            "into the repository: install it with `pip install /path/to/badgegen` (its source "
            "folder or a wheel), then run this command again"
        ) from None
    version = dist.version
    stem = f"{DISTRIBUTION.replace('-', '_')}-{version}"
    info = f"{stem}.dist-info"
    entries = _package_files()
    # an .egg-info folder (a source checkout on sys.path) names the same metadata PKG-INFO
    core = dist.read_text("METADATA") or dist.read_text("PKG-INFO")
    if core is None:
        raise UsageError(f"the {DISTRIBUTION} installation has no metadata: reinstall badgegen")
    entries.append((f"{info}/METADATA", core.encode("utf-8")))
    points = dist.read_text("entry_points.txt")
    if points is not None:
        entries.append((f"{info}/entry_points.txt", points.encode("utf-8")))
    wheel_meta = (
        "Wheel-Version: 1.0\nGenerator: badgegen\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    entries.append((f"{info}/WHEEL", wheel_meta.encode("utf-8")))
    record = [_record_line(path, data) for path, data in entries] + [f"{info}/RECORD,,"]
    entries.append((f"{info}/RECORD", ("\n".join(record) + "\n").encode("utf-8")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in entries:
            item = zipfile.ZipInfo(path, date_time=_EPOCH)
            item.external_attr = 0o644 << 16
            item.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(item, data, compresslevel=9)
    return Wheel(f"{stem}-py3-none-any.whl", buffer.getvalue())


@functools.cache
def code_digest() -> str:
    """A digest of this badgegen's files, its dependencies' versions and Python's: the namespace
    of the cache folder, so results made by any other badgegen are never read."""
    digest = hashlib.sha256()
    for path, data in _package_files():
        digest.update(f"{path}\0{len(data)}\0".encode())
        digest.update(data)
    try:
        requirements = metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:
        requirements = []
    for requirement in sorted(requirements):
        name = re.split(r"[\s;<>=!~\[(]", requirement, maxsplit=1)[0]
        try:
            digest.update(f"{name}=={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} missing\n".encode())
    digest.update(f"{platform.python_implementation()} {platform.python_version()}".encode())
    digest.update(zlib.ZLIB_RUNTIME_VERSION.encode())
    return digest.hexdigest()[:24]


def lock_text() -> str:
    """badgegen's dependencies, each pinned to one version with the hashes of all its files."""
    return (files("badgegen") / "requirements.lock").read_text(encoding="utf-8")


def requirements(wheel: Wheel) -> str:
    header = (
        f"# The badgegen this repository's CI runs ({__version__}) and its dependencies, each\n"
        "# pinned by hash. Written by `badgegen ci update`: do not edit by hand.\n"
        f"# Install from the repository root with:\n#   {INSTALL_COMMAND}\n"
    )
    return f"{header}{FOLDER}/{wheel.name} --hash=sha256:{wheel.sha256}\n{lock_text()}"


README = """\
# .badgegen/

The exact badgegen this repository's CI runs, and its dependencies pinned by hash, so that CI
never installs a package by a name it does not control. Written by `badgegen init` and refreshed
by `badgegen ci update` (run it after upgrading badgegen, then commit this folder).

Anyone who clones this repository can install the same badgegen, from its root:

    python3 -m venv .venv
    .venv/bin/{install}
"""


def write_bundle(root: Path) -> list[Path]:
    """Write `.badgegen/` under `root`; return the files that changed (none when up to date)."""
    wheel = build_wheel()
    folder = root / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {
        wheel.name: wheel.data,
        "requirements.txt": requirements(wheel).encode("utf-8"),
        "README.md": README.format(install=INSTALL_COMMAND).encode("utf-8"),
    }
    changed: list[Path] = []
    for old in folder.glob("*.whl"):
        if old.name != wheel.name:
            old.unlink()
            changed.append(old)
    for name, data in wanted.items():
        path = folder / name
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)
            changed.append(path)
    return changed
