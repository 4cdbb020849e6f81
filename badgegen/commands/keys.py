"""`keys generate` and `keys rotate`: the issuers' signing keys."""

from __future__ import annotations

import argparse
from pathlib import Path

from badgegen import config, speech
from badgegen.commands.common import Subcommands
from badgegen.errors import UsageError


def cmd_keys(args: argparse.Namespace) -> int:
    from datetime import date

    from badgegen import build
    from badgegen.openbadges.keys import ENV_VAR, add_keys

    cfg = config.load(Path(args.root))
    gallery, _loaded = build.load_gallery(cfg, build.utc_now())
    parties = gallery.acting_parties()
    words: speech.Speech = args.words
    if args.issuer:
        if args.issuer not in parties:
            raise UsageError(
                words._(
                    "%(value)s neither issues a badge nor endorses anything; those who do: "
                    "%(names)s",
                    value=repr(args.issuer),
                    names=", ".join(parties) or words._("nobody yet"),
                )
            )
        parties = [args.issuer]
    changes = add_keys(cfg, parties, rotate=args.action == "rotate", today=date.today())
    for change in changes:
        print(words._("%(name)s: new signing key %(key)s", name=change.slug, key=change.key_id))
    if not changes:
        print(
            words._(
                "Every issuer already has a signing key (use `badgegen keys rotate` for new ones)."
            )
        )
        return 0
    print(
        words._(
            "Private keys: %(file)s (never commit it). Public keys: %(folder)s/public-keys/ "
            "(commit them).",
            file=cfg.keys.file,
            folder=cfg.build.content,
        )
    )
    print(
        words._(
            "For CI, store the whole content of %(file)s in one repository secret and expose it "
            "as the %(variable)s environment variable.",
            file=cfg.keys.file,
            variable=ENV_VAR,
        )
    )
    return 0


def add_keys(sub: Subcommands, common: argparse.ArgumentParser, words: speech.Speech) -> None:
    _ = words._
    p = sub.add_parser(
        "keys",
        parents=[common],
        help=_("create or rotate the issuers' signing keys"),
        description=_(
            "Signing keys for Open Badges 3.0 credentials. Private keys go to the key file "
            "(git-ignored), public keys to content/public-keys/ (committed)."
        ),
    )
    p.add_argument(
        "action",
        choices=("generate", "rotate"),
        help=_(
            "generate: a key for every issuer that has none; rotate: a new key, "
            "keeping the old public keys published so older credentials still verify"
        ),
    )
    p.add_argument("issuer", nargs="?", help=_("only this issuer (or issuing/endorsing earner)"))
    p.set_defaults(handler=cmd_keys)
