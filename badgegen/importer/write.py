"""The end of an import: writing the files, validating the repository again, and the report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from badgegen import build, config
from badgegen import report as reporting
from badgegen.errors import Problem, errors_in
from badgegen.importer.plan import Created, Skipped
from badgegen.speech import ENGLISH, Speech
from badgegen.wording import translate


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did, or would do. When `errors` is not empty, nothing was written."""

    source: str
    """The CSV file's name, as used in problems."""
    earners_created: tuple[Created, ...] = ()
    awards_created: tuple[Created, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    problems: tuple[Problem, ...] = ()
    written: bool = False

    @property
    def errors(self) -> list[Problem]:
        return errors_in(self.problems)


# --- writing ------------------------------------------------------------------------------------


def _write_and_check(
    cfg: config.Config,
    files: Sequence[tuple[Created, str]],
    before: Sequence[Problem],
    source: str,
    now: datetime,
) -> list[Problem]:
    """Write the files, then validate the repository; on any new error, remove them again.

    Errors that were there before the import (say, an endorsement of an award that is being
    imported back) are not the import's doing and do not stop it.
    """
    written: list[Path] = []
    made: list[Path] = []
    try:
        for created, text in files:
            path = cfg.root / created.path
            for parent in reversed(path.relative_to(cfg.root).parents):
                folder = cfg.root / parent
                if not folder.exists():
                    folder.mkdir()
                    made.append(folder)
            with path.open("x", encoding="utf-8", newline="\n") as stream:
                written.append(path)
                stream.write(text)
    except OSError as exc:
        _remove(written, made)
        return [Problem(source, None, f"could not write {exc.filename}: {exc.strerror}")]
    seen = {(p.path, p.line, p.message) for p in before}
    after = build.load(cfg, now)
    new = [p for p in after.errors if (p.path, p.line, p.message) not in seen]
    if not new:
        return []
    _remove(written, made)
    lines = {created.path: created.line for created, _ in files}
    elsewhere = [
        Problem(
            source, None, "the new files would make other files invalid: nothing was imported",
            "see the problems below; `badgegen check` shows the same ones",
        )
    ] if any(p.path not in lines for p in new) else []  # fmt: skip
    return elsewhere + [
        Problem(source, lines[p.path], f"{p.message} (in the new {p.path})", p.hint, p.field)
        if p.path in lines
        else p
        for p in new
    ]


def _remove(written: Sequence[Path], made: Sequence[Path]) -> None:
    for path in written:
        path.unlink(missing_ok=True)
    for folder in reversed(made):
        if not any(folder.iterdir()):
            folder.rmdir()


# --- reporting ----------------------------------------------------------------------------------


def _heading(words: Speech, kind: str, number: int, dry_run: bool) -> str:
    if kind == "earner" and dry_run:
        return words.count("Would create %(num)d earner:", "Would create %(num)d earners:", number)
    if kind == "earner":
        return words.count("Created %(num)d earner:", "Created %(num)d earners:", number)
    if dry_run:
        return words.count("Would create %(num)d award:", "Would create %(num)d awards:", number)
    return words.count("Created %(num)d award:", "Created %(num)d awards:", number)


def format_report(report: ImportReport, dry_run: bool, words: Speech = ENGLISH) -> str:
    """The summary the CLI prints. It never holds an email address: no label or message does."""
    out: list[str] = []
    source = report.source
    if report.errors:
        out += [reporting.formatted(problem, words) for problem in report.problems]
        errors = len(report.errors)
        out.append(
            words.count(
                "%(num)d problem in %(file)s: nothing was imported.",
                "%(num)d problems in %(file)s: nothing was imported.",
                errors,
                file=source,
            )
        )
        return "\n".join(out)
    out += [reporting.formatted(problem, words) for problem in report.problems]  # warnings
    for kind, created in (("earner", report.earners_created), ("award", report.awards_created)):
        if created:
            out.append(_heading(words, kind, len(created), dry_run))
            out += [
                f"  {c.path}  ({source}:{c.line}, {translate(c.label, words.catalog)})"
                for c in created
            ]
    if report.skipped:
        out.append(
            words.count(
                "Skipped %(num)d row (already there):",
                "Skipped %(num)d rows (already there):",
                len(report.skipped),
            )
        )
        out += [
            f"  {source}:{s.line}: "
            + words._(
                "%(label)s: %(reason)s",
                label=translate(s.label, words.catalog),
                reason=translate(s.reason, words.catalog),
            )
            for s in report.skipped
        ]
    if not report.earners_created and not report.awards_created:
        out.append(words._("Nothing to import from %(file)s.", file=source))
    elif dry_run:
        out.append(words._("Dry run: nothing was written."))
    return "\n".join(out)
