"""Parse and normalise single field values; each parser returns (value, error message or None)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from badgegen.content.markdown import markdown_problem
from badgegen.identity import HASH_PATTERN, SALT_PATTERN, is_email

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{6,62})[a-z0-9]$")

UNITS = {
    "day": "days", "days": "days", "jour": "days", "jours": "days",
    "week": "weeks", "weeks": "weeks", "semaine": "weeks", "semaines": "weeks",
    "month": "months", "months": "months", "mois": "months",
    "year": "years", "years": "years", "an": "years", "ans": "years", "année": "years",
    "années": "years", "annee": "years", "annees": "years",
}  # fmt: skip

Result = tuple[Any, str | None]


@dataclass(frozen=True, slots=True)
class Duration:
    count: int
    unit: str  # days | weeks | months | years

    def after(self, start: datetime) -> datetime:
        """`start` plus this duration; months and years keep the day of month (clamped)."""
        if self.unit == "days":
            return start + timedelta(days=self.count)
        if self.unit == "weeks":
            return start + timedelta(weeks=self.count)
        months = self.count * (12 if self.unit == "years" else 1)
        year, month = divmod(start.month - 1 + months, 12)
        year += start.year
        day = min(start.day, calendar.monthrange(year, month + 1)[1])
        return start.replace(year=year, month=month + 1, day=day)

    def __str__(self) -> str:
        return f"{self.count} {self.unit}"


def as_text(value: Any) -> Result:
    if isinstance(value, bool) or value is None:
        return None, "must be a text; put it in quotes if it is meant literally (yes/no/true/null)"
    if isinstance(value, int | float):
        return str(value), None
    if not isinstance(value, str):
        return None, f"must be a text, not a {_kind(value)}"
    if not value.strip():
        return None, "is empty"
    return value.strip(), None


def as_markdown(value: Any) -> Result:
    text, error = as_text(value)
    if error is None and isinstance(value, str):
        costly = markdown_problem(value)
        if costly:
            return None, f"cannot be rendered: {costly[1]}"
    return (value.strip() if isinstance(value, str) else text), error


def as_slug(value: Any) -> Result:
    text, error = as_text(value)
    if error:
        return None, error
    if not SLUG_PATTERN.match(text):
        return (
            None,
            f"{text!r} is not a slug (lowercase letters, digits and hyphens, like camille-martin)",
        )
    return text, None


def as_id(value: Any) -> Result:
    text, error = as_text(value)
    if error:
        return None, error
    if not ID_PATTERN.match(text):
        return None, (
            f"{text!r} is not a valid id (8 to 64 lowercase letters, digits and hyphens); "
            "`badgegen new award` writes one for you"
        )
    return text, None


def as_datetime(value: Any) -> Result:
    """An aware UTC datetime from a YAML date, a date-time, or an ISO 8601 string."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        text = value.strip()
        try:
            parsed = (
                datetime.combine(date.fromisoformat(text), datetime.min.time())
                if len(text) == 10
                else datetime.fromisoformat(text.replace("Z", "+00:00"))
            )
        except ValueError:
            return None, f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-03-14"
    else:
        return None, f"must be a date written YYYY-MM-DD, not a {_kind(value)}"
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).replace(microsecond=0), None


def as_url(value: Any) -> Result:
    text, error = as_text(value)
    if error:
        return None, error
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in text:
        return (
            None,
            f"{text!r} is not an absolute web address; write it like https://example.org/page",
        )
    return text, None


def as_email(value: Any) -> Result:
    text, error = as_text(value)
    if error:
        return None, error
    if not is_email(text):
        return None, "is not a valid email address (like name@example.org)"
    return text, None


def as_path(value: Any) -> Result:
    text, error = as_text(value)
    if error:
        return None, error
    if text.startswith("/") or re.match(r"^[A-Za-z]:[\\/]", text) or "\\" in text:
        return None, f"{text!r} must be a relative path with / separators"
    if any(ord(char) < 32 or ord(char) == 127 for char in text):
        return None, f"{text!r} holds a control character; write the file's name as it is"
    return text, None


def as_duration(value: Any) -> Result:
    text, error = as_text(value)
    if error:
        return None, error
    match = re.fullmatch(r"(\d+)\s*([^\d\s]+)", text.lower())
    if not match or match.group(2) not in UNITS or int(match.group(1)) <= 0:
        return (
            None,
            f"{text!r} is not a duration; write a number and a unit, like '2 years' or '6 months'",
        )
    return Duration(int(match.group(1)), UNITS[match.group(2)]), None


def as_hash(value: Any) -> Result:
    text, error = as_text(value)
    if error:
        return None, error
    if not HASH_PATTERN.match(text):
        return None, "must look like sha256$ followed by 64 lowercase hex digits"
    return text, None


def as_salt(value: Any) -> Result:
    text, error = as_text(value)
    if error:
        return None, error
    if not SALT_PATTERN.match(text):
        return None, "must be 8 to 128 letters or digits (badgegen writes 32 hex digits)"
    return text, None


def as_list(value: Any) -> Result:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return [value], None  # `tags: numérique` is read as a one-item list
    if not isinstance(value, list):
        return None, f"must be a list, not a {_kind(value)}"
    return value, None


def _kind(value: Any) -> str:
    return {
        bool: "yes/no value",
        int: "number",
        float: "number",
        list: "list",
        dict: "mapping",
        type(None): "empty value",
    }.get(type(value), type(value).__name__)


def as_number_id(value: Any) -> Result:
    """A numeric identifier given by another service (LinkedIn's organisation id): digits only."""
    if isinstance(value, bool):
        return None, "must be a number"
    text = str(value).strip() if isinstance(value, int | str) else ""
    if not re.fullmatch(r"[0-9]{1,20}", text):
        return None, "must be a number made of digits only (e.g. 12345678)"
    return text, None


PARSERS = {
    "text": as_text,
    "number_id": as_number_id,
    "markdown": as_markdown,
    "slug": as_slug,
    "id": as_id,
    "date": as_datetime,
    "url": as_url,
    "email": as_email,
    "path": as_path,
    "duration": as_duration,
    "hash": as_hash,
    "salt": as_salt,
}
