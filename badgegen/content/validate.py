"""Phase 1 of validation: each record file on its own (fields, types, formats).

Every problem in every file is collected. A field that fails is left out of the record's values,
so phase 2 (`crossref.py`) never trips over it again: one bad value, one message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from badgegen.content.discover import SourceFile
from badgegen.content.evidence import item_problems
from badgegen.content.markdown import markdown_problem
from badgegen.content.schema import BODY_MEANING, FIELDS, FORGOTTEN_EARNER, FieldSpec
from badgegen.content.values import PARSERS, as_list, as_slug, as_text
from badgegen.content.yamlio import RawRecord
from badgegen.errors import Problem
from badgegen.formats import Kind
from badgegen.suggest import closest, suggest


@dataclass(frozen=True, slots=True)
class Record:
    """A record file's fields that passed phase 1, as normalised Python values."""

    raw: RawRecord
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def source(self) -> SourceFile:
        return self.raw.source

    @property
    def kind(self) -> Kind:
        return self.raw.source.kind

    @property
    def slug(self) -> str:
        return self.raw.source.slug

    @property
    def body(self) -> str:
        return self.raw.body.strip()

    def line(self, key: str = "") -> int:
        return self.raw.line(key)

    def problem(self, key: str, message: str, hint: str = "", *, warning: bool = False) -> Problem:
        return self.raw.problem(key, message, hint, warning=warning)


def _unknown(name: str, known: list[str]) -> str:
    return suggest(name, known, f"known fields: {', '.join(known)}")


class _Checker:
    """Checks one raw record against its field specs, collecting problems."""

    def __init__(self, raw: RawRecord) -> None:
        self.raw = raw
        self.problems: list[Problem] = []

    def error(self, key: str, message: str, hint: str = "", *, warning: bool = False) -> None:
        self.problems.append(self.raw.problem(key, message, hint, warning=warning))

    def mapping(
        self, data: dict[str, Any], specs: tuple[FieldSpec, ...], prefix: str
    ) -> dict[str, Any]:
        known = {spec.name: spec for spec in specs}
        values: dict[str, Any] = {}
        misspelt: set[str] = set()
        """Known fields that an unknown key is close to: reported once, as the unknown key."""
        for key in data:
            if str(key) not in known:
                path = f"{prefix}{key}"
                self.error(path, f"unknown field {str(key)!r}", _unknown(str(key), list(known)))
                near = closest(str(key), known)
                if near is not None:
                    misspelt.add(near)
        for spec in specs:
            path = f"{prefix}{spec.name}"
            if data.get(spec.name) is None:
                if spec.required and spec.name in data:
                    hint = f"write a value, for example `{spec.example}`" if spec.example else ""
                    self.error(path, f"{spec.name} is empty", hint)
                elif spec.required and spec.name not in misspelt:
                    where = prefix.rstrip(".") or ""
                    hint = f"add it, for example `{spec.example}`" if spec.example else "add it"
                    self.error(where, f"missing required field {spec.name!r}", hint)
                continue
            value = self.value(spec, data[spec.name], path)
            if value is not None:
                values[spec.name] = value
        return values

    def value(self, spec: FieldSpec, value: Any, path: str) -> Any:
        if spec.type in ("text_list", "slug_list", "items"):
            return self.sequence(spec, value, path)
        if spec.type == "mapping":
            if isinstance(value, dict):
                return self.mapping(value, spec.fields, f"{path}.")
            example = "; ".join(f.example for f in spec.fields if f.example)
            self.error(
                path, f"{spec.name} must be a mapping of fields", f"indent under it: {example}"
            )
            return None
        if spec.type == "choice":
            return self.choice(spec, value, path)
        parsed, message = PARSERS[spec.type](value)
        if message:
            separator = ": " if message.startswith("'") else " "
            hint = f"for example `{spec.example}`" if spec.example else ""
            self.error(path, f"{spec.name}{separator}{message}", hint)
            return None
        return parsed

    def choice(self, spec: FieldSpec, value: Any, path: str) -> str | None:
        text, message = as_text(value)
        if message:
            self.error(path, f"{spec.name} {message}", "use one of: " + ", ".join(spec.choices))
            return None
        extension = spec.name == "achievement_type" and text.startswith("ext:") and len(text) > 4
        if text in spec.choices or extension:
            return str(text)
        hint = suggest(text, spec.choices, "use one of: " + ", ".join(spec.choices))
        self.error(path, f"{spec.name}: {text!r} is not allowed", hint)
        return None

    def sequence(self, spec: FieldSpec, value: Any, path: str) -> tuple[Any, ...] | None:
        items, message = as_list(value)
        if message:
            self.error(
                path,
                f"{spec.name} {message}",
                f"for example `{spec.example}`" if spec.example else "",
            )
            return None
        result: list[Any] = []
        for index, item in enumerate(items):
            item_path = f"{path}[{index}]"
            if spec.type == "items":
                if not isinstance(item, dict):
                    self.error(
                        item_path, f"each item of {spec.name} must be a mapping of fields (name: …)"
                    )
                    continue
                result.append(self.mapping(item, spec.fields, f"{item_path}."))
                continue
            parsed, message = (as_slug if spec.type == "slug_list" else as_text)(item)
            if message:
                self.error(item_path, f"{spec.name}[{index}] {message}")
            else:
                result.append(parsed)
        return tuple(result)


def _written_body(raw: RawRecord) -> bool:
    """Whether the record is a `.md` file whose body means something (`BODY_MEANING`)."""
    return raw.source.kind in BODY_MEANING and raw.source.path.suffix == ".md"


def _body_rules(checker: _Checker) -> None:
    """A body too costly to render, in any record that has one."""
    raw = checker.raw
    costly = markdown_problem(raw.body) if _written_body(raw) else None
    if costly:
        checker.problems.append(
            Problem(
                raw.source.rel,
                raw.body_line + costly[0] - 1,
                f"the {BODY_MEANING[raw.source.kind]} cannot be rendered: {costly[1]}",
                "write a simpler text: a few levels of lists at most, plain links",
            )
        )


def _badge_rules(checker: _Checker, values: dict[str, Any], today: datetime) -> None:
    if _written_body(checker.raw) and not checker.raw.body.strip():
        checker.error(
            "",
            "the criteria are missing",
            "write what one must do to earn the badge as Markdown text after the closing '---'",
        )


def _earner_rules(checker: _Checker, values: dict[str, Any], today: datetime) -> None:
    raw = checker.raw
    if _written_body(raw) and raw.body.strip() and "bio" in raw.data:
        checker.error(
            "bio",
            f"the {BODY_MEANING['earner']} is written twice (bio field and text after the front matter)",
            "keep one of them",
        )
    if "email" in values and "email_hash" in raw.data:
        checker.error(
            "email",
            "both email and email_hash are set",
            "remove the clear email: the hash is enough",
        )
    elif "email" in values:
        checker.error(
            "email",
            "clear email address in a content file: it will be published with the repository's history",
            "run `badgegen earner hide-emails` to replace it with email_hash and salt",
            warning=True,
        )
    if ("email_hash" in raw.data) != ("salt" in raw.data):
        present, missing = (
            ("email_hash", "salt") if "email_hash" in raw.data else ("salt", "email_hash")
        )
        checker.error(
            present,
            f"{present} is set without {missing}",
            "they go together; `badgegen new earner --email` writes both",
        )


def _award_rules(checker: _Checker, values: dict[str, Any], today: datetime) -> None:
    raw = checker.raw
    issued = values.get("issued_on")
    _not_in_the_future(
        checker,
        issued,
        today,
        "Open Badges verifiers refuse awards dated after today; add the award file on the day",
    )
    expires = values.get("expires")
    if issued and expires and expires < issued:
        checker.error("expires", "expires is before issued_on", "check the two dates")
    revoked = values.get("revoked")
    if issued and revoked and revoked.get("date") and revoked["date"] < issued:
        checker.error(
            "revoked.date", "the revocation date is before issued_on", "check the two dates"
        )
    written = raw.data.get("evidence")
    # parsed items are the written mappings, in order (other items are left out)
    parsed = iter(values.get("evidence", ()))
    for index, item in enumerate(written if isinstance(written, list) else ()):
        if isinstance(item, dict):
            item_values: dict[str, Any] = next(parsed, {})
            checker.problems += item_problems(
                raw, f"evidence[{index}].", item, item_values, issued, today
            )


def _evidence_rules(checker: _Checker, values: dict[str, Any], today: datetime) -> None:
    checker.problems += item_problems(checker.raw, "", checker.raw.data, values, None, today)


def _endorsement_rules(checker: _Checker, values: dict[str, Any], today: datetime) -> None:
    targets = [name for name in ("award", "badge", "issuer") if name in checker.raw.data]
    if len(targets) != 1:
        checker.error(
            targets[1] if len(targets) > 1 else "",
            "an endorsement needs exactly one target"
            + (f" (found {', '.join(targets)})" if targets else ""),
            "write one of `award: <award id>`, `badge: <badge slug>` or `issuer: <issuer slug>`",
        )
    _not_in_the_future(checker, values.get("issued_on"), today, "date it today or earlier")


Rule = Callable[[_Checker, dict[str, Any], datetime], None]

RULES: dict[Kind, Rule] = {
    "badge": _badge_rules,
    "earner": _earner_rules,
    "award": _award_rules,
    "evidence": _evidence_rules,
    "endorsement": _endorsement_rules,
}
"""The rules that involve several fields of one record, by kind (issuers have none)."""


def check_fields(raw: RawRecord, today: datetime) -> tuple[Record, list[Problem]]:
    """Phase 1 for one record: the values that parsed, and every problem found.

    A record with errors still goes on to phase 2 with the fields that did parse (a field that
    failed is simply absent), so one run reports as much as possible without cascades.
    """
    checker = _Checker(raw)
    kind = raw.source.kind
    forgotten = kind == "earner" and "forgotten" in raw.data
    values = checker.mapping(raw.data, FORGOTTEN_EARNER if forgotten else FIELDS[kind], "")
    _body_rules(checker)
    rule = RULES.get(kind)
    if rule is not None:
        rule(checker, values, today)
    return Record(raw, values), checker.problems


def _not_in_the_future(
    checker: _Checker, issued: datetime | None, today: datetime, hint: str
) -> None:
    if issued and issued > today:
        checker.error("issued_on", f"issued_on {issued.date()} is in the future", hint)
