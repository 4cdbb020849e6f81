"""`verify` and `unbake`: what a credential, assertion or baked image holds."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from badgegen import config, speech, wording
from badgegen.commands.common import Subcommands
from badgegen.errors import UsageError


def cmd_verify(args: argparse.Namespace) -> int:
    from badgegen.openbadges.verify import load_credential, verify_credential
    from badgegen.openbadges.verify_ob2 import is_assertion, verify_assertion

    cfg = config.load(Path(args.root)).with_overrides(output=args.output)
    credential, label = load_credential(args.target, cfg)
    if is_assertion(credential):
        report = verify_assertion(credential, label, cfg, recipient=args.recipient)
    else:
        report = verify_credential(credential, label, cfg)
    words: speech.Speech = args.words
    print(report.format(wording.saying(words.catalog)))
    return 0 if report.ok else 1


def add_verify(sub: Subcommands, common: argparse.ArgumentParser, words: speech.Speech) -> None:
    _ = words._
    p = sub.add_parser(
        "verify",
        parents=[common],
        help=_(
            "check a badge: a 3.0 credential (signature, issuer, dates, revocation, schema) "
            "or a 2.0 assertion (badge class, issuer, dates, revocation, recipient)"
        ),
        description=_(
            "Check a credential or assertion JSON file, a baked PNG/SVG image, an award "
            "page, or a URL under the site's base_url (read from the built output folder). An "
            "Open Badges 2.0 assertion is checked as 2.0. Exit status 1 when a check fails."
        ),
    )
    p.add_argument(
        "target",
        metavar="PATH_OR_URL",
        help=_(
            "credential or assertion .json, baked .png/.svg, award page (URL or folder), or URL"
        ),
    )
    p.add_argument(
        "--recipient",
        metavar="EMAIL",
        help=_("with a 2.0 assertion: check that it was awarded to this address"),
    )
    p.add_argument("--output", metavar="DIR", help=_("the built site to resolve URLs and DIDs in"))
    p.set_defaults(handler=cmd_verify)


def cmd_unbake(args: argparse.Namespace) -> int:
    from badgegen.openbadges.bake import BakeError, unbake

    path = Path(args.image)
    words: speech.Speech = args.words
    try:
        payloads = unbake(path.read_bytes())
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    except BakeError as exc:
        raise UsageError(f"{path}: {exc}") from None
    if not payloads:
        print(words._("%(path)s: no Open Badges data in this image", path=path), file=sys.stderr)
        return 1
    for keyword, text in payloads.items():
        print(f"# {keyword}")
        try:
            print(json.dumps(json.loads(text), ensure_ascii=False, indent=2))
        except ValueError:
            print(text)
    return 0


def add_unbake(sub: Subcommands, common: argparse.ArgumentParser, words: speech.Speech) -> None:
    _ = words._
    p = sub.add_parser(
        "unbake",
        parents=[common],
        help=_("print the Open Badges data baked into an image"),
        description=_("Print what a baked PNG or SVG badge image holds (assertion or credential)."),
    )
    p.add_argument("image", metavar="IMAGE", help=_("a .png or .svg file"))
    p.set_defaults(handler=cmd_unbake)
