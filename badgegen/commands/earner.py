"""`earner hide-emails`: clear emails replaced with salted hashes."""

from __future__ import annotations

import argparse
from pathlib import Path

from badgegen import config, speech
from badgegen.commands.common import Subcommands


def cmd_hide_emails(args: argparse.Namespace) -> int:
    from badgegen.emails import hide_clear_emails

    cfg = config.load(Path(args.root))
    changed = hide_clear_emails(cfg.root, cfg.content_dir)
    words: speech.Speech = args.words
    for path in changed:
        print(words._("hashed the email in %(path)s", path=path.relative_to(cfg.root)))
    print(
        words.count("%(num)d earner file changed.", "%(num)d earner files changed.", len(changed))
    )
    return 0


def add_earner(sub: Subcommands, common: argparse.ArgumentParser, words: speech.Speech) -> None:
    _ = words._
    p = sub.add_parser(
        "earner",
        parents=[common],
        help=_("earner tools (hide-emails)"),
        description=_("Tools for earner files."),
    )
    earner_sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = earner_sub.add_parser(
        "hide-emails",
        parents=[common],
        help=_("replace clear emails with salted hashes"),
        description=_("Replace every clear `email:` in earner files with email_hash and salt."),
    )
    q.set_defaults(handler=cmd_hide_emails)
