"""`import`: earners and awards from a spreadsheet."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from badgegen import config, speech
from badgegen.commands.common import Subcommands
from badgegen.errors import UsageError


def cmd_import(args: argparse.Namespace) -> int:
    from badgegen.importer import format_report, import_csv

    config.find_root(Path(args.root))
    csv_path = Path(args.csv)
    if not csv_path.is_file():
        raise UsageError(f"no such file: {args.csv}")  # worded by main(), as every UsageError
    result = import_csv(Path(args.root), csv_path, dry_run=args.dry_run)
    text = format_report(result, args.dry_run, args.words)
    print(text, file=sys.stderr if result.errors else sys.stdout)
    return 1 if result.errors else 0


def add_import(sub: Subcommands, common: argparse.ArgumentParser, words: speech.Speech) -> None:
    _ = words._
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
