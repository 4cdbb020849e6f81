"""Results kept between builds in one process, looked up by the value of their arguments.

`badgegen serve` rebuilds the whole site on every change, and a build is mostly quick except for
a few pure, expensive steps: canonicalizing credentials for signing, drawing social cards and QR
codes, rasterizing SVG badges. Those steps are decorated with `kept`, so a rebuild computes them
again only for what changed. Their arguments are the inputs themselves (a document's JSON text,
an image's bytes) or stand for them exactly (a file's path with its size and modification time),
so a kept result is never stale. A one-off `badgegen build` computes each once, as before.
"""

from __future__ import annotations

import functools
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


def usage() -> dict[str, Usage]:
    """Hits, misses and size of every kept function, by qualified name."""
    found = {}
    for name, cached in _kept.items():
        info = cached.cache_info()
        found[name] = Usage(info.hits, info.misses, info.currsize)
    return found


def forget() -> None:
    """Drop every kept result (benchmarks time cold builds with it)."""
    for cached in _kept.values():
        cached.cache_clear()
