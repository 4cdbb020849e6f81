"""Results kept between builds, looked up by the value of their inputs: in memory within one
process, and on disk in a cache folder between processes (every `badgegen build`, and CI).

A build is mostly quick except for a few pure, expensive steps: signing credentials (JSON-LD
canonicalization and schema checks), rendering pages, drawing social cards and QR codes,
rasterizing SVG badges. Those steps are kept here (`kept` for functions of plain arguments,
`store` for values under a computed digest), so that the preview's rebuild computes again only
what changed. The keys are the inputs themselves (a document's JSON text, an image's bytes, a
page's template data with a digest of the templates) or stand for them exactly, so a kept result
is never stale. Between two `badgegen build`s the unit is the part (`rebuild.py`): a part whose
inputs did not change is not done at all, its files stay those of the previous site; the cache
folder holds what the site cannot (the records of the parts and of the build, the parsed
content, the signed endorsements, the rasterized badges and link previews), not a second copy
of every page and card.

On disk (`use_disk`), entries live under a namespace that is a digest of badgegen's own files
and the versions of its dependencies, so a cache made by another badgegen is never read; the file
name of an entry is the SHA-256 digest of its key, so no input (a signing key's seed among them)
is ever written in clear. Values are bytes or JSON, never pickles: a cache restored by CI is data,
not code. After a build, `prune()` removes what that build did not use, so the folder holds one
site's worth of results.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import shutil
import tempfile
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

_kept: dict[str, Any] = {}


class Usage(NamedTuple):
    hits: int
    misses: int
    size: int


# --- the disk layer ---------------------------------------------------------------------------


@dataclass
class Disk:
    """One cache folder for this process: `<folder>/<namespace>/<store>/<ab>/<digest>`."""

    folder: Path
    namespace: str
    used: set[str] = field(default_factory=set)
    """The entries read or written, by name within the namespace (`<store>/<ab>/<digest>`):
    strings, as a site of 10,000 awards uses tens of thousands."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def name(self, store: str, key: str) -> str:
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
        return f"{store}/{digest[:2]}/{digest}"

    def path(self, name: str) -> Path:
        return self.folder / self.namespace / name

    def read(self, name: str) -> bytes | None:
        try:
            data = self.path(name).read_bytes()
        except OSError:
            return None
        with self.lock:
            self.used.add(name)
        return data

    def write(self, name: str, data: bytes | Iterable[bytes]) -> None:
        """Written whole or not at all (a killed build leaves no half entry); `data` may come
        in pieces, so that a large entry is never held whole in memory."""
        path = self.path(name)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as handle:
                for piece in (data,) if isinstance(data, bytes) else data:
                    handle.write(piece)
            os.replace(temporary, path)
        except OSError:
            return  # a full or read-only disk costs speed, never the build
        with self.lock:
            self.used.add(name)


_disk: Disk | None = None


def use_disk(folder: Path | None, namespace: str = "") -> None:
    """Keep results in `folder` too (None: in memory only, the default)."""
    global _disk
    _disk = Disk(folder, namespace) if folder is not None else None


def has_disk() -> bool:
    """Whether results are kept in a cache folder (`use_disk`)."""
    return _disk is not None


def take_used() -> set[str]:
    """The entries read or written since the last call, and start a new count (a worker process
    hands them to the build's own process, whose `prune()` must keep them)."""
    disk = _disk
    if disk is None:
        return set()
    with disk.lock:
        used, disk.used = disk.used, set()
    return used


def entry_names(names: set[str]) -> list[str]:
    """These entries (`take_used`) as `keep_entries` takes them, in order."""
    return sorted(names) if _disk is not None else []


def keep_entries(names: Iterable[str]) -> None:
    """Count these entries (`entry_names`) as used, so that `prune()` keeps them: the results
    a kept part was made from, needed again when an edit makes that part be done again."""
    disk = _disk
    if disk is not None:
        add_used({name for name in names if ".." not in name.split("/")})


def add_used(names: set[str]) -> None:
    """Count entries a worker process used as used by this process."""
    disk = _disk
    if disk is not None:
        with disk.lock:
            disk.used |= names


def prune(keep: Iterable[str] = ()) -> int:
    """Remove every entry the builds since `use_disk` did not use, and other namespaces; return
    how many files went. `keep`: more entries to count as used (`keep_entries`), read only now.
    A no-op without a disk layer."""
    disk = _disk
    if disk is None or not disk.folder.is_dir():
        return 0
    keep_entries(keep)
    removed = 0
    for child in disk.folder.iterdir():
        if child.name != disk.namespace and child.is_dir():
            shutil.rmtree(child, ignore_errors=True)
            removed += 1
    current = str(disk.folder / disk.namespace)
    for top, _dirs, names in os.walk(current):
        prefix = os.path.relpath(top, current).replace(os.sep, "/") + "/"
        for name in names:
            if (prefix + name).removeprefix("./") not in disk.used:
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(top, name))
                removed += 1
    return removed


def read_entry(store: str, key: str) -> bytes | None:
    """The bytes kept under `key` in `store` of the cache folder (None: none, or no folder)."""
    disk = _disk
    return None if disk is None else disk.read(disk.name(store, key))


def write_entry(store: str, key: str, data: bytes | Iterable[bytes]) -> None:
    """Keep `data` (bytes, or bytes in pieces) under `key` in `store` of the cache folder
    (nothing without one)."""
    disk = _disk
    if disk is not None:
        disk.write(disk.name(store, key), data)


def drop_entry(store: str, key: str) -> None:
    """Remove what is kept under `key` in `store`, if anything."""
    disk = _disk
    if disk is not None:
        name = disk.name(store, key)
        with disk.lock:
            disk.used.discard(name)
        disk.path(name).unlink(missing_ok=True)


@dataclass(frozen=True, slots=True)
class Codec:
    """How a kept value is written to disk and read back."""

    encode: Callable[[Any], bytes]
    decode: Callable[[bytes], Any]


BYTES = Codec(lambda value: bytes(value), lambda data: data)
COMPRESSED = Codec(lambda value: zlib.compress(value, 1), zlib.decompress)


def json_codec(decode: Callable[[Any], Any]) -> Codec:
    """JSON on disk; `decode` turns the parsed JSON back into the value (lists into tuples…)."""
    return Codec(
        lambda value: json.dumps(value, ensure_ascii=False).encode("utf-8"),
        lambda data: decode(json.loads(data)),
    )


def _from_disk(store: str, key: str, codec: Codec) -> tuple[bool, Any]:
    data = read_entry(store, key)
    if data is None:
        return False, None
    try:
        return True, codec.decode(data)
    except (ValueError, zlib.error):
        return False, None  # damaged: computed again and rewritten


def _to_disk(store: str, key: str, codec: Codec, value: Any) -> None:
    if _disk is not None:
        write_entry(store, key, codec.encode(value))


# --- kept functions and stores ----------------------------------------------------------------


_cap: int | None = None


@contextmanager
def held_at_most(entries: int) -> Iterator[None]:
    """Within: each kept function and store holds at most `entries` results in memory.

    `badgegen build` computes each credential, page and card once: keeping thousands of them in
    memory (as the preview does, to redo only what an edit changed) would only cost memory, and
    the disk layer keeps them for the next build anyway.
    """
    global _cap
    previous, _cap = _cap, entries
    try:
        yield
    finally:
        _cap = previous


def held_briefly() -> bool:
    """Whether `held_at_most` is in force: a result made once a build is then not worth
    keeping in memory (a page, rendered once by `badgegen build`, is written and forgotten)."""
    return _cap is not None


def kept(maxsize: int, *, disk: Codec | None = None, in_builds: bool = True) -> Callable[[F], F]:
    """Keep up to `maxsize` results of the decorated function (least recently used go first),
    and with `disk`, every result in the cache folder too; with `in_builds=False`, only outside
    `held_at_most` (the preview: `badgegen build` takes them from the previous site instead).

    Every argument must be hashable and stand for everything the result depends on; with `disk`,
    its `repr` must too (text, bytes, numbers, tuples of them, or objects whose repr says
    everything that matters and nothing that changes between processes).
    """

    def decorate(function: F) -> F:
        name = f"{function.__module__}.{function.__qualname__}"

        @functools.lru_cache(maxsize=maxsize)
        def cached(*args: Any, **kwargs: Any) -> Any:
            if disk is None or (held_briefly() and not in_builds):
                return function(*args, **kwargs)
            key = repr((args, sorted(kwargs.items())))
            found, value = _from_disk(name, key, disk)
            if found:
                return value
            value = function(*args, **kwargs)
            _to_disk(name, key, disk, value)
            return value

        @functools.wraps(function)
        def call(*args: Any, **kwargs: Any) -> Any:
            value = cached(*args, **kwargs)
            if _cap is not None and cached.cache_info().currsize > _cap:
                cached.cache_clear()
            return value

        call.cache_info = cached.cache_info  # type: ignore[attr-defined]
        call.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        _kept[name] = cached
        return call  # type: ignore[return-value]

    return decorate


class Store:
    """Kept values looked up by a key the caller computes: for results whose inputs are not
    hashable arguments (a page and the template data it is rendered from)."""

    def __init__(self, maxsize: int, name: str = "", disk: Codec | None = None) -> None:
        self.maxsize = maxsize
        self.name = name
        self.disk = disk
        self._values: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> Any | None:
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
                self.hits += 1
                return value
        if self.disk is not None:
            found, value = _from_disk(self.name, key, self.disk)
            if found:
                self._remember(key, value)
                with self._lock:
                    self.hits += 1
                return value
        with self._lock:
            self.misses += 1
        return None

    def put(self, key: str, value: Any) -> None:
        self._remember(key, value)
        if self.disk is not None:
            _to_disk(self.name, key, self.disk, value)

    def _remember(self, key: str, value: Any) -> None:
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            limit = self.maxsize if _cap is None else min(self.maxsize, _cap)
            while len(self._values) > limit:
                self._values.popitem(last=False)

    def cache_info(self) -> Usage:
        return Usage(self.hits, self.misses, len(self._values))

    def cache_clear(self) -> None:
        with self._lock:
            self._values.clear()
            self.hits = self.misses = 0


def store(name: str, maxsize: int, *, disk: Codec | None = None) -> Store:
    """A new `Store`, listed by `usage()` under `name` and emptied by `forget()`."""
    kept_values = Store(maxsize, name, disk)
    _kept[name] = kept_values
    return kept_values


def usage() -> dict[str, Usage]:
    """Hits, misses and size of every kept function and store, by qualified name."""
    found = {}
    for name, cached in _kept.items():
        info = cached.cache_info()
        found[name] = (
            info if isinstance(info, Usage) else Usage(info.hits, info.misses, info.currsize)
        )
    return found


def forget() -> None:
    """Drop every result kept in memory (benchmarks time cold builds with it)."""
    for cached in _kept.values():
        cached.cache_clear()
