"""The `badgegen` command: its common options, the list of sub-commands, and `main()`, which
prints problems and maps exceptions to exit codes.

Exit status: 0 success, 1 invalid content, 2 usage error. Only `main()` exits.

Each sub-command's parser and handler live together in `badgegen.commands`. The build and
everything under it (Jinja2, Pillow, pyld, jsonschema…) is imported by the handlers that need it,
not here: `badgegen --version` and `--help` answer at once.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from badgegen import __version__, log, speech, wording
from badgegen.commands import build, ci, earner, forget, importing, keys, new, verify
from badgegen.commands.common import Subcommands, print_problems
from badgegen.errors import BadgegenError, ContentError, errors_in

# The sub-commands, in the order `badgegen --help` lists them. The options of `build` and `serve`
# are in badgegen/commands/build.py.
COMMANDS: tuple[Callable[[Subcommands, argparse.ArgumentParser, speech.Speech], None], ...] = (
    build.add_build,
    build.add_serve,
    build.add_check,
    new.add_init,
    ci.add_ci,
    new.add_new,
    keys.add_keys,
    verify.add_verify,
    importing.add_import,
    forget.add_forget,
    verify.add_unbake,
    earner.add_earner,
)


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
        reword=lambda text: wording.translate(text, words.catalog),
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
    for add in COMMANDS:
        add(sub, common, words)
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
        print_problems(exc.problems, getattr(args, "format", "text"), words)
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
    except BadgegenError as exc:  # a usage error, or another refusal: worded by wording's lookup
        message = log.redact(wording.translate(str(exc), words.catalog))
        print(words._("badgegen: error: %(message)s", message=message), file=sys.stderr)
        code = exc.exit_code
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:  # `badgegen verify … | head`: the reader left, nothing to report
        sys.stderr.close()
        code = 0
    sys.exit(code)
