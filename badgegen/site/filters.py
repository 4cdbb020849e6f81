"""Pure Jinja filters, all registered in one place (`FILTERS`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
}  # fmt: skip


def format_date(value: datetime | None, language: str = "en") -> str:
    """`14 mars 2025` / `14 March 2025`."""
    if value is None:
        return ""
    month = MONTHS.get(language, MONTHS["en"])[value.month - 1]
    day = "1er" if language == "fr" and value.day == 1 else str(value.day)
    return f"{day} {month} {value.year}"


def iso_date(value: datetime | None) -> str:
    return value.date().isoformat() if value else ""


FILTERS: dict[str, Callable[..., Any]] = {
    "format_date": format_date,
    "iso_date": iso_date,
}
