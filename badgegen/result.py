"""What a build reports, and the answer of a build that has nothing to do.

`badgegen build` on an unchanged tree (`rebuild.py`) answers from the record of the previous
build. That answer needs the configuration, the record and a look at every input and output
file, not the stages: this module imports none of them, so that the no-op build does not pay
for loading the renderer, the signer and the image libraries.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from badgegen import memo
from badgegen.config import Config
from badgegen.errors import Problem, Severity, UsageError
from badgegen.outdir import OUTPUT_HINT
from badgegen.rebuild import Rebuild

log = logging.getLogger("badgegen.build")


@dataclass(frozen=True, slots=True)
class BuildStats:
    issuers: int = 0
    badges: int = 0
    earners: int = 0
    awards: int = 0
    endorsements: int = 0
    files: int = 0
    credentials: int = 0
    """Open Badges 3.0 credentials signed (awards, endorsements, status lists)."""
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class BuildResult:
    output_dir: Path
    stats: BuildStats
    warnings: list[Problem] = field(default_factory=list)
    skipped: str = ""
    """Why Open Badges 3.0 credentials were not signed ("" when they were)."""
    unchanged: bool = False
    """Nothing changed since the previous build: no stage ran and the output was left as it is."""


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def in_ci() -> bool:
    """Whether this runs in CI (GitHub Actions, GitLab CI and most others set CI=true)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def check_output(config: Config) -> None:
    """Refuse, before any work, an output folder the build must not replace (UsageError)."""
    refusal = config.output_refusal()
    if refusal:
        raise UsageError(
            f"the output folder {config.output_dir} is refused: {refusal}; {OUTPUT_HINT}"
        )


def build_options(
    *, strict: bool, frozen: bool, allow_removal: bool, guards: Severity | None
) -> dict[str, Any]:
    """The options of a build that change its site (part of what its record vouches for)."""
    return {"strict": strict, "frozen": frozen, "removal": allow_removal, "guards": guards}


@dataclass(frozen=True, slots=True)
class Previous:
    """The previous build as this one finds it: its record (None without a cache folder), and
    this build's result when nothing changed since (None otherwise)."""

    rebuild: Rebuild | None
    result: BuildResult | None


def previous_build(
    config: Config, options: dict[str, Any], now: datetime, start: float | None = None
) -> Previous:
    """Check the output folder, read the previous build's record, and answer at once when this
    build would change nothing (`rebuild.Rebuild.unchanged`). `start`: when the build began
    (`time.perf_counter()`), for the seconds it reports."""
    start = time.perf_counter() if start is None else start
    check_output(config)
    previous = Rebuild(config, options) if memo.has_disk() else None
    kept = previous.unchanged(now) if previous else None
    if kept is None:
        return Previous(previous, None)
    log.debug("nothing changed since the previous build: %s left as it is", config.output_dir)
    stats = replace(BuildStats(**kept.stats), seconds=time.perf_counter() - start)
    result = BuildResult(config.output_dir, stats, kept.warnings, kept.skipped, unchanged=True)
    return Previous(previous, result)
