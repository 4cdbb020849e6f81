"""`init` and `new`: a new repository, a new record file."""

from __future__ import annotations

import argparse
from pathlib import Path

from badgegen import config, speech
from badgegen.commands.common import Subcommands
from badgegen.formats import KINDS, LANGUAGES


def cmd_init(args: argparse.Namespace) -> int:
    from badgegen import scaffold

    written = scaffold.init_repository(
        Path(args.directory), args.lang, base_url=args.base_url, contact_email=args.contact
    )
    words = speech.speech(args.lang)  # the new repository's language
    folder = args.directory
    print(
        words.count(
            "Created a badge repository in %(folder)s (%(num)d file).",
            "Created a badge repository in %(folder)s (%(num)d files).",
            len(written),
            folder=folder,
        )
    )
    todo = ["title"] + [
        name
        for name, given in (("base_url", args.base_url), ("contact_email", args.contact))
        if given is None
    ]
    print(
        words._(
            "Next: cd %(folder)s, set %(keys)s in badgegen.toml, then `badgegen serve` to see "
            "the site at http://127.0.0.1:8000/",
            folder=folder,
            keys=", ".join(todo),
        )
    )
    if len(todo) > 1:
        print(
            words._(
                "CI refuses to publish while base_url and contact_email are the example "
                "addresses (or give them now: badgegen init DIR --base-url URL --contact EMAIL)."
            )
        )
    return 0


def add_init(sub: Subcommands, common: argparse.ArgumentParser, words: speech.Speech) -> None:
    _ = words._
    p = sub.add_parser(
        "init",
        parents=[common],
        help=_("create a new badge repository with an example"),
        description=_("Create DIRECTORY with badgegen.toml and a small working example."),
    )
    p.add_argument(
        "directory", metavar="DIR", help=_("folder to create (must be empty or missing)")
    )
    p.add_argument(
        "--lang", choices=LANGUAGES, default="fr", help=_("language of the example and the site")
    )
    p.add_argument(
        "--base-url",
        metavar="URL",
        help=_(
            "public address of the site, e.g. https://my-org.github.io/badges/ "
            "(default: an example address, which CI refuses to publish)"
        ),
    )
    p.add_argument(
        "--contact",
        metavar="EMAIL",
        help=_("public contact address of the site (default: an example address)"),
    )
    p.set_defaults(handler=cmd_init)


def cmd_new(args: argparse.Namespace) -> int:
    from badgegen import scaffold

    cfg = config.load(Path(args.root))
    path = scaffold.new_record(
        cfg.root,
        cfg.content_dir,
        args.kind,
        args.slug,
        args.lang or cfg.site.language,
        email=args.email,
        badge=args.badge,
        earner=args.earner,
        issuer=args.issuer,
        award=args.award,
    )
    words: speech.Speech = args.words
    print(words._("Wrote %(path)s", path=config.shown_path(path, cfg.root)))
    if args.kind == "evidence":
        print(
            words._(
                "Put the evidence file beside it, give its path in `file:` (or a web page in "
                "`url:`), and name it: the award's page will show it in its history, dated."
            )
        )
    if args.kind == "badge":
        shown = config.shown_path(scaffold.badge_picture(path), cfg.root)
        print(
            words._(
                "The badge shows a provisional picture, %(path)s: save its real picture over it "
                "(square SVG), or save a square PNG and change `image:`.",
                path=shown,
            )
        )
    return 0


def add_new(sub: Subcommands, common: argparse.ArgumentParser, words: speech.Speech) -> None:
    _ = words._
    p = sub.add_parser(
        "new",
        parents=[common],
        help=_("write a new record file with every field commented"),
        description=_(
            "Write a new badge, issuer, earner, award, endorsement or evidence file. "
            "Awards and endorsements get a permanent id; evidence names its award (--award)."
        ),
    )
    p.add_argument("kind", choices=KINDS, help=_("what to create"))
    p.add_argument("slug", nargs="?", help=_("file name (slug) for badges, issuers and earners"))
    p.add_argument("--email", help=_("earner's email: stored only as a salted hash"))
    p.add_argument("--badge", help=_("award: the badge slug"))
    p.add_argument("--earner", help=_("award: the earner slug"))
    p.add_argument("--issuer", help=_("badge: the issuer slug"))
    p.add_argument("--award", help=_("evidence: the id of the award it enriches"))
    p.add_argument(
        "--lang", choices=LANGUAGES, help=_("language of the comments (default: the site's)")
    )
    p.set_defaults(handler=cmd_new)
