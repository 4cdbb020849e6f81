"""`badgegen import FILE.csv`: bulk-create earners and awards from a spreadsheet export.

One CSV file, one row per award. The first line names the columns, in any order; names are
case-insensitive and the French ones are accepted:

=============  ===========================  ==================================================
column         also accepted                meaning
=============  ===========================  ==================================================
badge          —                            badge slug (required; must exist in badges/)
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

The file may be UTF-8 (with or without the BOM that Excel writes) or Windows-1252 (older Excel on
Windows), separated by commas or semicolons (French spreadsheets use `;` because `,` is their
decimal mark). Completely empty rows, and unnamed empty columns past the last one, are ignored;
an unknown column name is an error, with a "did you mean".

Importing is idempotent, so a file can be re-imported after adding rows to it: an award already
in the repository, with the same `id` or the same badge, earner and issue date, is skipped and
reported as already there. An existing earner (same slug, or a new row whose email matches an
earner's salted hash) is reused and never rewritten.

It is all or nothing. Every row is checked first with the same rules as `badgegen check`, and one
bad row means nothing is written; the problems point at `file.csv:line`. After writing, the whole
repository is validated again, and if the new files caused any error they are removed.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
import unicodedata
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Literal, Protocol

import yaml

from badgegen import build, config
from badgegen.content.discover import slugify
from badgegen.content.validate import Record
from badgegen.content.values import ID_PATTERN, SLUG_PATTERN, as_url
from badgegen.errors import Problem, errors_in, sorted_problems
from badgegen.identity import hash_email, is_email, new_salt, normalise_email

COLUMNS: dict[str, tuple[str, ...]] = {
    "badge": ("badge",),
    "earner": ("earner", "titulaire"),
    "name": ("name", "nom"),
    "email": ("email", "courriel", "e-mail", "mail"),
    "issued_on": ("issued_on", "date"),
    "expires": ("expires", "expire", "expiration"),
    "narrative": ("narrative", "récit", "recit"),
    "evidence_url": ("evidence_url", "preuve", "evidence"),
    "id": ("id",),
}
"""Each field and the header names that mean it (compared after `_header_key`)."""
ALIASES = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}
ENCODINGS = ("utf-8-sig", "cp1252")
"""Tried in order; `utf-8-sig` also reads UTF-8 without a BOM, and cp1252 is what Excel on
Windows writes for "CSV (separated by ;)". A UTF-8 file never decodes wrongly as cp1252 first."""
DELIMITERS = ",;"
FR_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
DATE_HINT = "write dates as 2025-03-14 or 14/03/2025 (day/month/year)"
EVIDENCE_NAME = {"fr": "Preuve", "en": "Evidence"}
HEADER = {
    "earner": {
        "fr": "# Personne importée par `badgegen import` depuis {source} (ligne {line}) le {today}.\n"
        "# Le nom de ce fichier est son identifiant (slug) : ne le changez plus une fois le site publié.\n",
        "en": "# Earner imported by `badgegen import` from {source} (line {line}) on {today}.\n"
        "# This file's name is their identifier (slug): do not change it once the site is published.\n",
    },
    "award": {
        "fr": "# Attribution importée par `badgegen import` depuis {source} (ligne {line}) le {today}.\n"
        "# L'id est permanent : il fait partie de l'adresse publique du badge. Ne le modifiez jamais.\n",
        "en": "# Award imported by `badgegen import` from {source} (line {line}) on {today}.\n"
        "# The id is permanent: it is part of the award's public address. Never change it.\n",
    },
}
IDENTITY_COMMENT = {
    "fr": "# Identité (PRIVÉE) : seulement l'empreinte salée de l'adresse, jamais l'adresse.\n",
    "en": "# Identity (PRIVATE): only the salted hash of the address, never the address.\n",
}
SHOWCASE_COMMENT = {
    "fr": "# Vitrine : public (par défaut), unlisted (non listée) ou private (pas de vitrine).\n",
    "en": "# Showcase: public (the default), unlisted (not listed) or private (no showcase).\n",
}


@dataclass(frozen=True, slots=True)
class Created:
    """A record file the import writes (or would write, in a dry run)."""

    kind: Literal["earner", "award"]
    path: str
    """Relative to the repository root, POSIX style."""
    line: int
    """The CSV line that asked for it."""
    label: str
    """What it is, for people: never holds an email address."""


@dataclass(frozen=True, slots=True)
class Skipped:
    line: int
    label: str
    reason: str


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


@dataclass(slots=True)
class _Row:
    """One CSV row's values after phase 1 (each field checked on its own)."""

    line: int
    badge: str
    earner: str
    """Slug from the earner column, or made from the name."""
    explicit_slug: bool
    name: str
    email: str
    issued_on: date
    expires: date | None
    narrative: str
    evidence_url: str
    id: str


@dataclass(slots=True)
class _NewEarner:
    slug: str
    name: str
    email: str
    line: int


@dataclass(slots=True)
class _Existing:
    """What the repository already holds, as far as the import needs to know."""

    badges: set[str] = field(default_factory=set)
    issuers: set[str] = field(default_factory=set)
    earners: dict[str, Record] = field(default_factory=dict)
    awards_by_id: dict[str, Record] = field(default_factory=dict)
    awards_by_key: dict[tuple[str, str, date], Record] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    """An earner's old slug → their slug: a row may still use the old one."""
    other_ids: dict[str, str] = field(default_factory=dict)
    """Endorsement ids → file: ids are unique across awards and endorsements."""


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
    return replace(report, written=True)


# --- reading the CSV (phase 1: each row on its own) ---------------------------------------------


def _read_rows(csv_path: Path, source: str, today: date) -> tuple[list[_Row], list[Problem]]:
    try:
        data = csv_path.read_bytes()
    except OSError as exc:
        return [], [Problem(source, None, f"cannot read the file ({exc.strerror})")]
    text = _decode(data)
    if text is None:
        return [], [
            Problem(
                source,
                None,
                "the file is neither UTF-8 nor Windows-1252 text",
                "export it again from the spreadsheet as CSV (UTF-8)",
            )
        ]
    records = list(_records(text, _delimiter(text)))
    if not records:
        return [], [Problem(source, None, "the file is empty", "the first line names the columns")]
    header_line, header = records[0]
    columns, problems = _columns(header, source, header_line)
    if problems:
        return [], problems
    rows: list[_Row] = []
    for line, cells in records[1:]:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(columns):
            problems.append(
                Problem(
                    source,
                    line,
                    f"{len(cells)} cells for {len(columns)} columns",
                    "put a cell that holds the separator in double quotes",
                )
            )
            continue
        values = {name: _lines(cells[i]).strip() for i, name in enumerate(columns) if name}
        if any(cell.strip() for cell, name in zip(cells, columns, strict=False) if not name):
            problems.append(Problem(source, line, "a cell under a column with no name"))
            continue
        for name in COLUMNS:
            values.setdefault(name, "")
        row, found = _check_row(values, source, line, today)
        problems += found
        if row is not None:
            rows.append(row)
    return rows, problems


def _lines(cell: str) -> str:
    """A cell's line ends as `\n`: Excel writes `\r\n` inside quoted cells, old Macs `\r`."""
    return cell.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes) -> str | None:
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _delimiter(text: str) -> str:
    """`,` or `;`: the one that splits the header into the most known column names.

    A header is the best witness: csv.Sniffer, which votes over whole rows, can be swayed by
    commas inside a French narrative. When the header does not decide, Sniffer does, and failing
    that the more frequent of the two in the first line.
    """
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    scores = {
        d: sum(_header_key(c) in ALIASES for c in next(csv.reader([first], delimiter=d), []))
        for d in DELIMITERS
    }
    if scores[","] != scores[";"]:
        return max(scores, key=lambda d: scores[d])
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ";" if first.count(";") > first.count(",") else ","


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Each CSV record with the line it starts on (a quoted cell may span several lines)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
    start = 1
    for cells in reader:
        yield start, cells
        start = reader.line_num + 1


def _header_key(name: str) -> str:
    return re.sub(r"\s+", "_", unicodedata.normalize("NFC", name).strip().casefold())


def _columns(header: list[str], source: str, line: int) -> tuple[list[str], list[Problem]]:
    """The field name of each column, or the problems with the header line."""
    columns: list[str] = []
    problems: list[Problem] = []
    for cell in header:
        key = _header_key(cell)
        name = ALIASES.get(key)
        if not key:  # spreadsheets add empty columns past the last one that holds anything
            pass
        elif name is None:
            close = difflib.get_close_matches(key, list(ALIASES), n=1, cutoff=0.6)
            known = ", ".join(COLUMNS)
            hint = f"did you mean {close[0]!r}? " if close else ""
            problems.append(
                Problem(source, line, f"unknown column {cell.strip()!r}", f"{hint}columns: {known}")
            )
        elif name in columns:
            problems.append(Problem(source, line, f"two columns give the {name}", "keep one"))
        columns.append(name or "")
    for required in ("badge", "issued_on"):
        if required not in columns:
            names = " or ".join(repr(alias) for alias in COLUMNS[required])
            problems.append(Problem(source, line, f"no {names} column", "it is required"))
    if "earner" not in columns and "name" not in columns:
        problems.append(
            Problem(source, line, "no 'earner' or 'name' column", "one of them names the earner")
        )
    return columns, problems


def _check_row(
    values: dict[str, str], source: str, line: int, today: date
) -> tuple[_Row | None, list[Problem]]:
    problems: list[Problem] = []

    def error(column: str, message: str, hint: str = "") -> None:
        problems.append(Problem(source, line, message, hint, field=column))

    badge = values["badge"]
    if not badge:
        error("badge", "no badge", "give the badge's slug: its file name in badges/, without .md")
    elif not SLUG_PATTERN.match(badge):
        error("badge", f"badge {badge!r} is not a slug", "use the badge's file name, without .md")
    slug, explicit, name = values["earner"], bool(values["earner"]), values["name"]
    if explicit and not SLUG_PATTERN.match(slug):
        error(
            "earner",
            f"earner {slug!r} is not a slug",
            f"use lowercase letters, digits and hyphens, like {slugify(slug)}",
        )
    elif not explicit and not name:
        error("name", "no earner", "give the earner's slug or name")
    elif not explicit and not re.search(r"[a-z0-9]", _ascii(name).lower()):
        error("name", f"cannot make a slug from the name {name!r}", "fill the earner column")
    else:
        slug = slug or slugify(name)
    email = values["email"]
    if email and not is_email(email):  # the address is not repeated: logs travel
        error("email", "the email is not a valid address (like name@example.org)")
    issued = _date(values["issued_on"], "issued_on", error)
    if values["issued_on"] == "":
        error("issued_on", "no issue date", DATE_HINT)
    elif issued is not None and issued > today:
        error(
            "issued_on",
            f"issued_on {issued.isoformat()} is in the future",
            "Open Badges verifiers refuse awards dated after today; import it on the day",
        )
    expires = _date(values["expires"], "expires", error) if values["expires"] else None
    if issued and expires and expires < issued:
        error("expires", "expires is before issued_on", "check the two dates")
    url = values["evidence_url"]
    if url and as_url(url)[1]:
        error("evidence_url", f"{url!r} is not an absolute web address", "like https://example.org")
    award_id = values["id"]
    if award_id and not ID_PATTERN.match(award_id):
        error(
            "id",
            f"{award_id!r} is not a valid id (8 to 64 lowercase letters, digits and hyphens)",
            "leave it empty and the import makes one",
        )
    if problems or issued is None:
        return None, problems
    row = _Row(
        line, badge, slug, explicit, name, email, issued, expires,
        values["narrative"], url, award_id,
    )  # fmt: skip
    return row, []


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _date(text: str, column: str, error: _ErrorSink) -> date | None:
    if not text:
        return None
    match = FR_DATE.match(text)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
    except ValueError as exc:  # 31/02/2025: "day is out of range for month"
        error(column, f"{text!r} is not a date ({exc})", DATE_HINT)
        return None
    error(column, f"{text!r} is not a date", DATE_HINT)
    return None


class _ErrorSink(Protocol):
    """The `error(column, message, hint)` callback of `_check_row`."""

    def __call__(self, column: str, message: str, hint: str = "") -> None: ...


# --- planning (phase 2: rows against the repository and each other) ----------------------------


def _existing(records: Sequence[Record]) -> _Existing:
    found = _Existing()
    for record in records:
        if record.kind == "badge":
            found.badges.add(record.slug)
        elif record.kind == "issuer":
            found.issuers.add(record.slug)
        elif record.kind == "earner":
            found.earners[record.slug] = record
            for alias in record.values.get("aliases", ()):
                found.aliases.setdefault(str(alias), record.slug)
        elif record.kind == "endorsement" and "id" in record.values:
            found.other_ids[record.values["id"]] = record.source.rel
        elif record.kind == "award":
            values = record.values
            if "id" in values:
                found.awards_by_id[values["id"]] = record
            if {"badge", "earner", "issued_on"} <= values.keys():
                key = (values["badge"], values["earner"], values["issued_on"].date())
                found.awards_by_key.setdefault(key, record)
    return found


def _same_email(record: Record, email: str) -> bool | None:
    """Whether an existing earner has this address; None when the earner has no identity."""
    values = record.values
    if "email_hash" in values and "salt" in values:
        return bool(hash_email(email, values["salt"]) == values["email_hash"])
    if "email" in values:
        return normalise_email(str(values["email"])) == normalise_email(email)
    return None


class _Plan:
    """The files to write, built row by row; collects skips and problems."""

    def __init__(self, cfg: config.Config, existing: _Existing, source: str, today: date) -> None:
        self.cfg = cfg
        self.existing = existing
        self.source = source
        self.today = today
        self.lang = cfg.site.language if cfg.site.language in EVIDENCE_NAME else "en"
        self.problems: list[Problem] = []
        self.skipped: list[Skipped] = []
        self.files: list[tuple[Created, str]] = []
        self.new_earners: dict[str, _NewEarner] = {}
        self.ids: dict[str, int] = {}
        self.keys: dict[tuple[str, str, date], int] = {}
        self.paths: set[Path] = set()

    def error(self, row: _Row, column: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.source, row.line, message, hint, field=column))

    def add(self, row: _Row) -> None:
        if row.badge not in self.existing.badges:
            close = difflib.get_close_matches(row.badge, sorted(self.existing.badges), n=1)
            known = ", ".join(sorted(self.existing.badges)) or "none yet"
            hint = f"did you mean {close[0]!r}?" if close else f"known badges: {known}"
            self.error(row, "badge", f"unknown badge {row.badge!r}", hint)
            return
        earner = self._earner(row)
        if earner is None:
            return
        label = f"{row.badge} for {earner} on {row.issued_on.isoformat()}"
        key = (row.badge, earner, row.issued_on)
        if row.id in self.existing.other_ids:
            self.error(
                row, "id", f"id {row.id!r} is already used by {self.existing.other_ids[row.id]}",
                "ids are unique: leave the id cell empty for a new award",
            )  # fmt: skip
            return
        if row.id and row.id in self.existing.awards_by_id:
            record = self.existing.awards_by_id[row.id]
            values = record.values
            if (values.get("badge"), values.get("earner")) != (row.badge, earner) or (
                "issued_on" in values and values["issued_on"].date() != row.issued_on
            ):
                self.error(
                    row, "id", f"id {row.id!r} is already used by {record.source.rel}",
                    "an id names one award for ever: leave the id cell empty for a new award",
                )  # fmt: skip
                return
            self._skip(row, label, f"already there: {record.source.rel}")
        elif key in self.existing.awards_by_key:
            self._skip(row, label, f"already there: {self.existing.awards_by_key[key].source.rel}")
        elif row.id and row.id in self.ids:
            if self.keys.get(key) != self.ids[row.id]:
                self.error(row, "id", f"id {row.id!r} is also on line {self.ids[row.id]}")
                return
            self._skip(row, label, f"same award as line {self.ids[row.id]}")
        elif key in self.keys:
            self._skip(row, label, f"same award as line {self.keys[key]}")
        else:
            award_id = row.id or str(uuid.uuid4())
            self.ids[award_id] = row.line
            self.keys[key] = row.line
            self._award(row, earner, award_id, label)

    def _skip(self, row: _Row, label: str, reason: str) -> None:
        self.skipped.append(Skipped(row.line, label, reason))

    def _earner(self, row: _Row) -> str | None:
        """The slug of the earner of this row, planning a new earner file when needed."""
        slug = self.existing.aliases.get(row.earner, row.earner)
        known = self.existing.earners.get(slug)
        if known is not None:
            if row.email and _same_email(known, row.email) is False:
                self.error(
                    row, "email",
                    f"earner {slug!r} ({known.source.rel}) has another email address",
                    "if this is another person, give them another slug in the earner column",
                )  # fmt: skip
                return None
            if row.email and _same_email(known, row.email) is None:
                self.problems.append(
                    Problem(
                        self.source, row.line,
                        f"the email was not stored: {known.source.rel} exists and import never "
                        "rewrites an earner",
                        f"add `email: …` to {known.source.rel}, then run "
                        "`badgegen earner hide-emails`",
                        field="email", severity="warning",
                    )
                )  # fmt: skip
            return slug
        if row.email:
            for other, record in self.existing.earners.items():
                if _same_email(record, row.email):
                    return other
        if slug in self.existing.issuers:
            self.error(
                row, "earner", f"{slug!r} is an issuer's slug",
                "issuers and earners share slugs: give the earner another one in the earner column",
            )  # fmt: skip
            return None
        planned = self.new_earners.get(slug)
        if planned is None and row.email:
            email = normalise_email(row.email)
            planned = next(
                (e for e in self.new_earners.values() if normalise_email(e.email) == email), None
            )
        if planned is not None:
            if row.name and row.name != planned.name and planned.slug == slug:
                self.error(
                    row, "name", f"line {planned.line} names {slug!r} {planned.name!r}",
                    "one slug is one person: give this one another slug in the earner column",
                )  # fmt: skip
                return None
            if row.email and planned.email and _differ(row.email, planned.email):
                self.error(
                    row, "email", f"line {planned.line} gives {slug!r} another email address",
                    "one slug is one person: give this one another slug in the earner column",
                )  # fmt: skip
                return None
            planned.email = planned.email or row.email
            return planned.slug
        if not row.name:
            self.error(
                row, "name", f"no name for the new earner {slug!r}",
                f"fill the name column, or use an existing earner: {self._close_earner(slug)}",
            )  # fmt: skip
            return None
        self.new_earners[slug] = _NewEarner(slug, row.name, row.email, row.line)
        path = self.cfg.content_dir / "earners" / f"{slug}.yml"
        created = Created("earner", self._rel(path), row.line, f"{slug} ({row.name})")
        self.files.append((created, ""))  # text made in finish(): a later row may add an email
        return slug

    def _close_earner(self, slug: str) -> str:
        close = difflib.get_close_matches(slug, sorted(self.existing.earners), n=1)
        return f"did you mean {close[0]!r}?" if close else "see the files in earners/"

    def _award(self, row: _Row, earner: str, award_id: str, label: str) -> None:
        stem = f"{row.issued_on.isoformat()}-{earner}-{row.badge}"
        folder = self.cfg.content_dir / "awards" / f"{row.issued_on.year:04d}"
        path = folder / f"{stem}.yml"
        number = 1
        while path in self.paths or path.exists():
            number += 1
            path = folder / f"{stem}-{number}.yml"
        self.paths.add(path)
        text = self._header("award", row.line) + _yaml_fields(
            [
                ("id", award_id),
                ("badge", row.badge),
                ("earner", earner),
                ("issued_on", row.issued_on),
                ("expires", row.expires),
                ("narrative", row.narrative),
            ]
        )
        if row.evidence_url:
            text += (
                "evidence:\n"
                f"  - url: {json.dumps(row.evidence_url, ensure_ascii=False)}\n"
                f"    name: {json.dumps(EVIDENCE_NAME[self.lang], ensure_ascii=False)}\n"
            )
        self.files.append((Created("award", self._rel(path), row.line, label), text))

    def finish(self) -> None:
        """Write the earners' texts, now that every row has been seen."""
        for index, (created, text) in enumerate(self.files):
            if created.kind == "earner" and not text:
                slug = Path(created.path).stem
                self.files[index] = (created, self._earner_text(self.new_earners[slug]))

    def _earner_text(self, earner: _NewEarner) -> str:
        text = self._header("earner", earner.line) + _yaml_fields([("name", earner.name)])
        if earner.email:
            salt = new_salt()
            text += IDENTITY_COMMENT[self.lang] + _yaml_fields(
                [("email_hash", hash_email(earner.email, salt)), ("salt", salt)]
            )
        return text + SHOWCASE_COMMENT[self.lang] + "showcase: public\n"

    def _header(self, kind: str, line: int) -> str:
        text = HEADER[kind][self.lang].format(
            source=self.source, line=line, today=self.today.isoformat()
        )
        return text + "\n"

    def _rel(self, path: Path) -> str:
        return path.relative_to(self.cfg.root).as_posix()


def _differ(one: str, other: str) -> bool:
    return normalise_email(one) != normalise_email(other)


# --- writing ------------------------------------------------------------------------------------


def _yaml_fields(fields: Sequence[tuple[str, str | date | None]]) -> str:
    """`key: value` lines; empty values are left out, texts are quoted or literal blocks.

    Every text is quoted (a slug like `no` or an id made of digits would otherwise be read as a
    boolean or a number). A multi-line text is written as a `|-` block, as people write it,
    but only when reading the block back gives the very same text; otherwise as a JSON string,
    which is valid YAML.
    """
    lines = []
    for key, value in fields:
        if value is None or value == "":
            continue
        if isinstance(value, date):
            lines.append(f"{key}: {value.isoformat()}\n")
        elif "\n" in value:
            lines.append(f"{key}: {_block(value)}\n")
        else:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}\n")
    return "".join(lines)


def _block(text: str) -> str:
    block = "|-\n" + "\n".join(f"  {line}" if line else "" for line in text.split("\n"))
    try:
        if yaml.safe_load(f"key: {block}\n") == {"key": text}:
            return block
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)


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


def format_report(report: ImportReport, dry_run: bool) -> str:
    """The summary the CLI prints. It never holds an email address: no label or message does."""
    out: list[str] = []
    if report.errors:
        out += [problem.format() for problem in report.problems]
        count = len(report.errors)
        out.append(
            f"{count} problem{'s' if count != 1 else ''} in {report.source}: nothing was imported."
        )
        return "\n".join(out)
    out += [problem.format() for problem in report.problems]  # warnings
    verb = "Would create" if dry_run else "Created"
    for what, created in (("earner", report.earners_created), ("award", report.awards_created)):
        if created:
            out.append(f"{verb} {_count(len(created), what)}:")
            out += [f"  {c.path}  ({report.source}:{c.line}, {c.label})" for c in created]
    if report.skipped:
        out.append(f"Skipped {_count(len(report.skipped), 'award')} (already there):")
        out += [f"  {report.source}:{s.line}: {s.label}: {s.reason}" for s in report.skipped]
    if not report.earners_created and not report.awards_created:
        out.append(f"Nothing to import from {report.source}.")
    elif dry_run:
        out.append("Dry run: nothing was written.")
    return "\n".join(out)


def _count(number: int, what: str) -> str:
    return f"{number} {what}{'s' if number != 1 else ''}"
