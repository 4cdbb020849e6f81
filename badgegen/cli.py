"""The `badgegen` command: thin handlers that call the library and map exceptions to exit codes.

Exit status: 0 success, 1 invalid content, 2 usage error. Only `main()` exits.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from badgegen import __version__, build, config, log, memo, report, speech
from badgegen.errors import BadgegenError, ContentError, Problem, UsageError, errors_in

logger = logging.getLogger("badgegen")

RECORD_KINDS = ("badge", "issuer", "earner", "award", "endorsement")


def _print_problems(
    problems: Sequence[Problem], fmt: str = "text", words: speech.Speech = speech.ENGLISH
) -> None:
    if problems or fmt == "json":
        out = sys.stdout if fmt == "json" else sys.stderr
        print(report.render(problems, fmt, words), file=out)


def _load_config(args: argparse.Namespace) -> config.Config:
    cfg = config.load(Path(args.root))
    return cfg.with_overrides(
        base_url=getattr(args, "base_url", None),
        output=getattr(args, "output", None),
        jobs=getattr(args, "jobs", None),
    )


def _use_cache(cfg: config.Config, args: argparse.Namespace) -> bool:
    """Keep results in the repository's cache folder, unless `--no-cache`."""
    from badgegen.pinned import code_digest

    if getattr(args, "no_cache", False):
        return False
    memo.use_disk(cfg.cache_dir, code_digest())
    return True


def cmd_build(args: argparse.Namespace) -> int:
    cfg = _load_config(args)
    cached = _use_cache(cfg, args)
    try:
        result = build.build(
            cfg,
            strict=args.strict,
            allow_removal=args.allow_removal,
            frozen=build.in_ci(),
            guards="error" if args.publish else "warning",
        )
    finally:
        log.end_progress()
    if cached:
        memo.prune()  # the folder keeps what this site needs, nothing older
    words: speech.Speech = args.words
    _print_problems(result.warnings, words=words)
    s = result.stats
    where = config.shown_path(result.output_dir, cfg.root)
    if result.skipped:
        print(f"note: {result.skipped}", file=sys.stderr)
    print(
        words._(
            "Built %(figures)s → %(where)s/ (%(files)s) in %(seconds)s s",
            figures=report.build_summary(s, words),
            where=where,
            files=words.count("%(num)d file", "%(num)d files", s.files),
            seconds=f"{s.seconds:.1f}",
        )
    )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from badgegen.serve.server import serve

    # a broken badgegen.toml is reported by the preview itself, which keeps watching
    with contextlib.suppress(BadgegenError):
        _use_cache(config.load(Path(args.root)), args)
    return serve(
        Path(args.root),
        host=args.host,
        port=args.port,
        poll=args.poll,
        open_browser=args.open,
        output=Path(args.output) if args.output else None,
        verbose=args.verbose > 0,
    )


def cmd_check(args: argparse.Namespace) -> int:
    cfg = _load_config(args)
    loaded = build.check(cfg, build.utc_now(), frozen=build.in_ci())
    words: speech.Speech = args.words
    _print_problems(loaded.problems, args.format, words)
    if loaded.errors or (args.strict and loaded.warnings):
        return 1
    if args.format == "text":
        print(
            words.count(
                "Content is valid: %(num)d record checked.",
                "Content is valid: %(num)d records checked.",
                len(loaded.records),
            )
        )
    return 0


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


def cmd_ci(args: argparse.Namespace) -> int:
    from badgegen import scaffold
    from badgegen.pinned import FOLDER

    cfg = config.load(Path(args.root))
    changed = scaffold.update_ci(cfg.root, cfg.site.language, workflows=args.workflows)
    for path in changed:
        print(f"{'removed' if not path.exists() else 'wrote'} {config.shown_path(path, cfg.root)}")
    if not changed:
        print(f"{FOLDER}/ already holds badgegen {__version__}: nothing to change.")
    else:
        print(f"Commit {FOLDER}/ (and the CI files if they changed): CI then runs this badgegen.")
    return 0


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
    )
    words: speech.Speech = args.words
    print(words._("Wrote %(path)s", path=config.shown_path(path, cfg.root)))
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


def cmd_hide_emails(args: argparse.Namespace) -> int:
    from badgegen.emails import hide_clear_emails

    cfg = config.load(Path(args.root))
    changed = hide_clear_emails(cfg.content_dir)
    for path in changed:
        print(f"hashed the email in {path.relative_to(cfg.root)}")
    print(f"{len(changed)} earner file{'s' if len(changed) != 1 else ''} changed.")
    return 0


def cmd_keys(args: argparse.Namespace) -> int:
    from datetime import date

    from badgegen.openbadges.keys import ENV_VAR, add_keys

    cfg = config.load(Path(args.root))
    gallery, _loaded = build.load_gallery(cfg, build.utc_now())
    parties = gallery.acting_parties()
    if args.issuer:
        if args.issuer not in parties:
            raise UsageError(
                f"{args.issuer!r} neither issues a badge nor endorses anything; "
                f"those who do: {', '.join(parties) or 'nobody yet'}"
            )
        parties = [args.issuer]
    changes = add_keys(cfg, parties, rotate=args.action == "rotate", today=date.today())
    for change in changes:
        print(f"{change.slug}: new signing key {change.key_id}")
    if not changes:
        print("Every issuer already has a signing key (use `badgegen keys rotate` for new ones).")
        return 0
    print(
        f"Private keys: {cfg.keys.file} (never commit it). Public keys: "
        f"{cfg.build.content}/public-keys/ (commit them)."
    )
    print(
        f"For CI, store the whole content of {cfg.keys.file} in one repository secret and "
        f"expose it as the {ENV_VAR} environment variable."
    )
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from badgegen.openbadges.verify import load_credential, verify_credential
    from badgegen.openbadges.verify_ob2 import is_assertion, verify_assertion

    cfg = config.load(Path(args.root)).with_overrides(output=args.output)
    credential, label = load_credential(args.target, cfg)
    if is_assertion(credential):
        report = verify_assertion(credential, label, cfg, recipient=args.recipient)
    else:
        report = verify_credential(credential, label, cfg)
    print(report.format())
    return 0 if report.ok else 1


def cmd_import(args: argparse.Namespace) -> int:
    from badgegen.importer import format_report, import_csv

    config.find_root(Path(args.root))
    csv_path = Path(args.csv)
    if not csv_path.is_file():
        raise UsageError(f"no such file: {args.csv}")
    result = import_csv(Path(args.root), csv_path, dry_run=args.dry_run)
    text = format_report(result, args.dry_run, args.words)
    print(text, file=sys.stderr if result.errors else sys.stdout)
    return 1 if result.errors else 0


def cmd_forget(args: argparse.Namespace) -> int:
    from badgegen.forget import forget, format_forgotten

    cfg = config.load(Path(args.root))
    result = forget(cfg, args.earner)
    print(format_forgotten(result, cfg.root, args.words))
    return 0


def cmd_unbake(args: argparse.Namespace) -> int:
    from badgegen.openbadges.bake import BakeError, unbake

    path = Path(args.image)
    try:
        payloads = unbake(path.read_bytes())
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    except BakeError as exc:
        raise UsageError(f"{path}: {exc}") from None
    if not payloads:
        print(f"{path}: no Open Badges data in this image", file=sys.stderr)
        return 1
    for keyword, text in payloads.items():
        print(f"# {keyword}")
        try:
            print(json.dumps(json.loads(text), ensure_ascii=False, indent=2))
        except ValueError:
            print(text)
    return 0


def parser(words: speech.Speech = speech.ENGLISH) -> argparse.ArgumentParser:
    _ = words._
    common = speech.Parser(add_help=False, speech=words)
    common.add_argument(
        "--root",
        default=".",
        metavar="DIR",
        help=_("the badge repository (default: current folder)"),
    )
    common.add_argument("-v", "--verbose", action="count", default=0, help=_("show stage timings"))
    common.add_argument("-q", "--quiet", action="store_true", help=_("only show errors"))

    main = speech.Parser(
        speech=words,
        prog="badgegen",
        description=_(
            "Build a static Open Badges site from the badges, earners and awards in a git repository."
        ),
        epilog=_("Run `badgegen COMMAND --help` for the options of a command."),
    )
    main.add_argument(
        "--version",
        action="version",
        version=f"badgegen {__version__}",
        help=_("show the version of badgegen and exit"),
    )
    sub = main.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "build",
        parents=[common],
        help=_("validate the content and write the site"),
        description=_(
            "Validate content/ and write the site to output/ (replaced only if the build succeeds)."
        ),
    )
    p.add_argument(
        "--base-url", metavar="URL", help=_("override [site] base_url (e.g. for a preview)")
    )
    p.add_argument("--output", metavar="DIR", help=_("override [build] output"))
    p.add_argument("--strict", action="store_true", help=_("fail on warnings too"))
    p.add_argument(
        "--no-cache",
        action="store_true",
        help=_(
            "compute everything again, without reading or writing the cache folder "
            "([build] cache, .badgegen-cache/ by default)"
        ),
    )
    p.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help=_(
            "processes that share signing, rendering and drawing ([build] jobs; "
            "0: one per core, 1: no other process); the site is the same"
        ),
    )
    p.add_argument(
        "--publish",
        action="store_true",
        help=_(
            "build for publishing (what CI runs): refuse example addresses in badgegen.toml, "
            "text left from the templates, and published signing keys without their private keys"
        ),
    )
    p.add_argument(
        "--allow-removal",
        action="store_true",
        help=_("let published badges, awards, endorsements go (forgets them in published.yml)"),
    )
    p.set_defaults(handler=cmd_build)

    p = sub.add_parser(
        "serve",
        parents=[common],
        help=_("preview the site locally, rebuilt and reloaded as you edit"),
        description=_(
            "Build the site for http://127.0.0.1:PORT/ into a temporary folder, serve it, "
            "and rebuild when content/, themes/ or badgegen.toml change: open pages reload by "
            "themselves, and a content error is shown over the page while the last good site stays "
            "served. output/ is left as it is. Stop with Ctrl+C."
        ),
    )
    p.add_argument("--port", type=int, default=8000, help=_("port to serve on (default: 8000)"))
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help=_("address to listen on (default: 127.0.0.1, this machine only)"),
    )
    p.add_argument(
        "--poll",
        action="store_true",
        help=_(
            "look for changes every second instead of being told by the system "
            "(for Docker volumes, WSL and network drives)"
        ),
    )
    p.add_argument("--open", action="store_true", help=_("open the preview in the web browser"))
    p.add_argument(
        "--output",
        metavar="DIR",
        help=_(
            "build the preview into DIR instead of a temporary folder "
            "(its URLs are local: do not publish it)"
        ),
    )
    p.set_defaults(handler=cmd_serve)

    p = sub.add_parser(
        "check",
        parents=[common],
        help=_("validate the content without writing anything"),
        description=_("Report every problem in the content, with file, line and a hint."),
    )
    p.add_argument("--strict", action="store_true", help=_("fail on warnings too"))
    p.add_argument(
        "--format",
        choices=report.FORMATS,
        default="text",
        help=_("text (default), github (annotations on the pull request's lines), json"),
    )
    p.set_defaults(handler=cmd_check)

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
        "--lang", choices=("fr", "en"), default="fr", help=_("language of the example and the site")
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

    p = sub.add_parser(
        "new",
        parents=[common],
        help=_("write a new record file with every field commented"),
        description=_(
            "Write a new badge, issuer, earner, award or endorsement file. "
            "Awards and endorsements get a permanent id."
        ),
    )
    p.add_argument("kind", choices=RECORD_KINDS, help=_("what to create"))
    p.add_argument("slug", nargs="?", help=_("file name (slug) for badges, issuers and earners"))
    p.add_argument("--email", help=_("earner's email: stored only as a salted hash"))
    p.add_argument("--badge", help=_("award: the badge slug"))
    p.add_argument("--earner", help=_("award: the earner slug"))
    p.add_argument("--issuer", help=_("badge: the issuer slug"))
    p.add_argument(
        "--lang", choices=("fr", "en"), help=_("language of the comments (default: the site's)")
    )
    p.set_defaults(handler=cmd_new)

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

    p = sub.add_parser(
        "verify",
        parents=[common],
        # English only: `verify` is translated later, with its verdicts.
        help="check a badge: a 3.0 credential (signature, issuer, dates, revocation, schema) "
        "or a 2.0 assertion (badge class, issuer, dates, revocation, recipient)",
        description="Check a credential or assertion JSON file, a baked PNG/SVG image, an award "
        "page, or a URL under the site's base_url (read from the built output folder). An "
        "Open Badges 2.0 assertion is checked as 2.0. Exit status 1 when a check fails.",
    )
    p.add_argument(
        "target",
        metavar="PATH_OR_URL",
        help="credential or assertion .json, baked .png/.svg, award page (URL or folder), or URL",
    )
    p.add_argument(
        "--recipient",
        metavar="EMAIL",
        help="with a 2.0 assertion: check that it was awarded to this address",
    )
    p.add_argument("--output", metavar="DIR", help="the built site to resolve URLs and DIDs in")
    p.set_defaults(handler=cmd_verify)

    p = sub.add_parser(
        "import",
        parents=[common],
        help=_("create earners and awards from a spreadsheet (CSV)"),
        description=_(
            "Create earner and award files from a CSV export, one row per award "
            "(UTF-8, UTF-16 or Windows-1252; comma, semicolon or tab; dates as YYYY-MM-DD or "
            "DD/MM/YYYY). A row with no badge and no other award cell creates only the earner. "
            "Rows already imported are skipped; one bad row and nothing is written. Columns: "
            "badge, earner, name, email (stored only as a salted hash), issued_on, expires, "
            "narrative, evidence_url, id."
        ),
    )
    p.add_argument("csv", metavar="CSV", help=_("the .csv file, one row per award"))
    p.add_argument(
        "--dry-run", action="store_true", help=_("show what would be created; write nothing")
    )
    p.set_defaults(handler=cmd_import)

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

    p = sub.add_parser(
        "unbake",
        parents=[common],
        help=_("print the Open Badges data baked into an image"),
        description=_("Print what a baked PNG or SVG badge image holds (assertion or credential)."),
    )
    p.add_argument("image", metavar="IMAGE", help=_("a .png or .svg file"))
    p.set_defaults(handler=cmd_unbake)

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
    return main


def main(argv: Sequence[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else list(argv)
    words = speech.speech(speech.language_of(speech.root_in(argv)))
    args = parser(words).parse_args(argv)
    args.words = words
    log.setup(-1 if args.quiet else args.verbose, translate=words._)
    try:
        code = args.handler(args)
    except ContentError as exc:
        _print_problems(exc.problems, getattr(args, "format", "text"), words)
        errors = len(errors_in(exc.problems))
        print(
            words._(
                "error: %(problems)s; nothing was written.",
                problems=words.count(
                    "%(num)d problem in the content", "%(num)d problems in the content", errors
                ),
            ),
            file=sys.stderr,
        )
        code = exc.exit_code
    except UsageError as exc:
        print(f"badgegen: error: {log.redact(str(exc))}", file=sys.stderr)
        code = exc.exit_code
    except BadgegenError as exc:
        print(f"badgegen: error: {log.redact(str(exc))}", file=sys.stderr)
        code = exc.exit_code
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:  # `badgegen verify … | head`: the reader left, nothing to report
        sys.stderr.close()
        code = 0
    sys.exit(code)
