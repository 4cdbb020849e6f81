"""`badgegen import FILE.csv`: bulk-create earners and awards from a spreadsheet export.

One CSV file, one row per award. The first line names the columns, in any order; names are
case-insensitive and the French ones are accepted:

=============  ===========================  ==================================================
column         also accepted                meaning
=============  ===========================  ==================================================
badge          —                            badge slug (must exist in badges/); a row with
                                            no badge and no other award cell names an earner
                                            only (a file with neither `badge` nor `date`
                                            column is a list of earners)
earner         titulaire                    earner slug; when empty, made from the name
                                            (`Éloïse Dupré` → `eloise-dupre`)
name           nom                          earner's name: required when the earner is new
email          courriel, e-mail, mail       earner's address (optional): stored ONLY as
                                            `email_hash` + `salt`, never written nor printed
issued_on      date                         `2025-03-14` or `14/03/2025` (day/month/year)
expires        expire, expiration           optional, same formats
narrative      récit, recit                 optional Markdown: what the person did
evidence_url   preuve, evidence             optional web address, becomes one evidence item
id             —                            optional permanent award id (a UUID4 when empty)
=============  ===========================  ==================================================

The file may be UTF-8 (with or without the BOM that Excel writes), UTF-16 (Excel's "Unicode
text", with or without BOM) or Windows-1252 (older Excel on Windows), separated by commas,
semicolons (French spreadsheets use `;` because `,` is their decimal mark) or tabs. The encoding
is decided from the bytes (`encoding`): a UTF-8 file holding a few bytes of another encoding is
refused, naming each line, rather than decoded wrongly as a whole. Completely empty rows, and unnamed empty columns past the last one, are ignored;
an unknown column name is an error, with a "did you mean".

Importing is idempotent, so a file can be re-imported after adding rows to it: an award already
in the repository, with the same `id` or the same badge, earner and issue date, is skipped and
reported as already there. An existing earner (same slug, or a new row whose email matches an
earner's salted hash) is reused and never rewritten.

It is all or nothing. Every row is checked first with the same rules as `badgegen check`, and one
bad row means nothing is written; the problems point at `file.csv:line`. After writing, the whole
repository is validated again, and if the new files caused any error they are removed.

The work is done in three steps, one module each, importing one way (read ← plan ← write):
`read` decodes the file and checks each row on its own (phase 1); `plan` checks the rows against
the repository and each other, and decides what to create and what to skip (phase 2), with the
file texts from `text`; `write` writes the files, validates the repository again and formats the
report. `import_csv` runs them in turn.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path

from badgegen import build, config
from badgegen.content.ledger_file import record_new
from badgegen.errors import errors_in, sorted_problems
from badgegen.importer.plan import Created, Skipped, _existing, _Plan
from badgegen.importer.read import (
    ALIASES,
    COLUMNS,
    DATE_HINT,
    DELIMITERS,
    ENCODINGS,
    FR_DATE,
    _read_rows,
)
from badgegen.importer.text import EVIDENCE_NAME, HEADER, IDENTITY_COMMENT, SHOWCASE_COMMENT
from badgegen.importer.write import ImportReport, _write_and_check, format_report

__all__ = [
    "ALIASES",
    "COLUMNS",
    "DATE_HINT",
    "DELIMITERS",
    "ENCODINGS",
    "EVIDENCE_NAME",
    "FR_DATE",
    "HEADER",
    "IDENTITY_COMMENT",
    "SHOWCASE_COMMENT",
    "Created",
    "ImportReport",
    "Skipped",
    "format_report",
    "import_csv",
]


def import_csv(
    root: Path, csv_path: Path, *, dry_run: bool, today: date | None = None
) -> ImportReport:
    """Import `csv_path` into the repository at `root`; see the module docstring for the format.

    `today` is the date that issue dates may not be after (the build's rule) and that the import
    comments carry; it defaults to the current UTC date. Raises ContentError only for an invalid
    `badgegen.toml`; everything wrong with the CSV file comes back as `problems`.
    """
    cfg = config.load(root)
    now = (
        build.utc_now() if today is None else datetime.combine(today, time(23, 59, 59), tzinfo=UTC)
    )
    source = csv_path.name
    rows, problems = _read_rows(csv_path, source, now.date())
    before = build.load(cfg, now)
    existing = _existing(before.records)
    plan = _Plan(cfg, existing, source, now.date())
    for row in rows:
        plan.add(row)
    plan.finish()
    problems = sorted_problems([*problems, *plan.problems])
    if errors_in(problems):
        return ImportReport(source, problems=tuple(problems))
    report = ImportReport(
        source,
        earners_created=tuple(c for c, _ in plan.files if c.kind == "earner"),
        awards_created=tuple(c for c, _ in plan.files if c.kind == "award"),
        skipped=tuple(plan.skipped),
        problems=tuple(problems),
    )
    if dry_run or not plan.files:
        return report
    failed = _write_and_check(cfg, plan.files, before.errors, source, now)
    if failed:
        return ImportReport(source, problems=tuple(sorted_problems([*problems, *failed])))
    record_new(cfg.root, cfg.content_dir, awards=plan.ids)  # their status indexes, from now on
    return replace(report, written=True)
