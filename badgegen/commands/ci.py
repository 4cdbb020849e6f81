"""`ci update`: the repository's CI on this badgegen."""

from __future__ import annotations

import argparse
from pathlib import Path

from badgegen import __version__, config, speech
from badgegen.commands.common import Subcommands


def cmd_ci(args: argparse.Namespace) -> int:
    from badgegen import scaffold
    from badgegen.pinned import FOLDER

    cfg = config.load(Path(args.root))
    changed = scaffold.update_ci(cfg.root, cfg.site.language, workflows=args.workflows)
    words: speech.Speech = args.words
    for path in changed:
        shown = config.shown_path(path, cfg.root)
        if path.exists():
            print(words._("wrote %(path)s", path=shown))
        else:
            print(words._("removed %(path)s", path=shown))
    if not changed:
        print(
            words._(
                "%(folder)s/ already holds badgegen %(version)s: nothing to change.",
                folder=FOLDER,
                version=__version__,
            )
        )
    else:
        print(
            words._(
                "Commit %(folder)s/ (and the CI files if they changed): CI then runs this "
                "badgegen.",
                folder=FOLDER,
            )
        )
    return 0


def add_ci(sub: Subcommands, common: argparse.ArgumentParser, words: speech.Speech) -> None:
    _ = words._
    p = sub.add_parser(
        "ci",
        parents=[common],
        help=_("keep the repository's CI on this badgegen (after an upgrade)"),
        description=_(
            "CI installs badgegen from the repository's .badgegen/ folder: a copy of "
            "the badgegen that wrote it, with its dependencies pinned by hash, never a package found "
            "by name. `ci update` refreshes that folder with the badgegen you run, and writes the "
            "GitHub and GitLab CI files if they are missing."
        ),
    )
    p.add_argument("action", choices=("update",), help=_("update: refresh .badgegen/"))
    p.add_argument(
        "--workflows",
        action="store_true",
        help=_(
            "also rewrite .github/workflows/badges.yml and .gitlab-ci.yml (your edits to "
            "them are replaced; git keeps the old version)"
        ),
    )
    p.set_defaults(handler=cmd_ci)
