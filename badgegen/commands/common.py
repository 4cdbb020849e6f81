"""What the command handlers share: the configuration, the cache and the problem printing."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TypeAlias

from badgegen import config, memo, report, speech
from badgegen.errors import Problem

Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def print_problems(
    problems: Sequence[Problem], fmt: str = "text", words: speech.Speech = speech.ENGLISH
) -> None:
    if problems or fmt == "json":
        out = sys.stdout if fmt == "json" else sys.stderr
        print(report.render(problems, fmt, words), file=out)


def load_config(args: argparse.Namespace) -> config.Config:
    cfg = config.load(Path(args.root))
    return cfg.with_overrides(
        base_url=getattr(args, "base_url", None),
        output=getattr(args, "output", None),
        jobs=getattr(args, "jobs", None),
    )


def use_cache(cfg: config.Config, args: argparse.Namespace) -> bool:
    """Keep results in the repository's cache folder, unless `--no-cache`."""
    from badgegen.pinned import code_digest

    if getattr(args, "no_cache", False):
        return False
    memo.use_disk(cfg.cache_dir, code_digest())
    return True
