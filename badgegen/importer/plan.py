"""Phase 2 of an import: the rows against the repository and each other.

What to create (new earners, awards with their ids), what to skip (awards already in the
repository or already on an earlier line), and the problems of each row.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from badgegen import config
from badgegen.content.validate import Record
from badgegen.errors import Problem
from badgegen.identity import hash_email, new_salt, normalise_email
from badgegen.importer.read import _Row
from badgegen.importer.text import (
    EVIDENCE_NAME,
    HEADER,
    IDENTITY_COMMENT,
    SHOWCASE_COMMENT,
    _yaml_fields,
)
from badgegen.suggest import suggest_or


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
        self.new_by_email: dict[str, _NewEarner] = {}
        """New earners by normalised address: one look-up per row, not a scan of all rows."""
        self._owners: dict[str, str | None] = {}
        self.ids: dict[str, int] = {}
        self.keys: dict[tuple[str, str, date], int] = {}
        self.paths: set[Path] = set()

    def error(self, row: _Row, column: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.source, row.line, message, hint, field=column))

    def add(self, row: _Row) -> None:
        if row.issued_on is None:
            self._earner_only(row)
            return
        if row.badge not in self.existing.badges:
            known = ", ".join(sorted(self.existing.badges)) or "none yet"
            hint = suggest_or(row.badge, sorted(self.existing.badges), f"known badges: {known}")
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
            self._award(row, row.issued_on, earner, award_id, label)

    def _earner_only(self, row: _Row) -> None:
        """A row with no award: the earner's file, unless they are already known."""
        slug = self._earner(row)
        if slug is None:
            return
        planned = self.new_earners.get(slug)
        label = f"earner {slug}"
        if planned is not None and planned.line == row.line:
            return  # a new earner file, planned by _earner
        if planned is not None:
            self._skip(row, label, f"same earner as line {planned.line}")
        else:
            self._skip(row, label, f"already there: {self.existing.earners[slug].source.rel}")

    def _skip(self, row: _Row, label: str, reason: str) -> None:
        self.skipped.append(Skipped(row.line, label, reason))

    def _earner(self, row: _Row) -> str | None:
        """The slug of the earner of this row, planning a new earner file when needed."""
        slug = self.existing.aliases.get(row.earner, row.earner)
        known = self.existing.earners.get(slug)
        if known is not None:
            return self._known_earner(row, slug, known)
        if row.email:
            other = self._owner_of(row.email)
            if other is not None:
                return other
        if slug in self.existing.issuers:
            self.error(
                row, "earner", f"{slug!r} is an issuer's slug",
                "issuers and earners share slugs: give the earner another one in the earner column",
            )  # fmt: skip
            return None
        planned = self.new_earners.get(slug)
        if planned is None and row.email:
            planned = self.new_by_email.get(normalise_email(row.email))
        if planned is not None:
            return self._planned_earner(row, slug, planned)
        if not row.name:
            self.error(
                row, "name", f"no name for the new earner {slug!r}",
                f"fill the name column, or use an existing earner: {self._close_earner(slug)}",
            )  # fmt: skip
            return None
        self.new_earners[slug] = _NewEarner(slug, row.name, row.email, row.line)
        if row.email:
            self.new_by_email.setdefault(normalise_email(row.email), self.new_earners[slug])
        path = self.cfg.content_dir / "earners" / f"{slug}.yml"
        created = Created("earner", self._rel(path), row.line, f"{slug} ({row.name})")
        self.files.append((created, ""))  # text made in finish(): a later row may add an email
        return slug

    def _owner_of(self, email: str) -> str | None:
        """The existing earner with this address, if any; each address is looked up once.

        Every earner has a salt of their own, so an address is compared by hashing it with each
        earner's salt: one pass over the existing earners per distinct new address.
        """
        key = normalise_email(email)
        if key not in self._owners:
            self._owners[key] = next(
                (slug for slug, r in self.existing.earners.items() if _same_email(r, email)), None
            )
        return self._owners[key]

    def _close_earner(self, slug: str) -> str:
        return suggest_or(slug, sorted(self.existing.earners), "see the files in earners/")

    def _award(self, row: _Row, issued_on: date, earner: str, award_id: str, label: str) -> None:
        stem = f"{issued_on.isoformat()}-{earner}-{row.badge}"
        folder = self.cfg.content_dir / "awards" / f"{issued_on.year:04d}"
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
                ("issued_on", issued_on),
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

    def _known_earner(self, row: _Row, slug: str, known: Record) -> str | None:
        """An earner who has a file already: the row may not give them another address."""
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

    def _planned_earner(self, row: _Row, slug: str, planned: _NewEarner) -> str | None:
        """An earner planned by an earlier row (same slug or same address): the rows agree."""
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
        if not planned.email and row.email:
            planned.email = row.email
            self.new_by_email.setdefault(normalise_email(row.email), planned)
        return planned.slug

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
