"""What the command handlers share: the configuration, the cache and the problem printing."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TypeAlias

from badgegen import config, memo, report, speech
from badgegen.errors import Problem
from badgegen.gitfiles import Unknown, tracked

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
    """Keep results in the repository's cache folder, unless `--no-cache`, or unless git
    tracks files in it: the cache is this machine's own (or CI's, restored from its cache
    store), and a folder committed to the repository holds what anyone who opened a pull
    request could have written (a page, a record saying the site is up to date…). Such a
    folder is not read, and the reason is printed."""
    from badgegen.pinned import code_digest

    if getattr(args, "no_cache", False):
        return False
    folder = config.shown_path(cfg.cache_dir, cfg.root)
    try:
        committed = tracked(cfg.cache_dir, cfg.root)
        refused = committed_cache(folder, committed[0]) if committed else None
    except Unknown as exc:
        refused = unknown_cache(folder, str(exc))
    if refused is not None:
        words: speech.Speech = getattr(args, "words", speech.ENGLISH)
        print_problems([refused], words=words)
        return False
    memo.use_disk(cfg.cache_dir, code_digest())
    return True


def committed_cache(folder: str, first: str) -> Problem:
    return Problem(
        folder,
        None,
        f"the cache folder {folder} holds files committed to the repository ({first}): anyone "
        "who opens a pull request could have written them, so this build does not read it",
        f"remove them from git with `git rm -r --cached {folder}` and list the folder in "
        ".gitignore; the next build makes the cache again",
        severity="warning",
    )


def unknown_cache(folder: str, reason: str) -> Problem:
    return Problem(
        folder,
        None,
        f"git cannot say whether the cache folder {folder} holds files committed to the "
        f"repository ({reason}), so this build does not read it",
        "install git, or run the build as the user who owns the repository (see git's "
        "safe.directory setting)",
        severity="warning",
    )
