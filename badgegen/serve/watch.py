"""Which file changes start a rebuild, and the wait for a quiet moment before it starts.

watchdog reports every event in the watched folders, and most must not start a rebuild: an
editor's swap, backup and lock files, folders being listed, and the preview's own output. Saving
a file is often several events (write a temporary file, rename it over the old one), and a `git
checkout` is hundreds: the rebuild waits until nothing has changed for `QUIET_SECONDS`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from badgegen.config import CONFIG_NAME, Config, shown_path

QUIET_SECONDS = 0.2
"""How long nothing must change before a rebuild starts (mkdocs waits 0.1 s)."""
LONGEST_WAIT = 2.0
"""A rebuild starts after this long even if changes keep coming."""
POLL_SECONDS = 1.0
"""How often `--poll` looks at every file (for Docker volumes and network drives)."""

EVENTS = frozenset({"created", "modified", "deleted", "moved"})
"""watchdog also reports opened and closed files, which change nothing."""

_TEMP_SUFFIXES = (
    "~",
    ".swp",
    ".swo",
    ".swx",
    ".swpx",
    ".tmp",
    ".temp",
    ".bak",
    ".part",
    ".crdownload",
    ".kate-swp",
    "___jb_tmp___",
    "___jb_old___",
)
_TEMP_PREFIXES = (".#", ".~lock.", "~$", ".goutputstream-", ".syncthing.")
_TEMP_NAMES = frozenset({"4913", ".DS_Store", "Thumbs.db", "desktop.ini"})
"""`4913`: the file vim creates to test that a folder is writable."""
_IGNORED_FOLDERS = frozenset({".git", ".hg", ".svn", "__pycache__", "node_modules"})


def is_temporary(name: str) -> bool:
    """Whether a file name is an editor's or a system's scratch file, never content."""
    return (
        name in _TEMP_NAMES
        or name.endswith(_TEMP_SUFFIXES)
        or name.startswith(_TEMP_PREFIXES)
        or (name.startswith("#") and name.endswith("#"))  # Emacs auto-save
    )


@dataclass(frozen=True, slots=True)
class WatchPlan:
    """What to watch: folders (with everything in them), single files, and what to ignore."""

    folders: tuple[Path, ...]
    files: tuple[Path, ...]
    ignored: tuple[Path, ...]
    """The preview folder and the build output, with their staging folders next to them."""
    appearing: tuple[Path, ...] = ()
    """Folders watched for being created or deleted (then watched inside by the next plan)."""

    def counts(self, path: Path) -> bool:
        """Whether a change to `path` should start a rebuild."""
        if is_temporary(path.name) or _IGNORED_FOLDERS.intersection(path.parts):
            return False
        for folder in self.ignored:
            if path.is_relative_to(folder) or (
                path.parent == folder.parent and path.name.startswith(f".{folder.name}.")
            ):
                return False
        return (
            path in self.files
            or path in self.appearing
            or any(path.is_relative_to(f) for f in self.folders)
        )

    def describe(self, root: Path) -> str:
        names = [f"{shown_path(p, root)}/" for p in self.folders]
        names += [shown_path(p, root) for p in self.files]
        return ", ".join(names)


def watch_plan(config: Config, served: Path) -> WatchPlan:
    """content/ and themes/ with everything in them (those that exist), and badgegen.toml.

    The two folders are also watched as entries of the repository, so that creating themes/
    (or the content folder a changed badgegen.toml names) starts a rebuild that watches it.
    """
    root = config.root.resolve()
    wanted = (config.content_dir.resolve(), config.themes_dir.resolve())
    folders = tuple(f for f in wanted if f.is_dir())
    ignored = (served.resolve(), config.output_dir.resolve())
    return WatchPlan(folders, (root / CONFIG_NAME,), ignored, wanted)


class ChangeQueue:
    """Changed paths gathered from watchdog's thread, handed over once things are quiet."""

    def __init__(self) -> None:
        self._paths: set[Path] = set()
        self._last = 0.0
        self._first = 0.0
        self._lock = threading.Lock()
        self._ready = threading.Event()

    def add(self, paths: Iterable[Path]) -> None:
        with self._lock:
            now = time.monotonic()
            if not self._paths:
                self._first = now
            self._paths.update(paths)
            self._last = now
            self._ready.set()

    def wait(self, stop: threading.Event, quiet: float = QUIET_SECONDS) -> set[Path]:
        """The paths changed since the last call, once nothing changed for `quiet` seconds
        (or `LONGEST_WAIT` passed); an empty set when `stop` is set."""
        while not stop.is_set():
            if not self._ready.wait(timeout=0.1):
                continue
            with self._lock:
                now = time.monotonic()
                settled = now - self._last >= quiet or now - self._first >= LONGEST_WAIT
                if settled:
                    paths, self._paths = self._paths, set()
                    self._ready.clear()
                    return paths
            time.sleep(quiet / 4)
        return set()


class _Forward(FileSystemEventHandler):
    def __init__(self, plan: WatchPlan, queue: ChangeQueue) -> None:
        self.plan = plan
        self.queue = queue

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in EVENTS or (
            event.is_directory and event.event_type == "modified"
        ):
            return
        paths = [event.src_path, getattr(event, "dest_path", "")]
        changed = [Path(_text(p)) for p in paths if p]
        counted = [p for p in changed if self.plan.counts(p)]
        if counted:
            self.queue.add(counted)


def _text(path: str | bytes) -> str:
    return path.decode() if isinstance(path, bytes) else path


class Watching:
    """A running watchdog observer that feeds `queue` and follows a changing plan.

    `poll` looks at the files every second instead of asking the system to report changes
    (which Docker volumes and network drives do not do).
    """

    def __init__(self, plan: WatchPlan, queue: ChangeQueue, *, poll: bool = False) -> None:
        self.observer: BaseObserver = PollingObserver(timeout=POLL_SECONDS) if poll else Observer()
        self.handler = _Forward(plan, queue)
        self._schedule(plan)
        self.observer.daemon = True
        self.observer.start()

    @property
    def plan(self) -> WatchPlan:
        return self.handler.plan

    def _schedule(self, plan: WatchPlan) -> None:
        for folder in plan.folders:
            self.observer.schedule(self.handler, str(folder), recursive=True)
        for parent in sorted({f.parent for f in (*plan.files, *plan.appearing)}):
            if parent.is_dir():
                self.observer.schedule(self.handler, str(parent), recursive=False)

    def update(self, plan: WatchPlan) -> bool:
        """Watch according to `plan` from now on; whether anything changed."""
        if plan == self.handler.plan:
            return False
        self.observer.unschedule_all()
        self.handler.plan = plan
        self._schedule(plan)
        return True

    def stop(self) -> None:
        self.observer.stop()
        self.observer.join(timeout=5)
