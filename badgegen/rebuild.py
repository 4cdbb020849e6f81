"""A rebuild with nothing to do does nothing: `output/` is left as it is, not even relinked.

After each successful `badgegen build`, the cache folder (`memo`) keeps a record of that build:
a digest of everything it read, the time span over which its output stays true, the size and
date of every file it left in `output/`, and its warnings and figures. The next build compares
before doing any work: the same inputs, `now` within the span, and `output/` exactly as left
means the site would come out byte for byte the same, so the build stops there.

What the digest covers (`fingerprint`): every file of `badgegen.toml`, `content/` (records,
pictures, evidence, public keys, `published.yml`), `themes/`, the built-in themes, the key file,
the logo; the `BADGEGEN_SIGNING_KEY` variable; the fonts the cards are drawn with; the resolved
configuration and the build's options. badgegen's own code and its dependencies name the cache's
namespace (`pinned.code_digest`), so another badgegen never reads the record. `now` enters as a
span (`valid_span`): the pages show the day of the build, and an award's status changes at its
expiry instant, so the record holds until the next midnight (UTC) or the next expiry, whichever
comes first. A nightly build on an unchanged tree therefore redoes the site once a day, through
the cache of each part, and a stale record can never change the output.

A record is only written when a build read exactly what the digest covered (every source and
media file inside it, and no input changed while the build ran), and it is removed before a
build swaps its output in, so a build that stops half way leaves no record that would vouch for
what it left behind. Digests and paths only: no key, address or content is kept in clear.

When something changed, the build runs, but the parts of the award stages (signing, 2.0
assertions, QR codes, cards, baking; `stages.award_key`) and of the pages made per subject
(`stages.page_key`: awards, badge classes, showcases, issuers) carry a key: a digest of exactly
what the part reads. The cache records, per stage and key, the files the part made (path, size,
SHA-256) and the cache entries it used; a part whose key is recorded and whose files are all
still in `output/`, same size and digest, is not done: its files stay as they are (`run_parts`).
The home page and the indexes show everything and are rendered every build; each page is still
kept by its template data (`site.render`).

The record also keeps each input file's `Stat` (size, times, inode) with its digest: the next
build reads again only the files whose `Stat` changed.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import stat
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from badgegen import memo, pool
from badgegen.builtin_themes import BUILTIN_THEMES
from badgegen.config import CONFIG_NAME, Config
from badgegen.content.ledger_file import ledger_path
from badgegen.content.model import Gallery
from badgegen.errors import Problem
from badgegen.openbadges.keys import ENV_VAR
from badgegen.outdir import scan
from badgegen.outputs import Left, Made, OutputFile, Sink
from badgegen.pool import Keyed, Part
from badgegen.site.fonts import card_fonts
from badgegen.site.theme import theme_dirs

STORE = "badgegen.rebuild"
"""The records' folder in the cache."""

Listing = dict[str, tuple[int, int]]
"""Every file of an output folder: POSIX path → (size, modification time in ns)."""

Summary = tuple[list[Problem], dict[str, Any], str]
"""What a build reports besides its files: its warnings, its figures, why it did not sign."""


def _hash_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _files_under(folder: Path) -> list[str]:
    """Every file under `folder`, in order (strings: a repository holds thousands)."""
    found: list[str] = []
    for top, dirs, names in os.walk(folder):
        dirs.sort()
        found.extend(os.path.join(top, name) for name in sorted(names))
    return found


def input_name(path: str | Path, root: Path) -> str:
    """How `fingerprint` names a file: relative to the repository when inside it, so that the
    same repository checked out elsewhere (a CI runner) is the same input."""
    return input_namer(root)(path)


def input_namer(root: Path) -> Callable[[str | Path], str]:
    """`input_name` for many files of one repository (its folder made absolute once)."""
    # both made absolute alike: a repository given as "." (`badgegen build` run inside it)
    # names its files as one given by its full path does
    inside = os.path.abspath(root).rstrip(os.sep) + os.sep

    def name(path: str | Path) -> str:
        normal = os.path.abspath(path)
        if normal.startswith(inside):
            return normal[len(inside) :].replace(os.sep, "/")
        return str(Path(path).resolve())

    return name


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """The digest of each input of a build by name, and the size, modification and change
    times and inode of each file then (`Stat`)."""

    digests: dict[str, str]
    stats: dict[str, Stat]
    taken: int
    """When the files were read (`time.time_ns()`)."""

    def to_json(self) -> dict[str, Any]:
        files = {name: [*entry, self.digests[name]] for name, entry in self.stats.items()}
        return {"taken": self.taken, "files": files}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Fingerprint:
        stats: dict[str, Stat] = {}
        digests: dict[str, str] = {}
        for name, (size, mtime, ctime, inode, digest) in raw["files"].items():
            stats[name] = (int(size), int(mtime), int(ctime), int(inode))
            digests[name] = str(digest)
        return cls(digests, stats, int(raw["taken"]))


Stat = tuple[int, int, int, int]
"""A file's size, modification time, change time (ns) and inode. Any write to a file sets its
change time to the present, which no program can set back: a file of the same `Stat`, older
than `TRUSTED_AGE` when it was last read, is the file that was read (what git's index trusts)."""

TRUSTED_AGE = 2_000_000_000
"""A file's times say it is unchanged only if it was already that old (ns) when it was read:
one written in the same instant may have changed after it was read, and keep its times."""


def fingerprint(
    config: Config, options: Mapping[str, Any], before: Fingerprint | None = None
) -> Fingerprint:
    """A digest of each input of the build, by name; with `before`, a file of the same size and
    times and inode (`Stat`), and old enough when `before` was taken, keeps its digest without
    being read again."""
    taken = time.time_ns()
    paths: list[str | Path] = [config.root / CONFIG_NAME, config.key_file]
    if config.site.logo:
        paths.append(config.root / config.site.logo)
    for folder in (config.content_dir, config.themes_dir, BUILTIN_THEMES, *theme_dirs(config)):
        paths.extend(_files_under(folder))
    found: dict[str, str] = {}
    stats: dict[str, Stat] = {}
    trusted = before.taken - TRUSTED_AGE if before is not None else 0
    named = input_namer(config.root)
    for path in paths:
        name = named(path)
        try:
            info = os.stat(path)
        except OSError:
            continue
        if name in found or not stat.S_ISREG(info.st_mode):
            continue
        stats[name] = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        old = max(info.st_mtime_ns, info.st_ctime_ns) < trusted
        if before is not None and old and before.stats.get(name) == stats[name]:
            found[name] = before.digests[name]
        else:
            found[name] = _hash_file(path)
    secret = os.environ.get(ENV_VAR, "")
    found["$" + ENV_VAR] = hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()
    found["fonts"] = card_fonts(theme_dirs(config)).fingerprint
    # where the repository, the output and the cache are, and how many processes share the
    # work, change nothing in the site (the whole record is kept per output folder)
    same = replace(config.build, output="", cache="", jobs=0)
    found["config"] = repr(replace(config, root=Path("."), build=same))
    found["options"] = json.dumps(dict(options), sort_keys=True, default=str)
    return Fingerprint(found, stats, taken)


def digest_of(inputs: Mapping[str, str]) -> str:
    return hashlib.sha256(json.dumps(sorted(inputs.items())).encode("utf-8")).hexdigest()


def valid_span(gallery: Gallery, now: datetime) -> tuple[datetime, datetime]:
    """The instants between which a build made at `now` makes the same site: its day (UTC),
    cut at the expiry instants of the awards around `now`. Empty without awards (the feed then
    shows `now` itself)."""
    if not gallery.awards:
        return now, now
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    end = start + timedelta(days=1)
    for award in gallery.awards:
        expires = award.expires
        if expires is None:
            continue
        if expires <= now:
            start = max(start, expires)
        else:
            end = min(end, expires)
    return start, end


def listing(output_dir: Path) -> Listing:
    """Size and date of every file under `output_dir` (empty when it is missing)."""
    found = scan(output_dir)
    return {**found.files, **found.odd}


@dataclass(frozen=True, slots=True)
class Record:
    """What a successful build read and left (see the module's docstring)."""

    inputs: str
    start: str
    end: str
    files: dict[str, Left]
    """Every file of the output folder as the build left it: with its digest, the next build
    knows a file of the previous site unchanged by its size and date alone (`write.Staging`)."""
    warnings: list[Problem]
    stats: dict[str, Any]
    skipped: str
    sources: Fingerprint | None = None
    """What the build read, file by file: the next build reads again only the files whose
    `Stat` changed."""

    def to_bytes(self) -> bytes:
        """The record as `remember` writes it (`record_pieces`)."""
        files = (
            (path, size, mtime, digest.hex()) for path, (size, mtime, digest) in self.files.items()
        )
        return b"".join(record_pieces(self.head(), files))

    def head(self) -> dict[str, Any]:
        """Everything but the files, as JSON values."""
        return {
            "inputs": self.inputs,
            "start": self.start,
            "end": self.end,
            "warnings": [asdict(problem) for problem in self.warnings],
            "stats": self.stats,
            "skipped": self.skipped,
            "sources": self.sources.to_json() if self.sources else None,
        }

    @classmethod
    def from_bytes(cls, data: bytes) -> Record:
        head_line, _, body = data.partition(b"\n")
        raw = json.loads(head_line)
        files: dict[str, Left] = {}
        for line in body.decode("utf-8", "surrogateescape").split("\n") if body else ():
            size, mtime, digest, path = line.split("\t", 3)
            files[_unescaped(path)] = (int(size), int(mtime), bytes.fromhex(digest))
        return cls(
            inputs=raw["inputs"],
            start=raw["start"],
            end=raw["end"],
            files=files,
            warnings=[Problem(**problem) for problem in raw["warnings"]],
            stats=dict(raw["stats"]),
            skipped=str(raw["skipped"]),
            sources=Fingerprint.from_json(raw["sources"]) if raw.get("sources") else None,
        )

    def holds(self, inputs: str, now: datetime, output_dir: Path) -> bool:
        """Whether a build at `now` of these inputs would leave `output_dir` as it is."""
        if inputs != self.inputs:
            return False
        if not datetime.fromisoformat(self.start) <= now < datetime.fromisoformat(self.end):
            return False
        found = listing(output_dir)
        files = self.files
        return len(found) == len(files) and all(
            (left := files.get(path)) is not None and left[:2] == entry
            for path, entry in found.items()
        )


def record_pieces(
    head: dict[str, Any], files: Iterable[tuple[str, int, int, str]]
) -> Iterator[bytes]:
    """A record, a piece at a time: a line of JSON for all but the files (`Record.head`), then
    one line per file: size, date, digest and path, by tabs. A site of 10,000 awards leaves
    100,000 files, which as JSON objects would cost several times their size in memory to
    write and to read back."""
    yield json.dumps(head, ensure_ascii=False).encode("utf-8", "surrogateescape")
    lines = (
        f"\n{size}\t{mtime}\t{digest}\t{_escaped(path)}" for path, size, mtime, digest in files
    )
    while batch := list(itertools.islice(lines, 4096)):  # a few hundred kB a piece
        yield "".join(batch).encode("utf-8", "surrogateescape")


def _escaped(path: str) -> str:
    """A path on one line of the record: its backslashes doubled, its line breaks as `\\n`."""
    if "\\" in path or "\n" in path:
        return path.replace("\\", "\\\\").replace("\n", "\\n")
    return path


def _unescaped(text: str) -> str:
    return (
        _ESCAPE.sub(lambda m: "\n" if m.group(1) == "n" else m.group(1), text)
        if "\\" in text
        else text
    )


_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


class Rebuild:
    """The record of the previous build into one output folder, read and rewritten."""

    def __init__(self, config: Config, options: Mapping[str, Any]) -> None:
        self.output_dir = config.output_dir
        self._config = config
        self._options = dict(options)
        self._key = input_name(config.output_dir, config.root)
        self.record = self._read()
        # a file is read again unless its `Stat` says it is the one the last build read
        self.taken = fingerprint(config, options, self.record.sources if self.record else None)
        self.inputs = self.taken.digests

    def _read(self) -> Record | None:
        data = memo.read_entry(STORE, self._key)
        if data is None:
            return None
        try:
            return Record.from_bytes(data)
        except (ValueError, KeyError, TypeError):
            return None  # damaged: built again, and rewritten

    def unchanged(self, now: datetime) -> Record | None:
        """The previous build's record when this build would change nothing, else None."""
        record = self.record
        return (
            record
            if record and record.holds(digest_of(self.inputs), now, self.output_dir)
            else None
        )

    def release_files(self) -> None:
        """Drop the record's files once the writer holds them (`write.Staging`): at 50,000
        awards they are half a million entries, better held once."""
        if self.record is not None:
            self.record = replace(self.record, files={})

    def forget(self) -> None:
        """Before a swap: no record vouches for an output folder being replaced."""
        memo.drop_entry(STORE, self._key)

    def remember(
        self,
        span: tuple[datetime, datetime],
        summary: Summary,
        files: set[Path],
        ledger: Path,
        output: Iterable[tuple[str, int, int, str]],
    ) -> bool:
        """Keep the record of this build, when it covers every file the build read (`files`) and
        no input but the ledger the build itself rewrote changed meanwhile; True when kept.
        `output`: each file the build left in the output folder, with its size, date and
        digest (`Staging.left`), read as the record is written."""
        taken = fingerprint(self._config, self._options, self.taken)
        after = taken.digests
        changed = {
            name
            for name in self.inputs.keys() | after.keys()
            if self.inputs.get(name) != after.get(name)
        }
        root = self._config.root
        if changed - {input_name(ledger, root)}:
            return False
        named = input_namer(root)
        if not {named(path) for path in files} <= after.keys():
            return False
        warnings, stats, skipped = summary
        start, end = (instant.isoformat() for instant in span)
        record = Record(digest_of(after), start, end, {}, warnings, stats, skipped, taken)
        memo.write_entry(STORE, self._key, record_pieces(record.head(), output))
        return True


# --- parts kept between builds ----------------------------------------------------------------

PARTS = "badgegen.parts"
"""The files each keyed part made, by stage and key (`pool.Keyed`)."""


def _recorded(stage: str, key: str) -> tuple[list[Made], list[str]] | None:
    """The files a part made, and the cache entries it used to make them."""
    data = memo.read_entry(PARTS, f"{stage}\0{key}")
    if data is None:
        return None
    try:
        raw = json.loads(data)
        files = [Made(str(p), int(n), str(d), str(s)) for p, n, d, s in raw["files"]]
        return files, [str(name) for name in raw["used"]]
    except (ValueError, TypeError, KeyError):
        return None  # damaged: the part is done again


def run_parts(stage: str, parts: Sequence[Part], jobs: int, sink: Sink) -> Iterator[OutputFile]:
    """The files of `parts` for `sink`: a keyed part that an earlier build did with the same key
    is not done again when the sink can take its files from the previous site
    (`Sink.reuse`); the others are done (`pool.run_indexed`), and what each keyed one made is
    recorded for the next build (counted in `PARTS_REUSED` and `PARTS_DONE`)."""
    todo: list[Part] = []
    for part in parts:
        if isinstance(part, Keyed):
            found = _recorded(stage, part.key)
            if found is not None and sink.reuse(found[0]):
                _kept.append((stage, part.key))  # its entries: for the day an edit redoes it
                PARTS_REUSED[stage] += 1
                continue
        todo.append(part)
    made = {i: (p.key, list[Made]()) for i, p in enumerate(todo) if isinstance(p, Keyed)}
    used: dict[int, list[str]] = {}
    if made:
        PARTS_DONE[stage] += len(made)

    def on_used(index: int, paths: set[str]) -> None:
        used[index] = memo.entry_names(paths)

    for index, item in pool.run_indexed(todo, jobs, on_used):
        if index in made:
            made[index][1].append(Made.of(item))
        yield item
    for index, (key, files) in made.items():  # every part of the stage went to the sink
        record = {"files": files, "used": used.get(index, [])}
        memo.write_entry(PARTS, f"{stage}\0{key}", json.dumps(record).encode("utf-8"))


_kept: list[tuple[str, str]] = []
"""The keyed parts taken from the previous site since this process started (stage, key). The
cache entries each was made from must outlive `memo.prune()`; they are read again from the
part's record when it prunes (`kept_entries`) rather than held all through the build: at
10,000 awards they are 337,000 names (27 MiB), five times as many at 50,000."""


def kept_entries() -> Iterator[str]:
    """The cache entries the parts taken from the previous site were made from (see `_kept`),
    for `memo.prune(keep=…)`; each part is told once."""
    while _kept:
        found = _recorded(*_kept.pop())
        if found is not None:
            yield from found[1]


def prune_cache() -> int:
    """`memo.prune()` after a build: keep the entries it used and those its kept parts were
    made from; how many files went."""
    return memo.prune(keep=kept_entries())


PARTS_REUSED: Counter[str] = Counter()
"""By stage, the keyed parts not done since this process started (files of the previous site)."""
PARTS_DONE: Counter[str] = Counter()
"""By stage, the keyed parts done since this process started."""


def _folders_in(folder: Path) -> list[Path]:
    return [child for child in folder.iterdir() if child.is_dir()] if folder.is_dir() else []


def inputs_of_parts(inputs: Mapping[str, str], records: set[str], config: Config) -> str:
    """A digest of the inputs every keyed part reads (`stages.award_key`): each input of the
    build but the record files (a part's key holds the model records it reads instead), the
    ledger (it holds the status indexes of its awards) and the templates (no part outside the
    pages reads them)."""
    folders = {*theme_dirs(config), *_folders_in(BUILTIN_THEMES), *_folders_in(config.themes_dir)}
    templates = tuple(input_name(folder / "templates", config.root) + "/" for folder in folders)
    ledger = input_name(ledger_path(config.content_dir), config.root)
    kept = sorted(
        (name, digest)
        for name, digest in inputs.items()
        if name not in records and name != ledger and not name.startswith(templates)
    )
    return digest_of(dict(kept))
