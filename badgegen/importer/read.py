"""Phase 1 of an import: decoding the CSV file and checking each row on its own.

The encoding (UTF-8, UTF-16 or Windows-1252), the separator (`,`, `;` or tab), the column names and their
aliases, and the dates (`2025-03-14` or `14/03/2025`).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from badgegen.content.discover import slugify
from badgegen.content.values import ID_PATTERN, SLUG_PATTERN, as_url
from badgegen.errors import Problem
from badgegen.identity import is_email
from badgegen.importer.encoding import decode
from badgegen.suggest import suggest

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
AWARD_COLUMNS = ("badge", "issued_on", "expires", "narrative", "evidence_url", "id")
"""A row with none of these filled names an earner only."""
ALIASES = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}
ENCODINGS = ("utf-8-sig", "utf-16", "cp1252")
"""What a file may be in; `badgegen.importer.encoding` decides which from the bytes."""
DELIMITERS = ",;\t"
"""Tabs too: Excel's "Unicode text" export is UTF-16 with tabs."""
FR_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
DATE_HINT = "write dates as 2025-03-14 or 14/03/2025 (day/month/year)"


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
    issued_on: date | None
    """None on a row that names an earner only (no badge, no award column filled)."""
    expires: date | None
    narrative: str
    evidence_url: str
    id: str


def _read_rows(csv_path: Path, source: str, today: date) -> tuple[list[_Row], list[Problem]]:
    try:
        data = csv_path.read_bytes()
    except OSError as exc:
        return [], [Problem(source, None, f"cannot read the file ({exc.strerror})")]
    text, problems = decode(data, source)
    if text is None:
        return [], problems
    try:
        records = list(_records(text, _delimiter(text)))
    except csv.Error as exc:
        return [], [
            Problem(
                source,
                None,
                f"this is not a CSV file the importer can read ({exc})",
                "save it again from the spreadsheet as CSV (UTF-8)",
            )
        ]
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
        cells += [""] * (len(columns) - len(cells))  # a short row: its last cells are empty
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


def _delimiter(text: str) -> str:
    """`,` or `;`: the one that splits the header into the most known column names.

    A header is the best witness: csv.Sniffer, which votes over whole rows, can be swayed by
    commas inside a French narrative. When the header does not decide, Sniffer does, and failing
    that the more frequent of the two in the first line.
    """
    first = next(iter(text.lstrip("\ufeff").splitlines()), "")
    scores = {
        d: sum(_header_key(c) in ALIASES for c in next(csv.reader([first], delimiter=d), []))
        for d in DELIMITERS
    }
    best = max(scores.values())
    if best and list(scores.values()).count(best) == 1:
        return max(scores, key=lambda d: scores[d])
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=DELIMITERS).delimiter
    except csv.Error:
        return max(DELIMITERS, key=first.count)


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
            hint = suggest(key, ALIASES, f"columns: {', '.join(COLUMNS)}")
            problems.append(Problem(source, line, f"unknown column {cell.strip()!r}", hint))
        elif name in columns:
            problems.append(Problem(source, line, f"two columns give the {name}", "keep one"))
        columns.append(name or "")
    if "badge" in columns and "issued_on" not in columns:  # without both: a list of earners
        names = " or ".join(repr(alias) for alias in COLUMNS["issued_on"])
        problems.append(Problem(source, line, f"no {names} column", "awards need their date"))
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
    earner_only = not any(values[column] for column in AWARD_COLUMNS)
    if not badge and not earner_only:
        error("badge", "no badge", "give the badge's slug: its file name in badges/, without .md")
    elif badge and not SLUG_PATTERN.match(badge):
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
    if values["issued_on"] == "" and not earner_only:
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
    if problems or (issued is None and not earner_only):
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
