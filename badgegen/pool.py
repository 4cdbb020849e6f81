"""Both cores for the expensive stages: a stage's work in parts, done by a pool of processes.

A stage that can be shared hands over a list of parts, each a function of nothing that returns
files (the credentials of a few hundred awards, one share of the pages…). With `jobs > 1` the
parts are done by forked worker processes, which inherit the build's frozen input, so a task is
only the number of its part: nothing of the gallery is pickled. The files come back in the order
of the parts, whatever process made them, so the site is byte-identical to a one-process build.

Workers share the disk cache (`memo`): its entries are written atomically, and the entries a
worker used are handed back with its files, so that `memo.prune()` keeps them. Without the fork
start method (Windows, macOS by default), or when the process already runs threads (the
preview), the parts are done one after the other in the build's own process.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import pickle
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from badgegen import memo
from badgegen.errors import ContentError, Problem
from badgegen.outputs import OutputFile

Part = Callable[[], Iterable[OutputFile]]

_parts: Sequence[Part] = ()
"""The parts of the stage being shared, set before the workers are forked."""

Outcome = tuple[list[OutputFile], set[str], list[Problem] | None, BaseException | None]


def usable_cores() -> int:
    """Cores this process may run on (a CI runner's container may allow fewer than it has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def workers(jobs: int) -> int:
    """Processes for `[build] jobs` / `--jobs`: 0 means one per usable core."""
    return jobs if jobs > 0 else usable_cores()


def can_share() -> bool:
    """Whether parts may go to forked processes here and now."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


@dataclass(frozen=True, slots=True)
class Keyed:
    """A part whose files may be kept between builds (`rebuild.run_parts`): `key` is a digest of
    everything the part reads, so that the same key always makes the same files."""

    key: str
    part: Part

    def __call__(self) -> Iterable[OutputFile]:
        return self.part()


def run(parts: Sequence[Part], jobs: int) -> Iterator[OutputFile]:
    """The files of every part, in the order of the parts; `jobs` processes at most."""
    for _index, item in run_indexed(parts, jobs):
        yield item


Used = Callable[[int, set[str]], None]
"""Told, once a part is done, the cache entries it used (by the index of the part)."""


def run_indexed(
    parts: Sequence[Part], jobs: int, on_used: Used | None = None
) -> Iterator[tuple[int, OutputFile]]:
    """Each file of every part with the index of its part, in the order of the parts;
    `on_used` hears which cache entries each keyed part (`Keyed`) used."""
    if jobs <= 1 or len(parts) <= 1 or not can_share():
        for index, part in enumerate(parts):
            if on_used is None or not isinstance(part, Keyed):
                for item in part():
                    yield index, item
                continue
            before = memo.take_used()
            files = list(part())
            used = memo.take_used()
            memo.add_used(before | used)
            on_used(index, used)
            for item in files:
                yield index, item
        return
    global _parts
    _parts = parts
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            min(jobs, len(parts)), mp_context=context, initializer=_watch, initargs=(os.getpid(),)
        ) as pool:
            yield from _results(pool, jobs, len(parts), on_used)
    finally:
        _parts = ()


def _results(
    pool: ProcessPoolExecutor, jobs: int, count: int, on_used: Used | None
) -> Iterator[tuple[int, OutputFile]]:
    """The parts' files in order, with at most `2 * jobs` parts submitted and not yet handed
    on: what is done but not yet written stays small."""
    indexes = iter(range(count))
    pending: deque[Future[Outcome]] = deque(
        pool.submit(_work, index) for index in itertools.islice(indexes, 2 * jobs)
    )
    try:
        for index in itertools.count():
            if not pending:
                break
            files, used, problems, failure = pending.popleft().result()
            pending.extend(pool.submit(_work, index) for index in itertools.islice(indexes, 1))
            memo.add_used(used)
            if on_used is not None:
                on_used(index, used)
            if problems is not None:
                raise ContentError(problems)
            if failure is not None:
                raise failure
            for item in files:
                yield index, item
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)  # the parts not started are dropped
        raise


def _watch(build: int) -> None:
    """In a worker: end when the build's process is gone (killed, `kill -9` included), rather
    than wait for ever on a queue that its forked siblings keep open."""

    def watch() -> None:
        while os.getppid() == build:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="badgegen-watch", daemon=True).start()


def _work(index: int) -> Outcome:
    """In a worker: one part's files, the cache entries it used, and what stopped it."""
    memo.take_used()  # what the build's process had used before the fork is its own
    try:
        files = list(_parts[index]())
    except ContentError as exc:
        return [], memo.take_used(), list(exc.problems), None
    except Exception as exc:
        return [], memo.take_used(), None, _portable(exc)
    return files, memo.take_used(), None, None


def _portable(exc: Exception) -> Exception:
    """The exception itself if it survives the trip to the build's process, else its text."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc
