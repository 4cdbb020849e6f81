"""`forget`: an earner forgotten at their request."""

from __future__ import annotations

import argparse
from pathlib import Path

from badgegen import config, speech
from badgegen.commands.common import Subcommands


def cmd_forget(args: argparse.Namespace) -> int:
    from badgegen.forget import forget, format_forgotten

    cfg = config.load(Path(args.root))
    result = forget(cfg, args.earner)
    print(format_forgotten(result, cfg.root, args.words))
    return 0


def add_forget(sub: Subcommands, common: argparse.ArgumentParser, words: speech.Speech) -> None:
    _ = words._
    p = sub.add_parser(
        "forget",
        parents=[common],
        help=_("forget an earner at their request: revoke their awards, remove their name"),
        description=_(
            "Revoke every award of EARNER and remove their name, showcase, evidence and "
            "endorsements from the content. Their award URLs keep answering, with no name: "
            "the command says what stays public and why."
        ),
    )
    p.add_argument("earner", metavar="EARNER", help=_("the earner's slug (their file name)"))
    p.set_defaults(handler=cmd_forget)
