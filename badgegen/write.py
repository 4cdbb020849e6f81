"""Write the site transactionally: every file goes to a staging folder as a stage produces it,
then one swap.

A failure at any point deletes the staging folder and leaves the previous `output/` untouched.
Before swapping, award pages that the previous build published must still exist: a published
award URL never silently disappears. A file whose bytes are those of the previous site's file at
the same path is not written again: the staging folder gets a hard link to that file, so an
unchanged file keeps its date (and a deployment that compares dates skips it).

Every folder the writer makes holds a marker file, `.badgegen-output`: the output folder may be
replaced only when it holds one (or is empty, or missing), and the leftovers of a killed build
(`.output.staging-*`, `.output.old-*`) are removed by the next build only when they hold one too.
A folder that is not badgegen's own is never deleted.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import stat
import tempfile
from collections.abc import Collection, Sequence
from pathlib import Path

from badgegen.errors import BadgegenError, ContentError, Problem
from badgegen.outdir import MARKER, MARKER_TEXT, is_badgegen_folder
from badgegen.outputs import Made, Manifest, OutputFile, Paths
from badgegen.urls import Urls

PROTECTED_PREFIX = Urls.award_page("x").split("/")[0]  # "awards"


class OutputError(BadgegenError):
    """The site could not be written (full disk, read-only folder, no permission...).

    The previous site is kept and no temporary folder is left behind.
    """

    exit_code = 1


def published_awards(output_dir: Path) -> set[str]:
    """Ids of the award pages present in an existing output folder."""
    folder = output_dir / PROTECTED_PREFIX
    if not folder.is_dir():
        return set()
    return {child.name for child in folder.iterdir() if (child / "index.html").is_file()}


def disappearing(manifest: Manifest | Collection[str], output_dir: Path) -> list[Problem]:
    """Problems for the awards the previous site published that `manifest` (or these paths)
    would drop."""
    present = manifest.paths if isinstance(manifest, Manifest) else manifest
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


def _leftovers(output_dir: Path) -> list[Path]:
    parent = output_dir.parent
    if not parent.is_dir():
        return []
    prefixes = (f".{output_dir.name}.staging-", f".{output_dir.name}.old-")
    return sorted(
        p
        for p in parent.iterdir()
        if p.name.startswith(prefixes) and p.is_dir() and not p.is_symlink()
    )


def recover(output_dir: Path) -> list[Path]:
    """Tidy up after a killed build; the leftover folders removed.

    A build killed between its two renames left the previous site in `.output.old-*/site`: it is
    put back when `output/` is missing. Staging and old folders are then removed, but only those
    the writer made (marked, or empty).
    """
    removed: list[Path] = []
    for folder in _leftovers(output_dir):
        if folder.name.startswith(f".{output_dir.name}.old-"):
            site = folder / "site"
            if not output_dir.exists() and (site / MARKER).is_file():
                os.replace(site, output_dir)
            ours = is_badgegen_folder(site) and all(c.name == "site" for c in folder.iterdir())
        else:
            ours = is_badgegen_folder(folder)
        if ours:
            shutil.rmtree(folder)
            removed.append(folder)
    return removed


def staging_dir(output_dir: Path) -> Path:
    """A fresh folder next to the output (same filesystem, so the swap is a rename).

    `mkdtemp` makes it private (0700); the site it becomes must be readable by the web server,
    which often runs as another user, so it gets the mode of any new folder (0755 under the
    usual umask 022).
    """
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.staging-", dir=output_dir.parent))
    staging.chmod(0o777 & ~_umask())
    _write_file(staging / MARKER, MARKER_TEXT)  # first: a killed build's leftovers are known
    return staging


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_file(path: str | Path, data: bytes) -> None:
    """The one place where the writer writes bytes to a file."""
    with open(path, "wb") as stream:
        stream.write(data)


def _refused(output_dir: Path) -> OutputError:
    return OutputError(
        f"{output_dir} is not a folder badgegen made (it has no {MARKER} file and is not "
        "empty): it is left as it is; choose another [build] output or --output folder"
    )


def _fault(exc: OSError, output_dir: Path) -> OutputError:
    reason = exc.strerror or str(exc) or type(exc).__name__
    return OutputError(
        f"cannot write the site to {output_dir}: {reason}. The previous site is kept; free some "
        "space or make the folder writable, then build again"
    )


_NO_LINKS = {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP}
"""What a filesystem that cannot hard-link says (FAT, some network and overlay mounts)."""


def _link_file(source: str | Path, target: str | Path) -> None:
    """The one place where the writer reuses a file of the previous site."""
    os.link(source, target, follow_symlinks=False)


def _read_file(path: str | Path) -> bytes:
    with open(path, "rb") as stream:
        return stream.read()


def _same_file(path: str | Path, data: bytes) -> bool:
    """Whether `path` is a plain file (not a link) holding exactly `data`."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        return _read_file(path) == data
    except OSError:
        return False


def _holds(path: str | Path, size: int, digest: str) -> bool:
    """Whether `path` is a plain file (not a link) of `size` bytes with this SHA-256 digest."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size != size:
            return False
        return hashlib.sha256(_read_file(path)).hexdigest() == digest
    except OSError:
        return False


class Staging:
    """A sink that writes each file to a staging folder next to `output_dir` as it arrives, and
    swaps it into place at the end (`publish`). `open` refuses a folder badgegen did not make,
    as the swap would delete it."""

    def __init__(self, output_dir: Path) -> None:
        self.output_dir = output_dir
        self.paths = Paths()
        self.written = 0
        self.reused = 0
        """Files written, and files of the previous site reused unchanged."""
        self._folders: set[str] = set()
        """Folders of the staging folder already made (strings: thousands of files are linked
        a build, and pathlib's joins cost more than the links themselves)."""
        self.known: dict[str, tuple[int, int, str]] = {}
        """Size, date and SHA-256 of the previous site's files as the previous build left them
        (`rebuild.Record`): a file still of that size and date need not be read again."""
        try:
            recover(output_dir)
            self.previous = output_dir if output_dir.is_dir() else None
            self.folder = staging_dir(output_dir)
        except OSError as exc:
            raise _fault(exc, output_dir) from None

    @classmethod
    def open(cls, output_dir: Path) -> Staging:
        if not is_badgegen_folder(output_dir):
            raise _refused(output_dir)
        return cls(output_dir)

    def add(self, item: OutputFile) -> None:
        if not self.paths.admit(item) or item.path == MARKER:  # the marker is written first
            return
        target = os.path.join(self.folder, item.path)
        try:
            self._folder_of(target)
            previous = None if self.previous is None else os.path.join(self.previous, item.path)
            if previous is not None and _same_file(previous, item.data):
                try:
                    _link_file(previous, target)
                    self.reused += 1
                    return
                except OSError as exc:
                    if exc.errno not in _NO_LINKS:
                        raise
                    # a filesystem without hard links (or with too many): write the file
            _write_file(target, item.data)
            self.written += 1
        except OSError as exc:
            raise _fault(exc, self.output_dir) from None

    def read(self, path: str) -> bytes:
        return (self.folder / path).read_bytes()

    def reuse(self, files: Sequence[Made]) -> bool:
        """Link these files of the previous site into the staging folder, if each one is still
        there, a plain file of that size and digest; False, with nothing added, otherwise."""
        if self.previous is None:
            return False
        sources = [(made, os.path.join(self.previous, made.path)) for made in files]
        if not all(self._holds(source, made) for made, source in sources):
            return False
        for made, source in sources:
            if self.paths.admit_digest(made.path, made.stage, bytes.fromhex(made.digest)):
                self._put(made.path, source)
        return True

    def _holds(self, source: str, made: Made) -> bool:
        """Whether the previous site's file `source` is `made`: known by its size and date when
        the previous build left it so (`known`), else read and hashed."""
        known = self.known.get(made.path)
        if known is not None and known[2] == made.digest:
            try:
                info = os.lstat(source)
            except OSError:
                return False
            if stat.S_ISREG(info.st_mode) and (info.st_size, info.st_mtime_ns) == known[:2]:
                return True
        return _holds(source, made.size, made.digest)

    def _folder_of(self, target: str) -> None:
        """Make the folder `target` goes in, once a build."""
        folder = os.path.dirname(target)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)

    def _put(self, path: str, source: str) -> None:
        target = os.path.join(self.folder, path)
        try:
            self._folder_of(target)
            try:
                _link_file(source, target)
            except OSError as exc:
                if exc.errno not in _NO_LINKS:
                    raise
                _write_file(target, _read_file(source))
            self.reused += 1
        except OSError as exc:
            raise _fault(exc, self.output_dir) from None

    def publish(self, *, allow_removal: bool = False) -> None:
        """Swap the staging folder into place; ContentError if published awards would go."""
        if not allow_removal:
            problems = disappearing(self.paths.all, self.output_dir)
            if problems:
                raise ContentError(problems)
        try:
            _swap(self.folder, self.output_dir)
        except OSError as exc:
            raise _fault(exc, self.output_dir) from None

    def discard(self) -> None:
        """Remove the staging folder if it is still there (after a failure)."""
        if self.folder.exists():
            shutil.rmtree(self.folder, ignore_errors=True)


def publish(manifest: Manifest, output_dir: Path, *, allow_removal: bool = False) -> None:
    """Replace `output_dir` with the manifest's files, atomically as far as the filesystem allows.

    Raises OutputError (one line, no traceback) when the filesystem refuses; the previous site is
    then left as it was and no staging or old folder remains.
    """
    if not is_badgegen_folder(output_dir):
        raise _refused(output_dir)
    if not allow_removal:
        problems = disappearing(manifest, output_dir)
        if problems:
            raise ContentError(problems)
    staging = Staging(output_dir)
    try:
        for item in manifest.files:
            staging.add(item)
        staging.publish(allow_removal=True)
    finally:
        staging.discard()


def _swap(staging: Path, output_dir: Path) -> None:
    if output_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.old-", dir=output_dir.parent))
        try:
            os.replace(output_dir, old / "site")
            try:
                os.replace(staging, output_dir)
            except OSError:
                os.replace(old / "site", output_dir)
                raise
        finally:
            shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staging, output_dir)
