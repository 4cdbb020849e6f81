"""`build`, `check` and `serve`: the site, written, checked or previewed."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from badgegen import config, log, report, speech, wording
from badgegen.commands.common import Subcommands, load_config, print_problems, use_cache
from badgegen.errors import BadgegenError, Severity


def cmd_build(args: argparse.Namespace) -> int:
    from badgegen import result as outcome

    cfg = load_config(args)
    cached = use_cache(cfg, args)
    frozen = outcome.in_ci()
    guards: Severity = "error" if args.publish else "warning"
    options = outcome.build_options(
        strict=args.strict, frozen=frozen, allow_removal=args.allow_removal, guards=guards
    )
    # an unchanged tree is answered before the stages are even imported
    now = outcome.utc_now()
    previous = outcome.previous_build(cfg, options, now)
    result = previous.result
    if result is None:
        from badgegen import build

        try:
            result = build.build(
                cfg,
                now=now,
                strict=args.strict,
                allow_removal=args.allow_removal,
                frozen=frozen,
                guards=guards,
                previous=previous,
            )
        finally:
            log.end_progress()
    if cached and not result.unchanged:
        # the folder keeps what this site needs, nothing older (an unchanged build read only
        # its record: what it would have used is what the last build kept)
        from badgegen.rebuild import prune_cache

        prune_cache()
    words: speech.Speech = args.words
    print_problems(result.warnings, words=words)
    s = result.stats
    where = config.shown_path(result.output_dir, cfg.root)
    if result.skipped:
        note = wording.translate(result.skipped, words.catalog)
        print(words._("note: %(text)s", text=note), file=sys.stderr)
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


def add_build(sub: Subcommands, common: argparse.ArgumentParser, words: speech.Speech) -> None:
    _ = words._
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


def cmd_serve(args: argparse.Namespace) -> int:
    from badgegen.serve.server import serve

    # a broken badgegen.toml is reported by the preview itself, which keeps watching
    with contextlib.suppress(BadgegenError):
        use_cache(config.load(Path(args.root)), args)
    return serve(
        Path(args.root),
        host=args.host,
        port=args.port,
        poll=args.poll,
        open_browser=args.open,
        output=Path(args.output) if args.output else None,
        verbose=args.verbose > 0,
    )


def add_serve(sub: Subcommands, common: argparse.ArgumentParser, words: speech.Speech) -> None:
    _ = words._
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


def cmd_check(args: argparse.Namespace) -> int:
    from badgegen import build

    cfg = load_config(args)
    loaded = build.check(cfg, build.utc_now(), frozen=build.in_ci())
    words: speech.Speech = args.words
    print_problems(loaded.problems, args.format, words)
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


def add_check(sub: Subcommands, common: argparse.ArgumentParser, words: speech.Speech) -> None:
    _ = words._
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
