"""Write the site transactionally: every new or changed file goes to a staging folder as a
stage produces it, and the output folder changes only at the end, all at once or not at all.

A failure at any point before the end deletes the staging folder and leaves the previous
`output/` untouched. Before publishing, award pages that the previous build published must still
exist: a published award URL never silently disappears.

A file whose bytes are those of the previous site's file at the same path is not written again:
it stays where it is, with its date (a deployment that compares dates skips it). Publishing then
touches only what changed: the files the new site drops and the previous versions of the files
it changes are moved aside into `.output.old-*/site`, the new files are moved in, and the folder
aside is deleted. If a move fails, everything is moved back (`_roll_back`); a build killed while
publishing leaves a journal beside the moved files, and the next build moves them back the same
way before it starts (`recover`). Without a previous site (or with one holding anything badgegen
never writes, such as a symbolic link), the staging folder holds the whole site and replaces
the output folder by two renames, as a whole.

Every folder the writer makes holds a marker file, `.badgegen-output`: the output folder may be
replaced only when it holds one (or is empty, or missing), and the leftovers of a killed build
(`.output.staging-*`, `.output.old-*`) are removed by the next build only when they hold one too.
A folder that is not badgegen's own is never deleted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import tempfile
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from multiprocessing.connection import Connection
from pathlib import Path

from badgegen.errors import BadgegenError, ContentError, Problem
from badgegen.outdir import MARKER, MARKER_TEXT, Scan, is_badgegen_folder, scan
from badgegen.outputs import Left, Made, Manifest, OutputFile, Paths
from badgegen.pool import can_share
from badgegen.urls import Urls

PROTECTED_PREFIX = Urls.award_page("x").split("/")[0]  # "awards"


class OutputError(BadgegenError):
    """The site could not be written (full disk, read-only folder, no permission...).

    The previous site is kept and no temporary folder is left behind.
    """

    exit_code = 1


def published_awards(output_dir: Path, listing: Collection[str] | None = None) -> set[str]:
    """Ids of the award pages present in an existing output folder; `listing`: its plain
    files, as `outdir.scan` found them, when the caller has them (no file is looked at)."""
    if listing is not None:
        prefix = f"{PROTECTED_PREFIX}/"
        return {
            path.split("/")[1]
            for path in listing
            if path.startswith(prefix) and path.endswith("/index.html") and path.count("/") == 2
        }
    folder = output_dir / PROTECTED_PREFIX
    if not folder.is_dir():
        return set()
    return {child.name for child in folder.iterdir() if (child / "index.html").is_file()}


def disappearing(
    manifest: Manifest | Collection[str],
    output_dir: Path,
    listing: Collection[str] | None = None,
) -> list[Problem]:
    """Problems for the awards the previous site published that `manifest` (or these paths)
    would drop (`listing`: see `published_awards`)."""
    present = manifest.paths if isinstance(manifest, Manifest) else manifest
    missing = sorted(
        award_id
        for award_id in published_awards(output_dir, listing)
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


JOURNAL = "journal.json"
"""In a folder aside (`.output.old-*`): the paths a publish moves in, written before it starts."""


def recover(output_dir: Path) -> list[Path]:
    """Tidy up after a killed build; the leftover folders removed.

    A build killed while publishing left the files it moved aside in `.output.old-*/site` with
    its journal: they are moved back, and the files it had moved in are removed. A build killed
    between the two renames of a whole swap left the previous site in `.output.old-*/site`: it
    is put back when `output/` is missing. Staging and old folders are then removed, but only
    those the writer made (marked, or empty).
    """
    removed: list[Path] = []
    for folder in _leftovers(output_dir):
        if folder.name.startswith(f".{output_dir.name}.old-"):
            site = folder / "site"
            if (folder / JOURNAL).is_file() and (folder / MARKER).is_file():
                _roll_back(folder, output_dir)
                ours = True
            else:
                if not output_dir.exists() and (site / MARKER).is_file():
                    os.replace(site, output_dir)
                ours = is_badgegen_folder(site) and all(c.name == "site" for c in folder.iterdir())
        else:
            ours = is_badgegen_folder(folder)
        if ours:
            shutil.rmtree(folder)
            removed.append(folder)
    return removed


@contextlib.contextmanager
def scan_aside(output_dir: Path) -> Iterator[Callable[[], Scan | None]]:
    """`outdir.scan(output_dir)` done by a forked process while the build loads the content:
    listing a site of 10,000 awards (100,000 files in 34,000 folders) is most of a second of
    the kernel's time, which the other core spends instead. The function it gives waits for the
    listing (None when it could not be had: the writer then lists the folder itself). Only a
    folder badgegen made, with no leftover of a killed build (which `recover` would change),
    is listed aside; nothing is forked where the pool could not fork either. On leaving, a
    listing not asked for is dropped and the process ended."""
    if not (can_share() and output_dir.is_dir() and is_badgegen_folder(output_dir)):
        yield lambda: None
        return
    if _leftovers(output_dir):
        yield lambda: None
        return
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_send_scan, args=(output_dir, send), daemon=True)
    process.start()
    send.close()

    def listing() -> Scan | None:
        try:
            found = receive.recv()
        except (EOFError, OSError):
            return None
        return found if isinstance(found, Scan) else None

    try:
        yield listing
    finally:
        receive.close()
        if process.is_alive():
            process.terminate()
        process.join()


def _send_scan(output_dir: Path, send: Connection) -> None:
    """In the forked process of `scan_aside`. Ctrl+C is the build's to answer (it ends this
    process); a build gone meanwhile (its end of the pipe closed) is no error here."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError):
        send.send(scan(output_dir))
        send.close()


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


def _read_file(path: str | Path) -> bytes:
    with open(path, "rb") as stream:
        return stream.read()


def _move(source: str, target: str) -> None:
    """The one place where the writer moves a file into or out of the output folder."""
    os.replace(source, target)


class Staging:
    """A sink that writes each new or changed file to a staging folder next to `output_dir` as
    it arrives, and puts them in place at the end (`publish`). `open` refuses a folder badgegen
    did not make, as publishing would delete what it holds."""

    def __init__(
        self,
        output_dir: Path,
        known: Mapping[str, Left] | None = None,
        listing: Scan | None = None,
    ) -> None:
        """`known`: the size, date and SHA-256 of each file the previous build left
        (`rebuild.Record.files`): a file still of that size and date need not be read again.
        `listing`: the output folder as `scan` found it a moment ago (`scan_aside`), used when
        no leftover of a killed build was tidied up meanwhile."""
        self.output_dir = output_dir
        self.paths = Paths()
        self.written = 0
        self.reused = 0
        """Files written, and files of the previous site kept unchanged."""
        self._folders: set[str] = set()
        """Folders of the staging folder already made (strings: thousands of files are written
        a build, and pathlib's joins cost more than the writes themselves)."""
        self._staged: set[str] = set()
        """Paths written to the staging folder."""
        self.published = False
        try:
            tidied = recover(output_dir)
            if listing is None or tidied:
                listing = scan(output_dir) if output_dir.is_dir() else Scan()
            before = listing
            # a site to change in place; else (none, an empty folder, or one holding what the
            # writer never makes) the staging folder becomes the whole site
            usable = bool(before.files.keys() - {MARKER}) and not before.odd
            self.previous = str(output_dir) if usable else None
            self._files = _with_digests(before.files, known or {}) if usable else {}
            """The previous site's files: size, date, and SHA-256 when the previous build
            left the file with that size and date ("" otherwise: read it to know)."""
            self._before_folders = before.folders if usable else []
            self.folder = staging_dir(output_dir)
        except OSError as exc:
            raise _fault(exc, output_dir) from None
        self._base = str(self.folder)

    @classmethod
    def open(
        cls,
        output_dir: Path,
        known: Mapping[str, Left] | None = None,
        listing: Scan | None = None,
    ) -> Staging:
        if not is_badgegen_folder(output_dir):
            raise _refused(output_dir)
        return cls(output_dir, known, listing)

    def add(self, item: OutputFile) -> None:
        if not self.paths.admit(item) or item.path == MARKER:  # the marker is written first
            return
        if self._unchanged(item.path, item.data):
            self.reused += 1
            return
        target = os.path.join(self._base, item.path)
        try:
            self._folder_of(target)
            _write_file(target, item.data)
        except OSError as exc:
            raise _fault(exc, self.output_dir) from None
        self._staged.add(item.path)
        self.written += 1

    def _unchanged(self, path: str, data: bytes) -> bool:
        """Whether the previous site has exactly `data` at `path` (a plain file)."""
        entry = self._files.get(path)
        if self.previous is None or entry is None or entry[0] != len(data):
            return False
        if entry[2]:
            return entry[2] == hashlib.sha256(data).digest()
        try:
            return _read_file(os.path.join(self.previous, path)) == data
        except OSError:
            return False

    def read(self, path: str) -> bytes:
        if self.previous is None or path in self._staged:
            return _read_file(os.path.join(self._base, path))
        return _read_file(os.path.join(self.previous, path))

    def reuse(self, files: Sequence[Made]) -> bool:
        """Keep these files of the previous site, if each one is still there, a plain file of
        that size and digest; False, with nothing added, otherwise."""
        if self.previous is None:
            return False
        digests = [self._held(made) for made in files]
        if None in digests:
            return False
        for made, digest in zip(files, digests, strict=True):
            if digest is not None and self.paths.admit_digest(made.path, made.stage, digest):
                self.reused += 1
        return True

    def _held(self, made: Made) -> bytes | None:
        """The SHA-256 of the previous site's file at `made.path` when that file is `made`, else
        None: known by the digest the previous build recorded when the file still has its size
        and date (that very bytes object, so that a kept file's digest is held once), else read
        and hashed."""
        entry = self._files.get(made.path)
        if entry is None or entry[0] != made.size or made.path in self._staged:
            return None
        digest = bytes.fromhex(made.digest)
        if entry[2]:
            return entry[2] if entry[2] == digest else None
        try:
            data = _read_file(os.path.join(str(self.previous), made.path))
        except OSError:
            return None
        return digest if hashlib.sha256(data).digest() == digest else None

    def _folder_of(self, target: str) -> None:
        """Make the folder `target` goes in, once a build."""
        folder = os.path.dirname(target)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)

    def publish(self, *, allow_removal: bool = False) -> None:
        """Put the new site in place; ContentError if published awards would go."""
        if not allow_removal:
            listing = self._files if self.previous is not None else None
            problems = disappearing(self.paths, self.output_dir, listing)
            if problems:
                raise ContentError(problems)
        try:
            if self.previous is None:
                _swap(self.folder, self.output_dir)
            else:
                _change(
                    self.folder,
                    self.output_dir,
                    self._files,
                    self._before_folders,
                    self._staged,
                    self.paths,
                )
        except OSError as exc:
            raise _fault(exc, self.output_dir) from None
        self.published = True

    def left(self) -> Iterator[tuple[str, int, int, str]]:
        """After `publish`: each plain file of the output folder with its size, its date (as
        `outdir.scan` finds them) and its SHA-256 ("" for a file the build did not make), one
        at a time, the files kept from the previous site known without looking at them."""
        paths = self.paths
        if not self.published or self.previous is None:
            for path, (size, mtime) in scan(self.output_dir).files.items():
                yield path, size, mtime, paths.hex_digest(path)
            return
        staged = self._staged
        for path, (size, mtime, _digest) in self._files.items():
            if path in staged:
                continue
            if path in paths or path == MARKER:
                yield path, size, mtime, paths.hex_digest(path)
        for path in staged:
            info = os.lstat(os.path.join(self.previous, path))
            yield path, info.st_size, info.st_mtime_ns, paths.hex_digest(path)

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
    """The staging folder, a whole site, in place of the output folder."""
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


def _change(
    staging: Path,
    output_dir: Path,
    files: Collection[str],
    folders_before: list[str],
    staged: Collection[str],
    kept: Collection[str],
) -> None:
    """Turn the output folder (`files` and `folders_before`: what it held) into the new site:
    the files in `staged` are new or changed, the others of `kept` are unchanged, and any other
    file goes.
    The files that go and the previous versions of the changed ones are moved aside first
    (`.output.old-*/site`, with a journal of what is moved in); on a failure, all is moved back."""
    old = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.old-", dir=output_dir.parent))
    _write_file(old / MARKER, MARKER_TEXT)
    moved_in = sorted(staged)
    _write_file(old / JOURNAL, json.dumps(moved_in).encode("utf-8"))
    out, aside, new = str(output_dir), str(old / "site"), str(staging)
    # the files the new site drops, then the previous versions of those it changes
    going = sorted(p for p in files if p not in kept and p != MARKER)
    going += [p for p in moved_in if p in files]
    made: set[str] = set()
    try:
        for path in going:
            _folder_for(os.path.join(aside, path), made)
            _move(os.path.join(out, path), os.path.join(aside, path))
        folders = {os.path.dirname(p) for p in kept} | {os.path.dirname(MARKER)}
        for path in list(folders):
            while path:
                path = os.path.dirname(path)
                folders.add(path)
        for folder in sorted(folders_before, key=len, reverse=True):
            if folder not in folders:
                os.rmdir(os.path.join(out, folder))  # emptied by the moves above
        for path in moved_in:
            _folder_for(os.path.join(out, path), made)
            _move(os.path.join(new, path), os.path.join(out, path))
    except OSError:
        _roll_back(old, output_dir)
        shutil.rmtree(old, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _with_digests(
    listing: Mapping[str, tuple[int, int]], known: Mapping[str, Left]
) -> dict[str, Left]:
    """Each listed file's size and date, and its digest from `known` when `known` has the same
    size and date for it (the entry of `known` itself then: a site's worth of files is held
    once, not twice)."""
    files: dict[str, Left] = {}
    for path, (size, mtime) in listing.items():
        left = known.get(path)
        files[path] = (
            left
            if left is not None and left[0] == size and left[1] == mtime
            else (size, mtime, b"")
        )
    return files


def _folder_for(target: str, made: set[str]) -> None:
    folder = os.path.dirname(target)
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)


def _roll_back(old: Path, output_dir: Path) -> None:
    """Undo a publish into `output_dir` that `old` holds the journal of: remove the files it
    moved in, move back the files it moved aside (the previous site is whole again)."""
    moved_in = json.loads(_read_file(old / JOURNAL))
    aside = old / "site"
    for path in moved_in:
        target = output_dir / path
        if target.is_file() and not target.is_symlink() and not (aside / path).exists():
            target.unlink()
    made: set[str] = set()
    for top, _dirs, names in os.walk(aside):
        for name in names:
            source = os.path.join(top, name)
            target = os.path.join(output_dir, os.path.relpath(source, aside))
            _folder_for(target, made)
            _move(source, target)
