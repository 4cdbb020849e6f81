"""Results kept between builds in one process, looked up by the value of their inputs.

`badgegen serve` rebuilds the whole site on every change, and a build is mostly quick except for
a few pure, expensive steps: signing credentials (JSON-LD canonicalization and schema checks),
rendering pages, drawing social cards and QR codes, rasterizing SVG badges. Those steps are kept
here (`kept` for functions of hashable arguments, `store` for values under a computed digest), so
a rebuild computes them again only for what changed. The keys are the inputs themselves (a
document's JSON text, an image's bytes, a page's template data with a digest of the templates)
or stand for them exactly, so a kept result is never stale. A one-off `badgegen build` computes
each once, as before.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

_kept: dict[str, Any] = {}


class Usage(NamedTuple):
    hits: int
    misses: int
    size: int


def kept(maxsize: int) -> Callable[[F], F]:
    """Keep up to `maxsize` results of the decorated function (least recently used go first).

    Every argument must be hashable and stand for everything the result depends on.
    """

    def decorate(function: F) -> F:
        cached = functools.lru_cache(maxsize=maxsize)(function)
        _kept[f"{function.__module__}.{function.__qualname__}"] = cached
        return cached  # type: ignore[return-value]

    return decorate


class Store:
    """Kept values looked up by a key the caller computes: for results whose inputs are not
    hashable arguments (a page and the template data it is rendered from)."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._values: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> Any | None:
        with self._lock:
            value = self._values.get(key)
            if value is None:
                self.misses += 1
                return None
            self._values.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: str, value: Any) -> None:
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.maxsize:
                self._values.popitem(last=False)

    def cache_info(self) -> Usage:
        return Usage(self.hits, self.misses, len(self._values))

    def cache_clear(self) -> None:
        with self._lock:
            self._values.clear()
            self.hits = self.misses = 0


def store(name: str, maxsize: int) -> Store:
    """A new `Store`, listed by `usage()` under `name` and emptied by `forget()`."""
    kept_values = Store(maxsize)
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
    """Drop every kept result (benchmarks time cold builds with it)."""
    for cached in _kept.values():
        cached.cache_clear()
